import CampaignKit
import Foundation
@testable import Reporting

/// A seeded generator (PCG-style LCG) so synthetic data is the same on every run.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(UInt64(1) << 53)
    }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-12), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

enum Fixture {
    static func date(_ dayNumber: Int) -> String { DayNumber.text(dayNumber) }

    /// One zone's daily demand following `searches(dayIndex)` exactly, starting `start` (yyyy-MM-dd).
    static func demand(zone: String, purpose: Purpose = .deterrence, start: String, days: Int,
                       searches: (Int) -> Double) -> [DemandDay] {
        let first = DayNumber.parse(start)!
        return (0..<days).map { i in
            let s = searches(i)
            return DemandDay(zone: zone, purpose: purpose, date: date(first + i), impressions: Int64(s * 0.4),
                             estimatedSearches: s, censoredSearches: 0, missingShareDays: 0, censoredDays: 0)
        }
    }

    static let zones = ["fl-orange", "fl-osceola", "fl-seminole"]

    /// The fixed synthetic bundle of the golden files: 3 zones (and one without delivery), 30 days.
    static func bundle() -> ReportBundle {
        let start = DayNumber.parse("2026-03-01")!
        var daily: [AggregateRow] = []
        for i in 0..<30 {
            let impressions = Int64(2_400 + (i * 137) % 600 - i * 12)
            let clicks = Int64(40 + (i * 53) % 31)
            daily.append(AggregateRow(values: [date(start + i)], impressions: impressions, clicks: clicks, costMicros: clicks * 1_180_000 + Int64(i) * 7_777))
        }
        let byZone = [
            AggregateRow(values: ["fl-orange"], impressions: 38_211, clicks: 812, costMicros: 951_234_567),
            AggregateRow(values: ["fl-osceola"], impressions: 17_640, clicks: 377, costMicros: 402_100_000),
            AggregateRow(values: ["fl-seminole"], impressions: 14_020, clicks: 290, costMicros: 361_005_001),
            AggregateRow(values: ["fl-lake"], impressions: 0, clicks: 0, costMicros: 0),
        ]
        let byZonePurpose = [
            AggregateRow(values: ["fl-orange", "deterrence"], impressions: 30_100, clicks: 601, costMicros: 700_000_000, conversions: 3),
            AggregateRow(values: ["fl-orange", "outreach"], impressions: 8_111, clicks: 211, costMicros: 251_234_567, conversions: 12.5),
            AggregateRow(values: ["fl-osceola", "deterrence"], impressions: 12_640, clicks: 250, costMicros: 300_000_000),
            AggregateRow(values: ["fl-osceola", "outreach"], impressions: 5_000, clicks: 127, costMicros: 102_100_000, conversions: 4),
            AggregateRow(values: ["fl-seminole", "deterrence"], impressions: 14_020, clicks: 290, costMicros: 361_005_001),
            AggregateRow(values: ["fl-lake", "deterrence"], impressions: 0, clicks: 0, costMicros: 0),
        ]
        var keywords: [AggregateRow] = [
            AggregateRow(values: ["<script>alert(\"x\")</script> & 'escort'"], impressions: 900, clicks: 33, costMicros: 40_000_000),
            AggregateRow(values: ["cheap, \"discreet\" massage"], impressions: 1_200, clicks: 41, costMicros: 52_500_000),
        ]
        let words = ["escort service", "backpage alternative", "adult massage near me", "escorts orlando", "happy ending massage",
                     "late night companion", "sugar daddy meet", "body rub", "incall", "outcall", "hotel massage", "discreet date",
                     "private companion", "erotic massage", "hookup tonight", "massage parlor open late"]
        for (i, w) in words.enumerated() {
            keywords.append(AggregateRow(values: [w], impressions: Int64(3_000 - i * 170), clicks: Int64(90 - i * 5), costMicros: Int64(90 - i * 5) * 1_250_000))
        }
        let landing = [
            AggregateRow(values: ["https://help.example.org/orange?utm_source=tfz&utm_campaign=outreach", "outreach"], impressions: 8_111, clicks: 211, costMicros: 251_234_567),
            AggregateRow(values: ["https://help.example.org/osceola", "outreach"], impressions: 5_000, clicks: 127, costMicros: 102_100_000),
            AggregateRow(values: ["https://deter.example.org/consequences", "deterrence"], impressions: 56_760, clicks: 1_141, costMicros: 1_361_005_001),
        ]
        let creatives = [
            AggregateRow(values: ["deterrence/you-will-be-caught"], impressions: 31_000, clicks: 640, costMicros: 750_000_000),
            AggregateRow(values: ["deterrence/buying-is-a-crime"], impressions: 25_760, clicks: 501, costMicros: 611_005_001),
            AggregateRow(values: ["outreach/help-is-available"], impressions: 13_111, clicks: 338, costMicros: 353_334_567),
        ]
        var demand: [DemandDay] = []
        var random = SeededRandom(seed: 42)
        for (z, zone) in zones.enumerated() {
            let base = [620.0, 310.0, 240.0][z]
            for i in 0..<30 {
                let s = base * exp(log(0.8) / 365 * Double(i) + 0.08 * random.normal())
                let censored = (i + z) % 9 == 0
                let missing = (i + 2 * z) % 13 == 0
                demand.append(DemandDay(zone: zone, purpose: .deterrence, date: date(start + i), impressions: Int64(s * 0.35),
                                        estimatedSearches: censored ? s * 0.6 : s, censoredSearches: censored ? s * 0.35 : 0,
                                        missingShareDays: missing ? 1 : 0, censoredDays: censored ? 1 : 0))
                demand.append(DemandDay(zone: zone, purpose: .outreach, date: date(start + i), impressions: 50,
                                        estimatedSearches: 100, censoredSearches: 0, missingShareDays: 0, censoredDays: 0))
            }
        }
        let pulls = [
            MetricPull(platform: .googleAds, accountId: "123-456-7890", apiVersion: "v25", lookbackDays: 7,
                       attribution: "google_ads: account default conversion window", since: "2026-03-24", until: "2026-03-30",
                       startedAt: "2026-03-31T06:00:02Z"),
            MetricPull(platform: .microsoftAds, accountId: "987654", apiVersion: "v13", lookbackDays: 7,
                       attribution: "microsoft_ads: account default", since: "2026-03-24", until: "2026-03-30",
                       startedAt: "2026-03-31T06:00:09Z"),
        ]
        return ReportBundle(
            organization: "TraffickingFree Zone — Central Florida", title: "Campaign report: March 2026",
            since: "2026-03-01", until: "2026-03-30", generatedAt: "2026-03-31 08:15 EDT", currency: "USD",
            filterDescription: "All zones · all purposes · all platforms",
            daily: daily, byZone: byZone, byZonePurpose: byZonePurpose, topKeywords: keywords, landingPages: landing,
            byCreative: creatives, demand: demand, pulls: pulls,
            notes: ["Orange County's help page moved on 2026-03-10; clicks before that went to the old address."])
    }

    /// The golden table: zone × purpose with conversions, a filter, and a keyword-like value to quote.
    static func table() -> ReportTable {
        var rows = bundle().byZonePurpose
        rows.append(AggregateRow(values: ["(not tfz)", "deterrence"], impressions: 1_234_567, clicks: 0, costMicros: 4_999))
        return ReportTable(dimensions: [.zone, .purpose], rows: rows, currency: "USD",
                           filter: ReportFilter(zones: ["fl-seminole", "fl-orange"], purposes: [], platforms: [.microsoftAds, .googleAds],
                                                since: "2026-03-01", until: "2026-03-30"))
    }
}
