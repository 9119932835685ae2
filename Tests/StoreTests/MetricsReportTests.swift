import CampaignKit
import Foundation
import Testing

@testable import Store

@Suite struct MetricsReportTests {
    /// Campaign rows around a year boundary: 2025-12-28 is a Sunday (week of Monday 2025-12-22),
    /// 2025-12-29 a Monday, 2026-01-04 a Sunday, 2026-02-01 a Sunday (week of Monday 2026-01-26).
    static let campaignRows = [
        campaignDay(hillsboroughGoogle, "10", "2025-12-28", impressions: 100, clicks: 10, cost: 1_000_000, conversions: 1),
        campaignDay(hillsboroughGoogle, "10", "2026-01-01", impressions: 200, clicks: 20, cost: 2_000_000),
        campaignDay(hillsboroughGoogle, "10", "2026-01-05", impressions: 300, clicks: 30, cost: 3_000_000),
        campaignDay(pinellasOutreach, "11", "2026-01-01", impressions: 50, clicks: 5, cost: 500_000),
        campaignDay(nil, "12", "2026-01-04", impressions: 7, clicks: 1, cost: 70_000),
        campaignDay(hillsboroughMicrosoft, "20", "2025-12-29", impressions: 40, clicks: 4, cost: 400_000, conversions: 2),
        campaignDay(pinellasMeta, "30", "2026-02-01", impressions: 1000, clicks: 9, cost: 900_000),
    ]
    static let detailRows = [
        keywordDay(hillsboroughGoogle, "10", "1", "2026-01-01", keyword: "buy sex", matchType: "PHRASE", impressions: 10, clicks: 1),
        keywordDay(hillsboroughGoogle, "10", "2", "2026-01-01", keyword: "escorts", matchType: "EXACT", impressions: 5),
        keywordDay(hillsboroughGoogle, "10", "3", "2026-01-01", keyword: nil, matchType: nil, impressions: 1),
        keywordDay(pinellasOutreach, "11", "1", "2026-01-02", keyword: "buy sex", matchType: "PHRASE", impressions: 3),
        keywordDay(pinellasOutreach, "11", "4", "2026-01-02", keyword: "help now", matchType: nil, impressions: 2),
        adDay(hillsboroughGoogle, "10", "501", "2026-01-01", creative: "deterrence/arrest", impressions: 20),
        adDay(hillsboroughGoogle, "10", "502", "2026-01-01", creative: nil, impressions: 4),
        landingPageDay(hillsboroughGoogle, "10", "https://example.org/help", "2026-01-01", impressions: 8),
        landingPageDay(pinellasOutreach, "11", "https://example.org/get-out", "2026-01-02", impressions: 6),
    ]

    /// A store of `kind` holding ``campaignRows`` and ``detailRows``.
    final class Fixture {
        let workspace: TemporaryWorkspace
        let store: any WorkspaceStore & RawSQLStore

        init(_ kind: StoreKind) throws {
            workspace = try TemporaryWorkspace()
            store = try kind.makeStore(in: workspace)
            try store.storeInPulls(MetricsReportTests.campaignRows + MetricsReportTests.detailRows)
        }

