import CampaignKit

extension MetricRow {
    /// Landing-page rows out of rows already labelled with their page (ad id cleared): the rows of one campaign, ad
    /// group, page and day added up (daily reach too, where counted), in a stable order. For platforms that report by ad and know each ad's link (Meta's
    /// creatives, Reddit's `click_url`).
    static func summedByLandingPage(_ rows: [MetricRow]) -> [MetricRow] {
        var sums: [String: MetricRow] = [:]
        for r in rows {
            let key = [r.campaignId, r.adGroupId, r.landingPage, r.date].joined(separator: "\u{1F}")
            if var sum = sums[key] {
                sum.impressions += r.impressions
                sum.clicks += r.clicks
                sum.costMicros += r.costMicros
                if let reach = r.reach { sum.reach = (sum.reach ?? 0) + reach }
                sums[key] = sum
            } else {
                sums[key] = r
            }
        }
        return sums.keys.sorted().map { sums[$0]! }
    }
}
