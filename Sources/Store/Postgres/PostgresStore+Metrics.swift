import CampaignKit
import Foundation
import PostgresNIO

extension PostgresStore: MetricsRecorder {}

/// Metrics on PostgreSQL: the same calls and guarantees as the SQLite store's (see `SQLiteStore+Metrics.swift`), with
/// the rows sent in bulk: each column of up to ``factBatch`` rows is one array parameter, and `unnest` turns the arrays
/// back into rows inside the server, so a million-row pull is a hundred statements, not a million.
extension PostgresStore {
    /// Rows per upsert statement.
    static let factBatch = 10_000

    public func beginPull(_ pull: MetricPull) throws -> Int64 {
        try write("record the start of a \(pull.platform.rawValue) metrics pull") {
            try session.query("""
                INSERT INTO metric_pull (platform, account_id, api_version, lookback_days, attribution, since, until, started_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                """, [
                    .text(pull.platform.rawValue), .text(pull.accountId), .text(pull.apiVersion), .int(Int64(pull.lookbackDays)),
                    .text(pull.attribution), .text(pull.since), .text(pull.until), .text(pull.startedAt),
                ])[0].get(0)
        }
    }

    public func storeMetrics(_ rows: [MetricRow], pull: Int64, completeThrough: String?) throws {
        try write("store \(rows.count) metric row(s) of pull \(pull)") {
            let owner = try runningPull(pull)
            let labels = try SQLiteStore.campaignLabels(of: rows, pull: pull, owner: owner)
            // One row per key, the last one given winning (as one upsert per row would). Two machines writing the
            // same rows at once may deadlock: the server then refuses one transaction, which ``write(_:_:)`` retries.
            var last: [FactKey: Int] = [:]
            last.reserveCapacity(rows.count)
            for index in rows.indices { last[FactKey(rows[index])] = index }
            let kept = last.count == rows.count ? Array(rows.indices) : last.values.sorted()
            // Days of the account not stored yet (a first pull of them) take a plain INSERT, which need not look for a
            // conflict; days stored before (re-read, restated) the upsert.
            let stored = try storedDays(of: kept.map { rows[$0] }, platform: owner.platform, accountId: owner.accountId)
            let fresh = kept.filter { !stored.contains(DayKey(grain: rows[$0].grain.rawValue, date: rows[$0].date)) }
            let restated = fresh.count == kept.count ? [] : kept.filter { stored.contains(DayKey(grain: rows[$0].grain.rawValue, date: rows[$0].date)) }
            for (indices, upsert) in [(fresh, false), (restated, true)] {
                var start = 0
                while start < indices.count {
                    let slice = Array(indices[start..<min(start + Self.factBatch, indices.count)])
                    try writeFacts(slice, of: rows, pull: pull, upsert: upsert)
                    start += Self.factBatch
                }
            }
            if !labels.isEmpty {
                let ids = labels.keys.sorted()
                try session.query("""
                    INSERT INTO metric_campaign AS m (platform, account_id, campaign_id, campaign_key, zone, purpose)
                    SELECT $1, $2, l.campaign_id, nullif(l.campaign_key, ''), nullif(l.zone, ''), nullif(l.purpose, '')
                    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS l (campaign_id, campaign_key, zone, purpose)
                    ON CONFLICT (platform, account_id, campaign_id) DO UPDATE SET
                        campaign_key = coalesce(excluded.campaign_key, m.campaign_key),
                        zone = coalesce(excluded.zone, m.zone),
                        purpose = coalesce(excluded.purpose, m.purpose)
                    WHERE coalesce(excluded.campaign_key, m.campaign_key) IS DISTINCT FROM m.campaign_key
                        OR coalesce(excluded.purpose, m.purpose) IS DISTINCT FROM m.purpose
                    """, [
                        .text(owner.platform), .text(owner.accountId), .texts(ids),
                        .texts(ids.map { labels[$0]!.key?.description ?? "" }), .texts(ids.map { labels[$0]!.key?.zone ?? "" }),
                        .texts(ids.map { labels[$0]!.purpose?.rawValue ?? "" }),
                    ])
            }
            if let completeThrough {
                try session.query("""
                    INSERT INTO metric_bookmark AS b (platform, account_id, complete_through) VALUES ($1, $2, $3)
                    ON CONFLICT (platform, account_id) DO UPDATE
                        SET complete_through = greatest(b.complete_through, excluded.complete_through)
                    """, [.text(owner.platform), .text(owner.accountId), .text(completeThrough)])
            }
        }
    }

