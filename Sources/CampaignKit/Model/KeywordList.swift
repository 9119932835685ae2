/// `Campaigns/keywords/<name>.txt`.
public struct KeywordList: Sendable {
    public var name: String
    public var path: String
    public var entries: [Located<KeywordEntry>]
}
