import Foundation

/// Deterministic daily delivery for every keyword that can serve.
///
/// A keyword serves on a day when it is a positive, ENABLED keyword in an ENABLED ad group with at
/// least one ENABLED ad, in an ENABLED campaign whose flight (start and end date) includes the day,
/// whose budget is ENABLED, and whose ad schedules (if any) cover part of that weekday.
///
/// Per serving keyword and day the seed fixes, in this order:
/// 1. **eligible searches**: a per-keyword base demand of 10–120 a day (county scale; broad > phrase > exact) × a slow trend of
///    −20 % a year from `demandEpoch` × a weekday pattern (Friday and Saturday highest) × ±15 % daily
///    noise × the share of the day the ad schedules cover;
/// 2. **impression share**: 0.05 … 0.95, higher with a higher bid, with a per-keyword offset and a
///    little daily noise; impressions = round(searches × share);
/// 3. a click-through rate between 1 % and 6 % and a cost per click below the keyword's bid (keyword
///    bid, else ad group bid, else the campaign's target-spend ceiling, else $1).
/// Then all keywords of a campaign are scaled down together so that the day's cost never exceeds the
/// campaign's daily budget; the impressions this removes are stored as lost to budget. A keyword-day
/// is stored when it had eligible searches, even if the budget left it without impressions. The same
/// seed and state always give the same figures.
enum DeliverySimulator {
    static let defaultBidMicros: Int64 = 1_000_000
    /// The day (2026-01-01) from which demand declines by about 20 % a year.
    static let demandEpoch = SandboxCalendar.day("2026-01-01")!
    /// Demand by weekday, Monday first.
    static let weekdayDemand: [Double] = [0.9, 0.88, 0.92, 0.98, 1.15, 1.22, 1.0]

    /// Recomputes `days` for every account (replacing earlier figures for those days).
    static func simulate(_ state: inout StoredState, days: ClosedRange<Int>, seed: UInt64) {
        for customerId in state.accounts.keys.sorted() {
            var account = state.accounts[customerId]!
            let plan = ServingPlan(account)
            for day in days {
                simulate(&account, plan, day: day, seed: seed)
            }
            state.accounts[customerId] = account
        }
    }

    /// Recomputes `days` for one account.
    static func simulate(_ account: inout StoredAccount, days: ClosedRange<Int>, seed: UInt64) {
        let plan = ServingPlan(account)
        for day in days { simulate(&account, plan, day: day, seed: seed) }
    }

    private struct Draft {
        let keyword: String
        let searches: Int64
        let unscaledImpressions: Int64
        var impressions: Int64
        var clicks: Int64
        let ctr: Double
        let cpcMicros: Int64
    }

    /// What can serve, indexed once per simulation: campaign → keywords with their bids.
    private struct ServingPlan {
        struct Campaign {
            let campaign: SandboxJSON
            let budgetMicros: Int64
            /// Ad schedules as (day of week, start minute, end minute).
            let schedules: [(day: String, start: Int, end: Int)]
            let keywords: [(name: String, criterion: SandboxJSON, bidMicros: Int64)]
        }

        var campaigns: [Campaign] = []

        init(_ account: StoredAccount) {
            var adsByAdGroup: Set<String> = []
            for ad in account[.adGroupAd].values where ad["status"]?.stringValue == "ENABLED" {
                adsByAdGroup.insert(ad["adGroup"]?.stringValue ?? "")
            }
            var keywordsByAdGroup: [String: [(String, SandboxJSON)]] = [:]
            for (name, criterion) in account[.adGroupCriterion]
            where criterion["status"]?.stringValue == "ENABLED" && QueryExecutor.isDeliveringKeyword(criterion) {
                keywordsByAdGroup[criterion["adGroup"]?.stringValue ?? "", default: []].append((name, criterion))
            }
            var adGroupsByCampaign: [String: [(String, SandboxJSON)]] = [:]
            for (name, adGroup) in account[.adGroup]
            where adGroup["status"]?.stringValue == "ENABLED" && adsByAdGroup.contains(name) {
                adGroupsByCampaign[adGroup["campaign"]?.stringValue ?? "", default: []].append((name, adGroup))
            }
            var schedulesByCampaign: [String: [(day: String, start: Int, end: Int)]] = [:]
            for criterion in account[.campaignCriterion].values {
                guard let schedule = criterion["adSchedule"], let interval = ResourceRules.adScheduleInterval(schedule)
                else { continue }
                schedulesByCampaign[criterion["campaign"]?.stringValue ?? "", default: []].append(
                    (schedule["dayOfWeek"]?.stringValue ?? "", interval.start, interval.end)
                )
            }
            for (name, campaign) in ResourceOrder.sorted(account[.campaign]) {
                guard campaign["status"]?.stringValue == "ENABLED",
                    let budgetName = campaign["campaignBudget"]?.stringValue,
                    let budget = account.resource(.campaignBudget, budgetName),
                    budget["status"]?.stringValue != "REMOVED",
                    let budgetMicros = budget["amountMicros"]?.int64Value, budgetMicros > 0
                else { continue }
                var keywords: [(name: String, criterion: SandboxJSON, bidMicros: Int64)] = []
                for (adGroupName, adGroup) in adGroupsByCampaign[name] ?? [] {
                    for (keyword, criterion) in keywordsByAdGroup[adGroupName] ?? [] {
                        let bid =
                            criterion["cpcBidMicros"]?.int64Value ?? adGroup["cpcBidMicros"]?.int64Value
                            ?? campaign.value(atPath: "targetSpend.cpcBidCeilingMicros")?.int64Value ?? defaultBidMicros
                        keywords.append((keyword, criterion, bid))
                    }
                }
                keywords.sort { $0.name < $1.name }
                campaigns.append(
                    Campaign(
                        campaign: campaign, budgetMicros: budgetMicros, schedules: schedulesByCampaign[name] ?? [],
                        keywords: keywords)
                )
            }
        }
    }

