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
