import CampaignKit
import Foundation

/// The organisation-wide monthly cap (`guardrails.monthly_cap`): whether the campaigns the scheduler would have
/// running fit in this month's cap, and which to block when they do not. Pure: `now` and the spend are parameters.
///
/// The projection is `spent` (month to date, all platforms, campaigns tfz did not launch included) plus, for each
/// candidate, its daily budget × the days left of the month from today (inclusive) to its flight's end. Today's
/// spend is counted in `spent` and today's budget again in the projection: the projection errs high by at most
/// one day's spend, never low. The month and "today" are those of the workspace time zone.
///
/// When the projection is over the cap, candidates are blocked one by one, in this order, until it fits:
/// 1. deterrence and education before outreach — help ads reach people at risk, so they are the last to go;
/// 2. campaigns not running yet (about to be launched or enabled) before running ones — not starting one is
///    gentler than stopping one, and a campaign the cap paused stays first in line while it does not fit;
/// 3. the latest flight start first (a campaign without a start date counts as the earliest);
/// 4. the largest daily budget first (fewest campaigns blocked);
/// 5. key order.
/// Every blocked campaign gets the same reason, which says why (`monthly cap $20,000.00 would be exceeded: …`).
/// A projection exactly at the cap is within it. Spending already over the cap blocks every candidate.
public enum MonthlyCap {
    /// A campaign the tick would have running, unless the cap blocks it.
    public struct Candidate: Sendable, Hashable {
        public var key: CampaignKey
        public var purpose: Purpose
        public var dailyBudget: Money
        public var flight: Flight?
        /// Enabled on the platform now (false: the tick would launch or enable it).
        public var running: Bool

        public init(key: CampaignKey, purpose: Purpose, dailyBudget: Money, flight: Flight?, running: Bool) {
            self.key = key
            self.purpose = purpose
            self.dailyBudget = dailyBudget
            self.flight = flight
            self.running = running
        }
    }

    /// The month's figures and what the cap blocks.
    public struct Projection: Sendable, Hashable {
        public var cap: Money
        /// Spent this month so far, from the pulled metrics.
        public var spent: Money
        /// Σ daily budget × days left in its flight this month, over all candidates.
        public var budgets: Money
        /// The first day of the month and today, in the workspace time zone.
        public var monthStart: CalendarDate
        public var today: CalendarDate
        /// Days left in the month, today included.
        public var daysLeft: Int
        /// `spent` + `budgets` of the candidates that are not blocked.
        public var projectedAfterBlocking: Money
        /// Campaigns refused, with the reason; empty when within the cap.
        public var blocked: [CampaignKey: String]

        /// `spent` + `budgets`: what the month comes to if every candidate runs.
        public var projected: Money { Money(micros: spent.micros + budgets.micros) }
        public var withinCap: Bool { projected.micros <= cap.micros }

        /// `Monthly cap $20,000.00: $3,120.44 spent in November, $9,600.00 projected — within the cap`.
        public func line(currency: String) -> String {
            let head = "Monthly cap \(cap.grouped(currency)): \(spent.grouped(currency)) spent in "
                + "\(MonthlyCap.monthNames[monthStart.month - 1]), \(projected.grouped(currency)) projected"
            if withinCap { return head + " — within the cap" }
            return head + " — over the cap: \(blocked.count) campaign\(blocked.count == 1 ? "" : "s") blocked, "
                + "\(projectedAfterBlocking.grouped(currency)) projected without them"
        }
    }

    /// Projects the month at `now` and blocks candidates until it fits (see the type's rules).
    public static func check(cap: Money, spent: Money, candidates: [Candidate], now: Date, timeZone: TimeZone, currency: String) -> Projection {
        let (monthStart, today) = month(of: now, in: timeZone)
        let lastDay = CalendarDate(year: today.year, month: today.month, day: daysIn(month: today.month, year: today.year))
        let daysLeft = lastDay.day - today.day + 1
        func cost(_ c: Candidate) -> Int64 {
            let from = max(today, c.flight?.start ?? today)
            let to = min(lastDay, c.flight?.end ?? lastDay)
            guard from <= to, from.year == to.year, from.month == to.month else { return 0 }
            return c.dailyBudget.micros * Int64(to.day - from.day + 1)
        }
        let budgets = candidates.reduce(Int64(0)) { $0 + cost($1) }
        var projected = spent.micros + budgets
        var blocked: [CampaignKey: String] = [:]
        if projected > cap.micros {
            let reason = "monthly cap \(cap.grouped(currency)) would be exceeded: \(spent.grouped(currency)) spent this month + "
                + "\(Money(micros: budgets).grouped(currency)) of budgets for the \(daysLeft) day\(daysLeft == 1 ? "" : "s") left"
            for c in candidates.sorted(by: blockedBefore) {
                guard projected > cap.micros else { break }
                blocked[c.key] = reason
                projected -= cost(c)
            }
        }
        return Projection(cap: cap, spent: spent, budgets: Money(micros: budgets), monthStart: monthStart, today: today,
                          daysLeft: daysLeft, projectedAfterBlocking: Money(micros: projected), blocked: blocked)
    }

    /// The campaigns a plan made without the cap would have running: launched, enabled, or left running.
    public static func candidates(of plan: TickPlan, campaigns: [Campaign]) -> [Candidate] {
        let byKey = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        return plan.actions.compactMap { action in
            let running: Bool
            switch action {
            case .launch, .enable: running = false
            case .none(_, .running): running = true
            default: return nil
            }
            guard let c = byKey[action.key] else { return nil }
            return Candidate(key: c.key, purpose: c.purpose, dailyBudget: c.dailyBudget, flight: c.flight, running: running)
        }
    }

    /// The first day of the month of `now` and the day of `now`, in `timeZone`. For the spend query.
    public static func month(of now: Date, in timeZone: TimeZone) -> (start: CalendarDate, today: CalendarDate) {
        let c = ZoneTime.calendar(timeZone).dateComponents([.year, .month, .day], from: now)
        return (CalendarDate(year: c.year!, month: c.month!, day: 1), CalendarDate(year: c.year!, month: c.month!, day: c.day!))
    }

    /// The blocking order of the type's documentation.
    static func blockedBefore(_ a: Candidate, _ b: Candidate) -> Bool {
        let outreachA = a.purpose == .outreach, outreachB = b.purpose == .outreach
        if outreachA != outreachB { return !outreachA }
        if a.running != b.running { return !a.running }
        let startA = a.flight?.start, startB = b.flight?.start
        if startA != startB {
            guard let startA else { return false }
            guard let startB else { return true }
            return startA > startB
        }
        if a.dailyBudget.micros != b.dailyBudget.micros { return a.dailyBudget.micros > b.dailyBudget.micros }
        return a.key < b.key
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
}
