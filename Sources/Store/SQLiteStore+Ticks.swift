import GRDB

/// The scheduler's ticks, one row each, appended when a tick ends (see ``StoredTick``).
extension SQLiteStore {
    /// Records a tick that ended and returns its id. Times are ISO 8601 UTC; `now` is the instant the tick acted for.
    ///
    /// Throws ``StoreError/Code/database`` when a time is not ISO 8601 UTC, the holder is empty, the outcome is not
    /// one of ``StoredTick/Outcome/done``, ``StoredTick/Outcome/failed`` and ``StoredTick/Outcome/skipped``, or the
    /// summary has a line break (the schema's CHECKs). An empty summary is not an error.
    @discardableResult
    public func recordTick(
        startedAt: String, now: String, holder: String, outcome: StoredTick.Outcome, summary: String, finishedAt: String
    ) throws -> Int64 {
        try write("record a scheduler tick in the state store") { db in
            try db.execute(
                sql: """
                    INSERT INTO scheduler_tick (started_at, now, holder, outcome, summary, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [startedAt, now, holder, outcome.rawValue, summary, finishedAt])
            return db.lastInsertedRowID
        }
    }

    /// The last tick recorded whose outcome is `done`, whatever ticks failed or were skipped since; nil when none
    /// has (not an error: the scheduler has never completed a tick). "Last" is by recording order, not by `now`.
    public func lastTick() throws -> StoredTick? {
        try read("read the last scheduler tick") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM scheduler_tick WHERE outcome = 'done' ORDER BY id DESC LIMIT 1")
                .map(Self.tick(from:))
        }
    }

    /// The latest `limit` ticks of any outcome, **newest first**. A `limit` of 0 or less gives an empty list.
    public func ticks(limit: Int) throws -> [StoredTick] {
        guard limit > 0 else { return [] }
        return try read("read the scheduler ticks") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scheduler_tick ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(Self.tick(from:))
        }
    }

    static func tick(from row: Row) -> StoredTick {
        StoredTick(
            id: row["id"], startedAt: row["started_at"], now: row["now"], holder: row["holder"],
            outcome: StoredTick.Outcome(rawValue: row["outcome"]), summary: row["summary"], finishedAt: row["finished_at"])
    }
}
