/// Preliminary figures for recent days, as ad platforms serve them before they finish filtering
/// invalid traffic.
///
/// A keyword-day whose date is 1, 2 or 3 days before the sandbox's today is served with extra
/// impressions, clicks and cost on top of its stored (final) figures: up to 15 %, 8 % and 3 % for
/// ages 1, 2 and 3, drawn from the seed, the keyword, the date and the age. The extra impressions also
/// count as eligible searches, so impression share stays at most 1. From age 4 on (and for today and
/// later) the final figures are served. Queries apply this per keyword-day before summing, so every
/// grain (keyword, ad group, ad, landing page, campaign) of a day agrees.
enum Restatement {
    /// The largest extra fraction by age in days (index 1…3).
    static let maximumExtra: [Double] = [0, 0.15, 0.08, 0.03]

    static func served(
        _ final: DailyMetrics, keyword: String, date: String, day: Int, today: Int, seed: UInt64
    ) -> DailyMetrics {
        let age = today - day
        guard age >= 1, age <= 3, final.impressions > 0 else { return final }
        var random = SeededRandom(seed: seed, stream: "restate|\(keyword)|\(date)|\(age)")
        let limit = maximumExtra[age]
        func extra(_ value: Int64) -> Int64 { Int64((Double(value) * limit * (0.3 + 0.7 * random.unit())).rounded()) }
        // At least one more impression on any day with delivery, so that small counts are restated too; clicks and cost
        // only in proportion (a forced extra click would double a small keyword's clicks).
        let impressions = max(1, extra(final.impressions))
        let clicks = min(impressions, extra(final.clicks))
        var served = final
        served.impressions += impressions
        served.eligibleSearches += impressions
        if final.clicks > 0 {
            served.clicks += clicks
            served.costMicros += clicks * (final.costMicros / final.clicks)
        }
        return served
    }
}
