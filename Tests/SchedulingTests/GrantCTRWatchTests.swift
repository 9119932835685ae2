import CampaignKit
import Testing
@testable import Scheduling

@Suite struct GrantCTRWatchTests {
    static func row(_ values: [String], _ impressions: Int64, _ clicks: Int64) -> AggregateRow {
        AggregateRow(values: values, impressions: impressions, clicks: clicks, costMicros: clicks * 1_000_000)
    }

    @Test func belowTheThresholdNamesWhatDragsItDown() {
        let watch = GrantCTRWatch(
            account: "google-grant", month: "2027-03",
            campaignRows: [Self.row(["a/deterrence-search/google_ads"], 10_000, 200), Self.row(["b/outreach-search/google_ads"], 5_000, 400),
                           Self.row(["c/deterrence-search/google_ads"], 50, 0)],
            keywordRows: [Self.row(["a/deterrence-search/google_ads", "escort service (phrase)"], 4_000, 20),
                          Self.row(["a/deterrence-search/google_ads", "buy sex (phrase)"], 6_000, 180),
                          Self.row(["b/outreach-search/google_ads", "help hotline (phrase)"], 5_000, 400)],
            daysLeft: 12)
        #expect(watch.ctr == 600.0 / 15_050)
        #expect(watch.isBelow)
        #expect(watch.line == "Ad Grants (google-grant): CTR 3.99 % in 2027-03 so far — below the 5.00 % Google requires, 12 days left in the month; "
            + "lowest campaigns: a/deterrence-search/google_ads 2.00 %; "
            + "lowest keywords: escort service (phrase) in a/deterrence-search/google_ads 0.50 %, buy sex (phrase) in a/deterrence-search/google_ads 3.00 %")
    }

    @Test func atOrAboveAndEmpty() {
        let ok = GrantCTRWatch(account: "g", month: "2027-03", campaignRows: [Self.row(["a/t/google_ads"], 1_000, 50)], keywordRows: [], daysLeft: 1)
        #expect(!ok.isBelow)
        #expect(ok.line == "Ad Grants (g): CTR 5.00 % in 2027-03 so far, at or above the 5.00 % Google requires")
        let none = GrantCTRWatch(account: "g", month: "2027-03", campaignRows: [], keywordRows: [], daysLeft: 1)
        #expect(none.line == nil && !none.isBelow)
    }
}
