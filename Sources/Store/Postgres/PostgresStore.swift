import CampaignKit
import Foundation
import PostgresNIO

/// The team store: a workspace's state, leases, ticks and metrics in one PostgreSQL database that every clone and
/// every scheduler of a program shares (`store:` in `tfz.yaml`).
///
/// - **Schema**: ``migrations``, the same named migrations as the SQLite store, applied when the store opens inside one
///   transaction that first takes a transaction-scoped advisory lock, so that two machines starting at once apply each
///   migration exactly once (the second waits, then finds nothing left to do). A database whose applied migrations
///   include one this version does not know is newer than this tfz: opening it fails with one sentence, and nothing is
///   written.
/// - **Leases** die with their holder: a lease is a session-level advisory lock held by this store's database session,
///   plus a row in `lease` that says who holds it (for messages and `tfz store status`). A tfz killed on any machine
///   loses its session, the server frees the lock at once, and the next acquirer overwrites the row; a live holder is
///   never overtaken, whatever its lease's expiry says.
/// - **Metrics** are upserted in bulk (one statement per 10,000 rows, each column sent as one array and expanded by
///   `unnest` inside the server) and reports are aggregated by the server (weeks included), so that tfz never holds
///   the fact table in memory.
public final class PostgresStore: @unchecked Sendable {
    let session: PostgresSession
    /// The leases this session holds, by name: the advisory lock is the session's, so two holders in one process are
    /// told apart here.
    private var held: [String: String] = [:]

    /// Connects, brings the schema up to date (or refuses a newer one) and returns the store.
    public init(_ settings: PostgresSettings) throws {
        session = try PostgresSession(settings)
        do {
            try migrate()
        } catch let error as StoreError {
            session.close()
            throw error
        } catch {
            session.close()
            throw StoreError(.open, "Could not bring the team store \(settings.description) up to date: \(PostgresFailure.serverMessage(error) ?? String(describing: error)).")
        }
    }

    public var description: String { session.settings.description }

    /// Ends the session, freeing every lease it holds first (the server would free them anyway when it sees the
    /// connection close, a moment later).
    public func close() {
        _ = try? session.exclusive { try session.query("SELECT pg_advisory_unlock_all()") }
        session.close()
    }

    /// The namespace of tfz's advisory locks (the first of the two keys; the second is the hash of the name).
    static let lockSpace: Int64 = 7_384_201

