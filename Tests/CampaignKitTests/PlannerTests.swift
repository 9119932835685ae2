import Foundation
import Testing
@testable import CampaignKit

@Suite struct PlannerTests {
    let campaigns = Fixture.library().campaigns

    func plan(_ campaigns: [Campaign], _ remote: [RemoteCampaign]) -> Plan {
        Planner.plan(campaigns, remote: RemoteState(remote), organization: "Test Zone Program", currency: "USD",
                     accounts: Fixture.library().workspace.config!.accounts)
    }

    func applied(_ c: Campaign, status: RemoteCampaign.Status = .enabled) -> RemoteCampaign {
        RemoteCampaign(key: c.key, accountId: c.account.accountId, remoteId: "111", status: status, applied: c.snapshot)
    }

    @Test func emptyStateCreatesEverything() {
        let p = plan(campaigns, [])
        #expect(p.actions.map(\.kind) == [.create, .create])
        #expect(p.summary == Plan.Summary(create: 2, adGroups: 2, keywords: 3, ads: 2))
        let google = p.actions.first { $0.platform == .googleAds }!
        #expect(google.create?.adGroups.first?.keywords == ["\"escorts near me\"", "\"buy sex\"", "[hourly rates]"])
        // budget, campaign, 2 geo, 1 schedule, 1 negative, 1 ad group, 3 keywords, 1 ad
        #expect(google.create?.objectCount == 11)
        #expect(google.source == CampaignKit.SourceLocation(path: "Campaigns/zones/fl-hillsborough.yaml", line: 8, column: 5))
    }

    @Test func matchingStateChangesNothing() {
        let p = plan(campaigns, campaigns.map { applied($0) })
        #expect(p.actions.isEmpty)
        #expect(p.unchanged == 2)
    }

