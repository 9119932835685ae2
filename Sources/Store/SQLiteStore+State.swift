import CampaignKit
import Foundation
import GRDB

extension SQLiteStore {
    /// Every campaign row, removed ones included: the planner decides what they mean.
    public func remoteState() throws -> RemoteState {
        try read("read the state store") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM remote_campaign ORDER BY key")
            return RemoteState(try rows.map(Self.campaign(from:)))
        }
    }

    /// The campaign's row, or nil when tfz has not recorded it (not an error: it was never launched).
    public func campaign(_ key: CampaignKey) throws -> RemoteCampaign? {
        try read("read \(key) from the state store") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM remote_campaign WHERE key = ?", arguments: [key.description])
                .map(Self.campaign(from:))
        }
    }

    /// Upserts the campaign's row: ids, status, the applied snapshot (JSON, keys sorted), when it was applied and
    /// whether it is incomplete.
    public func record(campaign: RemoteCampaign) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(campaign.applied), as: UTF8.self)
        try write("record \(campaign.key) in the state store") { db in
            try db.execute(
                sql: """
                    INSERT INTO remote_campaign (key, platform, account_id, remote_id, status, applied_json, applied_at, incomplete)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET
                        platform = excluded.platform, account_id = excluded.account_id,
                        remote_id = excluded.remote_id, status = excluded.status,
                        applied_json = excluded.applied_json, applied_at = excluded.applied_at,
                        incomplete = excluded.incomplete
                    """,
                arguments: [
                    campaign.key.description, campaign.key.platform.rawValue, campaign.accountId,
                    campaign.remoteId, campaign.status.rawValue, json, campaign.appliedAt, campaign.incomplete,
                ])
        }
    }

    /// The objects recorded for a campaign, by local key (in the order of its text form). A campaign without objects
    /// is not an error, nor is a local key this version cannot parse (it reads as ``ObjectKey/other(_:)``).
    public func objects(for key: CampaignKey) throws -> [RemoteObject] {
        try read("read the objects of \(key) from the state store") { db in
            try Row.fetchAll(
                db, sql: "SELECT local_key, resource_name FROM remote_object WHERE key = ? ORDER BY local_key",
                arguments: [key.description]
            ).map { RemoteObject(key: key, localKey: ObjectKey(parsing: $0["local_key"]), resourceName: $0["resource_name"]) }
        }
    }

    /// Records objects in one transaction: an object already recorded under the same campaign key and
    /// local key gets the new resource name (the old object was replaced), never a second row.
    public func record(objects: [RemoteObject]) throws {
        guard !objects.isEmpty else { return }
        try write("record \(objects.count) remote object(s) in the state store") { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO remote_object (key, local_key, resource_name) VALUES (?, ?, ?)
                ON CONFLICT (key, local_key) DO UPDATE SET resource_name = excluded.resource_name
                """)
            for object in objects {
                try statement.execute(arguments: [object.key.description, object.localKey.description, object.resourceName])
            }
        }
    }

    /// Forgets exactly these objects, in one transaction. A row whose resource name has changed since
    /// (the object was replaced) is kept, and forgetting an object that is not recorded is not an error.
    public func forget(objects: [RemoteObject]) throws {
        guard !objects.isEmpty else { return }
        try write("forget \(objects.count) remote object(s) in the state store") { db in
            let statement = try db.makeStatement(
                sql: "DELETE FROM remote_object WHERE key = ? AND local_key = ? AND resource_name = ?")
            for object in objects {
                try statement.execute(arguments: [object.key.description, object.localKey.description, object.resourceName])
            }
        }
    }

    /// Appends an entry to the change log.
    public func log(_ entry: ChangeLogEntry) throws {
        try write("write to the change log") { db in
            try db.execute(
                sql: """
                    INSERT INTO change_log (at, actor, action, key, platform, detail, result, machine)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.at, entry.actor, entry.action.rawValue, entry.key?.description, entry.platform?.rawValue,
                    entry.detail, entry.result, entry.machine.flatMap { $0.isEmpty ? nil : $0 },
                ])
        }
    }

    /// The latest `limit` entries of the change log, **oldest first, newest last** (the order to print
    /// them in). A `limit` of 0 or less gives an empty list. An action this version does not know is not an error: it
    /// reads as ``ChangeAction/other(_:)`` with its text.
    public func changeLog(limit: Int) throws -> [ChangeLogEntry] {
        guard limit > 0 else { return [] }
        return try read("read the change log") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM (SELECT * FROM change_log ORDER BY id DESC LIMIT ?) ORDER BY id",
                arguments: [limit]
            ).map(Self.entry(from:))
        }
    }
}

extension SQLiteStore {
    static func campaign(from row: Row) throws -> RemoteCampaign {
        try StoredRows.campaign(key: row["key"], accountId: row["account_id"], remoteId: row["remote_id"], status: row["status"],
                                appliedJSON: row["applied_json"], appliedAt: row["applied_at"], incomplete: row["incomplete"])
    }

    static func entry(from row: Row) throws -> ChangeLogEntry {
        try StoredRows.entry(at: row["at"], actor: row["actor"], action: row["action"], key: row["key"], platform: row["platform"],
                             detail: row["detail"], result: row["result"], machine: row["machine"])
    }
}
