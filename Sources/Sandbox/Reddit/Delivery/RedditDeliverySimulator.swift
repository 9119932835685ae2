import Foundation

/// Deterministic daily delivery for every Reddit ad that can serve, on the sandbox's shared clock, from its own random
/// streams (`reddit.…`), so the other platforms' figures never change.
///
/// An ad serves on a day when it, its ad group and its campaign are configured ACTIVE (effective status ACTIVE) and the
/// day lies within the ad group's flight (`start_time`, else the day it was created, … `end_time`, dates as written,
/// inclusive) and the campaign's, when it has one. Per ad group and day, at county scale: 1,200–5,000 impressions (a
/// per-group base × the weekday pattern × ±15 % noise) at an eCPM of $3.50–$9.00 (Reddit's CPM floor is 3.50), capped by
/// the day's budget in micros and by what is left of the campaign's `spend_cap`; the impressions are split over the
/// serving ads by seeded weights; per ad a CTR of 0.3–1.2 % and a frequency of 1.2–1.8 (reach ≤ impressions). Social:
/// no search impression share.
enum RedditDeliverySimulator {
    static func earliestStart(_ state: RedditStoredState) -> Int? {
        state.accounts.values.flatMap { $0.objects(.adGroup) }.compactMap { flight($0).first }.min()
    }

    /// Recomputes `days` for every account (replacing earlier figures for those days).
    static func simulate(_ state: inout RedditStoredState, days: ClosedRange<Int>, seed: UInt64) {
        for accountId in state.accounts.keys.sorted() {
            var account = state.accounts[accountId]!
            for day in days { simulate(&account, accountId: accountId, day: day, seed: seed) }
            account.adDays = account.adDays.filter { !$0.value.isEmpty }
            state.accounts[accountId] = account
        }
    }

    /// An object's flight in days: its start (the creation day without `start_time`) and its end (nil: open).
    private static func flight(_ object: RedditObject) -> (first: Int?, last: Int?) {
        (RedditWire.day(object.fields["start_time"]?.stringValue) ?? RedditWire.day(object.fields["created_at"]?.stringValue),
         RedditWire.day(object.fields["end_time"]?.stringValue))
    }

    private static func flies(_ object: RedditObject, on day: Int) -> Bool {
        let (first, last) = flight(object)
        return day >= (first ?? Int.min) && day <= (last ?? Int.max)
    }

    private static func simulate(_ account: inout RedditAccount, accountId: String, day: Int, seed: UInt64) {
        let date = SandboxCalendar.string(day)
        for adId in account.adDays.keys { account.adDays[adId]?[date] = nil }
        for campaign in account.objects(.campaign) where campaign.configuredStatus == "ACTIVE" {
            if campaign.fields["start_time"] != nil || campaign.fields["end_time"] != nil, !flies(campaign, on: day) { continue }
            let groups = account.objects(.adGroup).filter { $0.campaignId == campaign.id && $0.configuredStatus == "ACTIVE" && flies($0, on: day) }
            // The campaign's lifetime spend_cap (micros) less what it spent on the days before.
            var capLeft = campaign.fields["spend_cap"]?.int64Value.map { cap in
                cap - account.objects(.ad).filter { $0.campaignId == campaign.id }.reduce(0) { sum, ad in
                    sum + (account.adDays[ad.id] ?? [:]).filter { $0.key < date }.values.reduce(0) { $0 + $1.spendMicros }
                }
            }
            for group in groups {
                let ads = account.objects(.ad).filter { $0.adGroupId == group.id && $0.configuredStatus == "ACTIVE" }
                guard !ads.isEmpty, let own = budgetMicros(group, campaign: campaign, siblings: groups.count, day: day) else { continue }
                let budget = min(own, capLeft ?? .max)
                guard budget > 0 else { continue }
                var groupRandom = SeededRandom(seed: seed, stream: "reddit.group|\(accountId)|\(group.id)")
                let base = 1_200 + Double(groupRandom.next() % 3_801)
                let ecpmMicros = 3_500_000 + Double(groupRandom.next() % 5_500_001)
                var random = SeededRandom(seed: seed, stream: "reddit.delivery|\(accountId)|\(group.id)|\(date)")
                let demand = base * DeliverySimulator.weekdayDemand[SandboxCalendar.weekdayIndex(day)] * (0.85 + 0.3 * random.unit())
                let impressions = min(Int64(demand.rounded()), Int64((Double(budget) * 1_000 / ecpmMicros).rounded(.down)))
                guard impressions > 0 else { continue }
                let weights = ads.map { _ in 0.5 + random.unit() }
                let shares = split(impressions, weights: weights)
                var budgetLeft = budget
                for (ad, share) in zip(ads, shares) where share > 0 {
                    var adRandom = SeededRandom(seed: seed, stream: "reddit.ad|\(accountId)|\(ad.id)|\(date)")
                    let clicks = min(share, Int64((Double(share) * (0.003 + 0.009 * adRandom.unit()) + adRandom.unit()).rounded(.down)))
                    let reach = max(1, min(share, Int64((Double(share) / (1.2 + 0.6 * adRandom.unit())).rounded())))
                    let spend = min(budgetLeft, Int64((Double(share) * ecpmMicros / 1_000).rounded()))
                    budgetLeft -= spend
                    capLeft? -= spend
                    account.adDays[ad.id, default: [:]][date] = RedditDay(impressions: share, reach: reach, clicks: clicks, spendMicros: spend)
                }
            }
        }
    }

