import CampaignKit
import Foundation
import Testing
@testable import Reporting

@Suite struct DemandTrendTests {
    /// Daily searches falling exactly 20 % per year.
    static func exact(_ i: Int) -> Double { 1_000 * pow(0.8, Double(i) / 364) }

    @Test func recoversAnExactTrend() throws {
        // 2026-03-02 is a Monday: 10 complete weeks.
        let days = Fixture.demand(zone: "fl-orange", start: "2026-03-02", days: 70, searches: Self.exact)
        let trend = DemandTrend(days: days)
        #expect(trend.weeks.count == 10)
        guard case .fitted(let fit) = trend.fit else { Issue.record("expected a trend"); return }
        #expect(abs(fit.changePerYear - -0.2) < 1e-9)
        #expect(abs(fit.lower - -0.2) < 1e-6)
        #expect(abs(fit.upper - -0.2) < 1e-6)
        #expect(fit.weeks == 10)
        #expect(fit.degreesOfFreedom == 8)
        #expect(fit.tQuantile == 2.3060)
        #expect(trend.summary == "Searches for buyer terms changed \u{2212}20 % per year (95 % CI \u{2212}20 % to \u{2212}20 %) over 10 complete weeks.")
        // The fitted line passes through the weekly sums.
        #expect(abs(fit.fitted(atWeek: 3) / trend.weeks[3].searches - 1) < 1e-9)
    }

    @Test func onlyCompleteMondayWeeksCount() {
        // Wednesday 2026-03-04 to Tuesday 2026-04-07: complete weeks start 03-09, 03-16, 03-23, 03-30.
        let days = Fixture.demand(zone: "z", start: "2026-03-04", days: 35) { _ in 10 }
        let trend = DemandTrend(days: days)
        #expect(trend.weeks.map(\.start) == ["2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"])
        #expect(trend.weeks.allSatisfy { $0.searches == 70 })
        #expect(trend.firstDate == "2026-03-04")
        #expect(trend.lastDate == "2026-04-07")
        guard case .fitted(let fit) = trend.fit else { Issue.record("expected a trend"); return }
        #expect(abs(fit.changePerYear) < 1e-12)
    }

    @Test func fewerThanFourWeeksGiveNoNumber() {
        let days = Fixture.demand(zone: "z", start: "2026-03-02", days: 27, searches: Self.exact)
        let trend = DemandTrend(days: days)
        #expect(trend.weeks.count == 3)
        #expect(trend.fit == .notEnoughData(weeks: 3))
        #expect(trend.summary == "Not enough data for a trend yet: 3 complete weeks with searches (at least 4 are needed).")
        #expect(!trend.summary.contains("%"))
        let none = DemandTrend(days: [])
        #expect(none.weeks.isEmpty)
        #expect(none.fit == .notEnoughData(weeks: 0))
        #expect(none.censoredDayShare == nil)
    }

    @Test func weeksWithoutSearchesAreGapsNotShifts() throws {
        // Exact −20 %/year, but week 2 has no estimate at all (every share missing).
        var days = Fixture.demand(zone: "z", start: "2026-03-02", days: 56, searches: Self.exact)
        for i in 14..<21 {
            days[i].estimatedSearches = 0
            days[i].missingShareDays = 1
        }
        let trend = DemandTrend(days: days)
        #expect(trend.weeks.count == 8)
        #expect(trend.weeks[2].searches == 0)
        guard case .fitted(let fit) = trend.fit else { Issue.record("expected a trend"); return }
        #expect(fit.weeks == 7)
        #expect(abs(fit.changePerYear - -0.2) < 1e-9)
        #expect(trend.missingZoneDays == 7)
        #expect(trend.missingDayShare == 7.0 / 56.0)
    }

    @Test func censoredDaysMakeTheWeekALowerBound() {
        var days = Fixture.demand(zone: "z", start: "2026-03-02", days: 28) { _ in 100 }
        days[3].estimatedSearches = 0
        days[3].censoredSearches = 200
        days[3].censoredDays = 1
        let trend = DemandTrend(days: days)
        #expect(trend.weeks[0].isLowerBound)
        #expect(trend.weeks[0].searches == 800)
        #expect(trend.weeks[0].measuredSearches == 600)
        #expect(trend.weeks[0].censoredSearches == 200)
        #expect(!trend.weeks[1].isLowerBound)
        #expect(trend.censoredZoneDays == 1)
        #expect(trend.censoredDayShare == 1.0 / 28.0)
        #expect(trend.missingDayShare == 0)
    }

