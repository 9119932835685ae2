import CampaignKit

/// Everything the partner HTML report shows, fetched by the CLI from the store and handed over as values.
///
/// Each aggregate list must have the dimensions named on it, in that order; rows may come in any
/// order (the report sorts them). Money is micros of ``currency``.
public struct ReportBundle: Sendable, Hashable {
    /// Shown as the report's kicker, e.g. `TraffickingFree Zone — Central Florida`.
    public var organization: String
    /// The report's title, e.g. `Campaign report`.
    public var title: String
    /// The period covered, inclusive `yyyy-MM-dd`.
    public var since: String
    public var until: String
    /// When the report was made, as the caller wants it shown (the report reads no clock).
    public var generatedAt: String
    /// ISO 4217 code of all money, e.g. `USD`.
    public var currency: String
    /// The selection in words, e.g. `All zones · all purposes · all platforms`.
    public var filterDescription: String

    /// Dimensions `[.day]`: impressions and clicks per day.
    public var daily: [AggregateRow]
    /// Dimensions `[.zone]`: CTR by zone.
    public var byZone: [AggregateRow]
    /// Dimensions `[.zone, .purpose]`: the zone table.
    public var byZonePurpose: [AggregateRow]
    /// Dimensions `[.keyword]`: all keywords; the report shows the 15 with most clicks.
    public var topKeywords: [AggregateRow]
    /// Dimensions `[.landingPage, .purpose]`: rows of purpose `outreach` are the help pages.
    public var landingPages: [AggregateRow]
    /// Dimensions `[.creative]`.
    public var byCreative: [AggregateRow]
    /// Zone-days of search demand (any purposes; ``demandPurposes`` selects).
    public var demand: [DemandDay]
    /// Whose searches the headline trend follows: deterrence (buyer terms) by default.
    public var demandPurposes: Set<Purpose>
    /// The pulls the figures come from (platform, API version, lookback, attribution, window, time).
    public var pulls: [MetricPull]
    /// Free-text notes shown at the end, one paragraph each.
    public var notes: [String]
    /// Rows by zone and platform (dimensions `[.zone, .platform]`): the platforms side by side per zone, shown when
    /// more than one platform delivered.
    public var byZonePlatform: [AggregateRow]
    /// Rows by platform and purpose (dimensions `[.platform, .purpose]`, campaign totals with daily reach): the social
    /// section, for the social platforms (Meta, Reddit) among them.
    public var byPlatformPurpose: [AggregateRow]

    public init(
        organization: String, title: String, since: String, until: String, generatedAt: String, currency: String,
        filterDescription: String, daily: [AggregateRow] = [], byZone: [AggregateRow] = [], byZonePurpose: [AggregateRow] = [],
        topKeywords: [AggregateRow] = [], landingPages: [AggregateRow] = [], byCreative: [AggregateRow] = [],
        demand: [DemandDay] = [], demandPurposes: Set<Purpose> = [.deterrence], pulls: [MetricPull] = [], notes: [String] = [],
        byZonePlatform: [AggregateRow] = [], byPlatformPurpose: [AggregateRow] = []
    ) {
        self.byPlatformPurpose = byPlatformPurpose
        self.byZonePlatform = byZonePlatform
        self.organization = organization
        self.title = title
        self.since = since
        self.until = until
        self.generatedAt = generatedAt
        self.currency = currency
        self.filterDescription = filterDescription
        self.daily = daily
        self.byZone = byZone
        self.byZonePurpose = byZonePurpose
        self.topKeywords = topKeywords
        self.landingPages = landingPages
        self.byCreative = byCreative
        self.demand = demand
        self.demandPurposes = demandPurposes
        self.pulls = pulls
        self.notes = notes
    }
}
