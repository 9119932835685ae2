import CampaignKit
import Foundation
import Scheduling
import Store

/// The guardrails as `tfz status` and `tfz report` show them: the monthly cap's projection, and the Ad Grants CTR watch
/// of every `grant: true` Google Ads account for the month of `now` in the workspace's time zone,
/// from the metrics pulled so far.
public enum GuardrailReader {
    /// The monthly cap's projection at `now` for what the scheduler would run (nil without a cap), as `tfz status` and
    /// `tfz report` show it: planned against the store's remote state and holds, with nothing blocked yet.
    public static func monthlyCap(store: any WorkspaceStore, library: Library, config: WorkspaceConfig, now: Date) throws -> MonthlyCap.Projection? {
        let scheduled = TickRunner.scheduled(library)
        let plan = TickPlanner.plan(campaigns: scheduled, remote: try store.remoteState(), holds: Set(try store.holds().keys), blocked: [:],
                                    now: now, lastTick: nil, defaultTimeZone: config.timeZone.value)
        return try TickRunner.monthlyCap(store: store, config: config, campaigns: scheduled, plan: plan, now: now)
    }

    public static func watches(store: any WorkspaceStore, library: Library, config: WorkspaceConfig, now: Date) throws -> [GrantCTRWatch] {
        let grants = config.accounts.filter { $0.grant && $0.platform == .googleAds }
        guard !grants.isEmpty else { return [] }
        let timeZone = ZoneTime.timeZone(config.timeZone.value, default: "UTC")
        let (start, today) = MonthlyCap.month(of: now, in: timeZone)
        let nextMonth = start.month == 12 ? CalendarDate(year: start.year + 1, month: 1, day: 1) : CalendarDate(year: start.year, month: start.month + 1, day: 1)
        let daysLeft = nextMonth.dayNumber - today.dayNumber
        let filter = ReportFilter(platforms: [.googleAds], since: start.description, until: today.description)
        let campaignRows = try store.aggregate(by: [.campaign], filter: filter)
        let keywordRows = try store.aggregate(by: [.campaign, .keyword], filter: filter)
        return grants.map { account in
            let keys = Set(library.campaigns.filter { $0.account.name == account.name }.map(\.key.description))
            return GrantCTRWatch(account: account.name, month: String(start.description.prefix(7)),
                                 campaignRows: campaignRows.filter { keys.contains($0.values.first ?? "") },
                                 keywordRows: keywordRows.filter { keys.contains($0.values.first ?? "") }, daysLeft: daysLeft)
        }
    }
}
