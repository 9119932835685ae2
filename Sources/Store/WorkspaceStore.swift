import CampaignKit
import Foundation
import GRDB

/// Where a workspace keeps its state, leases, ticks and metrics: the interface every command works through, with two
/// implementations — ``SQLiteStore`` (one person: `.tfz/state.sqlite`, the default) and ``PostgresStore`` (a team:
/// one PostgreSQL database that every clone and scheduler shares; `store:` in `tfz.yaml`).
///
/// Both keep the same constraints in their schemas (CHECKs, the forward-only bookmark, the append-only change log),
/// apply the same named migrations, and answer every call alike; the store tests run against both. What differs is
/// how a lease dies with its holder: on SQLite by its expiry (and, on the same machine, by the holder's process being
/// gone); on PostgreSQL with the holder's database session (an advisory lock), on whatever machine it ran.
public protocol WorkspaceStore: StateRecorder, MetricsRecorder, AnyObject {
    /// Which store this is, for `tfz store status` and messages: `SQLite /…/.tfz/state.sqlite`,
    /// `PostgreSQL tfz@db.example.org:5432/tfz`. Never carries a password.
    var description: String { get }
    /// The names of the schema migrations applied, oldest first (`v1: campaigns, objects, change log, leases`, …).
    func appliedMigrations() throws -> [String]

    // MARK: Holds
    func setHold(_ key: CampaignKey, by actor: String, at: String, reason: String) throws
    func clearHold(_ key: CampaignKey) throws
    func holds() throws -> [CampaignKey: Hold]

    // MARK: Leases
    func acquireLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> LeaseResult
    @discardableResult
    func renewLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> Date
    func releaseLease(_ name: String, holder: String) throws
    /// The leases someone holds at `now`, by name (for `tfz store status`).
    func leases(now: Date) throws -> [StoredLease]
    /// Whether a lease's holder can be gone while its row stays: true on SQLite (a killed process leaves its row until
    /// it expires), false where the lease dies with its holder's session (PostgreSQL).
    var leasesOutliveTheirHolder: Bool { get }

    // MARK: Ticks
    @discardableResult
    func recordTick(startedAt: String, now: String, holder: String, outcome: StoredTick.Outcome, summary: String,
                    finishedAt: String) throws -> Int64
    func lastTick() throws -> StoredTick?
    func ticks(limit: Int) throws -> [StoredTick]

    // MARK: Metrics and reports
    func recentPulls(limit: Int) throws -> [StoredPull]
    func metricRowCount() throws -> Int
    func aggregate(by dimensions: [ReportDimension], filter: ReportFilter) throws -> [AggregateRow]
    func demandDays(filter: ReportFilter) throws -> [DemandDay]

    // MARK: Copying between stores (`tfz store copy`)
    /// Reads every row of `table` (one of ``StoreTables/all``) in its columns' order, `chunk` rows at a time, in the
    /// table's natural order.
    func readRows(of table: StoreTable, chunk: Int, _ body: ([[StoreValue]]) throws -> Void) throws
    /// Inserts rows read from another store as they are (ids included), in one transaction per call.
    func insertRows(_ rows: [[StoreValue]], into table: StoreTable) throws
    /// Per table: the row count and the sums of its ``StoreTable/summed`` columns, to check a copy by.
    func totals(of table: StoreTable) throws -> StoreTotals
    /// After a copy into this store: moves id counters past the copied ids.
    func finishCopy() throws
}

/// A lease someone holds: its name, the holder and until when (nil where it lasts as long as its holder's session).
public struct StoredLease: Sendable, Hashable {
    public var name: String
    public var holder: String
    public var until: Date?
    public init(name: String, holder: String, until: Date?) {
        self.name = name
        self.holder = holder
        self.until = until
    }
}

