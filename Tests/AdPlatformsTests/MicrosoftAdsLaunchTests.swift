@testable import AdPlatforms
import CampaignKit
import Foundation
import Synchronization
import Testing

/// Launching, changing, pausing and reading back Microsoft Advertising campaigns through the adapter, against an
/// in-memory Campaign Management service.
@Suite struct MicrosoftAdsLaunchTests {
    @Test func aCampaignIsCreatedPausedThenEnabledWithEveryIdRecorded() async throws {
        let rig = MicrosoftAdsRig()
        let c = MicrosoftAdsFixture.campaigns()[0]
        let report = try await rig.adapter.launch([c])
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        #expect(report.created == [c.key])
        #expect(report.enabled == [c.key])

        let add = try #require(rig.service.bodies("AddCampaigns").first)
        #expect(add["AccountId"]?.stringValue == MicrosoftAdsFixture.accountId)
        #expect(add["Campaigns"]?.arrayValue.first?["Status"]?.stringValue == "Paused")
        // Enabled only at the end, once everything exists, with the status alone.
        let enable = try #require(rig.service.bodies("UpdateCampaigns").last)
        let campaignId = try #require(rig.store.campaign(c.key)?.remoteId)
        #expect(enable["Campaigns"]?.arrayValue == [.object([("Id", .string(campaignId)), ("Status", .string("Active"))])])
        let operations = rig.service.requests.map(\.operation)
        #expect(operations.last == "microsoft_ads.UpdateCampaigns")

        // Every object is recorded under its key with the platform's id.
        let objects = try rig.store.objects(for: c.key)
        let keys = Set(objects.map(\.localKey))
        #expect(keys == Set(MicrosoftAdsMapper(locationIds: ["county 12057": "95001"]).desiredKeys(c)))
        #expect(keys.contains(.geo("county 12057")))
        #expect(keys.contains(.schedule("Saturday 18:00–24:00")))
        #expect(keys.contains(.negative("ford escort")))
        #expect(keys.contains(.adGroup("buyers")))
        #expect(keys.contains(.keyword(group: "buyers", notation: "[escort service 1]")))
        #expect(objects.allSatisfy { Int64($0.resourceName) != nil })
        // The county's location id came from Microsoft's locations file, fetched without auth headers.
        let location = try #require(rig.service.bodies("AddCampaignCriterions").first?["CampaignCriterions"]?.arrayValue
            .first { $0["Criterion"]?["Type"]?.stringValue == "LocationCriterion" })
        #expect(location["Criterion"]?["LocationId"]?.stringValue == "95001")
        let download = try #require(rig.service.requests.first { $0.method == "GET" })
        #expect(download.header("authorization") == nil && download.header("developertoken") == nil)

        let row = try #require(rig.store.campaign(c.key))
        #expect(row.status == .enabled)
        #expect(!row.incomplete)
        #expect(row.applied == c.snapshot)
        // The change log: created, filled in, enabled.
        let log = rig.store.log
        #expect(log.map(\.action) == [.create, .create, .enable])
        #expect(log.allSatisfy { $0.platform == .microsoftAds && $0.key == c.key && $0.result == "ok" && $0.actor == "user:test" })
        #expect(log[0].detail == "campaign \(campaignId) created paused")
        #expect(log[1].detail == "\(objects.count - 1) objects added, 0 removed")

