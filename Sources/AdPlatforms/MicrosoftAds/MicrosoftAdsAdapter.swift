import CampaignKit
import Foundation

/// Microsoft Advertising behind the platform seam: the client, the applier and the metrics source for one account.
public struct MicrosoftAdsAdapter: PlatformAdapter {
    public let account: Account
    public let client: MicrosoftAdsClient
    let applier: MicrosoftAdsApplier
    /// Waits between report polls and between look-up retries: the context's, so a virtual clock never waits for real.
    let sleep: @Sendable (Duration) async throws -> Void

    public init(_ context: AdapterContext) {
        account = context.account
        client = MicrosoftAdsClient(http: context.http, baseURL: context.baseURL, version: context.account.apiVersion ?? "v13",
                                    accountId: context.account.accountId)
        sleep = context.sleep
        applier = MicrosoftAdsApplier(client: client, store: context.store, actor: context.actor, now: context.now, progress: context.progress,
                                      sleep: context.sleep)
    }

    public func launch(_ campaigns: [Campaign]) async throws -> ApplyReport {
        try await applier.launch(campaigns)
    }

    public func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String) async throws -> ApplyReport {
        try await applier.setStatus(keys, enabled: enabled, reason: reason)
    }

    public func remoteCampaigns() async throws -> [RemoteCampaignView] {
        try await applier.remoteCampaigns()
    }

    public func metricsSource() -> any MetricsSource { MicrosoftAdsMetricsSource(client: client, sleep: sleep) }

    /// Ad id → creative, from the `ad:<group>:<creative>#<fingerprint>` objects (ads found on the platform that tfz did
    /// not write are left out). Microsoft's ad ids are the recorded ids themselves.
    public func creativeLabels(_ objects: [RemoteObject]) -> [String: String] {
        var labels: [String: String] = [:]
        for object in objects {
            guard case .ad(_, let creative, _) = object.localKey, !object.localKey.isRemoteAd else { continue }
            labels[object.resourceName] = creative
        }
        return labels
    }
}