/// A stored value as both stores hold them.
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A table's row count and column sums.
public struct StoreTotals: Sendable, Hashable, CustomStringConvertible {
    public var rows: Int
    public var sums: [String: Int64]
    public init(rows: Int, sums: [String: Int64]) {
        self.rows = rows
        self.sums = sums
    }
    public var description: String {
        ([("rows", Int64(rows))] + sums.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            .map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }
}

/// A table that `tfz store copy` moves, with its columns (the same names in both stores).
public struct StoreTable: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var columns: [String]
    /// The order rows are read in (the key), so that a copy writes ids in order.
    public var orderBy: String
    /// Integer columns whose sums check a copy (with the row count).
    public var summed: [String]
    /// The column that is an id counter (`id`), if any.
    public var serial: String?
    public var description: String { name }
}

public enum StoreTables {
    /// Every table a copy moves, parents before children (pulls before the facts that name them). Leases are not
    /// copied: they belong to the running tfz of each store.
    public static let all: [StoreTable] = [
        StoreTable(name: "remote_campaign", columns: ["key", "platform", "account_id", "remote_id", "status", "applied_json", "applied_at", "incomplete"],
                   orderBy: "key", summed: ["incomplete"], serial: nil),
        StoreTable(name: "remote_object", columns: ["key", "local_key", "resource_name"], orderBy: "key, local_key", summed: [], serial: nil),
        StoreTable(name: "change_log", columns: ["id", "at", "actor", "action", "key", "platform", "detail", "result", "machine"],
                   orderBy: "id", summed: ["id"], serial: "id"),
        StoreTable(name: "campaign_hold", columns: ["key", "held_by", "since", "reason"], orderBy: "key", summed: [], serial: nil),
        StoreTable(name: "scheduler_tick", columns: ["id", "started_at", "now", "holder", "outcome", "summary", "finished_at"],
                   orderBy: "id", summed: ["id"], serial: "id"),
        StoreTable(name: "metric_pull", columns: ["id", "platform", "account_id", "api_version", "lookback_days", "attribution", "since", "until",
                                                  "started_at", "finished_at", "status", "rows", "error"],
                   orderBy: "id", summed: ["id", "rows"], serial: "id"),
        StoreTable(name: "metric_fact", columns: ["grain", "date", "platform", "account_id", "campaign_id", "ad_group_id", "criterion_id", "ad_id",
                                                  "landing_page", "keyword", "match_type", "creative", "impressions", "clicks", "cost_micros",
                                                  "conversions", "search_impression_share", "pull_id", "reach"],
                   orderBy: "grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page",
                   summed: ["impressions", "clicks", "cost_micros", "reach"], serial: nil),
        StoreTable(name: "metric_campaign", columns: ["platform", "account_id", "campaign_id", "campaign_key", "zone", "purpose"],
                   orderBy: "platform, account_id, campaign_id", summed: [], serial: nil),
        StoreTable(name: "metric_bookmark", columns: ["platform", "account_id", "complete_through"], orderBy: "platform, account_id",
                   summed: [], serial: nil),
    ]
}

/// Raw SQL for tests: the constraints of both schemas are checked by statements tfz itself never sends.
protocol RawSQLStore {
    /// Runs statements as they are (no arguments), in one transaction.
    func executeRaw(_ sql: String) throws
    /// The rows of a query, as stored values.
    func queryRaw(_ sql: String) throws -> [[StoreValue]]
}

extension SQLiteStore: RawSQLStore {
    func executeRaw(_ sql: String) throws {
        try write("run raw SQL") { db in try db.execute(sql: sql) }
    }

    func queryRaw(_ sql: String) throws -> [[StoreValue]] {
        try read("run raw SQL") { db in try Row.fetchAll(db, sql: sql).map { $0.databaseValues.map(Self.storeValue) } }
    }
}

extension PostgresStore: RawSQLStore {
    func executeRaw(_ sql: String) throws {
        try write("run raw SQL") { for statement in Self.statements(sql) { try session.query(statement) } }
    }

    func queryRaw(_ sql: String) throws -> [[StoreValue]] {
        try read("run raw SQL") { try session.query(sql).map { try $0.makeRandomAccess().map(Self.storeValue) } }
    }
}