    private func migrate() throws {
        try session.transaction {
            try session.query("SELECT pg_advisory_xact_lock(\(Self.lockSpace + 2), 0)")
            try session.query("""
                CREATE TABLE IF NOT EXISTS tfz_migration (
                    position INTEGER NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let applied = try session.query("SELECT name FROM tfz_migration ORDER BY position").map { try $0.get(0, as: String.self) }
            let known = Self.migrations.map(\.name)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError(.open, "The team store \(description) has schema version \(applied.count) (its migration “\(unknown)” is newer than this tfz, which knows \(known.count)): upgrade tfz on this machine before using that store.")
            }
            for (position, migration) in Self.migrations.enumerated() where !applied.contains(migration.name) {
                for statement in Self.statements(migration.sql) { try session.query(statement) }
                try session.query("INSERT INTO tfz_migration (position, name) VALUES ($1, $2)", [.int(Int64(position + 1)), .text(migration.name)])
            }
        }
    }

    /// The statements of a migration, one by one (the extended protocol takes one statement at a time): split at `;`
    /// outside `$$` bodies.
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        var previous: Character = " "
        for character in sql {
            if character == "$", previous == "$" { inBody.toggle() }
            if character == ";", !inBody {
                let text = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { statements.append(text) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character == "$" && previous == "$" ? " " : character
        }
        let text = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { statements.append(text) }
        return statements
    }

    /// Runs `body` in one transaction, wrapping errors with what tfz was doing. Deadlocks and serialization failures
    /// between two machines' transactions are retried (twice): the transaction was rolled back and changed nothing.
    func write<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try session.transaction(body)
            } catch let error where ["40P01", "40001"].contains(PostgresFailure.sqlState(error) ?? "") && attempt < 2 {
                attempt += 1
            } catch {
                throw PostgresFailure.wrapping(error, while: doing, session.settings)
            }
        }
    }

    /// Runs one or more reads with the session to itself.
    func read<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        do {
            return try session.exclusive(body)
        } catch {
            throw PostgresFailure.wrapping(error, while: doing, session.settings)
        }
    }
}

// MARK: - State

extension PostgresStore: WorkspaceStore {
    public func appliedMigrations() throws -> [String] {
        try read("read the team store's schema version") {
            try session.query("SELECT name FROM tfz_migration ORDER BY position").map { try $0.get(0, as: String.self) }
        }
    }

    public func remoteState() throws -> RemoteState {
        try read("read the state store") {
            RemoteState(try session.query("SELECT \(Self.campaignColumns) FROM remote_campaign ORDER BY key").map(Self.campaign(from:)))
        }
    }

    public func campaign(_ key: CampaignKey) throws -> RemoteCampaign? {
        try read("read \(key) from the state store") {
            try session.query("SELECT \(Self.campaignColumns) FROM remote_campaign WHERE key = $1", [.text(key.description)])
                .first.map(Self.campaign(from:))
        }
    }

    public func record(campaign: RemoteCampaign) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(campaign.applied), as: UTF8.self)
        try write("record \(campaign.key) in the state store") {
            try session.query("""
                INSERT INTO remote_campaign (key, platform, account_id, remote_id, status, applied_json, applied_at, incomplete)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (key) DO UPDATE SET
                    platform = excluded.platform, account_id = excluded.account_id,
                    remote_id = excluded.remote_id, status = excluded.status,
                    applied_json = excluded.applied_json, applied_at = excluded.applied_at,
                    incomplete = excluded.incomplete
                """, [
                    .text(campaign.key.description), .text(campaign.key.platform.rawValue), .text(campaign.accountId),
                    .text(campaign.remoteId), .text(campaign.status.rawValue), .text(json), .text(campaign.appliedAt),
                    .int(campaign.incomplete ? 1 : 0),
                ])
        }
    }

    public func objects(for key: CampaignKey) throws -> [RemoteObject] {
        try read("read the objects of \(key) from the state store") {
            try session.query(
                "SELECT local_key, resource_name FROM remote_object WHERE key = $1 ORDER BY local_key COLLATE \"C\"",
                [.text(key.description)]
            ).map { RemoteObject(key: key, localKey: ObjectKey(parsing: try $0.get(0)), resourceName: try $0.get(1)) }
        }
    }

    public func record(objects: [RemoteObject]) throws {
        guard !objects.isEmpty else { return }
        // One row per (key, local key), the last one given winning, as one statement per call would.
        var last: [String: Int] = [:]
        for (index, object) in objects.enumerated() { last[object.key.description + "\u{1}" + object.localKey.description] = index }
        let rows = last.values.sorted().map { objects[$0] }
        try write("record \(objects.count) remote object(s) in the state store") {
            try session.query("""
                INSERT INTO remote_object (key, local_key, resource_name)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
                ON CONFLICT (key, local_key) DO UPDATE SET resource_name = excluded.resource_name
                """, [.texts(rows.map(\.key.description)), .texts(rows.map(\.localKey.description)), .texts(rows.map(\.resourceName))])
        }
    }

    public func forget(objects: [RemoteObject]) throws {
        guard !objects.isEmpty else { return }
        try write("forget \(objects.count) remote object(s) in the state store") {
            try session.query("""
                DELETE FROM remote_object AS o
                USING unnest($1::text[], $2::text[], $3::text[]) AS f (key, local_key, resource_name)
                WHERE o.key = f.key AND o.local_key = f.local_key AND o.resource_name = f.resource_name
                """, [.texts(objects.map(\.key.description)), .texts(objects.map(\.localKey.description)), .texts(objects.map(\.resourceName))])
        }
    }

    public func log(_ entry: ChangeLogEntry) throws {
        try write("write to the change log") {
            try session.query("""
                INSERT INTO change_log (at, actor, action, key, platform, detail, result, machine) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, [
                    .text(entry.at), .text(entry.actor), .text(entry.action.rawValue), .text(entry.key?.description),
                    .text(entry.platform?.rawValue), .text(entry.detail), .text(entry.result),
                    .text(entry.machine.flatMap { $0.isEmpty ? nil : $0 }),
                ])
        }
    }