        // Nothing differs: nothing is sent.
        let before = rig.service.requests.count
        let again = try await rig.adapter.launch([c])
        #expect(rig.service.requests.count == before)
        #expect(again.writeRequests == 0 && again.created.isEmpty && again.updated.isEmpty)
    }

    @Test func twoHundredFiftyCampaignsTakeThreeAddCampaignsCalls() async throws {
        let rig = MicrosoftAdsRig()
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 250, status: "paused")
        #expect(campaigns.count == 250)
        let report = try await rig.adapter.launch(campaigns)
        #expect(report.failed.isEmpty)
        #expect(report.created.count == 250)
        #expect(rig.service.bodies("AddCampaigns").map { $0["Campaigns"]?.arrayValue.count } == [100, 100, 50])
        // Targets (2 locations + 3 schedules each) go 100 to a call across campaigns: 1,250 in 13 calls.
        #expect(rig.service.bodies("AddCampaignCriterions").map { $0["CampaignCriterions"]?.arrayValue.count ?? 0 }.reduce(0, +) == 1_250)
        #expect(rig.service.requests("AddCampaignCriterions").count == 13)
        // Negative keywords and ad groups: one call per campaign; paused in the files, so none is enabled.
        #expect(rig.service.requests("AddNegativeKeywordsToEntities").count == 250)
        #expect(rig.service.requests("AddAdGroups").count == 250)
        #expect(rig.service.requests("UpdateCampaigns").isEmpty)
        #expect(report.enabled.isEmpty)
    }

    @Test func twoThousandFiveHundredKeywordsInOneAdGroupTakeThreeAddKeywordsCalls() async throws {
        let rig = MicrosoftAdsRig()
        let c = MicrosoftAdsFixture.campaigns(keywords: 2_500)[0]
        let report = try await rig.adapter.launch([c])
        #expect(report.failed.isEmpty)
        let calls = rig.service.bodies("AddKeywords")
        #expect(calls.map { $0["Keywords"]?.arrayValue.count } == [1_000, 1_000, 500])
        #expect(Set(calls.compactMap { $0["AdGroupId"]?.stringValue }).count == 1)
        #expect(try rig.store.objects(for: c.key).filter { if case .keyword = $0.localKey { true } else { false } }.count == 2_500)
    }

    @Test func aRefusedCampaignFailsAloneWithItsZoneFile() async throws {
        let service = FakeMicrosoftAds()
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 3)
        let refused = campaigns[1]
        service.state.withLock { $0.refuseCampaignNamed = [refused.remoteName] }
        let rig = MicrosoftAdsRig(service: service)
        let report = try await rig.adapter.launch(campaigns)
        #expect(service.requests("AddCampaigns").count == 1)
        let failure = try #require(report.failed.first)
        #expect(report.failed.count == 1)
        #expect(failure.key == refused.key)
        #expect(failure.source == refused.source)
        #expect(failure.source?.path == "Campaigns/zones/fl-zone1.yaml")
        #expect(failure.reason == "1129 CampaignServiceCampaignNameNotUnique: The campaign name is already in use.")
        #expect(Set(report.created) == Set([campaigns[0].key, campaigns[2].key]))
        #expect(Set(report.enabled) == Set([campaigns[0].key, campaigns[2].key]))
        #expect(rig.store.campaign(refused.key) == nil)
        #expect(rig.store.log.contains { $0.key == refused.key && $0.action == .create && $0.result.hasPrefix("failed: 1129") })
        // Nothing else was sent for it.
        let criterionCampaigns = Set(service.bodies("AddCampaignCriterions").flatMap { $0["CampaignCriterions"]?.arrayValue ?? [] }
            .compactMap { $0["CampaignId"]?.stringValue })
        #expect(criterionCampaigns.count == 2)
    }

    @Test func aWholeRequestFaultFailsTheCampaignsItNamesAndSendsTheRest() async throws {
        let fault = #"{"Type":"ApiFaultDetail","TrackingId":"t1","BatchErrors":[{"Code":1102,"ErrorCode":"CampaignServiceInvalidBudget","Index":1,"Message":"The budget is not valid."}],"OperationErrors":[]}"#
        let calls = FakeCalls()
        let inner = FakeMicrosoftAds()
        let transport = ScriptedFirst(inner: inner) { request in
            guard request.operation == "microsoft_ads.AddCampaigns", calls.next() == 0 else { return nil }
            return HTTPResponse(status: 400, body: Data(fault.utf8))
        }
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 3)
        let rig = MicrosoftAdsRig(service: inner)
        let adapter = MicrosoftAdsAdapter(AdapterContext(account: rig.adapter.account, http: HTTPClient(transport: transport),
                                                         baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!, store: rig.store,
                                                         actor: "user:test", now: { "2026-11-20T10:00:00Z" }))
        let report = try await adapter.launch(campaigns)
        #expect(report.failed.map(\.key) == [campaigns[1].key])
        #expect(report.failed.first?.reason == "1102 CampaignServiceInvalidBudget: The budget is not valid.")
        #expect(Set(report.created) == Set([campaigns[0].key, campaigns[2].key]))
        #expect(inner.bodies("AddCampaigns").map { $0["Campaigns"]?.arrayValue.count } == [2])
    }

    @Test func anUnansweredWriteIsLookedUpAndNothingIsCreatedTwice() async throws {
        let service = FakeMicrosoftAds()
        service.state.withLock { $0.dropAfterApplying = ["AddCampaigns", "AddKeywords"] }
        let rig = MicrosoftAdsRig(service: service)
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 2)
        let report = try await rig.adapter.launch(campaigns)
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        // The campaigns of the unanswered AddCampaigns were found by their key right away: created by this launch.
        #expect(Set(report.created) == Set(campaigns.map(\.key)))
        #expect(report.adopted.isEmpty)
        #expect(Set(report.enabled) == Set(campaigns.map(\.key)))
        let state = service.state.withLock { $0 }
        #expect(state.campaigns.count == 2, "no campaign created twice")
        #expect(state.adGroups.count == 2)
        #expect(state.keywords.count == 6, "no keyword created twice")
        #expect(state.ads.count == 2)
        #expect(state.criterions.count == 10)
        #expect(state.negatives.count == 4)
        #expect(service.requests("AddCampaigns").count == 1)
        #expect(service.requests("GetCampaignsByAccountId").count >= 2)
        for c in campaigns {
            let row = try #require(rig.store.campaign(c.key))
            #expect(!row.incomplete)
            #expect(row.status == .enabled)
            #expect(rig.store.log.contains { $0.key == c.key && $0.action == .lookup })
            #expect(Set(try rig.store.objects(for: c.key).map(\.localKey)) == Set(MicrosoftAdsMapper(locationIds: ["county 12057": "95001"]).desiredKeys(c)))
        }
        // The adopted rows were incomplete until the pass that completed them.
        #expect(rig.store.rows.contains { $0.incomplete })
    }

    @Test func aCrashAfterTheCampaignsWereCreatedResumesFromTheAccount() async throws {
        // The first tfz created everything and died before recording any of it: a second one with an empty store adopts.
        let service = FakeMicrosoftAds()
        let c = MicrosoftAdsFixture.campaigns()[0]
        _ = try await MicrosoftAdsRig(service: service).adapter.launch([c])
        let writes = service.requests.filter { !$0.isIdempotent }.count
        let fresh = MicrosoftAdsRig(service: service)
        let report = try await fresh.adapter.launch([c])
        #expect(report.adopted == [c.key])
        #expect(report.created.isEmpty)
        // Adopted as enabled, complete once its name was set again; nothing was added.
        #expect(service.requests.filter { !$0.isIdempotent }.count == writes + 1)
        let rename = try #require(service.bodies("UpdateCampaigns").last?["Campaigns"]?.arrayValue.first)
        #expect(rename["Name"]?.stringValue == c.remoteName)
        #expect(fresh.store.campaign(c.key)?.incomplete == false)
    }

    @Test func changesAreSentByDifference() async throws {
        let rig = MicrosoftAdsRig()
        let c = MicrosoftAdsFixture.campaigns()[0]
        _ = try await rig.adapter.launch([c])
        let before = rig.service.requests.count

        var changed = MicrosoftAdsFixture.campaigns(negatives: "ford escort\nescort jobs\n")[0]
        changed.dailyBudget = Money(parsing: "30.10")!
        changed.adGroups[0].keywords.removeFirst()
        changed.ads[0].descriptions[1] = "Most people sold for sex were children once."
        let report = try await rig.adapter.launch([changed])
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        #expect(report.updated == [changed.key])
        let sent = rig.service.requests.dropFirst(before).map { String($0.operation.dropFirst("microsoft_ads.".count)) }
        #expect(sent == ["UpdateCampaigns", "AddNegativeKeywordsToEntities", "AddAds", "DeleteNegativeKeywordsFromEntities", "DeleteKeywords", "DeleteAds"])
        let update = try #require(rig.service.bodies("UpdateCampaigns").last?["Campaigns"]?.arrayValue.first)
        #expect(Set(update.objectKeys) == ["Id", "DailyBudget", "BudgetType"])
        #expect(String(decoding: rig.service.requests("UpdateCampaigns").last!.body, as: UTF8.self).contains(#""DailyBudget":30.1"#))
        // "escort jobs" went from exact to broad: the old one is deleted by id, the new one added as phrase.
        let deleted = try #require(rig.service.bodies("DeleteNegativeKeywordsFromEntities").first?["EntityNegativeKeywords"]?.arrayValue.first)
        #expect(deleted["NegativeKeywords"]?.arrayValue.first?["Id"]?.stringValue != nil)
        #expect(deleted["NegativeKeywords"]?.arrayValue.first?["MatchType"]?.stringValue == "Exact")
        let added = try #require(rig.service.bodies("AddNegativeKeywordsToEntities").last?["EntityNegativeKeywords"]?.arrayValue.first)
        #expect(added["NegativeKeywords"]?.arrayValue.map { $0["MatchType"]?.stringValue } == ["Phrase"])
        #expect(rig.service.state.withLock { $0.ads.count } == 1, "the ad was replaced, new one first")
        let row = try #require(rig.store.campaign(changed.key))
        #expect(row.applied == changed.snapshot)
        #expect(row.status == .enabled)
        #expect(rig.store.log.last?.action == .update)
        #expect(rig.store.log.last?.detail == "2 objects added, 3 removed, campaign settings updated")
    }

    @Test func pauseAndResumeSendTheStatusOnly() async throws {
        let rig = MicrosoftAdsRig()
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 2)
        _ = try await rig.adapter.launch(campaigns)
        let paused = try await rig.adapter.setStatus(campaigns.map(\.key), enabled: false, reason: "tfz pause")
        #expect(Set(paused.paused) == Set(campaigns.map(\.key)))
        let body = try #require(rig.service.bodies("UpdateCampaigns").last)
        #expect(body["Campaigns"]?.arrayValue.allSatisfy { Set($0.objectKeys) == ["Id", "Status"] && $0["Status"]?.stringValue == "Paused" } == true)
        #expect(campaigns.allSatisfy { rig.store.campaign($0.key)?.status == .paused })
        #expect(rig.store.log.suffix(2).allSatisfy { $0.action == .pause && $0.detail == "status Paused (tfz pause)" })

        let views = try await rig.adapter.remoteCampaigns()
        #expect(Set(views.map(\.key)) == Set(campaigns.map(\.key)))
        #expect(views.allSatisfy { $0.status == .paused && $0.statusText == "Paused" && $0.dailyBudget == Money(parsing: "25.50") })

        let resumed = try await rig.adapter.setStatus([campaigns[0].key], enabled: true, reason: "")
        #expect(resumed.enabled == [campaigns[0].key])
        #expect(try await rig.adapter.remoteCampaigns().first { $0.key == campaigns[0].key }?.status == .enabled)
    }

    @Test func remoteStatusesTfzDoesNotSetAreOther() {
        let view = MicrosoftAdsApplier.view(.object([
            ("Id", .string("77")), ("Name", .string("tfz a/b/microsoft_ads · A")), ("Status", .string("BudgetPaused")), ("DailyBudget", .double(12.34)),
        ]))
        #expect(view?.status == .other("BudgetPaused"))
        #expect(view?.dailyBudget?.micros == 12_340_000)
        #expect(MicrosoftAdsApplier.view(.object([("Id", .string("1")), ("Name", .string("Someone else's campaign"))])) == nil)
    }

    @Test func creativeLabelsComeFromTheAdsTfzWrote() async throws {
        let rig = MicrosoftAdsRig()
        let c = MicrosoftAdsFixture.campaigns()[0]
        _ = try await rig.adapter.launch([c])
        var objects = try rig.store.objects(for: c.key)
        objects.append(RemoteObject(key: c.key, localKey: .ad(group: "buyers", creative: "remote", fingerprint: "999"), resourceName: "999"))
        let labels = rig.adapter.creativeLabels(objects)
        let adId = try #require(rig.service.state.withLock { $0.ads.first?.id })
        #expect(labels == [adId: "deterrence/arrest"])
    }

    @Test func aCountyMicrosoftDoesNotKnowKeepsTheCampaignFromRunningEverywhere() async throws {
        let rig = MicrosoftAdsRig()
        let library = Library.build(WorkspaceFiles(files: MicrosoftAdsFixture.files().files.map { file in
            guard file.path.hasPrefix("Campaigns/zones/") else { return file }
            return SourceFile(path: file.path, contents: """
                name: Pinellas County, FL
                county: "12103"
                campaigns: [{template: deterrence}]
                """)
        }))
        let c = try #require(library.campaigns.first)
        let report = try await rig.adapter.launch([c])
        #expect(report.failed.map(\.key) == [c.key])
        #expect(report.failed.first?.reason.contains("county 12103") == true)
        #expect(rig.service.requests("AddCampaigns").isEmpty)
    }

    @Test func objectCountsForThePlan() {
        let c = MicrosoftAdsFixture.campaigns()[0]
        #expect(PlatformDescriptor.microsoftAds.objectCounts(c).map(\.text) == [
            "1 campaign", "2 location targets", "3 schedules", "2 negative keywords", "1 ad group", "3 keywords", "1 ad",
        ])
        #expect(PlatformRegistry.descriptor(.microsoftAds)?.platform == .microsoftAds)
        #expect(PlatformDescriptor.microsoftAds.limits.perRequest["campaign"] == 100)
        #expect(PlatformDescriptor.microsoftAds.limits.dailyQuota == nil)
    }

    @Test func packingKeepsACampaignTogetherWhenItFits() {
        let a = CampaignKey(zone: "a", template: "t", platform: .microsoftAds), b = CampaignKey(zone: "b", template: "t", platform: .microsoftAds)
        let items = Array(repeating: (key: a, item: 0), count: 60) + Array(repeating: (key: b, item: 1), count: 60)
        #expect(MicrosoftAdsApplier.pack(items, limit: 100).map(\.count) == [60, 60])
        let big = Array(repeating: (key: a, item: 0), count: 250)
        #expect(MicrosoftAdsApplier.pack(big, limit: 100).map(\.count) == [100, 100, 50])
    }
}

/// Counts calls, for scripted answers.
final class FakeCalls: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { value in defer { value += 1 }; return value } }
}

/// Answers from `script` when it has an answer, else from `inner`.
struct ScriptedFirst: HTTPTransport {
    let inner: FakeMicrosoftAds
    let script: @Sendable (HTTPRequest) -> HTTPResponse?

    init(inner: FakeMicrosoftAds, script: @escaping @Sendable (HTTPRequest) -> HTTPResponse?) {
        self.inner = inner
        self.script = script
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let answer = script(request) { return answer }
        return try await inner.send(request)
    }
}
