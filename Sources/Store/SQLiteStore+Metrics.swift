import CampaignKit
import Foundation
import GRDB

extension SQLiteStore: MetricsRecorder {}

/// Metrics: pulls, the daily fact rows, the campaign labels reports join, and each account's bookmark.
///
/// A pull is recorded with ``beginPull(_:)``, stored chunk by chunk with
/// ``storeMetrics(_:pull:completeThrough:)`` (each chunk one transaction) and closed with
/// ``finishPull(_:rows:)`` or ``failPull(_:reason:)``. Reports read with ``aggregate(by:filter:)`` and
/// ``demandDays(filter:)``.
extension SQLiteStore {
    /// The table of daily fact rows, for the benchmark (see ``bareInsertForBenchmark(_:pull:)``).
    ///
    /// **One table for all grains**, `WITHOUT ROWID`, clustered on its primary key
    /// `(grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page)`:
    /// - The grain leads the key, so each grain's rows are one contiguous range of the B-tree: a
    ///   campaign-grain report (the campaign rows are the platforms' own pre-aggregates, one per
    ///   campaign-day) reads only the campaign range and never a page of keyword, ad or landing-page rows,
    ///   exactly as if it had a table to itself, without four copies of every statement.
    /// - The date comes next, so `since`/`until` are a range of the key too, and a pull (which re-reads
    ///   recent days) writes near the end of each grain's range instead of all over the tree.
    /// - `WITHOUT ROWID` keeps the row in the key's B-tree: an upsert probes and writes one tree, where a
    ///   rowid table would write the table and a separate unique index.
    /// Parts of the key that do not apply to a grain are `''` (never NULL, which SQL would not compare
    /// as equal), and the CHECK `key_parts_fit_grain` says which.
    public static let metricFactsTable = "metric_fact"

