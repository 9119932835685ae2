import Foundation

/// Deterministic daily delivery for every Microsoft Advertising keyword that can serve, on the same
/// clock as Google's (`advance(days:)` simulates both) but from its own random streams (`ms.…`), so
/// Google's figures never change.
///
/// A keyword serves on a day when it is Active, in an Active ad group whose StartDate…EndDate includes
/// the day and that has at least one Active ad, in an Active Search campaign with a daily budget, and the
/// campaign's DayTime criterions (if any) cover part of that weekday.
///
/// Per serving keyword and day, like the Google model at about a third of its volume (Bing's share of
/// US search): eligible searches from a per-keyword base of 3–40 a day × match type (Broad 2, Phrase 1.4,
/// Exact 1) × the same yearly trend and weekday pattern × ±15 % noise × the DayTime coverage; impression
/// share 5–95 % from the bid; CTR 1–6 %; a CPC in whole cents below the bid (keyword bid, else the ad
/// group's CpcBid, or the MaxClicks MaxCpc, default $1 for MaxClicks). Then the campaign's keywords are
/// scaled down together so the day's spend never exceeds `DailyBudget`.
enum MicrosoftDeliverySimulator {
    /// Recomputes `days` for every account (replacing earlier figures for those days).
    static func simulate(_ state: inout MicrosoftStoredState, days: ClosedRange<Int>, seed: UInt64) {
        for accountId in state.accounts.keys.sorted() {
            var account = state.accounts[accountId]!
            let plan = ServingPlan(account)
            for day in days { simulate(&account, plan, accountId: accountId, day: day, seed: seed) }
            state.accounts[accountId] = account
        }
    }

    /// The earliest ad group start date of any account, for "simulate from the beginning".
    static func earliestStart(_ state: MicrosoftStoredState) -> Int? {
        state.accounts.values.flatMap { $0[.adGroup].values }.compactMap { MicrosoftWire.day($0.fields["StartDate"]) }.min()
    }

    /// The name of a keyword in the random streams and the restatement.
    static func streamName(accountId: String, keywordId: Int64) -> String { "ms|\(accountId)|\(keywordId)" }

    private struct Draft {
        let keyword: Int64
        let searches: Int64
        let unscaledImpressions: Int64
        var impressions: Int64
        var clicks: Int64
        let cpcMicros: Int64
    }

    private struct ServingPlan {
        struct AdGroup {
            let start: Int?
            let end: Int?
            let keywords: [(id: Int64, match: String, bidMicros: Int64)]
        }
        struct Campaign {
            let id: Int64
            let budgetMicros: Int64
            let schedules: [(day: String, start: Int, end: Int)]
            let adGroups: [AdGroup]
        }
        var campaigns: [Campaign] = []

        init(_ account: MicrosoftStoredAccount) {
            var withAds: Set<Int64> = []
            for ad in account[.ad].values where ad.status == "Active" { withAds.insert(ad.parent) }
            var keywordsByAdGroup: [Int64: [(Int64, MicrosoftRecord)]] = [:]
            for (id, keyword) in account[.keyword] where keyword.status == "Active" {
                keywordsByAdGroup[keyword.parent, default: []].append((id, keyword))
            }
            var adGroupsByCampaign: [Int64: [(Int64, MicrosoftRecord)]] = [:]
            for (id, adGroup) in account[.adGroup] where adGroup.status == "Active" && withAds.contains(id) {
                adGroupsByCampaign[adGroup.parent, default: []].append((id, adGroup))
            }
            var schedules: [Int64: [(day: String, start: Int, end: Int)]] = [:]
            for criterion in account[.campaignCriterion].values
            where criterion.status == "Active" && criterion.fields["Type"]?.stringValue == "BiddableCampaignCriterion" {
                guard let daytime = criterion.fields["Criterion"], daytime["Type"]?.stringValue == "DayTimeCriterion",
                    let interval = SandboxEngine.dayTimeInterval(daytime)
                else { continue }
                schedules[criterion.parent, default: []].append(interval)
            }
            for (id, campaign) in account[.campaign].sorted(by: { $0.key < $1.key }) {
                guard campaign.status == "Active", let budget = campaign.fields["DailyBudget"]?.doubleValue, budget > 0
                else { continue }
                let scheme = campaign.fields["BiddingScheme"]
                let autoBid: Int64? =
                    scheme?["Type"]?.stringValue == "MaxClicks"
                    ? MicrosoftWire.micros(scheme?["MaxCpc"]?["Amount"]?.doubleValue ?? 1.0) : nil
                var adGroups: [AdGroup] = []
                for (adGroupId, adGroup) in (adGroupsByCampaign[id] ?? []).sorted(by: { $0.0 < $1.0 }) {
                    let adGroupBid = MicrosoftWire.micros(adGroup.fields["CpcBid"]?["Amount"]?.doubleValue ?? MicrosoftLimits.minimumBid)
                    let keywords = (keywordsByAdGroup[adGroupId] ?? []).sorted { $0.0 < $1.0 }.map { keywordId, keyword in
                        (
                            keywordId, keyword.fields["MatchType"]?.stringValue ?? "Exact",
                            autoBid ?? keyword.fields["Bid"]?["Amount"]?.doubleValue.map(MicrosoftWire.micros) ?? adGroupBid
                        )
                    }
                    adGroups.append(
                        AdGroup(
                            start: MicrosoftWire.day(adGroup.fields["StartDate"]), end: MicrosoftWire.day(adGroup.fields["EndDate"]),
                            keywords: keywords))
                }
                campaigns.append(
                    Campaign(id: id, budgetMicros: MicrosoftWire.micros(budget), schedules: schedules[id] ?? [], adGroups: adGroups))
            }
        }
    }

