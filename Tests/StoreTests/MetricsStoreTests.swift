import CampaignKit
import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct MetricsStoreTests {
    let week = [
        campaignDay(hillsboroughGoogle, "10", "2026-01-01", impressions: 100, clicks: 10, cost: 1_000_000, share: 0.5),
        campaignDay(hillsboroughGoogle, "10", "2026-01-02", impressions: 200, clicks: 20, cost: 2_000_000, conversions: 1.5),
        keywordDay(hillsboroughGoogle, "10", "7", "2026-01-01", keyword: "buy sex", matchType: "PHRASE", impressions: 60, clicks: 6),
        adDay(hillsboroughGoogle, "10", "501", "2026-01-01", creative: "deterrence/arrest", impressions: 90),
        landingPageDay(hillsboroughGoogle, "10", "https://example.org/help", "2026-01-01", impressions: 80),
        campaignDay(nil, "12", "2026-01-01", impressions: 7),
    ]

    // MARK: Upserts

    @Test(arguments: StoreKind.allCases)
    func storingTheSameRowsTwiceChangesNothing(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let pull = try store.beginPull(metricPull())
        try store.storeMetrics(week, pull: pull, completeThrough: "2026-01-02")
        let rows = try store.factDump()
        let totals = try store.aggregate(by: [.zone, .day], filter: ReportFilter())
        #expect(rows.count == 6)
        #expect(try store.metricRowCount() == 6)

        try store.storeMetrics(week, pull: pull, completeThrough: "2026-01-02")
        #expect(try store.factDump() == rows)
        #expect(try store.metricRowCount() == 6)
        #expect(try store.aggregate(by: [.zone, .day], filter: ReportFilter()) == totals)
        #expect(totals == [
            AggregateRow(values: ["(not tfz)", "2026-01-01"], impressions: 7, clicks: 0, costMicros: 0),
            AggregateRow(values: ["fl-hillsborough", "2026-01-01"], impressions: 100, clicks: 10, costMicros: 1_000_000),
            AggregateRow(values: ["fl-hillsborough", "2026-01-02"], impressions: 200, clicks: 20, costMicros: 2_000_000, conversions: 1.5),
        ])
    }

    /// Social platforms' daily reach is stored beside the other measures, overwritten by a restatement, summed by
    /// reports (as "daily reach") and absent (nil) where no row counts it; a negative reach is refused.
    @Test(arguments: StoreKind.allCases)
    func dailyReachIsStoredRestatedAndSummed(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let pull = try store.beginPull(MetricPull(platform: .meta, accountId: "act_1", apiVersion: "v25.0", lookbackDays: 28, attribution: "meta",
                                                  since: "2026-01-01", until: "2026-01-02", startedAt: "2026-01-03T00:00:00Z"))
        var days = ["2026-01-01", "2026-01-02"].enumerated().map { i, date in
            var row = MetricRow(platform: .meta, accountId: "act_1", grain: .campaign, campaignId: "120", date: date,
                                impressions: 1_000, clicks: 10, costMicros: 5_000_000)
            row.reach = 700 + Int64(i) * 100
            return row
        }
        try store.storeMetrics(days, pull: pull, completeThrough: nil)
        #expect(try store.aggregate(by: [], filter: ReportFilter(platforms: [.meta])).first?.reach == 1_500)
        days[1].reach = 750
        try store.storeMetrics([days[1]], pull: pull, completeThrough: nil)
        #expect(try store.aggregate(by: [.week], filter: ReportFilter(platforms: [.meta])).map(\.reach) == [1_450])
        #expect(try store.aggregate(by: [], filter: ReportFilter(platforms: [.googleAds])).isEmpty)
        try store.storeMetrics(week, pull: try store.beginPull(metricPull()), completeThrough: nil)
        #expect(try store.aggregate(by: [], filter: ReportFilter(platforms: [.googleAds])).first?.reach == nil)
        var negative = days[0]
        negative.reach = -1
        #expect(throws: (any Error).self) { try store.storeMetrics([negative], pull: pull, completeThrough: nil) }
    }

    @Test(arguments: StoreKind.allCases)
    func aRestatedRowOverwritesTheStoredOne(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let first = try store.beginPull(metricPull())
        try store.storeMetrics(week, pull: first, completeThrough: nil)
        try store.finishPull(first, rows: week.count)

        var restated = week[0]
        restated.impressions = 95  // invalid clicks removed, a conversion came in late
        restated.clicks = 9
        restated.costMicros = 900_000
        restated.conversions = 1
        restated.searchImpressionShare = nil
        let second = try store.beginPull(metricPull())
        try store.storeMetrics([restated], pull: second, completeThrough: nil)

        #expect(try store.metricRowCount() == 6)
        let row = try #require(try store.queryRaw("""
            SELECT impressions, clicks, cost_micros, conversions, search_impression_share, pull_id FROM metric_fact
            WHERE grain = 'campaign' AND date = '2026-01-01' AND campaign_id = '10'
            """).first)
        #expect(row == [.integer(95), .integer(9), .integer(900_000), .real(1), .null, .integer(second)])
        // The other rows keep the pull that wrote them.
        let pulls = try store.queryRaw("SELECT DISTINCT pull_id FROM metric_fact ORDER BY 1").map(\.first)
        #expect(pulls == [.integer(first), .integer(second)])
    }

    @Test(arguments: StoreKind.allCases)
    func aFailingBatchStoresNothingAndLeavesTheBookmark(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let pull = try store.beginPull(metricPull())
        try store.storeMetrics([week[0]], pull: pull, completeThrough: "2026-01-01")
        let before = try store.factDump()
        let labels = try store.labelDump()

        var bad = campaignDay(pinellasOutreach, "11", "2026-01-02", impressions: 5)
        bad.clicks = -1
        let batch = [week[1], campaignDay(pinellasOutreach, "11", "2026-01-02", impressions: 3, clicks: 1)] + [bad] + Array(week[2...])
        let error = #expect(throws: StoreError.self) { try store.storeMetrics(batch, pull: pull, completeThrough: "2026-01-02") }
        #expect(error?.code == .database)
        switch kind {
        case .sqlite:
            #expect(error?.errorDescription == "Could not store metric row 3 of 7 (campaign row of google_ads campaign 11 on 2026-01-02): CHECK constraint failed: clicks >= 0.")
        case .postgres:
            // Rows go in bulk; a refused statement is retried row by row to name the row, in PostgreSQL's words.
            #expect(error?.errorDescription == #"Could not store metric row 3 of 7 (campaign row of google_ads campaign 11 on 2026-01-02): new row for relation "metric_fact_campaign" violates check constraint "metric_fact_clicks_check"."#)
        }
        #expect(try store.factDump() == before)
        #expect(try store.labelDump() == labels)
        #expect(try store.metricBookmark(platform: .googleAds, accountId: account(.googleAds)) == "2026-01-01")
    }

    @Test(arguments: StoreKind.allCases)
    func theBookmarkOnlyMovesForward(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let googleAccount = account(.googleAds)
        #expect(try store.metricBookmark(platform: .googleAds, accountId: googleAccount) == nil)
        let pull = try store.beginPull(metricPull())
        try store.storeMetrics([], pull: pull, completeThrough: "2026-01-10")
        #expect(try store.metricBookmark(platform: .googleAds, accountId: googleAccount) == "2026-01-10")
        try store.storeMetrics(week, pull: pull, completeThrough: "2026-01-02")  // a re-pull of older days
        #expect(try store.metricBookmark(platform: .googleAds, accountId: googleAccount) == "2026-01-10")
        try store.storeMetrics(week, pull: pull, completeThrough: nil)
        #expect(try store.metricBookmark(platform: .googleAds, accountId: googleAccount) == "2026-01-10")
        try store.storeMetrics([], pull: pull, completeThrough: "2026-01-17")
        #expect(try store.metricBookmark(platform: .googleAds, accountId: googleAccount) == "2026-01-17")
        // Another account of the same platform has its own bookmark.
        #expect(try store.metricBookmark(platform: .googleAds, accountId: "999") == nil)
        #expect(try store.metricBookmark(platform: .microsoftAds, accountId: googleAccount) == nil)

        // The schema refuses to move it back, whoever tries.
        expectRefused(store, kind, "UPDATE metric_bookmark SET complete_through = '2026-01-01'", .message("a metrics bookmark never moves backwards"),
                      table: "metric_bookmark")
        let back = #expect(throws: StoreError.self) { try store.executeRaw("UPDATE metric_bookmark SET complete_through = '2026-01-01'") }
        #expect(back?.errorDescription == "Could not run raw SQL: a metrics bookmark never moves backwards.")
        #expect(try store.metricBookmark(platform: .googleAds, accountId: googleAccount) == "2026-01-17")
    }

    @Test(arguments: StoreKind.allCases)
    func labelsAreKeptPerCampaignAndNeverErasedByUnlabelledRows(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let pull = try store.beginPull(metricPull())
        var unlabelled = week[1]
        unlabelled.campaignKey = nil
        unlabelled.purpose = nil
        // The first row of campaign 10 has no labels; a later one has: the campaign is labelled.
        try store.storeMetrics([unlabelled, week[0], week[5]], pull: pull, completeThrough: nil)
        #expect(try store.labelDump() == [
            "google_ads|1112223333|10|fl-hillsborough/deterrence-search/google_ads|fl-hillsborough|deterrence",
            "google_ads|1112223333|12|-|-|-",
        ])
        try store.storeMetrics([unlabelled], pull: pull, completeThrough: nil)
        #expect(try store.labelDump().first == "google_ads|1112223333|10|fl-hillsborough/deterrence-search/google_ads|fl-hillsborough|deterrence")

        // A campaign that tfz adopts later is relabelled without rewriting its facts.
        let facts = try store.factDump()
        let adopted = campaignDay(CampaignKey(zone: "fl-pasco", template: "deterrence-search", platform: .googleAds), "12", "2026-01-03", impressions: 1)
        try store.storeMetrics([adopted], pull: pull, completeThrough: nil)
        #expect(try store.labelDump().last == "google_ads|1112223333|12|fl-pasco/deterrence-search/google_ads|fl-pasco|deterrence")
        #expect(try store.factDump().filter { !$0.contains("|2026-01-03|") } == facts)
        #expect(try store.aggregate(by: [.zone], filter: ReportFilter()).map(\.values) == [["fl-hillsborough"], ["fl-pasco"]])
    }

    @Test(arguments: StoreKind.allCases)
    func rowsOfAnotherAccountThanThePullsAreRefused(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let pull = try store.beginPull(metricPull(.googleAds))
        let microsoft = campaignDay(hillsboroughMicrosoft, "20", "2026-01-01", impressions: 1)
        let error = #expect(throws: StoreError.self) { try store.storeMetrics([week[0], microsoft], pull: pull, completeThrough: "2026-01-01") }
        #expect(error?.code == .invalidPull)
        #expect(error?.errorDescription == "A row of microsoft_ads account 222 cannot be stored with pull \(pull), which reads google_ads account 1112223333.")
        #expect(try store.metricRowCount() == 0)
        #expect(try store.metricBookmark(platform: .googleAds, accountId: account(.googleAds)) == nil)
    }

    // MARK: Pulls

    @Test(arguments: StoreKind.allCases)
    func pullsRecordHowTheyEnded(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let first = try store.beginPull(metricPull(.googleAds))
        let second = try store.beginPull(metricPull(.microsoftAds, since: "2026-01-01", until: "2026-01-01"))
        let third = try store.beginPull(metricPull(.meta))
        try store.storeMetrics(week, pull: first, completeThrough: "2026-01-02")
        try store.finishPull(first, rows: week.count)
        try store.failPull(second, reason: "microsoft_ads GetReportStatus answered 401: authentication failed")

        let pulls = try store.recentPulls(limit: 10).reversed().map { $0 }
        #expect(pulls.map(\.id) == [first, second, third])
        #expect(pulls[0].pull == metricPull(.googleAds))
        #expect(pulls[0].status == .complete)
        #expect(pulls[0].rows == 6)
        #expect(pulls[0].error == nil)
        let finishedAt = try #require(pulls[0].finishedAt)
        #expect(finishedAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
        #expect(pulls[1].status == .failed)
        #expect(pulls[1].error == "microsoft_ads GetReportStatus answered 401: authentication failed")
        #expect(pulls[1].rows == 0)
        #expect(pulls[1].finishedAt != nil)
        #expect(pulls[2] == StoredPull(id: third, pull: metricPull(.meta), finishedAt: nil, status: .running, rows: 0, error: nil))
        #expect(try store.recentPulls(limit: 2).map(\.id) == [third, second])  // newest first
        #expect(try store.recentPulls(limit: 1).first?.status == "running")
        #expect(try store.recentPulls(limit: 0) == [])

        // Every stored row says which pull (API version, lookback, attribution) produced it.
        let provenance = try store.queryRaw(
            "SELECT DISTINCT p.api_version, p.lookback_days, p.attribution FROM metric_fact JOIN metric_pull p ON p.id = pull_id")
        #expect(provenance == [[.text("v21"), .integer(30), .text("google_ads: account default conversion window")]])
    }

    @Test(arguments: StoreKind.allCases)
    func anEndedOrUnknownPullTakesNoMoreRows(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let pull = try store.beginPull(metricPull())
        try store.finishPull(pull, rows: 0)

        let finished = #expect(throws: StoreError.self) { try store.storeMetrics(week, pull: pull, completeThrough: "2026-01-02") }
        #expect(finished?.code == .invalidPull)
        #expect(finished?.errorDescription == "Metrics pull \(pull) has already finished; start a new pull to store more rows.")
        let again = #expect(throws: StoreError.self) { try store.failPull(pull, reason: "late") }
        #expect(again?.code == .invalidPull)
        let unknown = #expect(throws: StoreError.self) { try store.finishPull(pull + 41, rows: 1) }
        #expect(unknown?.errorDescription == "There is no metrics pull \(pull + 41) in the state store; start one before storing its rows.")
        #expect(try store.metricRowCount() == 0)
        #expect(try store.metricBookmark(platform: .googleAds, accountId: account(.googleAds)) == nil)
        #expect(try store.recentPulls(limit: 1).first?.status == .complete)
    }

    // MARK: Constraints

    @Test(arguments: StoreKind.allCases)
    func checkConstraintsRejectBadFactsFromRawSQL(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let pull = try store.beginPull(metricPull())
        func sql(
            grain: String = "campaign", date: String = "2026-01-01", adGroup: String = "", criterion: String = "",
            ad: String = "", landingPage: String = "", keyword: String? = nil, creative: String? = nil,
            impressions: Int64 = 1, clicks: Int64 = 0, cost: Int64 = 0, share: Double? = nil, pullId: Int64? = nil
        ) -> String {
            let values = [literal(grain), literal(date), "'google_ads'", "'1'", "'10'", literal(adGroup), literal(criterion), literal(ad),
                          literal(landingPage), literal(keyword), literal(creative), "\(impressions)", "\(clicks)", "\(cost)",
                          share.map { "\($0)" } ?? "NULL", "\(pullId ?? pull)"]
            return """
                INSERT INTO metric_fact (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id,
                    landing_page, keyword, creative, impressions, clicks, cost_micros, search_impression_share, pull_id)
                VALUES (\(values.joined(separator: ", ")))
                """
        }
        func insert(_ sql: String) throws { try store.executeRaw(sql) }
        func refused(_ sql: String, _ comment: Comment, _ why: Refusal = .check, postgres: Refusal? = nil,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            expectRefused(store, kind, sql, why, postgres: postgres, table: "metric_fact", comment, sourceLocation: sourceLocation)
        }
        // PostgreSQL routes a row to its grain's partition before checking it: an unknown grain has none.
        refused(sql(grain: "keywords", adGroup: "1", criterion: "2"), "unknown grain", postgres: .message("no partition of relation"))
        refused(sql(grain: "campaign", adGroup: "1"), "campaign row with an ad group")
        refused(sql(grain: "campaign", keyword: "buy sex"), "campaign row with a keyword")
        refused(sql(grain: "keyword", adGroup: "1"), "keyword row without a criterion")
        refused(sql(grain: "keyword", adGroup: "1", criterion: "2", ad: "3"), "keyword row with an ad")
        refused(sql(grain: "keyword", adGroup: "1", criterion: "2", share: 0.5), "keyword row with a share")
        refused(sql(grain: "ad", adGroup: "1"), "ad row without an ad")
        refused(sql(grain: "ad", adGroup: "1", criterion: "2", ad: "3"), "ad row with a criterion")
        refused(sql(grain: "ad", adGroup: "1", ad: "3", keyword: "x"), "ad row with a keyword")
        refused(sql(grain: "landing_page", adGroup: "1"), "landing-page row without a URL")
        refused(sql(grain: "landing_page", landingPage: "https://example.org", creative: "x"), "landing-page row with a creative")
        refused(sql(impressions: -1), "negative impressions")
        refused(sql(clicks: -1), "negative clicks")
        refused(sql(cost: -1), "negative cost")
        refused(sql(share: 1.01), "share above 1")
        refused(sql(share: -0.1), "negative share")
        refused(sql(date: "2026-1-05"), "date without padding")
        refused(sql(date: "05/01/2026"), "date in another format")
        refused(sql(date: "2026-01-01T00:00:00Z"), "timestamp for a date")
        refused(sql(pullId: pull + 1), "a pull that does not exist", .foreignKey)
        #expect(try store.metricRowCount() == 0)

        // And the rows the CHECKs accept go in.
        try insert(sql(share: 0.0999))
        try insert(sql(grain: "keyword", adGroup: "1", criterion: "2", keyword: "buy sex"))
        try insert(sql(grain: "ad", adGroup: "1", ad: "3", creative: "deterrence/arrest"))
        try insert(sql(grain: "landing_page", landingPage: "https://example.org/help"))
        try insert(sql(grain: "landing_page", adGroup: "1", landingPage: "https://example.org/help"))
        #expect(try store.metricRowCount() == 5)
    }

    @Test(arguments: StoreKind.allCases)
    func checkConstraintsRejectBadPullsLabelsAndBookmarks(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        func execute(_ sql: String) throws { try store.executeRaw(sql) }
        func refused(_ sql: String, _ comment: Comment, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let table = sql.hasPrefix("INSERT INTO metric_pull") ? "metric_pull" : sql.hasPrefix("INSERT INTO metric_campaign") ? "metric_campaign" : "metric_bookmark"
            expectRefused(store, kind, sql, .check, table: table, comment, sourceLocation: sourceLocation)
        }
        let pull = "INSERT INTO metric_pull (platform, account_id, api_version, lookback_days, attribution, since, until, started_at, status, finished_at, error) VALUES "
        refused(pull + "('google_ads', '1', 'v21', 7, '', '2026-01-02', '2026-01-01', 'now', 'running', NULL, NULL)", "since after until")
        refused(pull + "('google_ads', '1', 'v21', 7, '', '2026-01', '2026-01-01', 'now', 'running', NULL, NULL)", "since is not a date")
        refused(pull + "('google_ads', '1', 'v21', 7, '', '2026-01-01', '2026-01-01', 'now', 'done', 'x', NULL)", "unknown status")
        refused(pull + "('google_ads', '1', 'v21', 7, '', '2026-01-01', '2026-01-01', 'now', 'failed', 'x', NULL)", "failed without a reason")
        refused(pull + "('google_ads', '1', 'v21', 7, '', '2026-01-01', '2026-01-01', 'now', 'complete', NULL, NULL)", "complete without an end")
        refused(pull + "('google_ads', '1', 'v21', -1, '', '2026-01-01', '2026-01-01', 'now', 'running', NULL, NULL)", "negative lookback")
        try execute(pull + "('google_ads', '1', 'v21', 7, '', '2026-01-01', '2026-01-01', 'now', 'running', NULL, NULL)")

        let label = "INSERT INTO metric_campaign (platform, account_id, campaign_id, campaign_key, zone, purpose) VALUES "
        refused(label + "('google_ads', '1', '10', 'fl-a/t/meta', 'fl-a', 'deterrence')", "key of another platform")
        refused(label + "('google_ads', '1', '10', 'fl-a/t/google_ads', 'fl-b', 'deterrence')", "zone is not the key's")
        refused(label + "('google_ads', '1', '10', 'fl-a/t/google_ads', NULL, 'deterrence')", "key without zone")
        refused(label + "('google_ads', '1', '10', NULL, 'fl-a', NULL)", "zone without key")
        refused(label + "('google_ads', '1', '10', 'fl-a/t/google_ads', 'fl-a', 'awareness')", "unknown purpose")
        try execute(label + "('google_ads', '1', '10', 'fl-a/t/google_ads', 'fl-a', 'deterrence')")

        refused("INSERT INTO metric_bookmark VALUES ('google_ads', '1', '2026-13')", "bookmark is not a date")
        #expect(try store.count("metric_pull") == 1)
        #expect(try store.count("metric_campaign") == 1)
    }

    // MARK: Migration

    // SQLite only: a GRDB migration of an old SQLite file (PostgreSQL stores started at the current schema).
    @Test func aVersion1StoreIsMigratedAndKeepsItsData() throws {
        let workspace = try TemporaryWorkspace()
        try FileManager.default.createDirectory(at: workspace.stateDirectory, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: workspace.databasePath)
            try SQLiteStore.migrator.migrate(queue, upTo: "v1: campaigns, objects, change log, leases")
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO remote_campaign (key, platform, account_id, remote_id, status, applied_json, applied_at) VALUES (?, 'google_ads', '1234567890', '987', 'paused', ?, '2026-01-01T12:00:00Z')",
                    arguments: [hillsborough.description, sampleSnapshotJSON])
                try db.execute(sql: "INSERT INTO change_log (at, actor, action, key, platform, detail, result) VALUES ('2026-01-01T12:00:01Z', 'user:ana', 'create', NULL, NULL, 'entry 1', 'ok')")
            }
            #expect(try queue.read { db in try db.tableExists("metric_fact") } == false)
        }

        let store = try SQLiteStore(directory: workspace.stateDirectory)
        let migrations = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(migrations == ["v1: campaigns, objects, change log, leases", "v2: metrics", "v3: holds and ticks", "v4: typed state", "v5: reach", "v6: change log machine"])
        #expect(try store.campaign(hillsborough) == sampleCampaign())
        #expect(try store.changeLog(limit: 5).map(\.detail) == ["entry 1"])
        try store.storeInPulls(week, completeThrough: "2026-01-02")
        #expect(try store.metricRowCount() == 6)
    }
}
