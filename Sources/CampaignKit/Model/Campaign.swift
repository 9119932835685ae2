/// A concrete campaign: one template stamped on one zone for one platform, every value resolved.
public struct Campaign: Sendable {
    public var key: CampaignKey
    public var zoneName: String
    public var county: String
    public var timeZone: String
    public var purpose: Purpose
    public var audience: Audience
    public var account: Account
    public var status: DesiredStatus
    public var dailyBudget: Money
    public var bidCeiling: Money?
    public var flight: Flight?
    /// Placeholders filled in.
    public var landingPage: String
    /// What this campaign's platform targets: the zone's geo, or for Meta its county's ZIP codes (``GeoRules/resolve(_:for:)``).
    public var geo: [GeoTarget]
    /// Empty means all day, every day.
    public var dayparts: [Daypart]
    public var trigger: Trigger
    public var interests: [String]
    /// One ad group per keyword list (or one for an interest-triggered channel).
    public var adGroups: [AdGroup]
    public var negatives: [Keyword]
    public var ads: [AdCopy]
    /// The zone file entry that produced it, to point errors from the platforms back at the files.
    public var source: SourceLocation
    /// Says which geo a social platform uses when it is not the zone's as written (a county turned into ZIP codes).
    public var geoNote: String? = nil
    /// Meta: special ad categories and the "Paid for by" disclaimer from the template's channel.
    public var specialAds: SpecialAdSettings? = nil

    public var keywordCount: Int { adGroups.reduce(0) { $0 + $1.keywords.count } }
}

/// An ad group (Meta: ad set) and its keywords.
public struct AdGroup: Sendable, Hashable, Codable {
    public var name: String
    public var keywords: [Keyword]
}

/// The copy of one ad, taken from a creative file, as a platform will show it.
public struct AdCopy: Sendable, Hashable, Codable {
    /// `<purpose>/<name>` of the creative file.
    public var creative: String
    public var headlines: [String]
    public var descriptions: [String]
    public var path1: String?
    public var path2: String?
    public var primaryText: String?
    public var image: String?
    public var callToAction: String?

    public init(creative: String, headlines: [String], descriptions: [String], path1: String? = nil, path2: String? = nil,
                primaryText: String? = nil, image: String? = nil, callToAction: String? = nil) {
        self.creative = creative
        self.headlines = headlines
        self.descriptions = descriptions
        self.path1 = path1
        self.path2 = path2
        self.primaryText = primaryText
        self.image = image
        self.callToAction = callToAction
    }
}
