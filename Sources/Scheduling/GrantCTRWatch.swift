import CampaignKit
import Foundation

/// Google Ad Grants requires an account's click-through rate to stay at 5 % or more each month; an account below it for
/// two months in a row can be suspended. This watches the month so far, from pulled metrics, and names what drags the
/// rate down, so that staff can fix keywords and ads before the month ends.
public struct GrantCTRWatch: Sendable, Hashable {
    public struct Drag: Sendable, Hashable {
        public var name: String
        public var impressions: Int64
        public var clicks: Int64
        public var ctr: Double { impressions == 0 ? 0 : Double(clicks) / Double(impressions) }
    }

    public var account: String
    /// `yyyy-MM`.
    public var month: String
    public var impressions: Int64
    public var clicks: Int64
    public var daysLeft: Int
    public var threshold: Double
    /// Lowest-CTR campaigns and keywords with real traffic, worst first.
    public var campaigns: [Drag]
    public var keywords: [Drag]

    public var ctr: Double? { impressions == 0 ? nil : Double(clicks) / Double(impressions) }
    public var isBelow: Bool { ctr.map { $0 < threshold } ?? false }

    /// - Parameters:
    ///   - campaignRows: aggregate rows by `[.campaign]` of the account's campaigns for the month so far.
    ///   - keywordRows: aggregate rows by `[.campaign, .keyword]` for the same selection.
    ///   - minimumImpressions: a campaign or keyword with fewer is not named (its rate says little).
    public init(account: String, month: String, campaignRows: [AggregateRow], keywordRows: [AggregateRow], daysLeft: Int,
                threshold: Double = 0.05, top: Int = 3, minimumImpressions: Int64 = 100) {
        self.account = account
        self.month = month
        self.daysLeft = daysLeft
        self.threshold = threshold
        impressions = campaignRows.reduce(0) { $0 + $1.impressions }
        clicks = campaignRows.reduce(0) { $0 + $1.clicks }
        func worst(_ drags: [Drag]) -> [Drag] {
            Array(drags.filter { $0.impressions >= minimumImpressions && $0.ctr < threshold }
                .sorted { ($0.ctr, -$0.impressions, $0.name) < ($1.ctr, -$1.impressions, $1.name) }.prefix(top))
        }
        campaigns = worst(campaignRows.map { Drag(name: $0.values.first ?? "", impressions: $0.impressions, clicks: $0.clicks) })
        keywords = worst(keywordRows.map {
            Drag(name: $0.values.count > 1 ? "\($0.values[1]) in \($0.values[0])" : ($0.values.first ?? ""), impressions: $0.impressions, clicks: $0.clicks)
        })
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f %%", x * 100) }

    /// One line for `tfz status` and `tfz report`; nil when the account has no impressions this month.
    public var line: String? {
        guard let ctr else { return nil }
        let head = "Ad Grants (\(account)): CTR \(Self.percent(ctr)) in \(month) so far"
        guard isBelow else { return head + ", at or above the \(Self.percent(threshold)) Google requires" }
        var text = head + " — below the \(Self.percent(threshold)) Google requires, \(daysLeft) day\(daysLeft == 1 ? "" : "s") left in the month"
        if !campaigns.isEmpty {
            text += "; lowest campaigns: " + campaigns.map { "\($0.name) \(Self.percent($0.ctr))" }.joined(separator: ", ")
        }
        if !keywords.isEmpty {
            text += "; lowest keywords: " + keywords.map { "\($0.name) \(Self.percent($0.ctr))" }.joined(separator: ", ")
        }
        return text
    }
}
