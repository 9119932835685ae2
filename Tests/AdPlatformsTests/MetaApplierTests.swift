@testable import AdPlatforms
import CampaignKit
import Foundation
import Store
import Testing

/// The Meta applier over a scripted Graph API: one batch carries a whole new campaign, children naming their parents by
/// `{result=…}`; and an ad refused as an ad about social issues fails its campaign with what it means, what to do and
/// where the campaign is written, with nothing enabled.
@Suite struct MetaApplierTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])

    static func applier(_ transport: FakeTransport, store: SQLiteStore, progress: @escaping @Sendable (String) -> Void = { _ in }) -> MetaApplier {
        let client = MetaClient(http: HTTPClient(transport: transport), baseURL: URL(string: "https://graph.facebook.com")!, accountId: "act_1001",
                                sleep: { _ in })
        return MetaApplier(client: client, store: store, actor: "user:test", now: { "2026-12-01T00:00:00Z" }, progress: progress, sleep: { _ in },
                           readFile: { _ in png }, pageId: "100200300", accountSource: nil)
    }

    static func json(_ text: String) -> FakeStep { { _ in HTTPResponse(status: 200, body: Data(text.utf8)) } }

    /// The batch's requests, decoded from its form body.
    static func batch(_ request: HTTPRequest) -> [[String: Any]] {
        let form = String(decoding: request.body, as: UTF8.self)
        let text = form.split(separator: "&").first { $0.hasPrefix("batch=") }.map { String($0.dropFirst(6)).removingPercentEncoding ?? "" } ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
    }

    @Test func aNewCampaignIsOneBatchAndASocialIssueRefusalSaysWhatToDo() async throws {
        let c = try MetaMapperTests.campaign()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-meta-applier-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(directory: dir)
        let refusal = #"{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,\"error_subcode\":1870227,\"error_user_title\":\"Ad about social issues\",\"error_user_msg\":\"This ad is about social issues, elections or politics and needs authorization.\"}}"#
        let transport = FakeTransport([
            Self.json(#"{"data":[{"id":"6003139266461","name":"Social issues","type":"interests"}]}"#),
            Self.json(#"{"data":[]}"#),  // no campaign of this key yet
            Self.json(#"{"images":{"bytes":{"hash":"abc123","url":"https://example.org/i.png"}}}"#),
            { request in
                let requests = Self.batch(request)
                #expect(requests.map { $0["relative_url"] as? String ?? "" }
                        == ["v25.0/act_1001/campaigns", "v25.0/act_1001/adsets", "v25.0/act_1001/adcreatives", "v25.0/act_1001/ads"])
                #expect(requests.allSatisfy { $0["omit_response_on_success"] as? Bool == false && $0["name"] != nil })
                func reference(_ i: Int) -> String {
                    "%7Bresult%3D\(requests[i]["name"] as? String ?? "?")%3A%24.id%7D"
                }
                let adSet = requests[1]["body"] as? String ?? ""
                #expect(adSet.contains("campaign_id=\(reference(0))"), "the ad set names the campaign made in the same batch: \(adSet)")
                let ad = requests[3]["body"] as? String ?? ""
                #expect(ad.contains("adset_id=\(reference(1))") && ad.contains(reference(2)), "the ad names its ad set and creative: \(ad)")
                return HTTPResponse(status: 200, body: Data(("[{\"code\":200,\"body\":\"{\\\"id\\\":\\\"11\\\"}\"},{\"code\":200,\"body\":\"{\\\"id\\\":\\\"12\\\"}\"},"
                    + "{\"code\":200,\"body\":\"{\\\"id\\\":\\\"13\\\"}\"},{\"code\":400,\"body\":\"\(refusal)\"}]").utf8))
            },
        ])
        let report = try await Self.applier(transport, store: store).launch([c])
        #expect(transport.requests.count == 4, "no enabling batch for a campaign that failed")
        #expect(report.created == [c.key] && report.enabled.isEmpty)
        let failure = try #require(report.failed.first)
        #expect(failure.key == c.key && failure.source == c.source)
        #expect(failure.reason.contains("Meta refused \(c.key)") && failure.reason.contains("complete Meta's ad authorisation"), "\(failure.reason)")
        #expect(failure.reason.contains("Campaigns/templates/social.yaml"))
        // What was made is recorded; the campaign stays marked incomplete, so the next launch looks it up first.
        let objects = try store.objects(for: c.key).map(\.localKey.description).sorted()
        #expect(objects.contains("campaign") && objects.contains("adGroup:interests") && objects.contains { $0.hasPrefix("creative:deterrence/signs#") })
        #expect(try store.remoteState().campaigns[c.key]?.incomplete == true)
    }
}
