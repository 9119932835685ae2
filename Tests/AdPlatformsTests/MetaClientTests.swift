@testable import AdPlatforms
import CampaignKit
import Foundation
import Synchronization
import Testing

/// The Graph API calls over a scripted transport: paths, verbs, form bodies, cursors, errors and pacing by usage.
@Suite struct MetaClientTests {
    static func client(_ transport: FakeTransport, slept: SleepRecorder = SleepRecorder()) -> MetaClient {
        MetaClient(http: HTTPClient(transport: transport), baseURL: URL(string: "https://graph.facebook.com")!, accountId: "act_1001",
                   sleep: slept.sleep)
    }

    @Test func aCreateIsAFormPostToTheAccountEdge() async throws {
        let transport = FakeTransport([{ request in
            #expect(request.method == "POST")
            #expect(request.url.absoluteString == "https://graph.facebook.com/v25.0/act_1001/campaigns")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(String(decoding: request.body, as: UTF8.self) == "name=tfz%20a&objective=OUTCOME_TRAFFIC&special_ad_categories=%5B%5D")
            #expect(!request.isIdempotent)
            return HTTPResponse(status: 200, body: Data(#"{"id":"120000000000000001"}"#.utf8))
        }])
        let id = try await Self.client(transport).create("campaigns", [("name", "tfz a"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", "[]")])
        #expect(id == "120000000000000001")
    }

    /// Lists follow the `after` cursor while `paging.next` is there (never the `next` URL, which carries the token), and
    /// stop on a cursor seen before.
    @Test func listsReadEveryPageByCursor() async throws {
        let transport = FakeTransport([
            { request in
                #expect(request.url.absoluteString
                        == #"https://graph.facebook.com/v25.0/act_1001/campaigns?fields=id%2Cname&filtering=%5B%7B%22field%22%3A%22name%22%2C%22operator%22%3A%22CONTAIN%22%2C%22value%22%3A%22tfz%20%22%7D%5D&limit=2"#)
                return HTTPResponse(status: 200, body: Data(#"{"data":[{"id":"1","name":"tfz a"},{"id":"2","name":"tfz b"}],"paging":{"cursors":{"before":"b1","after":"c1"},"next":"https://graph.facebook.com/v25.0/act_1001/campaigns?access_token=SECRET&after=c1"}}"#.utf8))
            },
            { request in
                #expect(request.url.query?.hasSuffix("&after=c1") == true)
                #expect(request.url.query?.contains("access_token") == false)
                return HTTPResponse(status: 200, body: Data(#"{"data":[{"id":"3","name":"tfz c"}],"paging":{"cursors":{"before":"c1","after":"c2"}}}"#.utf8))
            },
        ])
        let filter = JSONValue.array([.object([("field", .string("name")), ("operator", .string("CONTAIN")), ("value", .string("tfz "))])])
        let rows = try await Self.client(transport).list("campaigns", fields: ["id", "name"], filtering: filter, pageSize: 2)
        #expect(rows.compactMap { $0["id"] as? String } == ["1", "2", "3"])

        let looping = FakeTransport([
            Answer.json(200, #"{"data":[{"id":"1"}],"paging":{"cursors":{"after":"same"},"next":"x"}}"#),
            Answer.json(200, #"{"data":[{"id":"2"}],"paging":{"cursors":{"after":"same"},"next":"x"}}"#),
        ])
        #expect(try await Self.client(looping).list("ads", fields: ["id"]).count == 2)
    }

    @Test func metasErrorEnvelopeIsThrownWithItsWords() async throws {
        let transport = FakeTransport([Answer.json(400, #"{"error":{"message":"(#100) Param targeting[geo_locations][zips][0] is not valid","type":"OAuthException","code":100,"error_subcode":1487756,"error_user_title":"Invalid ZIP code","error_user_msg":"The ZIP code 00000 is not valid.","fbtrace_id":"A1"}}"#)])
        let error = await #expect(throws: MetaAPIError.self) { _ = try await Self.client(transport).create("adsets", [("name", "x")]) }
        #expect(error?.graphError?.code == 100)
        #expect(error?.errorDescription == "Meta answered HTTP 400 to adsets:create: Invalid ZIP code: The ZIP code 00000 is not valid. (Meta error 100/1487756)")
    }

    /// Above 75 % of a limit the next call waits, longer as usage rises (60 s at 100 %); below, no wait.
    @Test func highUsageSlowsTheNextCalls() async throws {
        func usage(_ percent: Int) -> FakeStep {
            Answer.json(200, #"{"data":[]}"#, headers: ["x-business-use-case-usage": #"{"1":[{"type":"ads_management","call_count":\#(percent),"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}"#])
        }
        let slept = SleepRecorder()
        let client = Self.client(FakeTransport([usage(50), usage(90), usage(100), usage(10), usage(10)]), slept: slept)
        for _ in 0..<5 { _ = try await client.list("ads", fields: ["id"]) }
        #expect(slept.delays == [.milliseconds(36_000), .seconds(60)])
        #expect(MetaClient.usageWait(75) == .zero)
    }

    /// A refused access token (code 190, the body the sandbox answers) says what to do about it, without the token.
    @Test func aRefusedTokenSaysHowToReplaceIt() async throws {
        let body = #"{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"Ax"}}"#
        let transport = FakeTransport([{ _ in HTTPResponse(status: 400, body: Data(body.utf8)) }])
        let error = await #expect(throws: MetaAPIError.self) { _ = try await Self.client(transport).list("campaigns", fields: ["id"]) }
        let text = error?.errorDescription ?? ""
        #expect(text.contains("(Meta error 190)") && text.contains("generate a new system-user token with ads_management"), "\(text)")
        #expect(text.contains("_ACCESS_TOKEN variable or access_token in the credentials file"))
    }
}