    public func changeLog(limit: Int) throws -> [ChangeLogEntry] {
        guard limit > 0 else { return [] }
        return try read("read the change log") {
            try session.query("""
                SELECT at, actor, action, key, platform, detail, result, machine
                FROM (SELECT * FROM change_log ORDER BY id DESC LIMIT $1) AS latest ORDER BY id
                """, [.int(Int64(limit))]).map(Self.entry(from:))
        }
    }

    static let campaignColumns = "key, account_id, remote_id, status, applied_json, applied_at, incomplete"

    static func campaign(from row: PostgresRow) throws -> RemoteCampaign {
        try StoredRows.campaign(key: try row.get(0), accountId: try row.get(1), remoteId: try row.get(2), status: try row.get(3),
                                appliedJSON: try row.get(4), appliedAt: try row.get(5), incomplete: try row.get(6, as: Int64.self) != 0)
    }

    static func entry(from row: PostgresRow) throws -> ChangeLogEntry {
        try StoredRows.entry(at: try row.get(0), actor: try row.get(1), action: try row.get(2), key: try row.get(3), platform: try row.get(4),
                             detail: try row.get(5), result: try row.get(6), machine: try row.get(7))
    }
}

// MARK: - Holds and ticks

extension PostgresStore {
    public func setHold(_ key: CampaignKey, by actor: String, at: String, reason: String) throws {
        try write("hold \(key) in the state store") {
            try session.query("""
                INSERT INTO campaign_hold (key, held_by, since, reason) VALUES ($1, $2, $3, $4)
                ON CONFLICT (key) DO UPDATE SET held_by = excluded.held_by, since = excluded.since, reason = excluded.reason
                """, [.text(key.description), .text(actor), .text(at), .text(reason)])
        }
    }

    public func clearHold(_ key: CampaignKey) throws {
        try write("clear the hold on \(key) in the state store") {
            try session.query("DELETE FROM campaign_hold WHERE key = $1", [.text(key.description)])
        }
    }

    public func holds() throws -> [CampaignKey: Hold] {
        try read("read the holds from the state store") {
            var holds: [CampaignKey: Hold] = [:]
            for row in try session.query("SELECT key, held_by, since, reason FROM campaign_hold") {
                let text: String = try row.get(0)
                guard let key = CampaignKey(text) else {
                    throw StoreError(.unreadableRow, "The state store holds a campaign key this version of tfz cannot read: \(text).")
                }
                holds[key] = Hold(heldBy: try row.get(1), since: try row.get(2), reason: try row.get(3))
            }
            return holds
        }
    }

    @discardableResult
    public func recordTick(startedAt: String, now: String, holder: String, outcome: StoredTick.Outcome, summary: String,
                           finishedAt: String) throws -> Int64 {
        try write("record a scheduler tick in the state store") {
            try session.query("""
                INSERT INTO scheduler_tick (started_at, now, holder, outcome, summary, finished_at)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
                """, [.text(startedAt), .text(now), .text(holder), .text(outcome.rawValue), .text(summary), .text(finishedAt)])[0].get(0)
        }
    }

    public func lastTick() throws -> StoredTick? {
        try read("read the last scheduler tick") {
            try session.query("SELECT \(Self.tickColumns) FROM scheduler_tick WHERE outcome = 'done' ORDER BY id DESC LIMIT 1")
                .first.map(Self.tick(from:))
        }
    }

    public func ticks(limit: Int) throws -> [StoredTick] {
        guard limit > 0 else { return [] }
        return try read("read the scheduler ticks") {
            try session.query("SELECT \(Self.tickColumns) FROM scheduler_tick ORDER BY id DESC LIMIT $1", [.int(Int64(limit))])
                .map(Self.tick(from:))
        }
    }

    static let tickColumns = "id, started_at, now, holder, outcome, summary, finished_at"

    static func tick(from row: PostgresRow) throws -> StoredTick {
        StoredTick(
            id: try row.get(0), startedAt: try row.get(1), now: try row.get(2), holder: try row.get(3),
            outcome: StoredTick.Outcome(rawValue: try row.get(4)), summary: try row.get(5), finishedAt: try row.get(6))
    }
}

// MARK: - Leases

extension PostgresStore {
    public var leasesOutliveTheirHolder: Bool { false }

