/// A template file as written: every field optional, because a template may take it from the one it extends.
public struct Template: Sendable {
    public var id: String
    public var path: String
    public var extends: Located<String>?
    public var name: String?
    public var purpose: Located<Purpose>?
    public var audience: Located<Audience>?
    public var channels: Located<[Channel]>?
    public var keywordLists: Located<[Located<String>]>?
    public var matchType: Located<MatchType>?
    public var negativeLists: Located<[Located<String>]>?
    public var creative: Located<[Located<String>]>?
    public var landingPage: Located<String>?
    public var dayparts: Located<[Located<Daypart>]>?
    public var dailyBudget: Located<Money>?
    public var bidCeiling: Located<Money>?
    public var flight: Located<Flight>?
    public var location: SourceLocation
    /// Keys written in this file or an ancestor, valid or not (so an invalid value is not also reported as missing).
    var declaredKeys: Set<String> = []

    init(id: String, path: String, location: SourceLocation) {
        self.id = id
        self.path = path
        self.location = location
    }

    /// This template with the gaps filled from `parent` (child wins; lists replace, never append).
    func filling(from parent: Template) -> Template {
        var t = self
        t.name = name ?? parent.name
        t.purpose = purpose ?? parent.purpose
        t.audience = audience ?? parent.audience
        t.channels = channels ?? parent.channels
        t.keywordLists = keywordLists ?? parent.keywordLists
        t.matchType = matchType ?? parent.matchType
        t.negativeLists = negativeLists ?? parent.negativeLists
        t.creative = creative ?? parent.creative
        t.landingPage = landingPage ?? parent.landingPage
        t.dayparts = dayparts ?? parent.dayparts
        t.dailyBudget = dailyBudget ?? parent.dailyBudget
        t.bidCeiling = bidCeiling ?? parent.bidCeiling
        t.declaredKeys = declaredKeys.union(parent.declaredKeys)
        t.flight = Flight.merge(flight, over: parent.flight)
        return t
    }
}
