/// A keyword with its match type; `nil` match type means "the template's default".
public struct KeywordEntry: Sendable, Hashable {
    public var text: String
    public var matchType: MatchType?

    public init(text: String, matchType: MatchType?) {
        self.text = text
        self.matchType = matchType
    }
}

/// A concrete keyword as pushed to a platform.
public struct Keyword: Sendable, Hashable, Codable, Comparable {
    public var text: String
    public var matchType: MatchType

    public init(text: String, matchType: MatchType) {
        self.text = text
        self.matchType = matchType
    }

    /// Google Ads Editor notation: `[exact]`, `"phrase"`, `broad`.
    public var notation: String {
        switch matchType {
        case .exact: "[\(text)]"
        case .phrase: "\"\(text)\""
        case .broad: text
        }
    }

    public static func < (a: Keyword, b: Keyword) -> Bool {
        (a.text, a.matchType.rawValue) < (b.text, b.matchType.rawValue)
    }
}
