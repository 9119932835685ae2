import AdPlatforms
import CampaignKit
import Foundation
import Sandbox
import Store
import Testing

/// `MetricsPuller` with `GoogleAdsMetricsSource` over real HTTP on loopback to the Google Ads sandbox (the HTTP stack
/// the CLI builds, retry included) into the real SQLite store: pulling is repeatable, the store says what the platform
/// says, restated days overwrite, an interrupted pull resumes without gaps or double counting, and days without
/// delivery are stored as zero rows.
///
/// Every test launches the same two campaigns on Monday 2026-03-02 and lets the sandbox deliver for three weeks, so
/// the sandbox's today is Monday 2026-03-23 and a first pull (90 days, chunks of 7) reads 2025-12-24 … 2026-03-23 in
/// 13 chunks. `fl-zone0` keeps the fixture's ad schedule (Friday and Saturday evenings only): on the other days of its
/// flight Google reports it with zero metrics. `fl-zone1` has no schedule and delivers every day.
@Suite(.serialized) struct MetricsPullTests {
    // MARK: - Same window twice

    @Test func pullingTheSameWindowTwiceGivesIdenticalTotals() async throws {
        try await PullRig.with { rig in
            let store = try rig.freshStore()
            let first = try #require(try await rig.pull(into: store))
            #expect(first.since == "2025-12-24" && first.until == "2026-03-23" && first.chunks == 13)
            #expect(first.bookmark == "2026-03-22", "today is still being counted: the bookmark stops at yesterday")
            let total = try store.aggregate(by: [], filter: ReportFilter())
            let days = try store.aggregate(by: [.day], filter: ReportFilter())
            let keywords = try store.aggregate(by: [.day, .keyword], filter: ReportFilter())
            let count = try store.metricRowCount()
            try #require(total.count == 1 && total[0].impressions > 0 && total[0].clicks > 0 && total[0].costMicros > 0, "\(total)")
            #expect(days.map { $0.values[0] } == PullRig.flightDays, "one line per day of the flight before today")
            #expect(count == first.rows)

            let second = try #require(try await rig.pull(into: store))
            // Bookmark 03-22 + 30 days of lookback: the second pull re-reads every stored day (the flight began 03-02).
            #expect(second.since == "2026-02-22" && second.until == "2026-03-23" && second.bookmark == "2026-03-22")
            #expect(second.rows == count, "the second pull read every stored row again")
            #expect(try store.aggregate(by: [], filter: ReportFilter()) == total)
            #expect(try store.aggregate(by: [.day], filter: ReportFilter()) == days)
            #expect(try store.aggregate(by: [.day, .keyword], filter: ReportFilter()) == keywords)
            #expect(try store.metricRowCount() == count, "nothing stored twice")
            let pulls = try store.recentPulls(limit: 5)
            #expect(pulls.map(\.status) == [.complete, .complete])
            #expect(pulls.map(\.rows) == [second.rows, first.rows])
        }
    }

    // MARK: - Store equals platform

    @Test func theStoredFiguresAreThePlatforms() async throws {
        try await PullRig.with { rig in
            let store = try rig.freshStore()
            let result = try #require(try await rig.pull(into: store))

            // Campaign totals per day, against a query of our own (not the source's GAQL) at the same clock.
            let stored = PullRig.byDay(try store.aggregate(by: [.day], filter: ReportFilter()))
            let platform = try await rig.platformCampaignDays(since: result.since, until: result.until)
            #expect(Array(platform.keys).sorted() == PullRig.flightDays)
            #expect(platform.values.contains { $0.impressions > 0 })
            #expect(stored == platform)

            // Every other grain adds up to the campaign totals each day (keyword, ad and landing-page rows exist only
            // for days with delivery).
            for dimension in [ReportDimension.keyword, .creative, .landingPage] {
                let grain = PullRig.byDay(try store.aggregate(by: [.day, dimension], filter: ReportFilter()))
                #expect(!grain.isEmpty, "\(dimension)")
                for day in platform.keys.sorted() {
                    #expect(grain[day, default: .zero] == platform[day], "\(dimension) rows of \(day)")
                }
                #expect(Set(grain.keys).isSubset(of: Set(platform.keys)), "\(dimension): days the platform does not have")
            }

            // The rows carry tfz's labels: campaign keys, not "(not tfz)", each with the platform's own total.
            let byCampaign = try store.aggregate(by: [.campaign], filter: ReportFilter())
            #expect(byCampaign.map { $0.values[0] } == rig.campaigns.map(\.key.description).sorted())
            let platformByCampaign = try await rig.platformCampaignTotals(since: result.since, until: result.until)
            for line in byCampaign {
                #expect(PullRig.Figures(line) == platformByCampaign[line.values[0]], "\(line.values[0])")
            }
            #expect(try store.aggregate(by: [.creative], filter: ReportFilter()).map { $0.values[0] } == ["deterrence/arrest"])
        }
    }