    private static func simulate(_ account: inout StoredAccount, _ plan: ServingPlan, day: Int, seed: UInt64) {
        let date = SandboxCalendar.string(day)
        for keyword in account.keywordMetrics.keys { account.keywordMetrics[keyword]?[date] = nil }
        for serving in plan.campaigns where inFlight(serving.campaign, date: date) {
            let coverage = scheduleCoverage(serving.schedules, day: day)
            guard coverage > 0 else { continue }
            var drafts = serving.keywords.map {
                draft($0.name, $0.criterion, bid: $0.bidMicros, day: day, date: date, coverage: coverage, seed: seed)
            }
            let cost = drafts.reduce(Int64(0)) { $0 + $1.clicks * $1.cpcMicros }
            if cost > serving.budgetMicros {
                // Scale every keyword down together, rounding at random (so small counts keep their clicks on average),
                // then take clicks back, largest first, until the day's cost is within the budget.
                let factor = Double(serving.budgetMicros) / Double(cost)
                var random = SeededRandom(seed: seed, stream: "budget|\(serving.campaign["resourceName"]?.stringValue ?? "")|\(date)")
                var total: Int64 = 0
                for index in drafts.indices {
                    let impressions = Int64((Double(drafts[index].impressions) * factor + random.unit()).rounded(.down))
                    let clicks = min(impressions, Int64((Double(drafts[index].clicks) * factor + random.unit()).rounded(.down)))
                    drafts[index].impressions = min(impressions, drafts[index].unscaledImpressions)
                    drafts[index].clicks = min(clicks, drafts[index].impressions)
                    total += drafts[index].clicks * drafts[index].cpcMicros
                }
                while total > serving.budgetMicros {
                    let busiest = drafts.indices.max { drafts[$0].clicks * drafts[$0].cpcMicros < drafts[$1].clicks * drafts[$1].cpcMicros }!
                    guard drafts[busiest].clicks > 0 else { break }
                    drafts[busiest].clicks -= 1
                    total -= drafts[busiest].cpcMicros
                }
            }
            for draft in drafts where draft.searches > 0 {
                account.keywordMetrics[draft.keyword, default: [:]][date] = DailyMetrics(
                    impressions: draft.impressions, clicks: draft.clicks, costMicros: draft.clicks * draft.cpcMicros,
                    eligibleSearches: draft.searches,
                    budgetLostImpressions: draft.unscaledImpressions - draft.impressions
                )
            }
        }
        account.keywordMetrics = account.keywordMetrics.filter { !$0.value.isEmpty }
    }

    private static func draft(
        _ name: String, _ criterion: SandboxJSON, bid: Int64, day: Int, date: String, coverage: Double, seed: UInt64
    ) -> Draft {
        let matchFactor: Double =
            switch criterion.value(atPath: "keyword.matchType")?.stringValue {
            case "BROAD": 2.0
            case "PHRASE": 1.4
            default: 1.0
            }
        var keywordRandom = SeededRandom(seed: seed, stream: "demand|\(name)")
        // County scale: a buyer or help-seeking term is searched a few to a few dozen times a day in one county.
        let baseDemand = Double(10 + keywordRandom.next() % 111)
        let shareOffset = keywordRandom.unit() * 0.3
        var random = SeededRandom(seed: seed, stream: "delivery|\(name)|\(date)")
        let trend = pow(0.8, Double(day - demandEpoch) / 365.25)
        let weekday = weekdayDemand[SandboxCalendar.weekdayIndex(day)]
        let noise = 0.85 + 0.3 * random.unit()
        let searches = Int64((baseDemand * matchFactor * trend * weekday * noise * coverage).rounded())
        // $0.25 → 0, $1 → 0.5, $4 and more → 1.
        let bidScore = min(1, max(0, log2(Double(bid) / 250_000) / 4))
        let share = min(0.95, max(0.05, 0.05 + 0.9 * (0.75 * bidScore + shareOffset - 0.1 + 0.1 * random.unit())))
        let impressions = Int64((Double(searches) * share).rounded())
        let ctr = 0.01 + random.unit() * 0.05
        // Rounded at random (up with the probability of the fraction), so that small counts still get their clicks on average.
        let clicks = Int64((Double(impressions) * ctr + random.unit()).rounded(.down))
        let unit = ResourceRules.minimumCurrencyUnitMicros
        let cpc = max(unit, Int64((Double(bid) * (0.4 + 0.6 * random.unit()) / Double(unit)).rounded()) * unit)
        return Draft(
            keyword: name, searches: searches, unscaledImpressions: impressions, impressions: impressions,
            clicks: clicks, ctr: ctr, cpcMicros: cpc)
    }

    private static func inFlight(_ campaign: SandboxJSON, date: String) -> Bool {
        if let start = campaign["startDateTime"]?.stringValue, date < String(start.prefix(10)) { return false }
        if let end = campaign["endDateTime"]?.stringValue, date > String(end.prefix(10)) { return false }
        return true
    }

    /// The share of the day the campaign's ad schedules cover (1 without schedules).
    private static func scheduleCoverage(_ schedules: [(day: String, start: Int, end: Int)], day: Int) -> Double {
        guard !schedules.isEmpty else { return 1 }
        let weekday = SandboxCalendar.weekday(day)
        let minutes = schedules.filter { $0.day == weekday }.reduce(0) { $0 + max(0, $1.end - $1.start) }
        return min(1, Double(minutes) / (24 * 60))
    }
}
