import CampaignKit
import Foundation

/// Reddit behind the platform seam: the client, the applier and the report source for one ad account.
public struct RedditAdapter: PlatformAdapter {
    public let account: Account
    public let client: RedditClient
    let applier: RedditApplier

    public init(_ context: AdapterContext) {
        account = context.account
        client = RedditClient(http: context.http, baseURL: context.baseURL, version: context.account.apiVersion ?? "v3",
                              accountId: context.account.accountId)
        applier = RedditApplier(client: client, store: context.store, actor: context.actor, now: context.now, progress: context.progress,
                                sleep: context.sleep)
    }

    public func launch(_ campaigns: [Campaign]) async throws -> ApplyReport { try await applier.launch(campaigns) }

    public func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String) async throws -> ApplyReport {
        try await applier.setStatus(keys, enabled: enabled, reason: reason)
    }

    public func remoteCampaigns() async throws -> [RemoteCampaignView] { try await applier.remoteCampaigns() }

    public func metricsSource() -> any MetricsSource { RedditMetricsSource(client: client, accountId: account.accountId) }

    /// Ad id → creative, from the `ad:audience:<creative>:<fingerprint>` objects.
    public func creativeLabels(_ objects: [RemoteObject]) -> [String: String] { RemoteObject.creativeLabels(objects) }
}
