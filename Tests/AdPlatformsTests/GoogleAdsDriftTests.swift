import CampaignKit
import Testing
@testable import AdPlatforms

@Suite struct GoogleAdsDriftTests {
    let campaign = GoogleAdsFixture.campaigns()[0]

    func recorded(_ status: RemoteCampaign.Status = .enabled) -> RemoteCampaign {
        RemoteCampaign(key: campaign.key, accountId: "1234567890", remoteId: "customers/1234567890/campaigns/1", status: status, applied: campaign.snapshot)
    }

    func view(status: String = "ENABLED", budget: Int64 = 25_000_000, name: String? = nil) -> GoogleAdsApplier.RemoteView {
        GoogleAdsApplier.RemoteView(key: campaign.key, resourceName: "customers/1234567890/campaigns/1", name: name ?? campaign.remoteName,
                                    status: status, budgetMicros: budget)
    }

    @Test func noDriftWhenTheAccountMatches() {
        #expect(GoogleAdsDrift.changes(recorded: recorded(), remote: view(), currency: "USD") == [])
    }

    @Test func changesMadeInTheWebUIAreReported() {
        #expect(GoogleAdsDrift.changes(recorded: recorded(), remote: view(status: "PAUSED", budget: 40_000_000, name: "Tampa test"), currency: "USD") == [
            "status is PAUSED on Google Ads; tfz left it ENABLED",
            "daily budget changed on Google Ads: $25.00 → $40.00",
            "renamed on Google Ads to 'Tampa test'",
        ])
        #expect(GoogleAdsDrift.changes(recorded: recorded(), remote: nil, currency: "USD") == ["not found on Google Ads (removed there?)"])
        #expect(GoogleAdsDrift.changes(recorded: recorded(.removed), remote: nil, currency: "USD") == [])
    }

    /// An incomplete campaign's name is set again by the next launch: a different name on Google Ads is not drift.
    @Test func anIncompleteCampaignsNameIsNotDrift() {
        var r = recorded()
        r.incomplete = true
        #expect(GoogleAdsDrift.changes(recorded: r, remote: view(name: "tfz \(campaign.key) · Old Name"), currency: "USD") == [])
        #expect(GoogleAdsDrift.changes(recorded: r, remote: view(budget: 40_000_000), currency: "USD") == ["daily budget changed on Google Ads: $25.00 → $40.00"])
    }
}
