import CampaignKit
import Testing
@testable import AdPlatforms

/// `Drift` compares what tfz recorded with what a platform's adapter reads back, whatever the platform.
@Suite struct DriftTests {
    let campaign = GoogleAdsFixture.campaigns()[0]

    func recorded(_ status: RemoteCampaign.Status = .enabled) -> RemoteCampaign {
        RemoteCampaign(key: campaign.key, accountId: "1234567890", remoteId: "customers/1234567890/campaigns/1", status: status, applied: campaign.snapshot)
    }

    func view(status: RemoteCampaignView.Status = .enabled, text: String = "ENABLED", budget: Int64 = 25_000_000, name: String? = nil) -> RemoteCampaignView {
        RemoteCampaignView(key: campaign.key, remoteId: "customers/1234567890/campaigns/1", name: name ?? campaign.remoteName,
                           status: status, statusText: text, dailyBudget: Money(micros: budget))
    }

    @Test func noDriftWhenTheAccountMatches() {
        #expect(Drift.changes(recorded: recorded(), remote: view(), currency: "USD") == [])
    }

    @Test func changesMadeInTheWebUIAreReported() {
        #expect(Drift.changes(recorded: recorded(), remote: view(status: .paused, text: "PAUSED", budget: 40_000_000, name: "Tampa test"), currency: "USD") == [
            "status is PAUSED on Google Ads; tfz left it enabled",
            "daily budget changed on Google Ads: $25.00 → $40.00",
            "renamed on Google Ads to 'Tampa test'",
        ])
        #expect(Drift.changes(recorded: recorded(), remote: nil, currency: "USD") == ["not found on Google Ads (removed there?)"])
        #expect(Drift.changes(recorded: recorded(.removed), remote: nil, currency: "USD") == [])
    }

    /// An incomplete campaign's name is set again by the next launch: a different name on the platform is not drift.
    @Test func anIncompleteCampaignsNameIsNotDrift() {
        var r = recorded()
        r.incomplete = true
        #expect(Drift.changes(recorded: r, remote: view(name: "tfz \(campaign.key) · Old Name"), currency: "USD") == [])
        #expect(Drift.changes(recorded: r, remote: view(budget: 40_000_000), currency: "USD") == ["daily budget changed on Google Ads: $25.00 → $40.00"])
    }
}
