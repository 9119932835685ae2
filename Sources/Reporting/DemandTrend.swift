import CampaignKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The weekly estimated searches of one zone (or the whole program) and their trend per year.
///
/// **Weeks.** Weeks start on Monday. Only complete weeks count: all seven days between the first and
/// the last date of the selected data (for a zone, that zone's data; for the program, all of it).
/// Partial weeks at either end are left out.
///
/// **A week's searches** = Σ `estimatedSearches` + Σ `censoredSearches` over its zone-days. Days the
/// platform reported as "< 10 %" are counted at exactly 10 % (impressions ÷ 0.0999), the smallest
/// number of searches consistent with the report, so a week with such days is a *lower bound*
/// (``Week/isLowerBound``); there is no upper bound. Campaign-days with impressions but no share
/// cannot be turned into searches and add nothing: they, too, make the week's figure low.
///
/// **Trend.** An ordinary least-squares line through (week index, ln searches) over the complete weeks
/// with searches > 0 (the index counts complete weeks, so a week without an estimate leaves a gap
/// rather than shifting the others). The slope b per week becomes a change per year of e^(52·b) − 1;
/// its 95 % confidence interval is e^(52·(b ± t·se)) − 1, with se the slope's standard error
/// √(SSE ÷ (n − 2) ÷ Σ(x − x̄)²) and t the 0.975 quantile of Student's t with n − 2 degrees of freedom.
/// With fewer than 4 such weeks there is no trend (``Fit/notEnoughData(weeks:)``) — not an error.
///
/// The trend assumes the share of "< 10 %" and missing days stays roughly constant: if it changes
/// over the period, the floors move with it, and the trend with them.
public struct DemandTrend: Sendable, Hashable {
    /// One complete Monday–Sunday week.
    public struct Week: Sendable, Hashable {
        /// The Monday, `yyyy-MM-dd`.
        public var start: String
        /// Σ estimated + Σ censored searches: the week's estimate (a floor when ``isLowerBound``).
        public var searches: Double
        /// The part of ``searches`` from days with a reported share of 10 % or more.
        public var measuredSearches: Double
        /// The part of ``searches`` from "< 10 %" days, counted at exactly 10 %.
        public var censoredSearches: Double
        /// Campaign-days reported as "< 10 %", and with impressions but no share.
        public var censoredCampaignDays: Int
        public var missingShareCampaignDays: Int

        /// "< 10 %" days make the week's figure a lower bound: the true searches were at least this.
        public var isLowerBound: Bool { censoredCampaignDays > 0 || censoredSearches > 0 }
    }

    /// The fitted trend, or why there is none.
    public enum Fit: Sendable, Hashable {
        /// Fewer than 4 complete weeks with searches: no number is given.
        case notEnoughData(weeks: Int)
        case fitted(TrendFit)
    }

    /// A least-squares fit of ln(weekly searches) on the week index.
    public struct TrendFit: Sendable, Hashable {
        /// Weeks in the fit (complete, with searches > 0).
        public var weeks: Int
        /// ln(searches) at week index 0, and its change per week.
        public var intercept: Double
        public var slopePerWeek: Double
        /// Standard error of the slope, and the t quantile used (n − 2 degrees of freedom).
        public var standardError: Double
        public var tQuantile: Double
        /// e^(52·slope) − 1 (−0.2 = −20 % per year) and its 95 % confidence interval.
        public var changePerYear: Double
        public var lower: Double
        public var upper: Double

        public var degreesOfFreedom: Int { weeks - 2 }

        /// The fitted searches at a week index (for drawing the trend line).
        public func fitted(atWeek index: Int) -> Double { exp(intercept + slopePerWeek * Double(index)) }
    }

    /// The zone, or nil for the whole program.
    public var zone: String?
    public var purposes: Set<Purpose>
    /// First and last date of the selected data (`yyyy-MM-dd`), nil without data.
    public var firstDate: String?
    public var lastDate: String?
    public var weeks: [Week]
    public var fit: Fit
    /// Zone-days inside the complete weeks (within each zone's own date range) …
    public var zoneDays: Int
    /// … of which had a "< 10 %" campaign-day …
    public var censoredZoneDays: Int
    /// … and of which had no record, or a campaign-day with impressions but no share.
    public var missingZoneDays: Int

    /// Share of zone-days with a "< 10 %" report; nil without complete weeks.
    public var censoredDayShare: Double? { zoneDays > 0 ? Double(censoredZoneDays) / Double(zoneDays) : nil }
    /// Share of zone-days with a missing share or no data; nil without complete weeks.
    public var missingDayShare: Double? { zoneDays > 0 ? Double(missingZoneDays) / Double(zoneDays) : nil }

