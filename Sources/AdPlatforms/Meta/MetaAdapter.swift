import CampaignKit
import Foundation

/// Meta behind the platform seam: the client, the applier and the insights source for one ad account.
public struct MetaAdapter: PlatformAdapter {
    public let account: Account
    public let client: MetaClient
    let applier: MetaApplier
    let sleep: @Sendable (Duration) async throws -> Void

    public init(_ context: AdapterContext) {
        account = context.account
        client = MetaClient(http: context.http, baseURL: context.baseURL, version: context.account.apiVersion ?? "v25.0",
                            accountId: context.account.accountId, sleep: context.sleep)
        sleep = context.sleep
        applier = MetaApplier(client: client, store: context.store, actor: context.actor, now: context.now, progress: context.progress,
                              sleep: context.sleep, readFile: context.readFile, pageId: context.account.pageId,
                              accountSource: context.account.location)
    }

    public func launch(_ campaigns: [Campaign]) async throws -> ApplyReport { try await applier.launch(campaigns) }

    public func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String) async throws -> ApplyReport {
        try await applier.setStatus(keys, enabled: enabled, reason: reason)
    }

    public func remoteCampaigns() async throws -> [RemoteCampaignView] { try await applier.remoteCampaigns() }

    public func metricsSource() -> any MetricsSource { MetaMetricsSource(client: client, accountId: account.accountId, sleep: sleep) }

    /// Ad id → creative, from the `ad:<group>:<creative>#<fingerprint>` objects.
    public func creativeLabels(_ objects: [RemoteObject]) -> [String: String] { RemoteObject.creativeLabels(objects) }
}
