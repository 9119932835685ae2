@testable import AdPlatforms
import CampaignKit
import Foundation
import Synchronization
import Testing

/// What the Microsoft Advertising adapter does after answers it never got: a write with no clear answer, a launch that
/// stopped dead after an answer, a write refused before it was applied, an answer saying the object is there already.
/// Whatever happens, nothing exists twice and the campaigns end complete and enabled.
@Suite struct MicrosoftAdsRecoveryTests {
    static let adds = ["AddCampaignCriterions", "AddNegativeKeywordsToEntities", "AddAdGroups", "AddKeywords", "AddAds"]

    /// What the service holds after a clean launch of `campaigns`: the counts every recovery must end with.
    static func clean(_ campaigns: [Campaign]) async throws -> Counts {
        let rig = MicrosoftAdsRig()
        _ = try await rig.adapter.launch(campaigns)
        return Counts(rig.service)
    }

    @Test(arguments: adds)
    func anUnansweredAddIsLookedUpUnderItsParentAndOnlyTheRestIsSent(_ operation: String) async throws {
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 2)
        let clean = MicrosoftAdsRig()
        _ = try await clean.adapter.launch(campaigns)
        let expected = Counts(clean.service)
        let service = FakeMicrosoftAds()
        service.state.withLock { $0.dropAfterApplying = [operation] }
        let rig = MicrosoftAdsRig(service: service)
        let report = try await rig.adapter.launch(campaigns)
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        #expect(Set(report.enabled) == Set(campaigns.map(\.key)))
        #expect(Counts(service) == expected, "nothing created twice")
        // Everything the lost answer would have named was found under its parent: the call was not sent again.
        #expect(service.requests(operation).count == clean.service.requests(operation).count)
        for c in campaigns {
            #expect(Set(try rig.store.objects(for: c.key).map(\.localKey)) == Set(MicrosoftAdsMapper(locationIds: ["county 12057": "95001"]).desiredKeys(c)))
            #expect(rig.store.campaign(c.key)?.incomplete == false)
        }
        #expect(rig.store.log.contains { $0.action == .lookup && $0.result.hasPrefix("ok:") && $0.detail == "\(operation) had no clear answer" })
    }

    @Test(arguments: ["AddCampaigns"] + adds + ["UpdateCampaigns"])
    func aLaunchStoppedAfterAnAnswerIsFinishedWithoutDuplicates(_ operation: String) async throws {
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 2)
        let expected = try await Self.clean(campaigns)
        let service = FakeMicrosoftAds()
        let store = MemoryStateStore()
        let dying = MicrosoftAdsRig(service: service, store: store, transport: KillAfter(inner: service, operation: operation))
        await #expect(throws: KillAfter.Killed.self) { try await dying.adapter.launch(campaigns) }

        // A new process on the same store and account.
        let rig = MicrosoftAdsRig(service: service, store: store)
        let report = try await rig.adapter.launch(campaigns)
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        #expect(Counts(service) == expected, "nothing created twice")
        #expect(service.state.withLock { $0.campaigns.allSatisfy { $0.json["Status"]?.stringValue == "Active" } })
        for c in campaigns {
            let row = try #require(store.campaign(c.key))
            #expect(row.status == .enabled && !row.incomplete && row.applied == c.snapshot)
        }
        // Nothing left to do.
        let again = try await rig.adapter.launch(campaigns)
        #expect(again.writeRequests == 0 && again.failed.isEmpty)
    }

    @Test func aChangeStoppedAfterItsAnswerIsLookedUpBeforeItIsSentAgain() async throws {
        let service = FakeMicrosoftAds()
        let store = MemoryStateStore()
        let c = MicrosoftAdsFixture.campaigns()[0]
        _ = try await MicrosoftAdsRig(service: service, store: store).adapter.launch([c])
        #expect(store.campaign(c.key)?.incomplete == false)

        var changed = c
        changed.ads[0].headlines[0] = "Buying Sex Is a Felony"
        let dying = MicrosoftAdsRig(service: service, store: store, transport: KillAfter(inner: service, operation: "AddAds"))
        await #expect(throws: KillAfter.Killed.self) { try await dying.adapter.launch([changed]) }
        // Marked before its writes: the next launch looks it up first.
        #expect(store.campaign(c.key)?.incomplete == true)

        let adds = service.requests("AddAds").count
        let report = try await MicrosoftAdsRig(service: service, store: store).adapter.launch([changed])
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        #expect(service.requests("AddAds").count == adds, "the new ad was found, not added again")
        #expect(service.state.withLock { $0.ads.map { $0.json["Headlines"]?.arrayValue.first?["Asset"]?["Text"]?.stringValue } } == ["Buying Sex Is a Felony"])
        #expect(store.campaign(c.key).map { !$0.incomplete && $0.applied == changed.snapshot && $0.status == .enabled } == true)
    }

    static let internalError = #"{"Type":"ApiFaultDetail","TrackingId":"t-0","OperationErrors":[{"Code":0,"ErrorCode":"InternalError","Message":"An internal error has occurred."}],"BatchErrors":[]}"#
    static let callRate = #"{"Type":"AdApiFaultDetail","TrackingId":"t-117","Errors":[{"Code":117,"ErrorCode":"CallRateExceeded","Message":"You have exceeded the number of calls that you are allowed to make in a minute."}]}"#

    /// After the HTTP client's own attempts, an answer that says the write was not applied: it is sent again.
    @Test(arguments: [(503, internalError), (429, callRate), (400, callRate), (500, callRate)])
    func aWriteRefusedBeforeItWasAppliedIsSentAgain(_ status: Int, _ body: String) async throws {
        let campaigns = MicrosoftAdsFixture.campaigns()
        let expected = try await Self.clean(campaigns)
        let service = FakeMicrosoftAds()
        let calls = FakeCalls()
        let transport = ScriptedFirst(inner: service) { request in
            guard request.operation == "microsoft_ads.AddKeywords", calls.next() < 2 else { return nil }
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        }
        let rig = MicrosoftAdsRig(service: service, transport: transport)
        let report = try await rig.adapter.launch(campaigns)
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        #expect(report.enabled == campaigns.map(\.key))
        #expect(Counts(service) == expected)
        #expect(service.requests("AddKeywords").count == 1)
        #expect(service.requests("GetKeywordsByAdGroupId").isEmpty, "refused, not ambiguous: nothing to look up")
        #expect(rig.sleeps.delays.count == 2, "waited on the adapter's clock")
    }

    @Test func aWriteRefusedEveryTimeFailsItsCampaignForThisLaunchOnly() async throws {
        let campaigns = MicrosoftAdsFixture.campaigns(zones: 2)
        let service = FakeMicrosoftAds()
        let transport = ScriptedFirst(inner: service) { request in
            guard request.operation == "microsoft_ads.AddKeywords" else { return nil }
            return HTTPResponse(status: 503, headers: ["Content-Type": "application/json"], body: Data(Self.internalError.utf8))
        }
        let store = MemoryStateStore()
        let report = try await MicrosoftAdsRig(service: service, store: store, transport: transport).adapter.launch(campaigns)
        #expect(Set(report.failed.map(\.key)) == Set(campaigns.map(\.key)))
        #expect(report.failed.allSatisfy { $0.reason.hasPrefix("refused 4 times before it was applied") })
        #expect(report.enabled.isEmpty, "never half-spent")
        // The next launch finishes them.
        let again = try await MicrosoftAdsRig(service: service, store: store).adapter.launch(campaigns)
        #expect(again.failed.isEmpty && Set(again.enabled) == Set(campaigns.map(\.key)))
        #expect(Counts(service) == (try await Self.clean(campaigns)))
    }

    /// An item error saying the object exists (a keyword of that text and match type): the campaign is looked up and the
    /// keyword recorded, not failed.
    @Test func anAnswerThatTheObjectIsThereAlreadyLooksItUp() async throws {
        let campaigns = MicrosoftAdsFixture.campaigns()
        let expected = try await Self.clean(campaigns)
        let service = FakeMicrosoftAds()
        let rig = MicrosoftAdsRig(service: service, transport: AlreadyThereOnce(inner: service, operation: "AddKeywords"))
        let report = try await rig.adapter.launch(campaigns)
        #expect(report.failed.isEmpty, "\(report.failed.map(\.reason))")
        #expect(report.enabled == campaigns.map(\.key))
        #expect(Counts(service) == expected)
        #expect(service.requests("AddKeywords").count == 1)
        #expect(Set(try rig.store.objects(for: campaigns[0].key).map(\.localKey))
            == Set(MicrosoftAdsMapper(locationIds: ["county 12057": "95001"]).desiredKeys(campaigns[0])))
    }

    @Test func theMetricsSourceWaitsOnTheAdaptersClock() async throws {
        let rig = MicrosoftAdsRig()
        let source = try #require(rig.adapter.metricsSource() as? MicrosoftAdsMetricsSource)
        try await source.sleep(.seconds(4))
        #expect(rig.sleeps.delays == [.seconds(4)])
    }

    @Test func adsAreMatchedOnePerCreativeAndASecondCopyIsLeftForDeletion() {
        var c = MicrosoftAdsFixture.campaigns()[0]
        var twin = c.ads[0]
        twin.creative = "deterrence/arrest-twin"
        c.ads.append(twin)
        let sent = MicrosoftAdsMapper().ad(c.ads[0], of: c)
        let row = JSONValue.parse(sent.serialized())!
        func with(_ id: String) -> JSONValue {
            guard case .object(let pairs) = row else { return row }
            return .object([("Id", .string(id))] + pairs)
        }
        let found = MicrosoftAdsAdoption.adGroups([], keywords: [], ads: [("buyers", [with("1"), with("2"), with("3")])], campaign: c,
                                                  recorded: ["2": MicrosoftAdsMapper.adKey(group: "buyers", ad: twin, landingPage: c.landingPage)])
        #expect(found.map(\.1) == ["1", "2", "3"])
        #expect(found[0].0 == MicrosoftAdsMapper.adKey(group: "buyers", ad: c.ads[0], landingPage: c.landingPage))
        #expect(found[1].0 == MicrosoftAdsMapper.adKey(group: "buyers", ad: twin, landingPage: c.landingPage), "a recorded ad keeps its key")
        #expect(found[2].0 == .ad(group: "buyers", creative: "remote", fingerprint: "3"))
    }
}

