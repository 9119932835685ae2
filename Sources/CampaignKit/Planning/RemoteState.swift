/// Everything tfz knows of the remote side, keyed by campaign key.
public struct RemoteState: Sendable {
    public var campaigns: [CampaignKey: RemoteCampaign]

    public init(_ campaigns: [RemoteCampaign] = []) {
        self.campaigns = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    }

    public var isEmpty: Bool { campaigns.isEmpty }

    /// Only the campaigns with these keys: what a plan for some zones compares against, so that the
    /// campaigns of other zones are not taken for ones removed from the files.
    public func restricted(to keys: Set<CampaignKey>) -> RemoteState {
        RemoteState(campaigns.values.filter { keys.contains($0.key) })
    }
}
