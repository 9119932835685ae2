/// A zone file: one county (or another area) and the campaigns it runs.
public struct Zone: Sendable {
    /// The file stem, e.g. `fl-hillsborough`.
    public var id: String
    public var path: String
    public var name: String
    public var county: Located<String>
    public var timeZone: Located<String>?
    public var partners: [String]
    /// Empty means "the zone's county".
    public var geo: [Located<GeoTarget>]
    /// Every radius in `geo:` as written, decimals kept (one below 1 has no entry in `geo`).
    public var radii: [WrittenRadius] = []
    public var campaigns: [ZoneCampaign]
    public var location: SourceLocation
}
