/// A template instantiated in a zone, with its overrides.
public struct ZoneCampaign: Sendable {
    public var template: Located<String>
    public var status: DesiredStatus
    public var dailyBudget: Located<Money>?
    public var bidCeiling: Located<Money>?
    public var flight: Located<Flight>?
    public var landingPage: Located<String>?
    public var keywordsAdd: [Located<KeywordEntry>]
    public var keywordsRemove: [Located<String>]
    public var negativesAdd: [Located<KeywordEntry>]
    public var platforms: [Located<Platform>]?
    public var location: SourceLocation
}
