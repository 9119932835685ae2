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
    /// Which geo a social platform uses when it is not the zone's as written (e.g. a county turned into ZIP codes).
    public var geoNote: String? = nil
    public var dayparts: [String]
    public var interests: [String]
    public var negatives: [String]
    public var adGroups: [Group]
    public var ads: [String]
    /// The objects the platform makes for it, as its adapter counts them; nil counts them the Google Ads way.
    public var objects: [ObjectCount]?

    public struct Group: Sendable, Codable {
        public var name: String
        public var keywordCount: Int
        public var keywords: [String]
    }

    /// The objects by kind: the platform's count, or budget + campaign + criteria + ad groups + keywords + ads.
    public var objectCounts: [ObjectCount] {
        objects ?? [ObjectCount(1, "budget"), ObjectCount(1, "campaign"), ObjectCount(geo.count, "geo target"),
                    ObjectCount(dayparts.count, "schedule"), ObjectCount(negatives.count, "negative keyword"),
                    ObjectCount(adGroups.count, "ad group"), ObjectCount(adGroups.reduce(0) { $0 + $1.keywordCount }, "keyword"),
                    ObjectCount(adGroups.count * ads.count, "ad")]
    }

    /// How many remote objects this creates.
    public var objectCount: Int { objectCounts.reduce(0) { $0 + $1.count } }
}

extension NewCampaign {
    init(_ c: Campaign, currency: String, includeKeywords: Bool, objects: [ObjectCount]? = nil) {
        self.init(name: c.remoteName, purpose: c.purpose, status: c.status, dailyBudget: c.dailyBudget.formatted(currency),
                  bidCeiling: c.bidCeiling?.formatted(currency), flight: c.flight.map { "\($0.description)" }, landingPage: c.landingPage,
                  geo: c.geo.map(\.summary), geoNote: c.geoNote, dayparts: c.dayparts.map(\.summary), interests: c.interests,
                  negatives: c.negatives.map(\.notation),
                  adGroups: c.adGroups.map { Group(name: $0.name, keywordCount: $0.keywords.count, keywords: includeKeywords ? $0.keywords.map(\.notation) : []) },
                  ads: c.ads.map(\.creative), objects: objects)
    }
}