    /// Takes the lease `name` for `holder` unless another holder has it. On PostgreSQL a lease is held for as long as
    /// its holder's session lives: `ttl` only sets the expiry shown to others, and an expired lease whose holder still
    /// runs is not taken over. Acquiring a lease the holder already has extends the shown expiry.
    public func acquireLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> LeaseResult {
        try Self.check(name: name, holder: holder, ttl: ttl)
        let expiry = now.addingTimeInterval(ttl)
        return try write("acquire the lease “\(name)”") {
            if let mine = held[name] {
                guard mine == holder else {
                    return .heldBy(holder: mine, until: try leaseRow(name)?.until ?? expiry)
                }
                try session.query("UPDATE lease SET expires_at = $1::timestamptz WHERE name = $2", [.text(Self.timestamp(expiry)), .text(name)])
                return .acquired
            }
            // One acquirer of a name at a time (a transaction lock in another key space, released at commit): a loser
            // then finds the winner's row, not a lease without a holder. Never the lease's own key: that one is held
            // for as long as the holder runs, and waiting on it would wait for the whole launch.
            try session.query("SELECT pg_advisory_xact_lock($1::int4, hashtext($2))", [.int(Self.lockSpace + 1), .text(name)])
            let locked: Bool = try session.query("SELECT pg_try_advisory_lock($1::int4, hashtext($2))", [.int(Self.lockSpace), .text(name)])[0].get(0)
            guard locked else {
                let row = try leaseRow(name)
                return .heldBy(holder: row?.holder ?? "another tfz", until: row?.until ?? expiry)
            }
            held[name] = holder
            try session.query("""
                INSERT INTO lease (name, holder, acquired_at, expires_at) VALUES ($1, $2, $3::timestamptz, $4::timestamptz)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
                """, [.text(name), .text(holder), .text(Self.timestamp(now)), .text(Self.timestamp(expiry))])
            return .acquired
        }
    }

    @discardableResult
    public func renewLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> Date {
        try Self.check(name: name, holder: holder, ttl: ttl)
        let expiry = now.addingTimeInterval(ttl)
        return try write("renew the lease “\(name)”") {
            guard held[name] == holder else {
                throw StoreError(.leaseLost, "The lease “\(name)” is no longer held by \(holder); another run may have acted since, so stop and start again.")
            }
            try session.query("UPDATE lease SET expires_at = $1::timestamptz WHERE name = $2", [.text(Self.timestamp(expiry)), .text(name)])
            return expiry
        }
    }

    public func releaseLease(_ name: String, holder: String) throws {
        try write("release the lease “\(name)”") {
            guard held[name] == holder else { return }
            try session.query("DELETE FROM lease WHERE name = $1 AND holder = $2", [.text(name), .text(holder)])
            try session.query("SELECT pg_advisory_unlock($1::int4, hashtext($2))", [.int(Self.lockSpace), .text(name)])
            held[name] = nil
        }
    }

    /// The leases held now: those whose advisory lock some session holds (a row left by a killed holder is not shown).
    public func leases(now: Date) throws -> [StoredLease] {
        try read("read the leases") {
            try session.query("""
                SELECT l.name, l.holder, extract(epoch FROM l.expires_at)::float8 FROM lease AS l
                WHERE EXISTS (SELECT 1 FROM pg_locks AS k WHERE k.locktype = 'advisory' AND k.granted
                    AND k.classid = \(Self.lockSpace)::oid AND k.objid = (hashtext(l.name)::bigint & 4294967295)::oid AND k.objsubid = 2)
                ORDER BY l.name
                """).map { StoredLease(name: try $0.get(0), holder: try $0.get(1), until: nil) }
        }
    }

    private func leaseRow(_ name: String) throws -> (holder: String, until: Date)? {
        try session.query("SELECT holder, extract(epoch FROM expires_at)::float8 FROM lease WHERE name = $1", [.text(name)]).first.map {
            (try $0.get(0), Date(timeIntervalSince1970: try $0.get(1)))
        }
    }

    private static func check(name: String, holder: String, ttl: TimeInterval) throws {
        guard !name.isEmpty, !holder.isEmpty else {
            throw StoreError(.invalidLease, "A lease needs a name and a holder.")
        }
        guard ttl.isFinite, ttl >= 0.001 else {
            throw StoreError(.invalidLease, "The lease “\(name)” needs a duration of at least a millisecond, not \(ttl) seconds.")
        }
    }

    /// A time as PostgreSQL reads it, to the millisecond, in UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