    // MARK: - Restated days

    @Test func aRestatedDayOverwritesTheStoredFigures() async throws {
        try await PullRig.with { rig in
            let store = try rig.freshStore()
            _ = try #require(try await rig.pull(into: store))
            // Today is 03-23: 03-20 … 03-22 are served with preliminary figures that change as they age.
            let restated = ReportFilter(since: "2026-03-20", until: "2026-03-22")
            let before = try rig.storedDays(store, restated)
            let groupsBefore = try rig.storedGroups(store, restated)
            let countBefore = try store.metricRowCount()
            try #require(before[.campaign]?.count == 3)

            try await rig.sandbox.advance(days: 1)
            let second = try #require(try await rig.pull(into: store))
            #expect(second.bookmark == "2026-03-23")

            let after = try rig.storedDays(store, restated)
            let platform = try await rig.platformCampaignDays(since: "2026-03-20", until: "2026-03-22")
            #expect(after[.campaign] == platform, "the stored days are the platform's current answer")
            for grain in MetricGrain.allCases {
                #expect(after[grain] == platform, "\(grain) rows of the restated days")
            }
            let changed = (after[.campaign] ?? [:]).filter { before[.campaign]?[$0.key] != $0.value }.keys.sorted()
            #expect(!changed.isEmpty, "the platform restated at least one of the days: \(before[.campaign] ?? [:]) → \(after[.campaign] ?? [:])")

            // No double counting: the restated days have as many rows as before, and the only new rows are 03-23's.
            #expect(try rig.storedGroups(store, restated) == groupsBefore)
            let newDay = try await rig.platformRowCount(since: "2026-03-23", until: "2026-03-23")
            #expect(newDay > 0)
            #expect(try store.metricRowCount() == countBefore + newDay)
        }
    }

    // MARK: - Interrupted pull

