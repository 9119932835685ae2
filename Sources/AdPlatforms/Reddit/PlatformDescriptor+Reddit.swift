import CampaignKit
import Foundation

extension PlatformDescriptor {
    /// Reddit Ads API v3 (`https://ads-api.reddit.com/api/v3`).
    ///
    /// One object a request (no batch call). Reddit counts calls per app and authorising user in named policies of a
    /// 60-second window (reference `rateLimits`): campaign-management writes 200 a minute, reads 400, reports 60, posts
    /// (`ads-creative-management`) 200. tfz paces itself below the write policy — 3 calls a second, bursts of 10 — so
    /// that reads and writes together stay under it; a 429 waits for the `RateLimit` reset (``RedditRetryHint``). No
    /// daily quota. An ad group takes at most 1000 keywords (`targeting.keywords`).
    public static let reddit = PlatformDescriptor(
        platform: .reddit,
        limits: PlatformLimits(perRequest: ["campaign": 1, "ad group": 1, "post": 1, "ad": 1],
                               requestsPerSecond: 3, burst: 10, dailyQuota: nil, keywordsPerAdGroup: RedditLimits.keywords),
        credentials: .reddit,
        productionURL: URL(string: "https://ads-api.reddit.com")!,
        defaultAPIVersion: "v3",
        retryHint: { RedditRetryHint.classify($0) },
        objectCounts: { c in
            [ObjectCount(1, "campaign"), ObjectCount(1, "ad group"), ObjectCount(c.ads.count, "post"), ObjectCount(c.ads.count, "ad")]
        },
        // Reports are synchronous: a month a request keeps them few (the reports policy allows 60 a minute).
        metricsChunkDays: 30, makeAdapter: { RedditAdapter($0) })
}
