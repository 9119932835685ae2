/// What tfz knows of a platform's copy of a campaign: its ids, its status, and what tfz last applied.
///
/// The store (SQLite, next issue) persists these; the planner compares them with the files.
public struct RemoteCampaign: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        case enabled, paused, removed
    }

    public var key: CampaignKey
    public var accountId: String
    /// The platform's id of the campaign (nil while a launch has not finished creating it).
    public var remoteId: String?
    public var status: Status
    /// What tfz last pushed: the base of every "change" in a plan.
    public var applied: CampaignSnapshot
    /// ISO 8601 time of the last apply.
    public var appliedAt: String?
    /// tfz has not recorded every part of it (a campaign adopted after an interrupted launch, or one whose launch stopped
    /// between requests): `applied` is not to be trusted, so the next plan shows it as an update and the next launch
    /// re-checks it. Cleared by the first launch that records it complete.
    public var incomplete: Bool

    public init(key: CampaignKey, accountId: String, remoteId: String?, status: Status, applied: CampaignSnapshot, appliedAt: String? = nil,
                incomplete: Bool = false) {
        self.key = key
        self.accountId = accountId
        self.remoteId = remoteId
        self.status = status
        self.applied = applied
        self.appliedAt = appliedAt
        self.incomplete = incomplete
    }
}