    @Test func anInterruptedPullResumesWithoutGapsOrDoubleCounting() async throws {
        try await PullRig.with { rig in
            let store = try rig.freshStore()
            // The pull's requests are numbered after the launch's. Each chunk sends four queries (campaign, keyword,
            // ad, landing page), so the keyword query of chunk 12 (03-11 … 03-17) is the pull's 46th request; it and
            // its four retries (the retry middleware makes 5 attempts) get HTTP 500.
            let base = await rig.sandbox.receivedRequests().compactMap(\.faultNumber).max() ?? 0
            let failing = (46...50).map { base + $0 }
            await rig.sandbox.setFaultPlan(FaultPlan(script: Dictionary(uniqueKeysWithValues: failing.map { ($0, Fault.internalError) })))

            var thrown: (any Error)?
            do { _ = try await rig.pull(into: store) } catch { thrown = error }
            let failure = try #require(thrown as? GoogleAdsFailure, "the pull throws the platform's failure: \(String(describing: thrown))")

            let requests = await rig.sandbox.receivedRequests().filter { ($0.faultNumber ?? 0) > base }
            #expect(requests.count == 50, "nothing is sent after the failed chunk")
            let faulted = requests.filter { $0.fault != nil }
            #expect(faulted.map { $0.faultNumber! } == failing)
            let queries = Set(faulted.compactMap { $0.jsonBody?["query"]?.stringValue })
            #expect(queries == [GoogleAdsMetricsSource.query(.keyword, since: "2026-03-11", until: "2026-03-17")],
                    "the five failures are the attempts of one keyword query: \(queries)")

            let pull = try #require(try store.recentPulls(limit: 1).first)
            #expect(pull.status == .failed)
            #expect(pull.pull.since == "2025-12-24" && pull.pull.until == "2026-03-23")
            #expect(failure.httpStatus == 500 && failure.status == "INTERNAL", "\(failure)")
            #expect(pull.error == "\(failure.status): \(failure.message)", "the reason is stored: \(pull.error ?? "nil")")
            // Chunks 1 … 11 are stored and complete; the failed chunk stored nothing, not even its campaign rows.
            let bookmark = try store.metricBookmark(platform: .googleAds, accountId: rig.applier.client.customerId)
            #expect(bookmark == "2026-03-10")
            if let bookmark { #expect(bookmark > pull.pull.since && bookmark < pull.pull.until) }
            let partial = try store.aggregate(by: [.day], filter: ReportFilter())
            #expect(partial.map { $0.values[0] } == PullRig.flightDays.filter { $0 <= "2026-03-10" })

            await rig.sandbox.setFaultPlan(.none)
            let resumed = try #require(try await rig.pull(into: store))
            #expect(resumed.since == "2026-02-22" && resumed.bookmark == "2026-03-22")

            let reference = try rig.freshStore()
            _ = try #require(try await rig.pull(into: reference))
            #expect(try store.aggregate(by: [], filter: ReportFilter()) == reference.aggregate(by: [], filter: ReportFilter()))
            for dimensions: [ReportDimension] in [[.day], [.day, .campaign], [.day, .keyword], [.day, .creative], [.day, .landingPage]] {
                #expect(try store.aggregate(by: dimensions, filter: ReportFilter()) == reference.aggregate(by: dimensions, filter: ReportFilter()),
                        "\(dimensions)")
            }
            #expect(try store.metricRowCount() == reference.metricRowCount())
            #expect(try store.recentPulls(limit: 5).map(\.status) == [.complete, .failed])
        }
    }

    // MARK: - Zero rows

    @Test func daysWithoutDeliveryAreStoredAsZeroRows() async throws {
        try await PullRig.with { rig in
            let store = try rig.freshStore()
            let result = try #require(try await rig.pull(into: store))

            // fl-zone0 serves on Friday and Saturday evenings only: Google still reports every day of its flight.
            let zone0 = ReportFilter(zones: ["fl-zone0"])
            let days = try store.aggregate(by: [.day], filter: zone0)
            #expect(days.map { $0.values[0] } == PullRig.flightDays, "a line for every day of the flight, delivered or not")
            let weekend = Set(PullRig.flightDays.filter { PullRig.isFridayOrSaturday($0) })
            #expect(weekend.count == 6)
            for line in days {
                if weekend.contains(line.values[0]) {
                    #expect(line.impressions > 0, "\(line.values[0]) had delivery")
                } else {
                    #expect(line.impressions == 0 && line.clicks == 0 && line.costMicros == 0 && (line.conversions ?? 0) == 0,
                            "\(line.values[0]) is a zero row: \(line)")
                }
            }

            // The zero rows are rows: every row the platform answered is stored, zeros included …
            let fetched = try await rig.platformRows(since: result.since, until: result.until)
            let zeroRows = fetched.filter { $0.impressions == 0 && $0.clicks == 0 && $0.costMicros == 0 }
            #expect(zeroRows.count == PullRig.flightDays.count - weekend.count, "the zero campaign rows of fl-zone0")
            #expect(zeroRows.allSatisfy { $0.grain == .campaign })
            #expect(try store.metricRowCount() == fetched.count)
            #expect(result.rows == fetched.count)
            // … and add nothing: fl-zone0's campaign rows sum to what its keywords (which have no zero days) sum to.
            let campaignTotal = try store.aggregate(by: [], filter: zone0)
            let keywordTotal = PullRig.Figures(sum: try store.aggregate(by: [.keyword], filter: zone0))
            try #require(campaignTotal.count == 1)
            #expect(PullRig.Figures(campaignTotal[0]) == keywordTotal)
            #expect(keywordTotal.impressions > 0)
        }
    }
}

// MARK: - Support