    /// The (grain, day) pairs of `rows` for which the account already has stored rows.
    private func storedDays(of rows: [MetricRow], platform: String, accountId: String) throws -> Set<DayKey> {
        let days = Set(rows.map { DayKey(grain: $0.grain.rawValue, date: $0.date) })
        guard !days.isEmpty else { return [] }
        let list = Array(days)
        return Set(try session.query("""
            SELECT d.grain, d.date FROM unnest($3::text[], $4::text[]) AS d (grain, date)
            WHERE EXISTS (SELECT 1 FROM metric_fact AS f
                WHERE f.grain = d.grain AND f.date = d.date AND f.platform = $1 AND f.account_id = $2)
            """, [.text(platform), .text(accountId), .texts(list.map(\.grain)), .texts(list.map(\.date))]).map {
                DayKey(grain: try $0.get(0), date: try $0.get(1))
            })
    }

    /// One statement for up to ``factBatch`` rows of distinct keys (`indices` into `rows`): a plain insert, or an
    /// upsert. When the schema refuses a row, the statement is undone to a savepoint and its rows are tried one by one
    /// to name the row, as the SQLite store does; the error then fails the whole batch (nothing of it is stored).
    private func writeFacts(_ indices: [Int], of rows: [MetricRow], pull: Int64, upsert: Bool) throws {
        let sql = upsert ? Self.upsertFactsSQL : Self.insertFactsSQL
        try session.query("SAVEPOINT facts")
        do {
            try session.query(sql, Self.factBinds(indices.map { rows[$0] }, pull: pull))
        } catch let error where PostgresFailure.sqlState(error)?.hasPrefix("23") == true {
            try session.query("ROLLBACK TO SAVEPOINT facts")
            for index in indices {
                let row = rows[index]
                do {
                    try session.query(sql, Self.factBinds([row], pull: pull))
                } catch let refusal where PostgresFailure.sqlState(refusal)?.hasPrefix("23") == true {
                    throw StoreError(.database, "Could not store metric row \(index + 1) of \(rows.count) (\(row.grain.rawValue) row of \(row.platform.rawValue) campaign \(row.campaignId) on \(row.date)): \(PostgresFailure.serverMessage(refusal) ?? "a constraint failed").")
                }
            }
            throw PostgresFailure.wrapping(error, while: "store \(indices.count) metric row(s)", session.settings)
        }
        try session.query("RELEASE SAVEPOINT facts")
    }

    /// Each column as one array; the nullable ones with a parallel array of flags (an array parameter cannot hold
    /// NULLs through the driver).
    static func factBinds(_ rows: [MetricRow], pull: Int64) -> [PGBind] {
        [
            .texts(rows.map(\.grain.rawValue)), .texts(rows.map(\.date)), .texts(rows.map(\.platform.rawValue)), .texts(rows.map(\.accountId)),
            .texts(rows.map(\.campaignId)), .texts(rows.map(\.adGroupId)), .texts(rows.map(\.criterionId)), .texts(rows.map(\.adId)),
            .texts(rows.map(\.landingPage)),
            .texts(rows.map { $0.keyword ?? "" }), .bools(rows.map { $0.keyword == nil }),
            .texts(rows.map { $0.matchType ?? "" }), .bools(rows.map { $0.matchType == nil }),
            .texts(rows.map { $0.creative ?? "" }), .bools(rows.map { $0.creative == nil }),
            .ints(rows.map(\.impressions)), .ints(rows.map(\.clicks)), .ints(rows.map(\.costMicros)),
            .doubles(rows.map { $0.conversions ?? 0 }), .bools(rows.map { $0.conversions == nil }),
            .doubles(rows.map { $0.searchImpressionShare ?? 0 }), .bools(rows.map { $0.searchImpressionShare == nil }),
            .int(pull),
            .ints(rows.map { $0.reach ?? 0 }), .bools(rows.map { $0.reach == nil }),
        ]
    }

    static let upsertFactsSQL = insertFactsSQL + """

        ON CONFLICT (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page)
        DO UPDATE SET
            keyword = excluded.keyword, match_type = excluded.match_type, creative = excluded.creative,
            impressions = excluded.impressions, clicks = excluded.clicks, cost_micros = excluded.cost_micros,
            conversions = excluded.conversions, search_impression_share = excluded.search_impression_share,
            pull_id = excluded.pull_id, reach = excluded.reach
        """

    static let insertFactsSQL = """
        INSERT INTO metric_fact (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page,
            keyword, match_type, creative, impressions, clicks, cost_micros, conversions, search_impression_share, pull_id, reach)
        SELECT r.grain, r.date, r.platform, r.account_id, r.campaign_id, r.ad_group_id, r.criterion_id, r.ad_id, r.landing_page,
            CASE WHEN r.no_keyword THEN NULL ELSE r.keyword END, CASE WHEN r.no_match_type THEN NULL ELSE r.match_type END,
            CASE WHEN r.no_creative THEN NULL ELSE r.creative END, r.impressions, r.clicks, r.cost_micros,
            CASE WHEN r.no_conversions THEN NULL ELSE r.conversions END, CASE WHEN r.no_share THEN NULL ELSE r.share END,
            $23, CASE WHEN r.no_reach THEN NULL ELSE r.reach END
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::text[], $11::bool[], $12::text[], $13::bool[], $14::text[], $15::bool[], $16::int8[], $17::int8[], $18::int8[],
            $19::float8[], $20::bool[], $21::float8[], $22::bool[], $24::int8[], $25::bool[])
            AS r (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page,
                keyword, no_keyword, match_type, no_match_type, creative, no_creative, impressions, clicks, cost_micros,
                conversions, no_conversions, share, no_share, reach, no_reach)
        """