    /// The trend of `days` of `purposes` (deterrence: searches for buyer terms) for `zone`, or the whole
    /// program when `zone` is nil. Days with a malformed date are ignored.
    public init(days: [DemandDay], purposes: Set<Purpose> = [.deterrence], zone: String? = nil) {
        self.zone = zone
        self.purposes = purposes
        // zone → day number → that zone-day summed over the selected purposes.
        var byZone: [String: [Int: DemandDay]] = [:]
        for day in days where purposes.contains(day.purpose) && (zone == nil || day.zone == zone) {
            guard let n = DayNumber.parse(day.date) else { continue }
            if var existing = byZone[day.zone]?[n] {
                existing.impressions += day.impressions
                existing.estimatedSearches += day.estimatedSearches
                existing.censoredSearches += day.censoredSearches
                existing.missingShareDays += day.missingShareDays
                existing.censoredDays += day.censoredDays
                byZone[day.zone]![n] = existing
            } else {
                byZone[day.zone, default: [:]][n] = day
            }
        }
        let allDays = byZone.values.flatMap(\.keys)
        guard let first = allDays.min(), let last = allDays.max() else {
            self.firstDate = nil
            self.lastDate = nil
            self.weeks = []
            self.fit = .notEnoughData(weeks: 0)
            self.zoneDays = 0
            self.censoredZoneDays = 0
            self.missingZoneDays = 0
            return
        }
        firstDate = DayNumber.text(first)
        lastDate = DayNumber.text(last)

        let firstMonday = DayNumber.weekday(first) == 0 ? first : DayNumber.monday(onOrBefore: first) + 7
        var weeks: [Week] = []
        var zoneDays = 0, censoredZoneDays = 0, missingZoneDays = 0
        var monday = firstMonday
        let zoneRanges = byZone.mapValues { ($0.keys.min()!, $0.keys.max()!) }
        while monday + 6 <= last {
            var week = Week(start: DayNumber.text(monday), searches: 0, measuredSearches: 0, censoredSearches: 0,
                            censoredCampaignDays: 0, missingShareCampaignDays: 0)
            for (zoneID, records) in byZone {
                let range = zoneRanges[zoneID]!
                for d in monday...(monday + 6) where d >= range.0 && d <= range.1 {
                    zoneDays += 1
                    guard let r = records[d] else { missingZoneDays += 1; continue }
                    week.measuredSearches += r.estimatedSearches
                    week.censoredSearches += r.censoredSearches
                    week.censoredCampaignDays += r.censoredDays
                    week.missingShareCampaignDays += r.missingShareDays
                    if r.censoredDays > 0 { censoredZoneDays += 1 }
                    if r.missingShareDays > 0 { missingZoneDays += 1 }
                }
            }
            week.searches = week.measuredSearches + week.censoredSearches
            weeks.append(week)
            monday += 7
        }
        self.weeks = weeks
        self.zoneDays = zoneDays
        self.censoredZoneDays = censoredZoneDays
        self.missingZoneDays = missingZoneDays
        let points = weeks.enumerated().compactMap { i, w in w.searches > 0 && w.searches.isFinite ? (Double(i), log(w.searches)) : nil }
        self.fit = DemandTrend.fit(points)
    }

    /// One trend per zone present in `days` (for `purposes`), sorted by zone.
    public static func byZone(_ days: [DemandDay], purposes: Set<Purpose> = [.deterrence]) -> [DemandTrend] {
        Set(days.filter { purposes.contains($0.purpose) }.map(\.zone)).sorted().map {
            DemandTrend(days: days, purposes: purposes, zone: $0)
        }
    }

    /// Least squares of y on x; nil-free: fewer than 4 points give ``Fit/notEnoughData(weeks:)``.
    static func fit(_ points: [(Double, Double)]) -> Fit {
        let n = points.count
        guard n >= 4 else { return .notEnoughData(weeks: n) }
        let meanX = points.map(\.0).reduce(0, +) / Double(n)
        let meanY = points.map(\.1).reduce(0, +) / Double(n)
        var sxx = 0.0, sxy = 0.0
        for (x, y) in points {
            sxx += (x - meanX) * (x - meanX)
            sxy += (x - meanX) * (y - meanY)
        }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        var sse = 0.0
        for (x, y) in points {
            let r = y - (intercept + slope * x)
            sse += r * r
        }
        let se = (sse / Double(n - 2) / sxx).squareRoot()
        let t = StudentT.quantile975(df: n - 2)
        return .fitted(TrendFit(
            weeks: n, intercept: intercept, slopePerWeek: slope, standardError: se, tQuantile: t,
            changePerYear: exp(52 * slope) - 1,
            lower: exp(52 * (slope - t * se)) - 1,
            upper: exp(52 * (slope + t * se)) - 1))
    }
}

extension DemandTrend {
    /// What the searches were for, in words: `buyer terms` (deterrence), `help-seeking terms` (outreach),
    /// `awareness terms` (education), `the selected keywords` for a mix.
    public var subject: String {
        guard purposes.count == 1, let only = purposes.first else { return "the selected keywords" }
        switch only {
        case .deterrence: return "buyer terms"
        case .outreach: return "help-seeking terms"
        case .education: return "awareness terms"
        }
    }

    /// One sentence for people, e.g. "Searches for buyer terms changed −18 % per year (95 % CI −25 % to −11 %)
    /// over 9 complete weeks." or, without a trend, "Not enough data for a trend yet: 2 complete weeks
    /// with searches (at least 4 are needed)."
    public var summary: String {
        switch fit {
        case .notEnoughData(let n):
            return "Not enough data for a trend yet: \(n) complete week\(n == 1 ? "" : "s") with searches (at least 4 are needed)."
        case .fitted(let f):
            return "Searches for \(subject) changed \(NumberText.signedPercent(f.changePerYear)) per year "
                + "(95 % CI \(NumberText.signedPercent(f.lower)) to \(NumberText.signedPercent(f.upper))) over \(f.weeks) complete weeks."
        }
    }
}
