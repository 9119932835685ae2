/// Which report of a platform a daily metric row comes from.
///
/// The platforms report keywords, ads and landing pages separately (Google Ads cannot join
/// `landing_page_view` with keyword criteria, nor keywords with ads, in one query), so each grain is
/// stored on its own rows and a report reads the one grain that answers its grouping. `campaign` rows
/// are the platform's own campaign totals (they also carry the search impression share, which cannot
/// be summed from keywords).
public enum MetricGrain: String, Sendable, Codable, CaseIterable, Comparable {
    case campaign
    case keyword
    case ad
    case landingPage = "landing_page"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One day of one platform object's delivery, as pulled; the unit the store upserts.
///
/// The natural key is (platform, accountId, grain, campaignId, adGroupId, criterionId, adId,
/// landingPage, date); parts that do not apply to the grain are empty strings (never nil, so that the
/// key is unique in SQL). Money is exact integer micros of the account's currency.
public struct MetricRow: Sendable, Hashable, Codable {
    public var platform: Platform
    public var accountId: String
    public var grain: MetricGrain
    /// The platform's campaign id (not the resource name), e.g. `"1234"`.
    public var campaignId: String
    /// Ad group id, or `""` for campaign rows.
    public var adGroupId: String
    /// Keyword criterion id for keyword rows, else `""`.
    public var criterionId: String
    /// Ad id for ad rows, else `""`.
    public var adId: String
    /// The unexpanded final URL for landing-page rows, else `""`.
    public var landingPage: String
    /// `yyyy-MM-dd` in the account's time zone.
    public var date: String

    /// The tfz campaign this row belongs to, when tfz launched it (`zone/template/platform`).
    public var campaignKey: CampaignKey?
    /// The campaign's purpose (from its template) when tfz launched it.
    public var purpose: Purpose?
    /// Keyword text (keyword rows).
    public var keyword: String?
    /// `EXACT`, `PHRASE`, `BROAD` (keyword rows).
    public var matchType: String?
    /// Creative name (`outreach/help-is-available`) for ad rows of ads tfz created.
    public var creative: String?

    public var impressions: Int64
    public var clicks: Int64
    public var costMicros: Int64
    /// Where the platform reports conversions.
    public var conversions: Double?
    /// Campaign rows of search campaigns: the fraction of eligible searches that saw the ad
    /// (Google reports `0.0999` for "under 10 %"); nil when the platform did not say.
    public var searchImpressionShare: Double?
    /// People reached that day (social platforms: Meta, Reddit); nil where the platform does not count them. Reach is
    /// not additive: a sum over days or ads counts a person once per day and ad, so reports call it "daily reach".
    public var reach: Int64? = nil

    public init(
        platform: Platform, accountId: String, grain: MetricGrain, campaignId: String, adGroupId: String = "",
        criterionId: String = "", adId: String = "", landingPage: String = "", date: String,
        campaignKey: CampaignKey? = nil, purpose: Purpose? = nil, keyword: String? = nil, matchType: String? = nil, creative: String? = nil,
        impressions: Int64, clicks: Int64, costMicros: Int64, conversions: Double? = nil,
        searchImpressionShare: Double? = nil
    ) {
        self.platform = platform
        self.accountId = accountId
        self.grain = grain
        self.campaignId = campaignId
        self.adGroupId = adGroupId
        self.criterionId = criterionId
        self.adId = adId
        self.landingPage = landingPage
        self.date = date
        self.campaignKey = campaignKey
        self.purpose = purpose
        self.keyword = keyword
        self.matchType = matchType
        self.creative = creative
        self.impressions = impressions
        self.clicks = clicks
        self.costMicros = costMicros
        self.conversions = conversions
        self.searchImpressionShare = searchImpressionShare
    }
}

/// What a pull was: written with its rows, so every stored figure says which API version and which
/// attribution/lookback setting produced it.
public struct MetricPull: Sendable, Hashable, Codable {
    public var platform: Platform
    public var accountId: String
    /// e.g. `v25`.
    public var apiVersion: String
    /// How far back this pull re-read days the platform may have restated.
    public var lookbackDays: Int
    /// The platform's attribution setting as text, e.g. `google_ads: account default conversion window`.
    public var attribution: String
    /// Inclusive `yyyy-MM-dd` window.
    public var since: String
    public var until: String
    /// ISO 8601 UTC.
    public var startedAt: String