    @Test func programSumsZonesAndCountsAbsentZoneDaysAsMissing() {
        var days = Fixture.demand(zone: "a", start: "2026-03-02", days: 28) { _ in 10 }
        days += Fixture.demand(zone: "b", start: "2026-03-02", days: 28) { _ in 5 }
        days.removeAll { $0.zone == "b" && $0.date == "2026-03-10" }
        let program = DemandTrend(days: days)
        #expect(program.zone == nil)
        #expect(program.weeks.map(\.searches) == [105, 100, 105, 105])
        #expect(program.zoneDays == 56)
        #expect(program.missingZoneDays == 1)
        let zones = DemandTrend.byZone(days)
        #expect(zones.map(\.zone) == ["a", "b"])
        #expect(zones[1].weeks.map(\.searches) == [35, 30, 35, 35])
    }

    @Test func onlyTheAskedPurposesCount() {
        var days = Fixture.demand(zone: "a", start: "2026-03-02", days: 28) { _ in 10 }
        days += Fixture.demand(zone: "a", purpose: .outreach, start: "2026-03-02", days: 28) { _ in 1_000 }
        #expect(DemandTrend(days: days).weeks.map(\.searches) == [70, 70, 70, 70])
        #expect(DemandTrend(days: days, purposes: [.outreach]).weeks.map(\.searches) == [7_000, 7_000, 7_000, 7_000])
        #expect(DemandTrend(days: days, purposes: [.deterrence, .outreach]).weeks.map(\.searches) == [7_070, 7_070, 7_070, 7_070])
        #expect(DemandTrend(days: days, purposes: [.outreach]).subject == "help-seeking terms")
        #expect(DemandTrend(days: days, purposes: [.deterrence, .outreach]).subject == "the selected keywords")
    }

    /// Weekly noise of about 15 % around a −20 %/year trend: one seeded series' interval covers the truth,
    /// and over 400 series the 95 % interval covers it about 95 % of the time.
    @Test func confidenceIntervalCoversTheTruth() throws {
        func noisy(seed: UInt64, weeks: Int) -> DemandTrend {
            var random = SeededRandom(seed: seed)
            var days: [DemandDay] = []
            for w in 0..<weeks {
                let noise = exp(0.15 * random.normal())
                days += Fixture.demand(zone: "z", start: DayNumber.text(DayNumber.parse("2026-01-05")! + 7 * w), days: 7) { i in
                    Self.exact(7 * w + i) * noise
                }
            }
            return DemandTrend(days: days)
        }
        let one = noisy(seed: 7, weeks: 12)
        guard case .fitted(let fit) = one.fit else { Issue.record("expected a trend"); return }
        #expect(fit.lower < -0.2 && -0.2 < fit.upper)
        #expect(fit.lower < fit.changePerYear && fit.changePerYear < fit.upper)
        #expect(fit.changePerYear != -0.2)

        var covered = 0
        let runs = 400
        for seed in 1...UInt64(runs) {
            guard case .fitted(let f) = noisy(seed: seed * 7_919, weeks: 6).fit else { continue }
            if f.lower <= -0.2, -0.2 <= f.upper { covered += 1 }
        }
        let coverage = Double(covered) / Double(runs)
        #expect(coverage > 0.92 && coverage < 0.98, "coverage \(coverage)")
    }

    @Test func studentTQuantiles() {
        #expect(StudentT.quantile975(df: 1) == 12.7062)
        #expect(StudentT.quantile975(df: 2) == 4.3027)
        #expect(StudentT.quantile975(df: 30) == 2.0423)
        #expect(abs(StudentT.quantile975(df: 35) - 2.0301) < 0.001)
        #expect(abs(StudentT.quantile975(df: 200) - 1.9719) < 0.001)
        #expect(abs(StudentT.quantile975(df: 1_000_000) - 1.9600) < 0.0001)
        let values = (1...500).map(StudentT.quantile975(df:))
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 }, "decreasing in df")
    }

    @Test func dayNumbersRoundTrip() {
        #expect(DayNumber.parse("1970-01-01") == 0)
        #expect(DayNumber.weekday(DayNumber.parse("2026-03-02")!) == 0) // Monday
        #expect(DayNumber.weekday(DayNumber.parse("2026-03-01")!) == 6) // Sunday
        for n in stride(from: -800, to: 30_000, by: 37) { #expect(DayNumber.parse(DayNumber.text(n)) == n) }
        #expect(DayNumber.text(DayNumber.parse("2028-02-28")! + 1) == "2028-02-29")
        #expect(DayNumber.parse("2026-02-30") == nil)
    }
}