        func lines(_ dimensions: [ReportDimension], _ filter: ReportFilter = ReportFilter()) throws -> [AggregateRow] {
            try store.aggregate(by: dimensions, filter: filter)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func byZoneLabelsCampaignsTfzDidNotLaunch(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([.zone]) == [
            AggregateRow(values: ["(not tfz)"], impressions: 7, clicks: 1, costMicros: 70_000),
            AggregateRow(values: ["fl-hillsborough"], impressions: 640, clicks: 64, costMicros: 6_400_000, conversions: 3),
            AggregateRow(values: ["fl-pinellas"], impressions: 1050, clicks: 14, costMicros: 1_400_000),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func byCampaignAndDayForOnePlatform(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([.campaign, .day], ReportFilter(platforms: [.googleAds])) == [
            AggregateRow(values: ["(not tfz)", "2026-01-04"], impressions: 7, clicks: 1, costMicros: 70_000),
            AggregateRow(values: ["fl-hillsborough/deterrence-search/google_ads", "2025-12-28"], impressions: 100, clicks: 10, costMicros: 1_000_000, conversions: 1),
            AggregateRow(values: ["fl-hillsborough/deterrence-search/google_ads", "2026-01-01"], impressions: 200, clicks: 20, costMicros: 2_000_000),
            AggregateRow(values: ["fl-hillsborough/deterrence-search/google_ads", "2026-01-05"], impressions: 300, clicks: 30, costMicros: 3_000_000),
            AggregateRow(values: ["fl-pinellas/outreach-search/google_ads", "2026-01-01"], impressions: 50, clicks: 5, costMicros: 500_000),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func byPurposeAndPlatformFilteredByPurpose(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([.purpose, .platform], ReportFilter(purposes: [.deterrence])) == [
            AggregateRow(values: ["deterrence", "google_ads"], impressions: 600, clicks: 60, costMicros: 6_000_000, conversions: 1),
            AggregateRow(values: ["deterrence", "meta"], impressions: 1000, clicks: 9, costMicros: 900_000),
            AggregateRow(values: ["deterrence", "microsoft_ads"], impressions: 40, clicks: 4, costMicros: 400_000, conversions: 2),
        ])
        #expect(try fixture.lines([.platform, .purpose]).map(\.values) == [
            ["google_ads", "(not tfz)"], ["google_ads", "deterrence"], ["google_ads", "outreach"], ["meta", "deterrence"],
            ["microsoft_ads", "deterrence"],
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func byWeekStartsOnMondayAcrossTheYearBoundary(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([.week]) == [
            AggregateRow(values: ["2025-12-22"], impressions: 100, clicks: 10, costMicros: 1_000_000, conversions: 1),
            AggregateRow(values: ["2025-12-29"], impressions: 297, clicks: 30, costMicros: 2_970_000, conversions: 2),
            AggregateRow(values: ["2026-01-05"], impressions: 300, clicks: 30, costMicros: 3_000_000),
            AggregateRow(values: ["2026-01-26"], impressions: 1000, clicks: 9, costMicros: 900_000),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func byZoneAndWeekWithinInclusiveDates(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        let filter = ReportFilter(zones: ["fl-hillsborough"], since: "2025-12-29", until: "2026-01-05")
        #expect(try fixture.lines([.zone, .week], filter) == [
            AggregateRow(values: ["fl-hillsborough", "2025-12-29"], impressions: 240, clicks: 24, costMicros: 2_400_000, conversions: 2),
            AggregateRow(values: ["fl-hillsborough", "2026-01-05"], impressions: 300, clicks: 30, costMicros: 3_000_000),
        ])
        // "(not tfz)" selects the campaigns tfz did not launch.
        #expect(try fixture.lines([.zone, .week], ReportFilter(zones: ["(not tfz)", "fl-pinellas"], until: "2026-01-31")) == [
            AggregateRow(values: ["(not tfz)", "2025-12-29"], impressions: 7, clicks: 1, costMicros: 70_000),
            AggregateRow(values: ["fl-pinellas", "2025-12-29"], impressions: 50, clicks: 5, costMicros: 500_000),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func byMonth(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([.month]) == [
            AggregateRow(values: ["2025-12"], impressions: 140, clicks: 14, costMicros: 1_400_000, conversions: 3),
            AggregateRow(values: ["2026-01"], impressions: 557, clicks: 56, costMicros: 5_570_000),
            AggregateRow(values: ["2026-02"], impressions: 1000, clicks: 9, costMicros: 900_000),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func byKeywordReadsKeywordRowsAcrossCampaigns(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([.keyword]) == [
            AggregateRow(values: ["buy sex (phrase)"], impressions: 13, clicks: 1, costMicros: 0),
            AggregateRow(values: ["escorts (exact)"], impressions: 5, clicks: 0, costMicros: 0),
            AggregateRow(values: ["help now"], impressions: 2, clicks: 0, costMicros: 0),
            AggregateRow(values: ["keyword 3"], impressions: 1, clicks: 0, costMicros: 0),
        ])
        #expect(try fixture.lines([.zone, .keyword], ReportFilter(since: "2026-01-02")).map(\.values) == [
            ["fl-pinellas", "buy sex (phrase)"], ["fl-pinellas", "help now"],
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func byCreativeAndByLandingPage(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([.creative]) == [
            AggregateRow(values: ["ad 502"], impressions: 4, clicks: 0, costMicros: 0),
            AggregateRow(values: ["deterrence/arrest"], impressions: 20, clicks: 0, costMicros: 0),
        ])
        #expect(try fixture.lines([.landingPage, .zone]) == [
            AggregateRow(values: ["https://example.org/get-out", "fl-pinellas"], impressions: 6, clicks: 0, costMicros: 0),
            AggregateRow(values: ["https://example.org/help", "fl-hillsborough"], impressions: 8, clicks: 0, costMicros: 0),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func noDimensionsGiveOneTotalAndNoRowsGiveNoLines(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        #expect(try fixture.lines([]) == [AggregateRow(values: [], impressions: 1697, clicks: 79, costMicros: 7_870_000, conversions: 3)])
        #expect(try fixture.lines([], ReportFilter(since: "2030-01-01")) == [])
        #expect(try fixture.lines([.zone], ReportFilter(platforms: [.reddit])) == [])
    }

    @Test(arguments: StoreKind.allCases)
    func twoDetailGrainsInOneReportAreAClearError(kind: StoreKind) throws {
        let fixture = try Fixture(kind)
        for dimensions: [ReportDimension] in [[.keyword, .creative], [.zone, .landingPage, .keyword], [.creative, .landingPage]] {
            let error = #expect(throws: StoreError.self) { try fixture.lines(dimensions) }
            #expect(error?.code == .invalidReport)
            #expect(error?.errorDescription == "A report can group by only one of keyword, creative and landing page, because the platforms report keywords, ads and landing pages separately.")
        }
        #expect(try fixture.lines([.keyword, .keyword]).count == 4)
    }

    // SQLite only: SQLite folds days into weeks in Swift; PostgreSQL uses date_trunc in the server.
    @Test func mondayOfADay() {
        #expect(SQLiteStore.monday(of: "2026-01-01") == "2025-12-29")  // Thursday
        #expect(SQLiteStore.monday(of: "2025-12-29") == "2025-12-29")  // Monday
        #expect(SQLiteStore.monday(of: "2024-03-03") == "2024-02-26")  // Sunday after a leap day
        #expect(SQLiteStore.monday(of: "1970-01-01") == "1969-12-29")
    }
}

@Suite struct DemandDayTests {
    @Test(arguments: StoreKind.allCases)
    func sharesEstimateSearchesCensoredSharesBoundThemAndMissingSharesAreCounted(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let secondHillsborough = CampaignKey(zone: "fl-hillsborough", template: "deterrence-search-2", platform: .googleAds)
        let thirdHillsborough = CampaignKey(zone: "fl-hillsborough", template: "deterrence-search-3", platform: .googleAds)
        try store.storeInPulls([
            campaignDay(hillsboroughGoogle, "10", "2026-01-01", impressions: 100, share: 0.5),
            campaignDay(hillsboroughMicrosoft, "20", "2026-01-01", impressions: 30, share: 0.0999),
            campaignDay(secondHillsborough, "13", "2026-01-01", impressions: 12, share: nil),
            campaignDay(thirdHillsborough, "14", "2026-01-01", impressions: 0, share: nil),
            campaignDay(pinellasOutreach, "11", "2026-01-02", impressions: 40, share: 0.1),
            campaignDay(pinellasOutreach, "11", "2025-12-31", impressions: 9, share: 0.25),
            campaignDay(nil, "12", "2026-01-01", impressions: 999, share: 0.5),  // not tfz's
            campaignDay(nil, "15", "2026-01-01", purpose: .deterrence, impressions: 999, share: 0.5),  // no zone
            campaignDay(pinellasMeta, "30", "2026-01-01", impressions: 500),  // not search
            keywordDay(hillsboroughGoogle, "10", "1", "2026-01-01", keyword: "buy sex", matchType: "PHRASE", impressions: 100),
        ])
        let hillsboroughDay = DemandDay(
            zone: "fl-hillsborough", purpose: .deterrence, date: "2026-01-01", impressions: 130, estimatedSearches: 200,
            censoredSearches: 30 / 0.0999, missingShareDays: 1, censoredDays: 1)
        let pinellasDays = [
            DemandDay(zone: "fl-pinellas", purpose: .outreach, date: "2025-12-31", impressions: 9, estimatedSearches: 36,
                      censoredSearches: 0, missingShareDays: 0, censoredDays: 0),
            DemandDay(zone: "fl-pinellas", purpose: .outreach, date: "2026-01-02", impressions: 40, estimatedSearches: 40 / 0.1,
                      censoredSearches: 0, missingShareDays: 0, censoredDays: 0),
        ]
        #expect(try store.demandDays(filter: ReportFilter()) == [hillsboroughDay] + pinellasDays)
        #expect(try store.demandDays(filter: ReportFilter(zones: ["fl-pinellas"], since: "2026-01-01")) == [pinellasDays[1]])
        #expect(try store.demandDays(filter: ReportFilter(purposes: [.deterrence], until: "2026-01-01")) == [hillsboroughDay])
        #expect(try store.demandDays(filter: ReportFilter(platforms: [.googleAds, .meta])).first?.impressions == 100)
        #expect(try store.demandDays(filter: ReportFilter(platforms: [.meta])) == [])
    }
}
