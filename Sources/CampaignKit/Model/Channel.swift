/// A platform a template runs on, and what triggers its ads there.
public struct Channel: Sendable, Hashable {
    public var platform: Located<Platform>
    public var account: Located<String>?
    public var trigger: Located<Trigger>?
    public var interests: [String]
    public var location: SourceLocation
    /// Meta only: special ad categories and the "Paid for by" disclaimer (nil when the channel gives none).
    public var specialAds: SpecialAdSettings? = nil
}