/// A sandbox with two campaigns launched through `GoogleAdsApplier` on 2026-03-02 and three weeks of delivery; the
/// labels a pull needs, built from the launch's store as `Session.metricLabels` builds them; fresh stores to pull into.
final class PullRig {
    struct Figures: Hashable, CustomStringConvertible {
        var impressions: Int64 = 0
        var clicks: Int64 = 0
        var costMicros: Int64 = 0

        static let zero = Figures()

        init(impressions: Int64 = 0, clicks: Int64 = 0, costMicros: Int64 = 0) {
            self.impressions = impressions
            self.clicks = clicks
            self.costMicros = costMicros
        }

        init(_ line: AggregateRow) { self.init(impressions: line.impressions, clicks: line.clicks, costMicros: line.costMicros) }

        init(sum lines: [AggregateRow]) {
            self.init()
            for line in lines { self += Figures(line) }
        }

        static func += (a: inout Figures, b: Figures) {
            a.impressions += b.impressions
            a.clicks += b.clicks
            a.costMicros += b.costMicros
        }

        var description: String { "\(impressions)/\(clicks)/\(costMicros)" }
    }

    /// The days with campaign rows after `start`: the flight (from the launch day) through the day before today.
    static let flightDays = (0..<21).map { CalendarDate(year: 2026, month: 3, day: 2).adding(days: $0).description }

    let sandbox: RunningSandbox
    let applier: GoogleAdsApplier
    let campaigns: [Campaign]
    let labels: MetricLabels
    private var directories: [URL]

    private init(sandbox: RunningSandbox, applier: GoogleAdsApplier, campaigns: [Campaign], labels: MetricLabels, directory: URL) {
        self.sandbox = sandbox
        self.applier = applier
        self.campaigns = campaigns
        self.labels = labels
        self.directories = [directory]
    }