    private static func simulate(
        _ account: inout MicrosoftStoredAccount, _ plan: ServingPlan, accountId: String, day: Int, seed: UInt64
    ) {
        let date = SandboxCalendar.string(day)
        for keyword in account.keywordMetrics.keys { account.keywordMetrics[keyword]?[date] = nil }
        for campaign in plan.campaigns {
            let coverage = scheduleCoverage(campaign.schedules, day: day)
            guard coverage > 0 else { continue }
            var drafts: [Draft] = []
            for adGroup in campaign.adGroups {
                if let start = adGroup.start, day < start { continue }
                if let end = adGroup.end, day > end { continue }
                for keyword in adGroup.keywords {
                    drafts.append(
                        draft(
                            keyword.id, accountId: accountId, match: keyword.match, bid: keyword.bidMicros, day: day,
                            date: date, coverage: coverage, seed: seed))
                }
            }
            let cost = drafts.reduce(Int64(0)) { $0 + $1.clicks * $1.cpcMicros }
            if cost > campaign.budgetMicros {
                let factor = Double(campaign.budgetMicros) / Double(cost)
                var random = SeededRandom(seed: seed, stream: "ms.budget|\(accountId)|\(campaign.id)|\(date)")
                var total: Int64 = 0
                for index in drafts.indices {
                    let impressions = Int64((Double(drafts[index].impressions) * factor + random.unit()).rounded(.down))
                    let clicks = Int64((Double(drafts[index].clicks) * factor + random.unit()).rounded(.down))
                    drafts[index].impressions = min(impressions, drafts[index].unscaledImpressions)
                    drafts[index].clicks = min(clicks, drafts[index].impressions)
                    total += drafts[index].clicks * drafts[index].cpcMicros
                }
                while total > campaign.budgetMicros {
                    let busiest = drafts.indices.max {
                        drafts[$0].clicks * drafts[$0].cpcMicros < drafts[$1].clicks * drafts[$1].cpcMicros
                    }!
                    guard drafts[busiest].clicks > 0 else { break }
                    drafts[busiest].clicks -= 1
                    total -= drafts[busiest].cpcMicros
                }
            }
            for draft in drafts where draft.searches > 0 {
                account.keywordMetrics[draft.keyword, default: [:]][date] = DailyMetrics(
                    impressions: draft.impressions, clicks: draft.clicks, costMicros: draft.clicks * draft.cpcMicros,
                    eligibleSearches: draft.searches, budgetLostImpressions: draft.unscaledImpressions - draft.impressions)
            }
        }
        account.keywordMetrics = account.keywordMetrics.filter { !$0.value.isEmpty }
    }

    private static func draft(
        _ keyword: Int64, accountId: String, match: String, bid: Int64, day: Int, date: String, coverage: Double,
        seed: UInt64
    ) -> Draft {
        let name = streamName(accountId: accountId, keywordId: keyword)
        let matchFactor: Double =
            switch match {
            case "Broad": 2.0
            case "Phrase": 1.4
            default: 1.0
            }
        var keywordRandom = SeededRandom(seed: seed, stream: "ms.demand|\(name)")
        let baseDemand = Double(3 + keywordRandom.next() % 38)
        let shareOffset = keywordRandom.unit() * 0.3
        var random = SeededRandom(seed: seed, stream: "ms.delivery|\(name)|\(date)")
        let trend = pow(0.8, Double(day - DeliverySimulator.demandEpoch) / 365.25)
        let weekday = DeliverySimulator.weekdayDemand[SandboxCalendar.weekdayIndex(day)]
        let noise = 0.85 + 0.3 * random.unit()
        let searches = Int64((baseDemand * matchFactor * trend * weekday * noise * coverage).rounded())
        let bidScore = min(1, max(0, log2(Double(bid) / 250_000) / 4))
        let share = min(0.95, max(0.05, 0.05 + 0.9 * (0.75 * bidScore + shareOffset - 0.1 + 0.1 * random.unit())))
        let impressions = Int64((Double(searches) * share).rounded())
        let ctr = 0.01 + random.unit() * 0.05
        let clicks = Int64((Double(impressions) * ctr + random.unit()).rounded(.down))
        let cent: Int64 = 10_000
        let cpc = max(cent, Int64((Double(bid) * (0.4 + 0.6 * random.unit()) / Double(cent)).rounded()) * cent)
        return Draft(
            keyword: keyword, searches: searches, unscaledImpressions: impressions, impressions: impressions,
            clicks: clicks, cpcMicros: min(cpc, max(cent, bid / cent * cent)))
    }

    /// The share of the day the DayTime criterions cover (1 without any). Microsoft's `Day` values are
    /// `Monday` … `Sunday`.
    private static func scheduleCoverage(_ schedules: [(day: String, start: Int, end: Int)], day: Int) -> Double {
        guard !schedules.isEmpty else { return 1 }
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let weekday = names[SandboxCalendar.weekdayIndex(day)]
        let minutes = schedules.filter { $0.day == weekday }.reduce(0) { $0 + max(0, $1.end - $1.start) }
        return min(1, Double(minutes) / (24 * 60))
    }
}
