import CampaignKit

/// The measures of one report line (or of the total): sums plus the ratios derived from them.
///
/// Ratios are computed in integers from the sums, never averaged from other ratios. A ratio whose
/// denominator is zero is nil — not an error: a zone with no impressions yet has no CTR.
public struct ReportMeasures: Sendable, Hashable {
    public var impressions: Int64
    public var clicks: Int64
    /// Exact cost in micros of the report currency.
    public var costMicros: Int64
    /// Nil when the platform reported none for any summed row.
    public var conversions: Double?

    public init(impressions: Int64, clicks: Int64, costMicros: Int64, conversions: Double? = nil) {
        self.impressions = impressions
        self.clicks = clicks
        self.costMicros = costMicros
        self.conversions = conversions
    }

    public init(_ row: AggregateRow) {
        self.init(impressions: row.impressions, clicks: row.clicks, costMicros: row.costMicros, conversions: row.conversions)
    }

    /// The sums over `rows` (conversions: the sum of those reported, nil when none was).
    public init(summing rows: [AggregateRow]) {
        var total = ReportMeasures(impressions: 0, clicks: 0, costMicros: 0)
        for row in rows {
            total.impressions += row.impressions
            total.clicks += row.clicks
            total.costMicros += row.costMicros
            if let c = row.conversions { total.conversions = (total.conversions ?? 0) + c }
        }
        self = total
    }

    /// Click-through rate in basis points (clicks ÷ impressions × 10,000, rounded half up: `325` = 3.25 %);
    /// nil without impressions.
    public var ctrBasisPoints: Int64? {
        impressions > 0 ? NumberText.divideRounded(clicks * 10_000, impressions) : nil
    }

    /// Click-through rate as a fraction (unrounded); nil without impressions.
    public var ctr: Double? {
        impressions > 0 ? Double(clicks) / Double(impressions) : nil
    }

    /// Cost per click in micros, rounded to the cent (half up); nil without clicks.
    public var cpcMicros: Int64? {
        guard clicks > 0, let cents = NumberText.divideRounded(costMicros, clicks * 10_000) else { return nil }
        return cents * 10_000
    }
}