    /// Records the start of a pull and returns its id, which every row it stores will carry.
    public func beginPull(_ pull: MetricPull) throws -> Int64 {
        try write("record the start of a \(pull.platform.rawValue) metrics pull") { db in
            try db.execute(
                sql: """
                    INSERT INTO metric_pull (platform, account_id, api_version, lookback_days, attribution, since, until, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    pull.platform.rawValue, pull.accountId, pull.apiVersion, pull.lookbackDays, pull.attribution,
                    pull.since, pull.until, pull.startedAt,
                ])
            return db.lastInsertedRowID
        }
    }

    /// Upserts `rows` in one transaction, labels their campaigns, and moves the account's bookmark forward
    /// to `completeThrough` if given.
    ///
    /// A row whose key is already stored (a day the platform restated) overwrites it, figures, labels and
    /// `pull_id` alike: storing the same rows twice changes nothing. The campaign labels
    /// (`campaignKey`, `purpose`) go to the campaign table, one write per campaign of the batch; a row
    /// without labels never erases labels stored before. The bookmark never moves backwards: an earlier
    /// `completeThrough` (a re-pull of old days) is not an error and leaves it where it is.
    ///
    /// If anything fails (a row the schema refuses, rows of another account than the pull's, a pull that
    /// has ended) nothing of the batch is stored and the bookmark does not move. Empty `rows` are not an
    /// error (a day without delivery still completes the bookmark).
    public func storeMetrics(_ rows: [MetricRow], pull: Int64, completeThrough: String?) throws {
        try write("store \(rows.count) metric row(s) of pull \(pull)") { db in
            let owner = try Self.runningPull(pull, in: db)
            let labels = try Self.campaignLabels(of: rows, pull: pull, owner: owner)

            try FactWriter.upsert(rows, pull: pull, platform: owner.platform, accountId: owner.accountId,
                                  insert: try db.makeStatement(sql: Self.insertFactSQL), upsert: try db.makeStatement(sql: Self.upsertFactSQL), in: db)

            if !labels.isEmpty {
                let label = try db.makeStatement(sql: """
                    INSERT INTO metric_campaign (platform, account_id, campaign_id, campaign_key, zone, purpose)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (platform, account_id, campaign_id) DO UPDATE SET
                        campaign_key = coalesce(excluded.campaign_key, campaign_key),
                        zone = coalesce(excluded.zone, zone),
                        purpose = coalesce(excluded.purpose, purpose)
                    WHERE coalesce(excluded.campaign_key, campaign_key) IS NOT campaign_key
                        OR coalesce(excluded.purpose, purpose) IS NOT purpose
                    """)
                for (campaignId, value) in labels {
                    try label.execute(arguments: [
                        owner.platform, owner.accountId, campaignId, value.key?.description, value.key?.zone,
                        value.purpose?.rawValue,
                    ])
                }
            }

            if let completeThrough {
                try db.execute(
                    sql: """
                        INSERT INTO metric_bookmark (platform, account_id, complete_through) VALUES (?, ?, ?)
                        ON CONFLICT (platform, account_id) DO UPDATE
                            SET complete_through = max(complete_through, excluded.complete_through)
                        """,
                    arguments: [owner.platform, owner.accountId, completeThrough])
            }
        }
    }

    /// Marks a running pull complete with the number of rows it stored; `finished_at` is SQLite's clock.
    ///
    /// Throws ``StoreError/Code/invalidPull`` for an unknown pull or one that has already ended.
    public func finishPull(_ id: Int64, rows: Int) throws {
        try end(id, doing: "record the end of pull \(id)", sql: """
            UPDATE metric_pull SET status = 'complete', rows = ?, finished_at = \(Self.sqliteNow)
            WHERE id = ? AND status = 'running'
            """, arguments: [max(0, rows), id])
    }

    /// Marks a running pull failed, storing `reason` as given (the caller has already redacted it).
    ///
    /// The rows it stored before failing stay, and so does the bookmark they moved. Throws
    /// ``StoreError/Code/invalidPull`` for an unknown pull or one that has already ended.
    public func failPull(_ id: Int64, reason: String) throws {
        try end(id, doing: "record the failure of pull \(id)", sql: """
            UPDATE metric_pull SET status = 'failed', error = ?, finished_at = \(Self.sqliteNow)
            WHERE id = ? AND status = 'running'
            """, arguments: [reason, id])
    }

    /// The last day stored completely for an account (`yyyy-MM-dd`), or nil when none was (not an error).
    public func metricBookmark(platform: Platform, accountId: String) throws -> String? {
        try read("read the metrics bookmark of \(platform.rawValue) account \(accountId)") { db in
            try String.fetchOne(
                db, sql: "SELECT complete_through FROM metric_bookmark WHERE platform = ? AND account_id = ?",
                arguments: [platform.rawValue, accountId])
        }
    }

    /// The latest `limit` pulls, **newest first** (`first` is the last pull started). A `limit` of 0 or
    /// less gives an empty list.
    public func recentPulls(limit: Int) throws -> [StoredPull] {
        guard limit > 0 else { return [] }
        return try read("read the recent metrics pulls") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM metric_pull ORDER BY id DESC LIMIT ?",
                arguments: [limit]
            ).map(Self.storedPull(from:))
        }
    }

    /// How many daily fact rows the store holds, all grains together.
    public func metricRowCount() throws -> Int {
        try read("count the stored metric rows") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_fact") ?? 0
        }
    }

    /// The comparison baseline of the ingest benchmark: a plain `INSERT` (no conflict clause, no campaign
    /// labels, no bookmark, no checks in Swift) of `rows` into ``metricFactsTable`` in one transaction,
    /// prepared once and bound through the same raw `sqlite3_bind_*` calls as
    /// ``storeMetrics(_:pull:completeThrough:)``.
    ///
    /// Not for production use: a row already stored fails the whole batch. `pull` must be an existing pull
    /// id (the rows reference it).
    public func bareInsertForBenchmark(_ rows: [MetricRow], pull: Int64) throws {
        try write("insert \(rows.count) metric row(s) for the benchmark") { db in
            let statement = try db.makeStatement(sql: Self.insertFactSQL)
            try FactWriter.write(rows, pull: pull, with: statement, in: db)
        }
    }
}

// MARK: - Statements and helpers

extension SQLiteStore {
    static let factColumns = """
        grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page,
        keyword, match_type, creative, impressions, clicks, cost_micros, conversions, search_impression_share, pull_id, reach
        """
    static let factValues = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"

    static let insertFactSQL = "INSERT INTO metric_fact (\(factColumns)) VALUES (\(factValues))"

    static let upsertFactSQL = """
        INSERT INTO metric_fact (\(factColumns)) VALUES (\(factValues))
        ON CONFLICT (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page)
        DO UPDATE SET
            keyword = excluded.keyword, match_type = excluded.match_type, creative = excluded.creative,
            impressions = excluded.impressions, clicks = excluded.clicks, cost_micros = excluded.cost_micros,
            conversions = excluded.conversions, search_impression_share = excluded.search_impression_share,
            pull_id = excluded.pull_id, reach = excluded.reach
        """

    /// ISO 8601 UTC to the second, from SQLite's clock.
    static let sqliteNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

    /// The platform and account of a pull that is still running, or a ``StoreError/Code/invalidPull``.
    static func runningPull(_ id: Int64, in db: Database) throws -> (platform: String, accountId: String) {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT platform, account_id, status FROM metric_pull WHERE id = ?", arguments: [id])
        else {
            throw StoreError(.invalidPull, "There is no metrics pull \(id) in the state store; start one before storing its rows.")
        }
        let status: String = row["status"]
        guard status == StoredPull.Status.running.rawValue else {
            throw StoreError(.invalidPull, "Metrics pull \(id) has already \(status == "failed" ? "failed" : "finished"); start a new pull to store more rows.")
        }
        return (row["platform"], row["account_id"])
    }

    /// The labels of each campaign in `rows`, one entry per campaign (a label given by any row wins over
    /// none); checks on the way that every row belongs to the pull's account.
    static func campaignLabels(
        of rows: [MetricRow], pull: Int64, owner: (platform: String, accountId: String)
    ) throws -> [String: (key: CampaignKey?, purpose: Purpose?)] {
        var labels: [String: (key: CampaignKey?, purpose: Purpose?)] = [:]
        // Rows come in runs of one campaign: skip the dictionary while the campaign and labels repeat.
        var previous: MetricRow?
        for row in rows {
            if let previous, previous.campaignId == row.campaignId, previous.campaignKey == row.campaignKey,
                previous.purpose == row.purpose, previous.accountId == row.accountId, previous.platform == row.platform
            {
                continue
            }
            guard row.platform.rawValue == owner.platform, row.accountId == owner.accountId else {
                throw StoreError(.invalidPull, "A row of \(row.platform.rawValue) account \(row.accountId) cannot be stored with pull \(pull), which reads \(owner.platform) account \(owner.accountId).")
            }
            previous = row
            let known = labels[row.campaignId]
            labels[row.campaignId] = (row.campaignKey ?? known?.key, row.purpose ?? known?.purpose)
        }
        return labels
    }

    func end(_ id: Int64, doing: String, sql: String, arguments: StatementArguments) throws {
        try write(doing) { db in
            try db.execute(sql: sql, arguments: arguments)
            guard db.changesCount == 0 else { return }
            _ = try Self.runningPull(id, in: db)  // throws the reason
        }
    }

    static func storedPull(from row: Row) throws -> StoredPull {
        let platformText: String = row["platform"]
        guard let platform = Platform(rawValue: platformText) else {
            throw StoreError(.unreadableRow, "The state store holds a pull of a platform this version of tfz does not know: \(platformText).")
        }
        let status = StoredPull.Status(rawValue: row["status"])  // the schema CHECKs it
        let pull = MetricPull(
            platform: platform, accountId: row["account_id"], apiVersion: row["api_version"],
            lookbackDays: row["lookback_days"], attribution: row["attribution"], since: row["since"],
            until: row["until"], startedAt: row["started_at"])
        return StoredPull(
            id: row["id"], pull: pull, finishedAt: row["finished_at"], status: status, rows: row["rows"],
            error: row["error"])
    }
}