    @Test func changedFieldsAreUpdates() throws {
        var remote = campaigns.map { applied($0) }
        let i = try #require(remote.firstIndex { $0.key.platform == .googleAds })
        remote[i].applied.dailyBudgetMicros = 25_000_000
        remote[i].applied.adGroups["buyers"] = ["\"escorts near me\"", "[hourly rates]", "[old keyword]"]
        remote[i].applied.ads["deterrence/arrest"] = "0000000000000000"
        let p = plan(campaigns, remote)
        #expect(p.actions.map(\.kind) == [.update])
        #expect(p.actions[0].changes == [
            Change(field: "daily budget", from: "$25.00", to: "$30.00"),
            Change(field: "keywords in buyers", added: ["\"buy sex\""], removed: ["[old keyword]"]),
            Change(field: "ads", added: ["deterrence/arrest (new text)"], removed: ["deterrence/arrest (old text)"]),
        ])
    }

    @Test func removedFromFilesIsPausedNeverDeleted() {
        let gone = RemoteCampaign(key: CampaignKey(zone: "fl-pasco", template: "deterrence-search", platform: .googleAds),
                                  accountId: "1234567890", remoteId: "222", status: .enabled, applied: campaigns[0].snapshot)
        let alreadyPaused = RemoteCampaign(key: CampaignKey(zone: "fl-polk", template: "deterrence-search", platform: .googleAds),
                                           accountId: "1234567890", remoteId: "333", status: .paused, applied: campaigns[0].snapshot)
        let p = plan(campaigns, campaigns.map { applied($0) } + [gone, alreadyPaused])
        #expect(p.actions.map(\.kind) == [.pause])
        #expect(p.actions[0].key == gone.key)
        #expect(p.actions[0].reason == "no longer in the campaign files: paused, never deleted")
    }

    @Test func statusInFilesPausesAndResumes() {
        var files = campaigns
        files[0].status = .paused
        let p = plan(files, [applied(campaigns[0]), applied(campaigns[1], status: .paused)])
        #expect(p.actions.map(\.kind) == [.pause, .resume])
        #expect(p.actions.filter { $0.kind == .pause }.map(\.key) == [files[0].key])
        #expect(p.actions.filter { $0.kind == .resume }.map(\.key) == [files[1].key])
    }

    @Test func removedRemoteIsCreatedAgain() {
        let p = plan(campaigns, campaigns.map { applied($0, status: .removed) })
        #expect(p.actions.map(\.kind) == [.create, .create])
    }

    /// Golden plans: the shipped sample library with no remote state, in all three formats.
    @Test func sampleLibraryGoldenPlans() throws {
        let library = Library.build(try SampleWorkspace.files())
        #expect(library.diagnostics.map(\.rendered) == [])
        let note = "Known remote state: none."
        let p = Planner.plan(library.campaigns, remote: RemoteState(), organization: "TraffickingFree Zone Florida (sample)", currency: "USD",
                             includeKeywords: false)
        try Snapshot.assert(PlanRenderer.text(p, stateNote: note), named: "sample-plan.txt")
        try Snapshot.assert(PlanRenderer.markdown(p, stateNote: note), named: "sample-plan.md")
        let full = Planner.plan(library.campaigns, remote: RemoteState(), organization: "TraffickingFree Zone Florida (sample)", currency: "USD")
        try Snapshot.assert(PlanRenderer.json(full), named: "sample-plan.json")
    }

    /// An incomplete campaign (adopted after an interrupted launch) is an update even when its applied snapshot matches
    /// the files, shown as a change of name from `(incomplete) <name>`: the plan tfz showed when the store marked it in
    /// the name, line for line.
    @Test func anIncompleteCampaignIsAnUpdateShownAsBefore() throws {
        let google = try #require(campaigns.first { $0.key.platform == .googleAds })
        var flagged = applied(google)
        flagged.incomplete = true
        let p = plan([google], [flagged])
        #expect(p.actions.map(\.kind) == [.update])
        #expect(p.unchanged == 0)
        #expect(p.actions[0].changes == [Change(field: "name", from: "(incomplete) \(google.remoteName)", to: google.remoteName)])

        // With a real change too, and rendered exactly as the plan from a store that marked the name.
        flagged.applied.dailyBudgetMicros = 25_000_000
        var marked = flagged
        marked.incomplete = false
        marked.applied.name = "(incomplete) " + marked.applied.name
        let note = "Known remote state: 1 campaigns."
        let text = PlanRenderer.text(plan([google], [flagged]), stateNote: note)
        #expect(text == PlanRenderer.text(plan([google], [marked]), stateNote: note))
        #expect(PlanRenderer.json(plan([google], [flagged])) == PlanRenderer.json(plan([google], [marked])))
        #expect(text.contains("(incomplete) \(google.remoteName)"), "\(text)")
        #expect(plan([google], [flagged]).actions[0].changes.map(\.field) == ["name", "daily budget"])

        // Once recorded complete, nothing is left to do.
        flagged = applied(google)
        #expect(plan([google], [flagged]).actions.isEmpty)
    }

    /// Golden plan with every kind of action, in text and Markdown.
    @Test func mixedGoldenPlan() throws {
        var files = campaigns
        files[1].status = .paused
        var remote = campaigns.map { applied($0) }
        remote[0].applied.dailyBudgetMicros = 25_000_000
        remote[0].applied.negatives = []
        remote[0].applied.flightEnd = nil
        let gone = RemoteCampaign(key: CampaignKey(zone: "fl-pasco", template: "social", platform: .meta),
                                  accountId: "act_1001", remoteId: "444", status: .enabled, applied: campaigns[1].snapshot)
        let p = plan(files, remote + [gone])
        try Snapshot.assert(PlanRenderer.text(p, stateNote: "Known remote state: 3 campaigns."), named: "mixed-plan.txt")
        try Snapshot.assert(PlanRenderer.markdown(p, stateNote: "Known remote state: 3 campaigns."), named: "mixed-plan.md")
    }
}