    public func finishPull(_ id: Int64, rows: Int) throws {
        try end(id, doing: "record the end of pull \(id)", sql: """
            UPDATE metric_pull SET status = 'complete', rows = $1, finished_at = \(Self.utcNow)
            WHERE id = $2 AND status = 'running'
            """, binds: [.int(Int64(max(0, rows))), .int(id)])
    }

    public func failPull(_ id: Int64, reason: String) throws {
        try end(id, doing: "record the failure of pull \(id)", sql: """
            UPDATE metric_pull SET status = 'failed', error = $1, finished_at = \(Self.utcNow)
            WHERE id = $2 AND status = 'running'
            """, binds: [.text(reason), .int(id)])
    }

    public func metricBookmark(platform: Platform, accountId: String) throws -> String? {
        try read("read the metrics bookmark of \(platform.rawValue) account \(accountId)") {
            try session.query("SELECT complete_through FROM metric_bookmark WHERE platform = $1 AND account_id = $2",
                              [.text(platform.rawValue), .text(accountId)]).first?.get(0)
        }
    }

    public func recentPulls(limit: Int) throws -> [StoredPull] {
        guard limit > 0 else { return [] }
        return try read("read the recent metrics pulls") {
            try session.query("""
                SELECT id, platform, account_id, api_version, lookback_days, attribution, since, until, started_at, finished_at, status, rows, error
                FROM metric_pull ORDER BY id DESC LIMIT $1
                """, [.int(Int64(limit))]).map { row in
                    let platformText: String = try row.get(1)
                    guard let platform = Platform(rawValue: platformText) else {
                        throw StoreError(.unreadableRow, "The state store holds a pull of a platform this version of tfz does not know: \(platformText).")
                    }
                    let pull = MetricPull(
                        platform: platform, accountId: try row.get(2), apiVersion: try row.get(3),
                        lookbackDays: Int(try row.get(4, as: Int64.self)), attribution: try row.get(5), since: try row.get(6),
                        until: try row.get(7), startedAt: try row.get(8))
                    return StoredPull(
                        id: try row.get(0), pull: pull, finishedAt: try row.get(9), status: StoredPull.Status(rawValue: try row.get(10)),
                        rows: Int(try row.get(11, as: Int64.self)), error: try row.get(12))
                }
        }
    }

    public func metricRowCount() throws -> Int {
        try read("count the stored metric rows") {
            Int(try session.query("SELECT count(*) FROM metric_fact")[0].get(0, as: Int64.self))
        }
    }

    /// ISO 8601 UTC to the second, from the server's clock (the SQLite store's `strftime` form).
    static let utcNow = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

    private func runningPull(_ id: Int64) throws -> (platform: String, accountId: String) {
        guard let row = try session.query("SELECT platform, account_id, status FROM metric_pull WHERE id = $1", [.int(id)]).first else {
            throw StoreError(.invalidPull, "There is no metrics pull \(id) in the state store; start one before storing its rows.")
        }
        let status: String = try row.get(2)
        guard status == StoredPull.Status.running.rawValue else {
            throw StoreError(.invalidPull, "Metrics pull \(id) has already \(status == "failed" ? "failed" : "finished"); start a new pull to store more rows.")
        }
        return (try row.get(0), try row.get(1))
    }

    private func end(_ id: Int64, doing: String, sql: String, binds: [PGBind]) throws {
        try write(doing) {
            let changed = try session.query(sql + " RETURNING id", binds)
            guard changed.isEmpty else { return }
            _ = try runningPull(id)  // throws the reason
        }
    }
}

/// A fact row's key (the table's primary key; platform and account are the pull's).
struct FactKey: Hashable {
    var grain: MetricGrain, date: String, campaignId: String, adGroupId: String, criterionId: String, adId: String, landingPage: String
    init(_ row: MetricRow) {
        grain = row.grain
        date = row.date
        campaignId = row.campaignId
        adGroupId = row.adGroupId
        criterionId = row.criterionId
        adId = row.adId
        landingPage = row.landingPage
    }
}

/// A grain and a day.
struct DayKey: Hashable {
    var grain: String
    var date: String
}