    public init(platform: Platform, accountId: String, apiVersion: String, lookbackDays: Int, attribution: String,
                since: String, until: String, startedAt: String) {
        self.platform = platform
        self.accountId = accountId
        self.apiVersion = apiVersion
        self.lookbackDays = lookbackDays
        self.attribution = attribution
        self.since = since
        self.until = until
        self.startedAt = startedAt
    }
}

/// What a report groups by.
public enum ReportDimension: String, Sendable, Codable, CaseIterable {
    case zone, campaign, purpose, platform, keyword, creative
    case landingPage = "landing_page"
    case day, week, month

    /// The grain whose rows answer a grouping by this dimension (nil: any grain, campaign rows are used).
    public var requiredGrain: MetricGrain? {
        switch self {
        case .keyword: .keyword
        case .creative: .ad
        case .landingPage: .landingPage
        default: nil
        }
    }
}

/// Which rows a report covers. Empty sets mean all.
public struct ReportFilter: Sendable, Hashable, Codable {
    public var zones: Set<String>
    public var purposes: Set<Purpose>
    public var platforms: Set<Platform>
    /// Inclusive `yyyy-MM-dd` bounds.
    public var since: String?
    public var until: String?

    public init(zones: Set<String> = [], purposes: Set<Purpose> = [], platforms: Set<Platform> = [],
                since: String? = nil, until: String? = nil) {
        self.zones = zones
        self.purposes = purposes
        self.platforms = platforms
        self.since = since
        self.until = until
    }
}

/// One aggregated line: the values of the grouping dimensions (in the order asked) and the sums.
/// Rows of campaigns tfz does not know have zone/campaign/purpose `"(not tfz)"`.
public struct AggregateRow: Sendable, Hashable, Codable {
    public var values: [String]
    public var impressions: Int64
    public var clicks: Int64
    public var costMicros: Int64
    public var conversions: Double?

    /// Σ daily reach where the rows count it (see ``MetricRow/reach``), else nil.
    public var reach: Int64? = nil

    public init(values: [String], impressions: Int64, clicks: Int64, costMicros: Int64, conversions: Double? = nil, reach: Int64? = nil) {
        self.reach = reach
        self.values = values
        self.impressions = impressions
        self.clicks = clicks
        self.costMicros = costMicros
        self.conversions = conversions
    }
}

/// One zone-day of search demand evidence: the impressions of the zone's search campaigns of one
/// purpose and the search impression share the platform reported for them.
public struct DemandDay: Sendable, Hashable, Codable {
    public var zone: String
    public var purpose: Purpose
    public var date: String
    /// Impressions on days with a reported share (only those can be turned into searches).
    public var impressions: Int64
    /// Σ impressions ÷ share over the campaign-days with a share of at least 10 %.
    public var estimatedSearches: Double
    /// Σ impressions ÷ 0.0999 over the campaign-days reported as "< 10 %": the searches are at least this.
    public var censoredSearches: Double
    /// Campaign-days with impressions but no share reported.
    public var missingShareDays: Int
    /// Campaign-days reported as "< 10 %".
    public var censoredDays: Int

    public init(zone: String, purpose: Purpose, date: String, impressions: Int64, estimatedSearches: Double,
                censoredSearches: Double, missingShareDays: Int, censoredDays: Int) {
        self.zone = zone
        self.purpose = purpose
        self.date = date
        self.impressions = impressions
        self.estimatedSearches = estimatedSearches
        self.censoredSearches = censoredSearches
        self.missingShareDays = missingShareDays
        self.censoredDays = censoredDays
    }
}
