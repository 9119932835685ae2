import CampaignKit
import GRDB

/// Manual holds: campaigns a person paused, which the scheduler must leave paused (see ``Hold``).
extension SQLiteStore {
    /// Holds `key` for `actor` (`user:<name>`) since `at` (ISO 8601 UTC), for `reason` (may be empty).
    ///
    /// Not an error: holding a campaign that is already held (the hold then names this actor, time and reason), and
    /// holding a key the store has no campaign for. Throws ``StoreError/Code/database`` when `actor` is empty or `at`
    /// is not ISO 8601 UTC (the schema's CHECKs).
    public func setHold(_ key: CampaignKey, by actor: String, at: String, reason: String) throws {
        try write("hold \(key) in the state store") { db in
            try db.execute(
                sql: """
                    INSERT INTO campaign_hold (key, held_by, since, reason) VALUES (?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET held_by = excluded.held_by, since = excluded.since, reason = excluded.reason
                    """,
                arguments: [key.description, actor, at, reason])
        }
    }

    /// Clears the hold on `key`. Clearing a campaign that is not held is not an error and changes nothing.
    public func clearHold(_ key: CampaignKey) throws {
        try write("clear the hold on \(key) in the state store") { db in
            try db.execute(sql: "DELETE FROM campaign_hold WHERE key = ?", arguments: [key.description])
        }
    }

    /// Every hold, by campaign key; empty when nothing is held.
    public func holds() throws -> [CampaignKey: Hold] {
        try read("read the holds from the state store") { db in
            var holds: [CampaignKey: Hold] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, held_by, since, reason FROM campaign_hold") {
                let text: String = row["key"]
                guard let key = CampaignKey(text) else {
                    throw StoreError(.unreadableRow, "The state store holds a campaign key this version of tfz cannot read: \(text).")
                }
                holds[key] = Hold(heldBy: row["held_by"], since: row["since"], reason: row["reason"])
            }
            return holds
        }
    }
}