    /// Runs `body` with a launched rig and stops the sandbox and removes the stores afterwards, also when it throws.
    static func with(_ body: (PullRig) async throws -> Void) async throws {
        let rig = try await start()
        do {
            try await body(rig)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
    }

    static func start() async throws -> PullRig {
        var campaigns = GoogleAdsFixture.campaigns(keywords: 2, zones: 2)
        try #require(campaigns.map(\.key.description) == ["fl-zone0/deterrence/google_ads", "fl-zone1/deterrence/google_ads"])
        for i in campaigns.indices { campaigns[i].flight = nil }   // starts on the launch day
        campaigns[1].dayparts = []                                   // serves every day
        let noon = try #require(ISO8601DateFormatter().date(from: "2026-03-02T12:00:00Z"))
        let sandbox = try await startSandbox(SandboxConfiguration(seed: 29, now: { noon }))
        let directory = FaultRig.temporaryDirectory()
        let store = try SQLiteStore(directory: directory)
        let applier = FaultRig.applier(sandbox: sandbox, store: store)
        let launched = try await applier.launch(campaigns)
        guard launched.failed.isEmpty, launched.enabled.count == campaigns.count else {
            await sandbox.stop()
            FaultRig.remove(directory)
            throw PullRigError(message: "launch failed: \(launched.failed.map { "\($0.key): \($0.reason)" })")
        }
        try await sandbox.advance(days: 21)

        var labels = MetricLabels()
        for campaign in try store.remoteState().campaigns.values {
            guard let remote = campaign.remoteId?.split(separator: "/").last.map(String.init) else { continue }
            labels.campaignKeys[remote] = campaign.key
            labels.purposes[campaign.key] = campaigns.first { $0.key == campaign.key }?.purpose
            for object in try store.objects(for: campaign.key) {
                guard case .ad(_, let creative, _) = object.localKey, let tilde = object.resourceName.lastIndex(of: "~") else { continue }
                labels.creatives[String(object.resourceName[object.resourceName.index(after: tilde)...])] = creative
            }
        }
        let rig = PullRig(sandbox: sandbox, applier: applier, campaigns: campaigns, labels: labels, directory: directory)
        do {
            try #require(labels.campaignKeys.count == 2 && labels.creatives.count == 2, "\(labels)")
            try #require(await sandbox.today() == "2026-03-23")
        } catch {
            await rig.stop()
            throw error
        }
        return rig
    }

    func stop() async {
        await sandbox.stop()
        for directory in directories { FaultRig.remove(directory) }
    }

    func freshStore() throws -> SQLiteStore {
        let directory = FaultRig.temporaryDirectory()
        directories.append(directory)
        return try SQLiteStore(directory: directory)
    }

    var source: GoogleAdsMetricsSource { GoogleAdsMetricsSource(client: applier.client) }

    /// A pull as `tfz pull` makes it (30 days of lookback, chunks of 7), with the sandbox's today.
    func pull(into store: SQLiteStore) async throws -> MetricsPuller.Result? {
        let today = try #require(CalendarDate(parsing: await sandbox.today()))
        let puller = MetricsPuller(source: source, recorder: store, labels: labels, lookbackDays: 30,
                                   now: { "2026-03-23T12:00:00Z" })
        return try await puller.run(today: today)
    }

    /// Impressions, clicks and cost per day of every campaign, as the platform answers a query of its own now.
    func platformCampaignDays(since: String, until: String) async throws -> [String: Figures] {
        var days: [String: Figures] = [:]
        for row in try await campaignRows(since: since, until: until) { days[row.date, default: .zero] += Self.figures(row) }
        return days
    }

    /// The same per tfz campaign key.
    func platformCampaignTotals(since: String, until: String) async throws -> [String: Figures] {
        var totals: [String: Figures] = [:]
        for row in try await campaignRows(since: since, until: until) {
            totals[labels.campaignKeys[row.campaignId]?.description ?? "campaign \(row.campaignId)", default: .zero] += Self.figures(row)
        }
        return totals
    }

    private func campaignRows(since: String, until: String) async throws -> [GoogleAdsMetricsRow] {
        try await applier.client.searchStream("""
            SELECT campaign.id, segments.date, metrics.impressions, metrics.clicks, metrics.cost_micros FROM campaign \
            WHERE segments.date BETWEEN '\(since)' AND '\(until)' ORDER BY campaign.id
            """)
    }

    private static func figures(_ row: GoogleAdsMetricsRow) -> Figures {
        Figures(impressions: row.impressions, clicks: row.clicks, costMicros: row.costMicros)
    }

    /// Every row of every grain the source reads for the window now.
    func platformRows(since: String, until: String) async throws -> [MetricRow] {
        var rows: [MetricRow] = []
        for grain in MetricGrain.allCases { rows += try await source.fetch(grain, since: since, until: until) }
        return rows
    }

    func platformRowCount(since: String, until: String) async throws -> Int {
        try await platformRows(since: since, until: until).count
    }

    /// Stored figures per grain and day.
    func storedDays(_ store: SQLiteStore, _ filter: ReportFilter) throws -> [MetricGrain: [String: Figures]] {
        [
            .campaign: Self.byDay(try store.aggregate(by: [.day], filter: filter)),
            .keyword: Self.byDay(try store.aggregate(by: [.day, .keyword], filter: filter)),
            .ad: Self.byDay(try store.aggregate(by: [.day, .creative], filter: filter)),
            .landingPage: Self.byDay(try store.aggregate(by: [.day, .landingPage], filter: filter)),
        ]
    }

    /// How many stored groups per grain: campaign-days, keyword-days, ad-days, landing-page-days (of distinct
    /// campaigns, so one group is one stored row).
    func storedGroups(_ store: SQLiteStore, _ filter: ReportFilter) throws -> [Int] {
        try [[.day, .campaign], [.day, .campaign, .keyword], [.day, .campaign, .creative], [.day, .campaign, .landingPage]]
            .map { try store.aggregate(by: $0, filter: filter).count }
    }

    /// Lines whose first value is the day, summed per day.
    static func byDay(_ lines: [AggregateRow]) -> [String: Figures] {
        var days: [String: Figures] = [:]
        for line in lines { days[line.values[0], default: .zero] += Figures(line) }
        return days
    }

    static func isFridayOrSaturday(_ day: String) -> Bool {
        guard let date = CalendarDate(parsing: day) else { return false }
        let monday0 = ((date.dayNumber + 3) % 7 + 7) % 7   // 1970-01-01 was a Thursday
        return monday0 == 4 || monday0 == 5
    }
}

struct PullRigError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

