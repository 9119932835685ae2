import CampaignKit
import GRDB
import GRDBSQLite

/// Binds and steps fact rows through the raw SQLite API: one prepared statement, every parameter bound
/// per row, and no allocation per row.
///
/// A row's texts are copied into one scratch buffer, reused from row to row, and bound as
/// `SQLITE_STATIC`: SQLite reads them in place during the step instead of copying each one into a
/// `malloc`ed buffer of its own (`SQLITE_TRANSIENT`). The buffer is written only after the statement was
/// reset, and the bindings are cleared before it is freed, so SQLite never holds a stale pointer.
struct FactWriter: ~Copyable {
    private let statement: SQLiteStatement
    private var scratch: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0

    /// `SQLITE_CONSTRAINT_PRIMARYKEY` (`SQLITE_CONSTRAINT | 6 << 8`), a macro the Swift importer does not bring in.
    static let constraintPrimaryKey: Int32 = 19 | (6 << 8)

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
        capacity = 4096
        scratch = .allocate(byteCount: capacity, alignment: 1)
    }

    deinit {
        sqlite3_clear_bindings(statement)
        scratch.deallocate()
    }

    /// Runs `statement` (the 18 parameters of ``SQLiteStore/factColumns``) once per row. A row SQLite
    /// refuses throws a ``StoreError`` that names it by grain, campaign id and date (never figures).
    ///
    /// Rows are written in the order of the table's key prefix (grain, then date), each (grain, date) group in the order
    /// given: a platform answers keyword by keyword, every date of one keyword before the next, which would touch the
    /// whole B-tree for every keyword; grouped by date, each group lands in one contiguous range of it.
    static func write(_ rows: [MetricRow], pull: Int64, with statement: Statement, in db: Database) throws {
        var writer = FactWriter(statement)
        for index in keyOrder(rows) {
            try writer.step(rows[index], pull: pull, index: index, of: rows.count, in: db)
        }
    }

    /// Indices of `rows` grouped by (grain, date), groups in key order, rows within a group in the order given.
    static func keyOrder(_ rows: [MetricRow]) -> [Int] { keyGroups(rows).flatMap { $0 } }

    /// The (grain, date) groups of `rows` in key order, each the indices of its rows in the order given.
    static func keyGroups(_ rows: [MetricRow]) -> [[Int]] {
        struct Group: Hashable { var grain: MetricGrain; var date: String }
        var groups: [Group: [Int]] = [:]
        for index in rows.indices { groups[Group(grain: rows[index].grain, date: rows[index].date), default: []].append(index) }
        return groups.keys.sorted(by: { ($0.grain.rawValue, $0.date) < ($1.grain.rawValue, $1.date) }).map { groups[$0]! }
    }

    /// Upserts `rows` of one account, choosing the statement per (grain, date) group: a group with no stored row yet
    /// for the account (a day pulled for the first time) goes through the plain `insert`, which need not look for a
    /// conflict; a group with stored rows (a re-read, restated day) through `upsert`. A plain insert that meets a row
    /// with its key after all (two rows with one key in a batch) is written through `upsert` instead, so the outcome
    /// is always the upsert's.
    static func upsert(_ rows: [MetricRow], pull: Int64, platform: String, accountId: String, insert: Statement, upsert: Statement,
                       in db: Database) throws {
        let exists = try db.makeStatement(sql: """
            SELECT 1 FROM metric_fact WHERE grain = ? AND date = ? AND platform = ? AND account_id = ? LIMIT 1
            """)
        var inserter = FactWriter(insert)
        var upserter = FactWriter(upsert)
        for group in keyGroups(rows) {
            let first = rows[group[0]]
            let stored = try Bool.fetchOne(exists, arguments: [first.grain.rawValue, first.date, platform, accountId]) ?? false
            for index in group {
                if stored {
                    try upserter.step(rows[index], pull: pull, index: index, of: rows.count, in: db)
                } else if try !inserter.step(rows[index], pull: pull, index: index, of: rows.count, in: db, conflictIsError: false) {
                    try upserter.step(rows[index], pull: pull, index: index, of: rows.count, in: db)
                }
            }
        }
    }

    /// Binds and steps one row. With `conflictIsError: false`, a row whose key is already stored is not an error: the
    /// answer is false and nothing was written.
    @discardableResult
    mutating func step(_ row: MetricRow, pull: Int64, index: Int, of count: Int, in db: Database, conflictIsError: Bool = true) throws -> Bool {
        let s = statement
        reserve(for: row)
        text(1, row.grain.rawValue)
        text(2, row.date)
        text(3, row.platform.rawValue)
        text(4, row.accountId)
        text(5, row.campaignId)
        text(6, row.adGroupId)
        text(7, row.criterionId)
        text(8, row.adId)
        text(9, row.landingPage)
        optionalText(10, row.keyword)
        optionalText(11, row.matchType)
        optionalText(12, row.creative)
        sqlite3_bind_int64(s, 13, row.impressions)
        sqlite3_bind_int64(s, 14, row.clicks)
        sqlite3_bind_int64(s, 15, row.costMicros)
        optionalDouble(16, row.conversions)
        optionalDouble(17, row.searchImpressionShare)
        sqlite3_bind_int64(s, 18, pull)
        if let reach = row.reach { sqlite3_bind_int64(s, 19, reach) } else { sqlite3_bind_null(s, 19) }
        let code = sqlite3_step(s)
        guard code != SQLITE_DONE else {
            sqlite3_reset(s)
            return true
        }
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        let extended = sqlite3_extended_errcode(db.sqliteConnection)
        sqlite3_reset(s)
        if !conflictIsError && extended == Self.constraintPrimaryKey { return false }
        if extended & 0xff == SQLITE_CONSTRAINT {
            throw StoreError(.database, "Could not store metric row \(index + 1) of \(count) (\(row.grain.rawValue) row of \(row.platform.rawValue) campaign \(row.campaignId) on \(row.date)): \(message).")
        }
        throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message)
    }

    /// Makes room for all of the row's texts at once: growing the buffer half way through a row would
    /// move texts already bound.
    @inline(__always)
    private mutating func reserve(for row: MetricRow) {
        used = 0
        let needed = row.grain.rawValue.utf8.count + row.date.utf8.count + row.platform.rawValue.utf8.count
            + row.accountId.utf8.count + row.campaignId.utf8.count + row.adGroupId.utf8.count
            + row.criterionId.utf8.count + row.adId.utf8.count + row.landingPage.utf8.count
            + (row.keyword?.utf8.count ?? 0) + (row.matchType?.utf8.count ?? 0) + (row.creative?.utf8.count ?? 0)
        guard needed > capacity else { return }
        sqlite3_clear_bindings(statement)
        scratch.deallocate()
        capacity = max(needed, capacity * 2)
        scratch = .allocate(byteCount: capacity, alignment: 1)
    }

    @inline(__always)
    private mutating func text(_ index: Int32, _ value: String) {
        var value = value
        let start = scratch + used
        let count = value.withUTF8 { bytes in
            if let base = bytes.baseAddress { start.copyMemory(from: base, byteCount: bytes.count) }
            return bytes.count
        }
        used += count
        // `start` is never NULL (a NULL pointer would bind SQL NULL, not ''), even for an empty text.
        sqlite3_bind_text(statement, index, start.assumingMemoryBound(to: CChar.self), Int32(count), nil)
    }

    @inline(__always)
    private mutating func optionalText(_ index: Int32, _ value: String?) {
        if let value { text(index, value) } else { sqlite3_bind_null(statement, index) }
    }

    @inline(__always)
    private func optionalDouble(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }
}
