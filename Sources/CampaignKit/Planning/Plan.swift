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
