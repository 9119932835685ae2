/// `Campaigns/keywords/<name>.txt`.
public struct KeywordList: Sendable {
    public var name: String
    public var path: String
    public var entries: [Located<KeywordEntry>]
    /// How many keywords the file holds: `entries.count`, unless the list is longer than any platform takes in one ad
    /// group, when the parser keeps only the keywords up to the limit and counts the keyword lines after them
    /// (without checking them) — see ``isCut``.
    public var keywordCount: Int
    /// Where the first keyword over the ad group limit is written, when there is one.
    public var overLimitAt: SourceLocation?

    public init(name: String, path: String, entries: [Located<KeywordEntry>], keywordCount: Int? = nil, overLimitAt: SourceLocation? = nil) {
        self.name = name
        self.path = path
        self.entries = entries
        self.keywordCount = keywordCount ?? entries.count
        self.overLimitAt = overLimitAt
    }

    /// True when the parser stopped keeping keywords at the limit: `entries` is not the whole list.
    public var isCut: Bool { keywordCount != entries.count }
}
