import CampaignKit
import Foundation
@testable import Scheduling
import Testing

/// The organisation-wide monthly cap: the projection, which campaigns it blocks and in what order, the reason's exact
/// wording, and which month "now" is in the workspace time zone.
@Suite struct MonthlyCapTests {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let utcZone = TimeZone(identifier: "UTC")!

    static func money(_ text: String) -> Money { Money(parsing: text)! }

    static func candidate(_ zone: String, _ purpose: Purpose, _ budget: String, start: String? = "2026-11-01", end: String? = nil,
                          running: Bool) -> MonthlyCap.Candidate {
        MonthlyCap.Candidate(key: CampaignKey(zone: zone, template: purpose.rawValue, platform: .googleAds), purpose: purpose,
                             dailyBudget: money(budget),
                             flight: Flight(start: start.flatMap(CalendarDate.init(parsing:)), end: end.flatMap(CalendarDate.init(parsing:))),
                             running: running)
    }

    /// Σ 450.00 a day. On 17 November (New York) 14 days are left, so 6,300.00 of budgets.
    static let november: [MonthlyCap.Candidate] = [
        candidate("a", .outreach, "150", start: "2026-11-15", running: false),
        candidate("b", .deterrence, "100", running: true),
        candidate("c", .deterrence, "50", start: "2026-11-10", running: false),
        candidate("d", .education, "100", start: "2026-11-10", running: false),
        candidate("e", .deterrence, "50", running: true),
    ]
    static let november17 = utc("2026-11-17T12:00:00Z")

    static func check(_ cap: String, spent: String, _ candidates: [MonthlyCap.Candidate] = november, now: Date = november17,
                      in timeZone: TimeZone = newYork) -> MonthlyCap.Projection {
        MonthlyCap.check(cap: money(cap), spent: money(spent), candidates: candidates, now: now, timeZone: timeZone, currency: "USD")
    }

    static func key(_ zone: String, _ purpose: Purpose) -> CampaignKey { CampaignKey(zone: zone, template: purpose.rawValue, platform: .googleAds) }

    @Test func withinTheCapBlocksNothing() {
        let p = Self.check("20000", spent: "3120.44")
        #expect(p.blocked.isEmpty)
        #expect(p.daysLeft == 14 && p.budgets == Self.money("6300") && p.projected == Self.money("9420.44") && p.withinCap)
        #expect(p.line(currency: "USD") == "Monthly cap $20,000.00: $3,120.44 spent in November, $9,420.44 projected — within the cap")
        // Exactly at the cap is within it.
        let atCap = Self.check("9420.44", spent: "3120.44")
        #expect(atCap.blocked.isEmpty && atCap.withinCap)
    }

    @Test func overTheCapBlocksUntilItFits() {
        // 14,212.50 + 6,300.00 = 20,512.50: blocking the first in line (d, education, not running, 100.00) is enough.
        let p = Self.check("20000", spent: "14212.50")
        let reason = "monthly cap $20,000.00 would be exceeded: $14,212.50 spent this month + $6,300.00 of budgets for the 14 days left"
        #expect(p.blocked == [Self.key("d", .education): reason])
        #expect(p.projectedAfterBlocking == Self.money("19112.50"))
        #expect(p.line(currency: "USD")
            == "Monthly cap $20,000.00: $14,212.50 spent in November, $20,512.50 projected — over the cap: 1 campaign blocked, $19,112.50 projected without them")

