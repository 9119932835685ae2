import CampaignKit
import Foundation

@testable import Store

// Campaigns of the metrics tests: three Google Ads campaigns (two tfz, one not), one Microsoft
// Advertising campaign and one Meta campaign.
let hillsboroughGoogle = CampaignKey(zone: "fl-hillsborough", template: "deterrence-search", platform: .googleAds)
let pinellasOutreach = CampaignKey(zone: "fl-pinellas", template: "outreach-search", platform: .googleAds)
let hillsboroughMicrosoft = CampaignKey(zone: "fl-hillsborough", template: "deterrence-search", platform: .microsoftAds)
let pinellasMeta = CampaignKey(zone: "fl-pinellas", template: "deterrence-social", platform: .meta)

func account(_ platform: Platform) -> String {
    switch platform {
    case .googleAds: "1112223333"
    case .microsoftAds: "222"
    case .meta: "act_333"
    case .reddit: "t2_444"
    }
}

func metricPull(_ platform: Platform = .googleAds, since: String = "2025-12-01", until: String = "2026-02-28") -> MetricPull {
    MetricPull(
        platform: platform, accountId: account(platform), apiVersion: "v21", lookbackDays: 30,
        attribution: "\(platform.rawValue): account default conversion window", since: since, until: until,
        startedAt: "2026-03-01T06:00:00Z")
}

/// A campaign-grain row.
func campaignDay(
    _ key: CampaignKey?, _ campaignId: String, _ date: String, platform: Platform? = nil, purpose: Purpose? = nil,
    impressions: Int64, clicks: Int64 = 0, cost: Int64 = 0, conversions: Double? = nil, share: Double? = nil
) -> MetricRow {
    let platform = platform ?? key?.platform ?? .googleAds
    return MetricRow(
        platform: platform, accountId: account(platform), grain: .campaign, campaignId: campaignId, date: date,
        campaignKey: key, purpose: purpose ?? key.map(purposeOf), impressions: impressions, clicks: clicks,
        costMicros: cost, conversions: conversions, searchImpressionShare: share)
}

func keywordDay(
    _ key: CampaignKey?, _ campaignId: String, _ criterionId: String, _ date: String, keyword: String?, matchType: String?,
    impressions: Int64, clicks: Int64 = 0, cost: Int64 = 0
) -> MetricRow {
    let platform = key?.platform ?? .googleAds
    return MetricRow(
        platform: platform, accountId: account(platform), grain: .keyword, campaignId: campaignId,
        adGroupId: "ag\(campaignId)", criterionId: criterionId, date: date, campaignKey: key,
        purpose: key.map(purposeOf), keyword: keyword, matchType: matchType, impressions: impressions, clicks: clicks,
        costMicros: cost)
}

func adDay(_ key: CampaignKey?, _ campaignId: String, _ adId: String, _ date: String, creative: String?, impressions: Int64) -> MetricRow {
    let platform = key?.platform ?? .googleAds
    return MetricRow(
        platform: platform, accountId: account(platform), grain: .ad, campaignId: campaignId, adGroupId: "ag\(campaignId)",
        adId: adId, date: date, campaignKey: key, purpose: key.map(purposeOf), creative: creative,
        impressions: impressions, clicks: 0, costMicros: 0)
}

func landingPageDay(_ key: CampaignKey?, _ campaignId: String, _ url: String, _ date: String, impressions: Int64) -> MetricRow {
    let platform = key?.platform ?? .googleAds
    return MetricRow(
        platform: platform, accountId: account(platform), grain: .landingPage, campaignId: campaignId,
        adGroupId: "ag\(campaignId)", landingPage: url, date: date, campaignKey: key, purpose: key.map(purposeOf),
        impressions: impressions, clicks: 0, costMicros: 0)
}

func purposeOf(_ key: CampaignKey) -> Purpose {
    key.template.hasPrefix("outreach") ? .outreach : key.template.hasPrefix("education") ? .education : .deterrence
}

extension WorkspaceStore {
    /// Stores rows of any accounts: one pull per account, finished.
    func storeInPulls(_ rows: [MetricRow], completeThrough: String? = nil) throws {
        let accounts = Dictionary(grouping: rows) { $0.platform }
        for platform in accounts.keys.sorted() {
            let pull = try beginPull(metricPull(platform))
            try storeMetrics(accounts[platform]!, pull: pull, completeThrough: completeThrough)
            try finishPull(pull, rows: accounts[platform]!.count)
        }
    }
}

extension RawSQLStore {
    /// Every fact row as text, in key order (bytewise, as SQLite orders it), for comparing whole tables: the same
    /// lines from both stores (numbers as Swift prints them, NULL as `-`).
    func factDump() throws -> [String] {
        let key = ["grain", "date", "platform", "account_id", "campaign_id", "ad_group_id", "criterion_id", "ad_id", "landing_page"]
        let rest = ["keyword", "match_type", "creative", "impressions", "clicks", "cost_micros", "conversions", "search_impression_share", "pull_id"]
        return try dump("SELECT \((key + rest).joined(separator: ", ")) FROM metric_fact", keyColumns: key.count)
    }

    /// The labels table as `platform|account|campaign|key|zone|purpose` lines, in order.
    func labelDump() throws -> [String] {
        try dump("SELECT platform, account_id, campaign_id, campaign_key, zone, purpose FROM metric_campaign", keyColumns: 3)
    }

    /// The rows of `sql` as `|`-joined lines, ordered by their first `keyColumns` values compared bytewise.
    private func dump(_ sql: String, keyColumns: Int) throws -> [String] {
        let rows = try queryRaw(sql).map { $0.map { $0.text ?? "-" } }
        return rows.sorted { a, b in
            a.prefix(keyColumns).lexicographicallyPrecedes(b.prefix(keyColumns)) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }.map { $0.joined(separator: "|") }
    }
}