    /// `total` split by `weights` in whole units, the remainder to the last.
    private static func split(_ total: Int64, weights: [Double]) -> [Int64] {
        let sum = weights.reduce(0, +)
        var shares = weights.map { Int64((Double(total) * $0 / sum).rounded(.down)) }
        shares[shares.count - 1] += total - shares.reduce(0, +)
        return shares
    }

    /// The day's budget of an ad group in micros: its DAILY_SPEND `goal_value`; its LIFETIME_SPEND `goal_value` over its
    /// flight (30 days when open); else an equal share of the campaign's (campaign budget optimization); nil without.
    private static func budgetMicros(_ group: RedditObject, campaign: RedditObject, siblings: Int, day: Int) -> Int64? {
        func budget(_ object: RedditObject) -> Int64? {
            guard let value = object.fields["goal_value"]?.int64Value else { return nil }
            guard object.fields["goal_type"]?.stringValue == "LIFETIME_SPEND" else { return value }
            let (first, last) = flight(object)
            let start = first ?? day
            return value / Int64(max(1, (last ?? start + 29) - start + 1))
        }
        if let own = budget(group) { return own }
        return budget(campaign).map { $0 / Int64(max(1, siblings)) }
    }

    /// Reddit's figures settle after the day ("within about 6 hours", reference `reports.rules`): a day 1 or 2 days before
    /// `today` is served with a little less than its final figures (up to 6 % and 2 % fewer impressions, clicks and
    /// reach, drawn from the seed, the ad, the date and the age; spend in proportion). From age 3 on the final figures
    /// are served, so reports restate the last two days until they settle.
    static func served(_ final: RedditDay, adId: String, date: String, day: Int, today: Int, seed: UInt64) -> RedditDay {
        let age = today - day
        let shortfall: [Double] = [0, 0.06, 0.02]
        guard age >= 1, age < shortfall.count, final.impressions > 0 else { return final }
        var random = SeededRandom(seed: seed, stream: "reddit.restate|\(adId)|\(date)|\(age)")
        let fraction = 1 - shortfall[age] * (0.3 + 0.7 * random.unit())
        func scaled(_ value: Int64) -> Int64 { Int64((Double(value) * fraction).rounded(.down)) }
        let impressions = max(1, min(final.impressions - 1, scaled(final.impressions)))
        return RedditDay(
            impressions: impressions, reach: min(impressions, max(1, scaled(final.reach))), clicks: min(impressions, scaled(final.clicks)),
            spendMicros: scaled(final.spendMicros))
    }
}
