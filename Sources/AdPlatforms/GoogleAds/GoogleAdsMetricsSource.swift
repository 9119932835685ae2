import CampaignKit

/// Daily metrics of one Google Ads account, one grain at a time, through `googleAds:searchStream`.
///
/// The grains are separate queries because Google Ads cannot join them: `landing_page_view` cannot be
/// selected with keyword criteria, and `keyword_view` rows cannot be segmented by ad. Campaign rows carry
/// `metrics.search_impression_share` (a fraction; `0.0999` means "under 10 %"), which cannot be summed
/// from keywords.
public struct GoogleAdsMetricsSource: MetricsSource {
    public let client: GoogleAdsClient
    public var platform: Platform { .googleAds }
    public var accountId: String { client.customerId }
    public var apiVersion: String { client.version }
    public var attribution: String {
        "google_ads: conversions as each conversion action counts them (account default attribution and windows)"
    }

    public init(client: GoogleAdsClient) { self.client = client }

    /// The GAQL for one grain and window (inclusive `yyyy-MM-dd` dates).
    public static func query(_ grain: MetricGrain, since: String, until: String) -> String {
        let metrics = "metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions"
        let window = "WHERE segments.date BETWEEN '\(since)' AND '\(until)'"
        switch grain {
        case .campaign:
            return "SELECT campaign.id, \(metrics), metrics.search_impression_share, segments.date FROM campaign \(window)"
        case .keyword:
            return "SELECT campaign.id, ad_group.id, ad_group_criterion.criterion_id, ad_group_criterion.keyword.text, "
                + "ad_group_criterion.keyword.match_type, \(metrics), segments.date FROM keyword_view \(window)"
        case .ad:
            return "SELECT campaign.id, ad_group.id, ad_group_ad.ad.id, \(metrics), segments.date FROM ad_group_ad \(window)"
        case .landingPage:
            return "SELECT campaign.id, ad_group.id, landing_page_view.unexpanded_final_url, \(metrics), segments.date "
                + "FROM landing_page_view \(window)"
        }
    }

    public func fetch(_ grain: MetricGrain, since: String, until: String) async throws -> [MetricRow] {
        let rows = try await client.searchStream(Self.query(grain, since: since, until: until))
        return Self.metricRows(rows, grain: grain, accountId: client.customerId)
    }

    /// The stored form of parsed rows.
    public static func metricRows(_ rows: [GoogleAdsMetricsRow], grain: MetricGrain, accountId: String) -> [MetricRow] {
        var out: [MetricRow] = []
        out.reserveCapacity(rows.count)
        for r in rows {
            var row = MetricRow(platform: .googleAds, accountId: accountId, grain: grain, campaignId: r.campaignId, date: r.date,
                                impressions: r.impressions, clicks: r.clicks, costMicros: r.costMicros, conversions: r.conversions)
            switch grain {
            case .campaign:
                row.searchImpressionShare = r.searchImpressionShare
            case .keyword:
                row.adGroupId = r.adGroupId
                row.criterionId = r.criterionId
                row.keyword = r.keywordText.isEmpty ? nil : r.keywordText
                row.matchType = r.matchType.isEmpty ? nil : r.matchType
            case .ad:
                row.adGroupId = r.adGroupId
                row.adId = r.adId
            case .landingPage:
                row.adGroupId = r.adGroupId
                row.landingPage = r.landingPage
            }
            out.append(row)
        }
        return out
    }
}