        // 16,000 + 6,300 = 22,300: d (−1,400), c (−700), then the running b (−1,400) → 18,800. The outreach campaign
        // a and the smaller running e keep running.
        let more = Self.check("20000", spent: "16000")
        #expect(Set(more.blocked.keys) == [Self.key("d", .education), Self.key("c", .deterrence), Self.key("b", .deterrence)])
        #expect(more.projectedAfterBlocking == Self.money("18800"))
    }

    @Test func blockingOrder() {
        let candidates = Self.november + [
            Self.candidate("f", .deterrence, "10", start: "2026-11-17", running: false),
            Self.candidate("g", .deterrence, "10", start: nil, running: false),
            Self.candidate("h", .outreach, "10", start: "2026-11-16", running: true),
            Self.candidate("i", .deterrence, "100", start: "2026-11-10", running: false),
        ]
        let order = candidates.sorted(by: MonthlyCap.blockedBefore).map(\.key.zone)
        // Deterrence and education first (not running, then running; latest start, largest budget, key), outreach last.
        #expect(order == ["f", "d", "i", "c", "g", "b", "e", "a", "h"])
    }

    @Test func spendingAlreadyOverTheCapBlocksEverything() {
        let p = Self.check("5000", spent: "5000.01")
        #expect(p.blocked.count == 5)
        #expect(p.blocked[Self.key("a", .outreach)]
            == "monthly cap $5,000.00 would be exceeded: $5,000.01 spent this month + $6,300.00 of budgets for the 14 days left")
        #expect(p.projectedAfterBlocking == Self.money("5000.01"))
    }

    @Test func aFlightEndingThisMonthCountsOnlyItsDays() {
        let ends = [Self.candidate("x", .deterrence, "100", end: "2026-11-20", running: true),
                    Self.candidate("y", .deterrence, "100", end: "2026-10-31", running: true),
                    Self.candidate("z", .deterrence, "100", start: "2026-12-01", running: false)]
        #expect(Self.check("20000", spent: "0", ends).budgets == Self.money("400"))  // 17–20 November
    }

    @Test(arguments: [
        // The last day of a 31-day month: 1 day left.
        ("2027-01-31T12:00:00Z", "America/New_York", "2027-01-01", "2027-01-31", 1),
        // 30-day month, first and last day.
        ("2026-11-01T12:00:00Z", "America/New_York", "2026-11-01", "2026-11-01", 30),
        ("2026-11-30T23:00:00Z", "America/New_York", "2026-11-01", "2026-11-30", 1),
        // February: 28 days in 2027, 29 in 2028.
        ("2027-02-01T12:00:00Z", "America/New_York", "2027-02-01", "2027-02-01", 28),
        ("2028-02-01T12:00:00Z", "America/New_York", "2028-02-01", "2028-02-01", 29),
        ("2028-02-29T12:00:00Z", "America/New_York", "2028-02-01", "2028-02-29", 1),
        // 03:00Z on 1 February is already February in UTC but still 31 January in New York.
        ("2027-02-01T03:00:00Z", "America/New_York", "2027-01-01", "2027-01-31", 1),
        ("2027-02-01T03:00:00Z", "UTC", "2027-02-01", "2027-02-01", 28),
    ])
    func monthBoundaries(now: String, zone: String, monthStart: String, today: String, daysLeft: Int) {
        let p = MonthlyCap.check(cap: Self.money("1000"), spent: Self.money("0"),
                                 candidates: [Self.candidate("a", .deterrence, "10", start: nil, running: true)],
                                 now: utc(now), timeZone: TimeZone(identifier: zone)!, currency: "USD")
        #expect(p.monthStart.description == monthStart && p.today.description == today && p.daysLeft == daysLeft)
        #expect(p.budgets == Money(micros: 10_000_000 * Int64(daysLeft)))
    }

    @Test func lastDayReasonSaysOneDay() {
        let p = MonthlyCap.check(cap: Self.money("100"), spent: Self.money("95"),
                                 candidates: [Self.candidate("a", .deterrence, "10", start: nil, running: true)],
                                 now: utc("2027-02-01T03:00:00Z"), timeZone: Self.newYork, currency: "USD")
        #expect(p.blocked.values.first == "monthly cap $100.00 would be exceeded: $95.00 spent this month + $10.00 of budgets for the 1 day left")
        #expect(p.line(currency: "USD").contains("spent in January"))
    }

    @Test func moneyText() {
        #expect(Money(micros: 1_234_567_890_000).grouped("USD") == "$1,234,567.89")
        #expect(Money(micros: 5_000).grouped("USD") == "$0.01")
        #expect(Money(micros: 4_999).grouped("USD") == "$0.00")
        #expect(Money(micros: 999_995_000).grouped("EUR") == "1,000.00 EUR")
    }

    @Test func candidatesAreWhatThePlanWouldRun() throws {
        let zones = [TestWorkspace.Zone(id: "run", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
                     TestWorkspace.Zone(id: "new", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
                     TestWorkspace.Zone(id: "held", timeZone: "America/New_York"),
                     TestWorkspace.Zone(id: "later", timeZone: "America/New_York", flight: "{start: 2027-02-01}"),
                     TestWorkspace.Zone(id: "off", timeZone: "America/New_York", status: "paused")]
        let campaigns = TestWorkspace.campaigns(zones)
        let byZone = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.key.zone, $0) })
        let state = RemoteState([remote(byZone["run"]!, .enabled)])
        let plan = TickPlanner.plan(campaigns: campaigns, remote: state, holds: [TestWorkspace.key("held")], blocked: [:],
                                    now: utc("2027-01-10T12:00:00Z"), lastTick: nil, defaultTimeZone: "America/New_York")
        let candidates = MonthlyCap.candidates(of: plan, campaigns: campaigns)
        #expect(candidates.map { "\($0.key.zone) \($0.running) \($0.dailyBudget)" } == ["new false 20.00", "run true 20.00"])
    }
}