/// The objects a fake service holds, by kind.
struct Counts: Equatable, CustomStringConvertible {
    var campaigns = 0, adGroups = 0, keywords = 0, ads = 0, criterions = 0, negatives = 0

    init(_ service: FakeMicrosoftAds) {
        service.state.withLock { s in
            campaigns = s.campaigns.count
            adGroups = s.adGroups.count
            keywords = s.keywords.count
            ads = s.ads.count
            criterions = s.criterions.count
            negatives = s.negatives.count
        }
    }

    var description: String {
        "\(campaigns) campaigns, \(adGroups) ad groups, \(keywords) keywords, \(ads) ads, \(criterions) criterions, \(negatives) negatives"
    }
}

/// Stops a launch dead right after the first answer to `operation` arrives, before tfz sees it, and sends nothing more:
/// what a crash does to a process.
final class KillAfter: HTTPTransport {
    struct Killed: Error {}
    let inner: FakeMicrosoftAds
    let operation: String
    private let fired = Mutex(false)

    init(inner: FakeMicrosoftAds, operation: String) {
        self.inner = inner
        self.operation = operation
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if fired.withLock({ $0 }) { throw Killed() }
        let response = try await inner.send(request)
        if request.operation == "microsoft_ads.\(operation)" {
            fired.withLock { $0 = true }
            throw Killed()
        }
        return response
    }
}

/// Applies the first `operation` call, then answers it as Microsoft answers an item that exists already: no ids, and a
/// `1542 KeywordAndMatchTypeCombinationAlreadyExists` for each item.
final class AlreadyThereOnce: HTTPTransport {
    let inner: FakeMicrosoftAds
    let operation: String
    private let done = Mutex(false)

    init(inner: FakeMicrosoftAds, operation: String) {
        self.inner = inner
        self.operation = operation
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await inner.send(request)
        guard request.operation == "microsoft_ads.\(operation)", !done.withLock({ value in defer { value = true }; return value }),
              let count = JSONValue.parse(response.body)?["KeywordIds"]?.arrayValue.count else { return response }
        let errors = (0..<count).map { i in
            #"{"Code":1542,"ErrorCode":"CampaignServiceKeywordAndMatchTypeCombinationAlreadyExists","Index":\#(i),"Message":"A keyword with the specified match type already exists."}"#
        }
        let body = #"{"KeywordIds":["# + Array(repeating: "null", count: count).joined(separator: ",") + #"],"PartialErrors":["# + errors.joined(separator: ",") + "]}"
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}
