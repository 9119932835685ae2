/// The stable identity of a concrete campaign: `<zone>/<template>/<platform>`, e.g.
/// `fl-hillsborough/deterrence-search/google_ads`. Remote ids are stored under it.
public struct CampaignKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var zone: String
    public var template: String
    public var platform: Platform

    public init(zone: String, template: String, platform: Platform) {
        self.zone = zone
        self.template = template
        self.platform = platform
    }

    /// Parses `zone/template/platform`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 3, let platform = Platform(rawValue: String(parts[2])) else { return nil }
        self.init(zone: String(parts[0]), template: String(parts[1]), platform: platform)
    }

    public var description: String { "\(zone)/\(template)/\(platform.rawValue)" }

    public static func < (a: CampaignKey, b: CampaignKey) -> Bool {
        (a.zone, a.template, a.platform) < (b.zone, b.template, b.platform)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = CampaignKey(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a campaign key: \(text)"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

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
}
