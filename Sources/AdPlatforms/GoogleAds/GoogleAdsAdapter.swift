import CampaignKit
import Foundation

/// Google Ads behind the platform seam: the applier, the client and the metrics source for one account.
public struct GoogleAdsAdapter: PlatformAdapter {
    public let account: Account
    public let client: GoogleAdsClient
    let applier: GoogleAdsApplier

    public init(_ context: AdapterContext) {
        account = context.account
        client = GoogleAdsClient(http: context.http, baseURL: context.baseURL,
                                 version: context.account.apiVersion ?? PlatformDescriptor.googleAds.defaultAPIVersion,
                                 customerId: context.account.accountId)
        applier = GoogleAdsApplier(client: client, store: context.store, actor: context.actor, now: context.now,
                                   maxOperationsPerRequest: PlatformDescriptor.googleAds.limits.perRequest["operation"] ?? 10_000,
                                   progress: context.progress, sleep: context.sleep)
    }

    public func launch(_ campaigns: [Campaign]) async throws -> ApplyReport {
        Self.report(try await applier.launch(campaigns))
    }

    public func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String) async throws -> ApplyReport {
        Self.report(try await applier.setStatus(keys, enabled: enabled, reason: reason))
    }

    public func remoteCampaigns() async throws -> [RemoteCampaignView] {
        try await applier.remoteCampaigns().map { view in
            let status: RemoteCampaignView.Status = switch view.status {
            case "ENABLED": .enabled
            case "PAUSED": .paused
            case "REMOVED": .removed
            default: .other(view.status)
            }
            return RemoteCampaignView(key: view.key, remoteId: view.resourceName, name: view.name, status: status, statusText: view.status,
                                      dailyBudget: view.budgetMicros.map { Money(micros: $0) })
        }
    }

    public func metricsSource() -> any MetricsSource { GoogleAdsMetricsSource(client: client) }

    /// `ad:<group>:<creative>#<fingerprint>` objects for `customers/…/adGroupAds/<ad group id>~<ad id>`: ad id → creative.
    public func creativeLabels(_ objects: [RemoteObject]) -> [String: String] {
        var labels: [String: String] = [:]
        for object in objects {
            guard case .ad(_, let creative, _) = object.localKey, creative != "remote",
                  let tilde = object.resourceName.lastIndex(of: "~") else { continue }
            labels[String(object.resourceName[object.resourceName.index(after: tilde)...])] = creative
        }
        return labels
    }

    static func report(_ r: GoogleAdsApplier.Report) -> ApplyReport {
        var out = ApplyReport()
        out.created = r.created
        out.updated = r.updated
        out.adopted = r.adopted
        out.enabled = r.enabled
        out.paused = r.paused
        out.failed = r.failed.map { ApplyReport.Failure(key: $0.key, reason: $0.reason, source: $0.source) }
        out.writeRequests = r.mutateRequests
        out.operations = r.operations
        out.otherRequests = r.otherRequests
        return out
    }
}

extension PlatformDescriptor {
    /// Google Ads REST (v25 by default): one `googleAds:mutate` takes up to 10,000 operations; a Basic-access developer
    /// token allows 15,000 operations a day.
    public static let googleAds = PlatformDescriptor(
        platform: .googleAds,
        limits: PlatformLimits(perRequest: ["operation": 10_000], requestsPerSecond: 10, burst: 20, dailyQuota: 15_000,
                               keywordsPerAdGroup: 20_000),
        credentials: .googleAds,
        productionURL: URL(string: "https://googleads.googleapis.com")!,
        defaultAPIVersion: "v25",
        retryHint: { GoogleAdsRetryClassifier().classify($0) },
        objectCounts: { c in
            [ObjectCount(1, "budget"), ObjectCount(1, "campaign"), ObjectCount(c.geo.count, "geo target"), ObjectCount(c.dayparts.count, "schedule"),
             ObjectCount(c.negatives.count, "negative keyword"), ObjectCount(c.adGroups.count, "ad group"),
             ObjectCount(c.keywordCount, "keyword"), ObjectCount(c.adGroups.count * c.ads.count, "ad")]
        },
        makeAdapter: { GoogleAdsAdapter($0) })
}
