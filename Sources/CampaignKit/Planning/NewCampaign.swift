/// The objects a `create` makes: budget, campaign, targeting criteria, ad groups, keywords and ads.
public struct NewCampaign: Sendable, Codable {
    public var name: String
    public var purpose: Purpose
    public var status: DesiredStatus
    public var dailyBudget: String
    public var bidCeiling: String?
    public var flight: String?
    public var landingPage: String
    public var geo: [String]
    public var dayparts: [String]
    public var interests: [String]
    public var negatives: [String]
    public var adGroups: [Group]
    public var ads: [String]

    public struct Group: Sendable, Codable {
        public var name: String
        public var keywordCount: Int
        public var keywords: [String]
    }

    /// How many remote objects this creates (budget + campaign + criteria + ad groups + keywords + ads).
    public var objectCount: Int {
        2 + geo.count + dayparts.count + negatives.count + adGroups.count + adGroups.reduce(0) { $0 + $1.keywordCount } + adGroups.count * ads.count
    }
}

extension NewCampaign {
    init(_ c: Campaign, currency: String, includeKeywords: Bool) {
        self.init(name: c.remoteName, purpose: c.purpose, status: c.status, dailyBudget: c.dailyBudget.formatted(currency),
                  bidCeiling: c.bidCeiling?.formatted(currency), flight: c.flight.map { "\($0.description)" }, landingPage: c.landingPage,
                  geo: c.geo.map(\.summary), dayparts: c.dayparts.map(\.summary), interests: c.interests,
                  negatives: c.negatives.map(\.notation),
                  adGroups: c.adGroups.map { Group(name: $0.name, keywordCount: $0.keywords.count, keywords: includeKeywords ? $0.keywords.map(\.notation) : []) },
                  ads: c.ads.map(\.creative))
    }
}
