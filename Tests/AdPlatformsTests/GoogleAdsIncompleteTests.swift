import AdPlatforms
import CampaignKit
import Foundation
import Sandbox
import Store
import Synchronization
import Testing

/// The incomplete flag over a real launch against the sandbox: set when the applier adopts a campaign it found by its
/// key after an interrupted launch, cleared by the record that finds every part of it; in between, the plan shows it
/// as an update and the launch sets its name again, as when the store marked it in the name.
@Suite(.serialized) struct GoogleAdsIncompleteTests {
    static let customerId = GoogleAdsFaultTests.customerId

    /// The create mutate is applied but never answered: the launch adopts every campaign (incomplete, with the remote
    /// ids it found), then completes them in the same run.
    @Test func anAdoptedCampaignIsIncompleteUntilItsRecordIsComplete() async throws {
        let campaigns = FaultFixture.campaigns()
        let sandbox = try await startSandbox(SandboxConfiguration(seed: 7))
        let directory = FaultRig.temporaryDirectory()
        defer { FaultRig.remove(directory) }
        let store = RowRecordingStore(try SQLiteStore(directory: directory))
        await sandbox.setFaultPlan(FaultPlan(script: [4: .dropAfterApplying]))
        var applier = FaultRig.applier(sandbox: sandbox, store: store.store)
        applier.store = store
        let report = try await applier.launch(campaigns)
        let requests = await sandbox.receivedRequests()
        let account = await sandbox.snapshot().account(Self.customerId)
        await sandbox.stop()

        try #require(report.failed.isEmpty, "\(report.failed)")
        #expect(Set(report.adopted) == Set(campaigns.map(\.key)))
        let rows = store.rows.withLock { $0 }
        let log = try store.store.changeLog(limit: 100)
        for c in campaigns {
            let mine = rows.filter { $0.key == c.key }
            let adopted = try #require(mine.first, "\(c.key) was recorded")
            #expect(adopted.incomplete, "\(c.key): the adopted row is incomplete")
            #expect(adopted.remoteId != nil)
            #expect(adopted.applied.name == c.remoteName, "the name is the name, never marked")
            let completed = try #require(mine.firstIndex { !$0.incomplete }, "\(c.key) was recorded complete")
            #expect(mine[completed].applied == c.snapshot)
            #expect(mine[completed...].allSatisfy { !$0.incomplete }, "nothing makes it incomplete again")
            #expect(try store.store.campaign(c.key)?.incomplete == false)
            #expect(log.contains { $0.key == c.key && $0.action == .lookup })
        }
        // After the unanswered create, each adopted campaign got exactly its name set again, and nothing was created.
        let operations = requests.filter { $0.path.hasSuffix("googleAds:mutate") }.dropFirst()
            .flatMap { $0.jsonBody?["mutateOperations"]?.arrayValue ?? [] }
        let renames = operations.filter { $0["campaignOperation"]?["updateMask"]?.stringValue == "name" }
        #expect(renames.count == campaigns.count)
        #expect(Set(renames.compactMap { $0["campaignOperation"]?["update"]?["name"]?.stringValue }) == Set(campaigns.map(\.remoteName)))
        #expect(!operations.contains { op in op.objectValue?.values.contains { $0["create"] != nil } == true })
        let problems = try FaultRig.mismatches(account, store: store.store, campaigns: campaigns, customerId: Self.customerId)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// A campaign left incomplete by a launch that did not come back: the next plan shows it as an update, and the next
    /// launch sends its name alone and records it complete; the campaigns that were complete are left alone.
    @Test func theNextLaunchCompletesACampaignLeftIncomplete() async throws {
        let campaigns = FaultFixture.campaigns()
        let sandbox = try await startSandbox(SandboxConfiguration(seed: 19))
        let directory = FaultRig.temporaryDirectory()
        defer { FaultRig.remove(directory) }
        let store = try SQLiteStore(directory: directory)
        let first = try await FaultRig.applier(sandbox: sandbox, store: store).launch(campaigns)
        try #require(first.failed.isEmpty && first.enabled.count == campaigns.count)

        let flagged = campaigns[1].key
        var row = try #require(try store.campaign(flagged))
        row.incomplete = true
        try store.record(campaign: row)
        let plan = Planner.plan(campaigns, remote: try store.remoteState(), organization: "Test", currency: "USD")
        #expect(plan.actions.map(\.key) == [flagged])
        #expect(plan.actions.map(\.kind) == [.update])

        await sandbox.clearReceivedRequests()
        let second = try await FaultRig.applier(sandbox: sandbox, store: store).launch(campaigns)
        let requests = await sandbox.receivedRequests()
        let account = await sandbox.snapshot().account(Self.customerId)
        await sandbox.stop()

        #expect(second.failed.isEmpty, "\(second.failed)")
        #expect(second.updated == [flagged])
        let operations = requests.filter { $0.path.hasSuffix("googleAds:mutate") }.flatMap { $0.jsonBody?["mutateOperations"]?.arrayValue ?? [] }
        #expect(operations.count == 1)
        #expect(operations.first?["campaignOperation"]?["updateMask"]?.stringValue == "name")
        #expect(operations.first?["campaignOperation"]?["update"]?["resourceName"]?.stringValue == row.remoteId)
        #expect(try store.campaign(flagged)?.incomplete == false)
        #expect(Planner.plan(campaigns, remote: try store.remoteState(), organization: "Test", currency: "USD").actions.isEmpty)
        let problems = try FaultRig.mismatches(account, store: store, campaigns: campaigns, customerId: Self.customerId)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

/// The real store, keeping every campaign row the applier writes, in order.
final class RowRecordingStore: StateRecorder {
    let store: SQLiteStore
    let rows = Mutex<[RemoteCampaign]>([])

    init(_ store: SQLiteStore) { self.store = store }

    func remoteState() throws -> RemoteState { try store.remoteState() }
    func objects(for key: CampaignKey) throws -> [RemoteObject] { try store.objects(for: key) }
    func record(objects: [RemoteObject]) throws { try store.record(objects: objects) }
    func forget(objects: [RemoteObject]) throws { try store.forget(objects: objects) }
    func log(_ entry: ChangeLogEntry) throws { try store.log(entry) }
    func changeLog(limit: Int) throws -> [ChangeLogEntry] { try store.changeLog(limit: limit) }

    func record(campaign: RemoteCampaign) throws {
        try store.record(campaign: campaign)
        rows.withLock { $0.append(campaign) }
    }
}
