import CampaignKit
import Foundation

extension PlatformDescriptor {
    /// Meta Marketing API v25.0 (Graph API).
    ///
    /// Writes go in batches of up to 50 requests (`batch`, Meta's limit); each request of a batch counts against the ad
    /// account's hourly business-use-case limit, which Meta reports in `x-business-use-case-usage` on every answer (tfz
    /// slows down above 75 %: ``MetaClient/slowDownAbove``). There is no per-second figure and no daily quota: tfz paces
    /// itself at 5 calls a second, bursts of 10.
    public static let meta = PlatformDescriptor(
        platform: .meta,
        limits: PlatformLimits(perRequest: ["batch": MetaClient.batchLimit], requestsPerSecond: 5, burst: 10, dailyQuota: nil, keywordsPerAdGroup: 0),
        credentials: .meta,
        productionURL: URL(string: "https://graph.facebook.com")!,
        defaultAPIVersion: "v25.0",
        retryHint: { MetaRetryHint.classify($0) },
        objectCounts: { c in
            [ObjectCount(1, "campaign"), ObjectCount(1, "ad set"), ObjectCount(Set(c.ads.compactMap(\.image)).count, "image"),
             ObjectCount(c.ads.count, "ad creative"), ObjectCount(c.ads.count, "ad")]
        },
        // Insights of more than a week are asynchronous report runs: a month a run keeps the polls few.
        metricsChunkDays: 30, makeAdapter: { MetaAdapter($0) })
}
