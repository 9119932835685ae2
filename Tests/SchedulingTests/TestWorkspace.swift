import CampaignKit
import Foundation
import Scheduling
import Testing

/// A small workspace in memory: one Google Ads template, and one zone file per campaign so each can have its
/// own time zone and flight. Campaigns are built by the real loader.
enum TestWorkspace {
    struct Zone {
        var id: String
        var timeZone: String
        var county = "36061"
        var flight: String?
        var status: String?
    }

    static let base: [String: String] = [
        "tfz.yaml": """
            version: 1
            organization: Test Zone Program
            currency: USD
            time_zone: America/New_York
            accounts:
              - name: google-main
                platform: google_ads
                account_id: "1234567890"
                credentials: env:TFZ_GOOGLE_ADS
            """,
        "Campaigns/templates/t.yaml": """
            purpose: deterrence
            audience: buyers
            channels:
              - platform: google_ads
            keywords:
              lists: [buyers]
              match_type: phrase
            creative: deterrence/arrest
            landing_page: https://example.org/stop/{zone}
            budget: {daily: 20.00}
            """,
        "Campaigns/keywords/buyers.txt": """
            escorts near me
            """,
        "Creative/deterrence/arrest.yaml": """
            purpose: deterrence
            search:
              headlines:
                - Buying Sex Is a Crime
                - Buyers Are Arrested Here
                - She Could Be a Minor
              descriptions:
                - Police arrest sex buyers in this county. Get help to stop.
                - Many people sold for sex are children. Think before you act.
            """,
    ]

    /// The campaigns of these zones (template `t`, Google Ads), sorted by key; fails the test on any loader error.
    static func campaigns(_ zones: [Zone], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Campaign] {
        var files = base
        for z in zones {
            var entry = "  - template: t\n"
            if let flight = z.flight { entry += "    flight: \(flight)\n" }
            if let status = z.status { entry += "    status: \(status)\n" }
            files["Campaigns/zones/\(z.id).yaml"] = """
                name: Zone \(z.id)
                county: "\(z.county)"
                time_zone: \(z.timeZone)
                campaigns:
                \(entry)
                """
        }
        let library = Library.build(WorkspaceFiles(files: files.map { SourceFile(path: $0.key, contents: $0.value) }.sorted { $0.path < $1.path }))
        let errors = library.diagnostics.filter { $0.severity == .error }.map(\.rendered)
        #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        #expect(library.campaigns.count == zones.count, sourceLocation: sourceLocation)
        return library.campaigns
    }

    static func campaign(_ zone: Zone, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Campaign {
        try #require(campaigns([zone], sourceLocation: sourceLocation).first, sourceLocation: sourceLocation)
    }

    static func key(_ zone: String) -> CampaignKey { CampaignKey(zone: zone, template: "t", platform: .googleAds) }
}

/// `2027-01-01T05:00:00Z` as a `Date`.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
    return date
}

/// A remote campaign as the store would hold it after a launch.
func remote(_ campaign: Campaign, _ status: RemoteCampaign.Status, remoteId: String? = "1001") -> RemoteCampaign {
    RemoteCampaign(key: campaign.key, accountId: campaign.account.accountId, remoteId: remoteId, status: status, applied: campaign.snapshot)
}

/// The remote state after a tick's actions succeeded: what the daemon would record.
func applying(_ plan: TickPlan, to state: RemoteState, campaigns: [Campaign]) -> RemoteState {
    var state = state
    let byKey = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.key, $0) })
    for action in plan.actions {
        switch action {
        case .launch(let key):
            var r = remote(byKey[key]!, .enabled, remoteId: "r-\(key.zone)")
            if let old = state.campaigns[key] { r.accountId = old.accountId }
            state.campaigns[key] = r
        case .enable(let key, _): state.campaigns[key]?.status = .enabled
        case .pause(let key, _): state.campaigns[key]?.status = .paused
        case .none: break
        }
    }
    return state
}
