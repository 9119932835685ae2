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
