/// Everything tfz knows of the remote side, keyed by campaign key.
public struct RemoteState: Sendable {
    public var campaigns: [CampaignKey: RemoteCampaign]

    public init(_ campaigns: [RemoteCampaign] = []) {
        self.campaigns = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    }

    public var isEmpty: Bool { campaigns.isEmpty }
}
