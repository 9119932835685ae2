/// What would change on the platforms if the files were applied now.
public struct Plan: Sendable, Codable {
    public var organization: String
    public var currency: String
    public var actions: [PlanAction]
    /// Campaigns whose remote copy already matches the files.
    public var unchanged: Int

    public struct Summary: Sendable, Codable, Equatable {
        public var create = 0, update = 0, pause = 0, resume = 0, unchanged = 0
        public var adGroups = 0, keywords = 0, ads = 0
    }

    public var summary: Summary {
        var s = Summary()
        s.unchanged = unchanged
        for a in actions {
            switch a.kind {
            case .create: s.create += 1
            case .update: s.update += 1
            case .pause: s.pause += 1
            case .resume: s.resume += 1
            }
            if let c = a.create {
                s.adGroups += c.adGroups.count
                s.keywords += c.adGroups.reduce(0) { $0 + $1.keywordCount }
                s.ads += c.adGroups.count * c.ads.count
            }
        }
        return s
    }

    public var isEmpty: Bool { actions.isEmpty }
}

/// One thing to do to one campaign.
public struct PlanAction: Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case create, update, pause, resume }

    public var kind: Kind
    public var key: CampaignKey
    public var zone: String
    public var zoneName: String
    public var platform: Platform
    public var account: String
    public var accountId: String
    public var reason: String?
    /// For `update`: each field that differs.
    public var changes: [Change]
    /// For `create`: every object that would be made.
    public var create: NewCampaign?
    /// The zone file entry behind it (absent for campaigns no longer in the files).
    public var source: SourceLocation?
}

/// A field that differs between the files and what was last applied.
public struct Change: Sendable, Codable, Hashable {
    public var field: String
    public var from: String?
    public var to: String?
    /// For list fields: items to add and to remove.
    public var added: [String]
    public var removed: [String]

    public init(field: String, from: String? = nil, to: String? = nil, added: [String] = [], removed: [String] = []) {
        self.field = field
        self.from = from
        self.to = to
        self.added = added
        self.removed = removed
    }
}

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
