import Foundation

/// Deterministic daily delivery for every Meta ad that can serve, on the sandbox's shared clock, from its own random
/// streams (`meta.…`), so the other platforms' figures never change.
///
/// An ad serves on a day when it, its ad set and its campaign are ACTIVE and the day lies within the ad set's
/// `start_time` … `end_time` (dates as written, inclusive). Per ad set and day, at county scale: 1,500–6,000
/// impressions (a per-ad-set base × the weekday pattern × ±15 % noise), a CPM of $2–$8, a budget (the ad set's daily
/// budget, else its share of the campaign's, else a lifetime budget spread over the flight) that caps the spend by
/// scaling impressions down; the ad set's impressions are split over its serving ads by seeded weights; per ad a CTR of
/// 0.5–1.5 % and a frequency of 1.1–1.6 (reach ≤ impressions). Spend is whole cents.
enum MetaDeliverySimulator {
    static func earliestStart(_ state: MetaStoredState) -> Int? {
        state.accounts.values.flatMap { $0.nodes(.adset) }.compactMap { MetaWire.day($0.fields["start_time"]?.stringValue) }.min()
    }

    /// Recomputes `days` for every account (replacing earlier figures for those days).
    static func simulate(_ state: inout MetaStoredState, days: ClosedRange<Int>, seed: UInt64) {
        for accountId in state.accounts.keys.sorted() {
            var account = state.accounts[accountId]!
            for day in days { simulate(&account, accountId: accountId, day: day, seed: seed) }
            account.adDays = account.adDays.filter { !$0.value.isEmpty }
            state.accounts[accountId] = account
        }
    }

    private static func simulate(_ account: inout MetaAccount, accountId: String, day: Int, seed: UInt64) {
        let date = SandboxCalendar.string(day)
        for adId in account.adDays.keys { account.adDays[adId]?[date] = nil }
        let campaigns = account.nodes(.campaign).filter { $0.status == "ACTIVE" }
        for campaign in campaigns.sorted(by: { $0.id < $1.id }) {
            let adsets = account.nodes(.adset).filter { $0.status == "ACTIVE" && $0.campaignId == campaign.id }.sorted { $0.id < $1.id }
            let serving = adsets.filter { adset in
                let start = MetaWire.day(adset.fields["start_time"]?.stringValue) ?? day
                let end = MetaWire.day(adset.fields["end_time"]?.stringValue) ?? Int.max
                return day >= start && day <= end
            }
            for adset in serving {
                let ads = account.nodes(.ad).filter { $0.status == "ACTIVE" && $0.adsetId == adset.id }.sorted { $0.id < $1.id }
                guard !ads.isEmpty, let budget = dailyBudget(adset, campaign: campaign, siblings: serving.count, day: day), budget > 0 else { continue }
                var adsetRandom = SeededRandom(seed: seed, stream: "meta.adset|\(accountId)|\(adset.id)")
                let base = 1_500 + Double(adsetRandom.next() % 4_501)
                let cpmCents = 200 + Double(adsetRandom.next() % 601)  // $2.00–$8.00 per thousand
                var random = SeededRandom(seed: seed, stream: "meta.delivery|\(accountId)|\(adset.id)|\(date)")
                let weekday = DeliverySimulator.weekdayDemand[SandboxCalendar.weekdayIndex(day)]
                var impressions = Int64((base * weekday * (0.85 + 0.3 * random.unit())).rounded())
                let affordable = Int64((Double(budget) * 1_000 / cpmCents).rounded(.down))
                impressions = min(impressions, affordable)
                guard impressions > 0 else { continue }
                let weights = ads.map { _ in 0.5 + random.unit() }
                let total = weights.reduce(0, +)
                var remaining = impressions
                var spendLeft = budget
                for (index, ad) in ads.enumerated() {
                    let share = index == ads.count - 1 ? remaining : min(remaining, Int64((Double(impressions) * weights[index] / total).rounded(.down)))
                    remaining -= share
                    guard share > 0 else { continue }
                    var adRandom = SeededRandom(seed: seed, stream: "meta.ad|\(accountId)|\(ad.id)|\(date)")
                    let ctr = 0.005 + 0.01 * adRandom.unit()
                    let clicks = min(share, Int64((Double(share) * ctr + adRandom.unit()).rounded(.down)))
                    let frequency = 1.1 + 0.5 * adRandom.unit()
                    let reach = max(1, min(share, Int64((Double(share) / frequency).rounded())))
                    let spend = min(spendLeft, Int64((Double(share) * cpmCents / 1_000).rounded()))
                    spendLeft -= spend
                    account.adDays[ad.id, default: [:]][date] = MetaDay(impressions: share, reach: reach, clicks: clicks, spendCents: spend)
                }
            }
        }
    }

    /// The day's budget of an ad set in cents: its daily budget; else its lifetime budget over its flight; else an equal
    /// share of the campaign's daily (or lifetime over 30 days) budget.
    private static func dailyBudget(_ adset: MetaNode, campaign: MetaNode, siblings: Int, day: Int) -> Int64? {
        func cents(_ node: MetaNode, _ key: String) -> Int64? { node.fields[key]?.int64Value }
        if let daily = cents(adset, "daily_budget") { return daily }
        if let lifetime = cents(adset, "lifetime_budget") {
            let start = MetaWire.day(adset.fields["start_time"]?.stringValue) ?? day
            let end = MetaWire.day(adset.fields["end_time"]?.stringValue) ?? start + 29
            return lifetime / Int64(max(1, end - start + 1))
        }
        if let daily = cents(campaign, "daily_budget") { return daily / Int64(max(1, siblings)) }
        if let lifetime = cents(campaign, "lifetime_budget") { return lifetime / 30 / Int64(max(1, siblings)) }
        return nil
    }

    /// Meta restates recent days (up to 28): a day 1–3 days before `today` is served with a little less than its
    /// final figures — the final ones settle later as late impressions are attributed (here: up to 10 %, 5 %, 2 % fewer
    /// impressions and clicks for ages 1, 2, 3, drawn from the seed, the ad, the date and the age; spend in proportion).
    /// From age 4 on the final figures are served.
    static func served(_ final: MetaDay, adId: String, date: String, day: Int, today: Int, seed: UInt64) -> MetaDay {
        let age = today - day
        let limits: [Double] = [0, 0.10, 0.05, 0.02]
        guard age >= 1, age <= 3, final.impressions > 0 else { return final }
        var random = SeededRandom(seed: seed, stream: "meta.restate|\(adId)|\(date)|\(age)")
        let fraction = 1 - limits[age] * (0.3 + 0.7 * random.unit())
        func scaled(_ value: Int64) -> Int64 { Int64((Double(value) * fraction).rounded(.down)) }
        let impressions = max(1, scaled(final.impressions))
        return MetaDay(
            impressions: impressions, reach: min(impressions, max(1, scaled(final.reach))), clicks: min(impressions, scaled(final.clicks)),
            spendCents: scaled(final.spendCents))
    }
}
