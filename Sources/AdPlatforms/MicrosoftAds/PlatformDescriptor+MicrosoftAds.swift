import CampaignKit
import Foundation

extension PlatformDescriptor {
    /// Microsoft Advertising REST v13.
    ///
    /// Objects per call, from Microsoft's reference (MicrosoftDocs/Advertising, advertising/bingads-13/
    /// campaign-management-service/): `AddCampaigns` and `UpdateCampaigns` 100 campaigns (addcampaigns.md,
    /// updatecampaigns.md); `AddAdGroups` 1,000 ad groups of one campaign (addadgroups.md); `AddKeywords` 1,000 keywords
    /// of one ad group (addkeywords.md); `AddAds` 50 ads of one ad group (addads.md); `AddCampaignCriterions` and
    /// `DeleteCampaignCriterions` 100 criterions (addcampaigncriterions.md, deletecampaigncriterions.md);
    /// `AddNegativeKeywordsToEntities` one entity with up to 20,000 negative keywords (addnegativekeywordstoentities.md).
    /// Calls are throttled per user in a sliding minute, with no published figure (guides/services-protocol.md): tfz paces
    /// itself at 10 a second, bursts of 20. There is no daily quota.
    public static let microsoftAds = PlatformDescriptor(
        platform: .microsoftAds,
        limits: PlatformLimits(
            perRequest: ["campaign": 100, "campaignUpdate": 100, "adGroup": 1_000, "keyword": 1_000, "ad": 50, "campaignCriterion": 100,
                         "negativeKeyword": 20_000],
            requestsPerSecond: 10, burst: 20, dailyQuota: nil, keywordsPerAdGroup: 20_000),
        credentials: .microsoftAds,
        productionURL: URL(string: "https://campaign.api.bingads.microsoft.com")!,
        defaultAPIVersion: "v13",
        retryHint: { MicrosoftAdsRetryHint.classify($0) },
        objectCounts: { c in
            [ObjectCount(1, "campaign"), ObjectCount(MicrosoftAdsMapper.geoItems(c).count, "location target"),
             ObjectCount(MicrosoftAdsMapper.schedules(c).count, "schedule"), ObjectCount(Set(c.negatives.map(\.notation)).count, "negative keyword"),
             ObjectCount(c.adGroups.count, "ad group"), ObjectCount(c.keywordCount, "keyword"), ObjectCount(c.adGroups.count * c.ads.count, "ad")]
        },
        // A report is one asynchronous job per grain (submit, poll, download): a month a job keeps the polls few.
        metricsChunkDays: 30, makeAdapter: { MicrosoftAdsAdapter($0) })
}
