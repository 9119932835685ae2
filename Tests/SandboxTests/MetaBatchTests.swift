import CampaignKit
import Foundation
import Testing

@testable import Sandbox

/// Graph batch requests in the Meta module: one element per request in order (`{"code","body"}`, `null` when not run), a
/// later request using an earlier one's id by `{result=<name>:$.id}`, Meta's defaults (a named request's answer omitted
/// on success unless asked for; at most 50 requests), and the partial-failure fault as a batch stopped part way.
@Suite struct MetaBatchTests {
    private func client(faults: FaultPlan = .none) async throws -> MetaTestClient {
        MetaTestClient(sandbox: try await RunningSandbox.inProcess(MetaTestClient.configuration(faults: faults)))
    }

    /// A campaign, its ad set by reference, and a request whose reference names a failed request.
    private static func requests(campaignName: String = "tfz fl-orange/social/meta · Orange") -> [[String: Any]] {
        let account = MetaTestClient.account
        let campaign = MetaTestClient.encode([("name", campaignName), ("objective", "OUTCOME_TRAFFIC"), ("status", "PAUSED"), ("special_ad_categories", "[]")])
        let adSet = MetaTestClient.encode([
            ("name", "\(campaignName) · interests"), ("campaign_id", "{result=c1:$.id}"), ("daily_budget", "1500"), ("billing_event", "IMPRESSIONS"),
            ("optimization_goal", "LINK_CLICKS"), ("bid_strategy", "LOWEST_COST_WITHOUT_CAP"),
            ("targeting", #"{"geo_locations":{"zips":[{"key":"US:32801"}]},"age_min":18,"age_max":65}"#), ("status", "ACTIVE"),
        ])
        let broken = MetaTestClient.encode([("name", "no objective"), ("special_ad_categories", "[]")])
        return [
            ["method": "POST", "relative_url": "v25.0/\(account)/campaigns", "body": campaign, "name": "c1", "omit_response_on_success": false],
            ["method": "POST", "relative_url": "v25.0/\(account)/adsets", "body": adSet, "name": "s1", "omit_response_on_success": false],
            ["method": "POST", "relative_url": "\(account)/campaigns", "body": broken, "name": "bad"],
            ["method": "POST", "relative_url": "\(account)/adsets", "body": "campaign_id={result=bad:$.id}&name=x", "name": "after-bad"],
            ["method": "GET", "relative_url": "{result=c1:$.id}?fields=name,status", "name": "named-read"],
        ]
    }

    private func batch(_ meta: MetaTestClient, _ requests: [[String: Any]], includeHeaders: Bool = false) async throws -> (MetaReply, [Any]) {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: requests), as: UTF8.self)
        let reply = await meta.post("", [("batch", json), ("include_headers", includeHeaders ? "true" : "false")])
        let array = (try? JSONSerialization.jsonObject(with: reply.body)) as? [Any] ?? []
        return (reply, array)
    }

    @Test func answersEachRequestInOrderWithReferences() async throws {
        let meta = try await client()
        let (reply, answers) = try await batch(meta, Self.requests())
        #expect(reply.status == 200 && answers.count == 5, "\(reply.text)")
        let first = try #require(answers[0] as? [String: Any])
        #expect(Set(first.keys) == ["code", "body"], "include_headers=false leaves the headers out")
        let campaignId = try #require((try JSONSerialization.jsonObject(with: Data((first["body"] as? String ?? "").utf8)) as? [String: Any])?["id"] as? String)
        let second = try #require(answers[1] as? [String: Any])
        #expect(second["code"] as? Int == 200, "\(second)")
        let adSetId = try #require((try JSONSerialization.jsonObject(with: Data((second["body"] as? String ?? "").utf8)) as? [String: Any])?["id"] as? String)
        // The ad set belongs to the campaign made in the same batch.
        let adSet = await meta.get(adSetId, [("fields", "campaign_id,name")])
        #expect(adSet.object["campaign_id"] as? String == campaignId, "\(adSet.text)")
        // A refused request answers Meta's error inside its element; one that names it is not run; a named request that
        // succeeds without omit_response_on_success=false has its answer left out.
        let third = try #require(answers[2] as? [String: Any])
        #expect(third["code"] as? Int == 400 && (third["body"] as? String ?? "").contains("\"error\""), "\(third)")
        #expect(answers[3] is NSNull)
        #expect(answers[4] is NSNull, "a named request's answer is omitted on success by default")
        // Every request of the batch counts against the account's usage.
        #expect(reply.header("x-ad-account-usage") != nil)
    }

    @Test func headersByDefaultAndTheLimitOfFifty() async throws {
        let meta = try await client()
        let (withHeaders, answers) = try await batch(meta, [Self.requests()[0]], includeHeaders: true)
        #expect(withHeaders.status == 200)
        let element = try #require(answers.first as? [String: Any])
        #expect((element["headers"] as? [[String: Any]])?.contains { $0["name"] as? String == "Content-Type" } == true, "\(element)")
        let many = Array(repeating: ["method": "GET", "relative_url": "\(MetaTestClient.account)/campaigns"] as [String: Any], count: 51)
        let (tooMany, _) = try await batch(meta, many)
        #expect(tooMany.status == 400 && tooMany.error["code"] as? Int == 1, "\(tooMany.text)")
        let notJSON = await meta.post("", [("batch", "not json")])
        #expect(notJSON.status == 400 && notJSON.error["code"] as? Int == 100)
    }

    @Test func thePartialFailureFaultStopsTheBatchPartWay() async throws {
        let meta = try await client()
        await meta.sandbox.enqueueFaults([.partialFailure(index: 0)])
        let requests = (1...4).map { i -> [String: Any] in
            ["method": "POST", "relative_url": "\(MetaTestClient.account)/campaigns",
             "body": MetaTestClient.encode([("name", "tfz z\(i)/t/meta · Z"), ("objective", "OUTCOME_TRAFFIC"), ("status", "PAUSED"), ("special_ad_categories", "[]")])]
        }
        let (reply, answers) = try await batch(meta, requests)
        #expect(reply.status == 200 && answers.count == 4)
        #expect(answers.prefix(2).allSatisfy { ($0 as? [String: Any])?["code"] as? Int == 200 })
        #expect(answers.suffix(2).allSatisfy { $0 is NSNull })
        // Only the requests that ran made campaigns.
        let names = await meta.get("\(MetaTestClient.account)/campaigns", [("fields", "name")]).data.compactMap { $0["name"] as? String }
        #expect(Set(names) == ["tfz z1/t/meta · Z", "tfz z2/t/meta · Z"])
    }
}
