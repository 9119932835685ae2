import Foundation
import Sandbox
import Testing

@Suite("Request validation")
struct ValidationTests {
    typealias Fixture = CampaignFixture

    /// The single BadRequest field violation of an ESF answer, checked for its exact shape.
    private func fieldViolations(_ response: RawResponse) throws -> [[String: Any]] {
        #expect(response.status == 400)
        let error = response.object[object: "error"]
        #expect(Set(error.keys) == ["code", "message", "status", "details"])
        #expect(error["code"] as? Int == 400)
        #expect(error["status"] as? String == "INVALID_ARGUMENT")
        let detail = try #require(error[array: "details"].first as? [String: Any])
        #expect(Set(detail.keys) == ["@type", "fieldViolations"])
        #expect(detail["@type"] as? String == "type.googleapis.com/google.rpc.BadRequest")
        return detail[array: "fieldViolations"].compactMap { $0 as? [String: Any] }
    }

    @Test("An unknown field name is an ESF BadRequest, not a GoogleAdsFailure")
    func unknownField() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            var body = Fixture.campaignBody()
            body["startDate"] = "2026-03-01"
            let response = try await client.mutate(
                [Fixture.budget(), ["campaignOperation": ["create": body]]], token: token)
            let violations = try fieldViolations(response)
            #expect(violations.count == 1)
            #expect(Set(violations[0].keys) == ["field", "description"])
            #expect(violations[0]["field"] as? String == "mutate_operations[1].campaign_operation.create")
            #expect(
                violations[0]["description"] as? String
                    == "Invalid JSON payload received. Unknown name \"startDate\" at 'mutate_operations[1].campaign_operation.create': Cannot find field."
            )
            #expect(response.object[object: "error"]["message"] as? String == violations[0]["description"] as? String)
            #expect(await sandbox.snapshot().accounts.isEmpty)

            let topLevel = try await client.mutate([Fixture.budget()], token: token, extra: ["operations": []])
            #expect(
                try fieldViolations(topLevel).first?["description"] as? String
                    == "Invalid JSON payload received. Unknown name \"operations\": Cannot find field."
            )
        }
    }

    @Test("An enum string that does not exist and a non-integer int64 are ESF BadRequests")
    func badEnumAndInt64() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            var body = Fixture.campaignBody()
            body["status"] = "PAUSD"
            let badEnum = try fieldViolations(
                try await client.mutate([Fixture.budget(), ["campaignOperation": ["create": body]]], token: token))
            #expect(badEnum.first?["field"] as? String == "mutate_operations[1].campaign_operation.create.status")
            #expect(
                badEnum.first?["description"] as? String
                    == "Invalid value at 'mutate_operations[1].campaign_operation.create.status' (type.googleapis.com/google.ads.googleads.v25.enums.CampaignStatusEnum.CampaignStatus), \"PAUSD\""
            )

            let badInt: [String: Any] = ["campaignBudgetOperation": ["create": ["name": "B", "amountMicros": "25.5"]]]
            let violations = try fieldViolations(try await client.mutate([badInt], token: token))
            #expect(
                violations.first?["field"] as? String
                    == "mutate_operations[0].campaign_budget_operation.create.amount_micros")
            #expect((violations.first?["description"] as? String)?.contains("(TYPE_INT64), \"25.5\"") == true)

            // int64 as a JSON number is fine (and stored as a string).
            let numeric: [String: Any] = [
                "campaignBudgetOperation": ["create": ["name": "B", "amountMicros": 25_000_000]]
            ]
            #expect(try await client.mutate([numeric], token: token).status == 200)
        }
    }

    @Test("Responsive search ad limits give real adError values")
    func responsiveSearchAdLimits() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            #expect(try await client.mutate(Array(Fixture.wholeCampaign().prefix(6)), token: token).status == 200)
            let adGroup = try #require(await sandbox.snapshot().account(SandboxHTTPClient.customer).adGroups.first)
                .resourceName
            let ok = ["Buying sex is a crime", "Arrests happen here", "Get help to stop now"]

            func errors(_ operation: [String: Any]) async throws -> [String] {
                let response = try await client.mutate([operation], token: token)
                return googleAdsErrors(response).map { "\(errorCode($0)) @ \(errorLocation($0))" }
            }
            let prefix = "mutate_operations[0].ad_group_ad_operation.create.ad.responsive_search_ad"

            let longHeadline = String(repeating: "x", count: 31)
            #expect(
                try await errors(Fixture.responsiveSearchAd(headlines: ok + [longHeadline], adGroup: adGroup))
                    == ["adError.TOO_LONG @ \(prefix).headlines[3].text"]
            )
            #expect(
                try await errors(Fixture.responsiveSearchAd(headlines: Array(ok.prefix(2)), adGroup: adGroup))
                    == ["adError.INVALID_NUMBER_OF_ELEMENTS @ \(prefix).headlines"]
            )
            let sixteen = (1...16).map { "Headline \($0)" }
            #expect(
                try await errors(Fixture.responsiveSearchAd(headlines: sixteen, adGroup: adGroup))
                    == ["adError.INVALID_NUMBER_OF_ELEMENTS @ \(prefix).headlines"]
            )
            let longDescription = String(repeating: "d", count: 91)
            #expect(
                try await errors(
                    Fixture.responsiveSearchAd(descriptions: ["Fine description.", longDescription], adGroup: adGroup))
                    == ["adError.TOO_LONG @ \(prefix).descriptions[1].text"]
            )
            #expect(
                try await errors(Fixture.responsiveSearchAd(descriptions: ["Only one."], adGroup: adGroup))
                    == ["adError.INVALID_NUMBER_OF_ELEMENTS @ \(prefix).descriptions"]
            )
            #expect(
                try await errors(Fixture.responsiveSearchAd(path1: String(repeating: "p", count: 16), adGroup: adGroup))
                    == ["adError.TOO_LONG @ \(prefix).path1"]
            )
            // 30 characters exactly is fine; wide characters count twice.
            #expect(
                try await errors(
                    Fixture.responsiveSearchAd(headlines: ok + [String(repeating: "y", count: 30)], adGroup: adGroup))
                    == [])
            #expect(
                try await errors(
                    Fixture.responsiveSearchAd(headlines: ok + [String(repeating: "人", count: 16)], adGroup: adGroup))
                    == ["adError.TOO_LONG @ \(prefix).headlines[3].text"]
            )
        }
    }

    @Test("Keyword text over 80 characters or 10 words gives criterionError values")
    func keywordLimits() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            #expect(try await client.mutate(Array(Fixture.wholeCampaign().prefix(6)), token: token).status == 200)
            let adGroup = try #require(await sandbox.snapshot().account(SandboxHTTPClient.customer).adGroups.first)
                .resourceName
            let long = try await client.mutate(
                [Fixture.keyword(String(repeating: "a", count: 81), adGroup: adGroup)], token: token)
            #expect(googleAdsErrors(long).map(errorCode) == ["criterionError.KEYWORD_TEXT_TOO_LONG"])
            #expect(
                googleAdsErrors(long).map(errorLocation) == [
                    "mutate_operations[0].ad_group_criterion_operation.create.keyword.text"
                ])
            let words = try await client.mutate(
                [Fixture.keyword("one two three four five six seven eight nine ten eleven", adGroup: adGroup)],
                token: token
            )
            #expect(googleAdsErrors(words).map(errorCode) == ["criterionError.KEYWORD_HAS_TOO_MANY_WORDS"])
            let tenWords = try await client.mutate(
                [Fixture.keyword("one two three four five six seven eight nine ten", adGroup: adGroup)], token: token
            )
            #expect(tenWords.status == 200)
        }
    }

    @Test("pageSize on search is rejected with requestError PAGE_SIZE_NOT_SUPPORTED")
    func pageSize() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            let response = try await client.search(
                "SELECT campaign.id FROM campaign", token: token, extra: ["pageSize": 100])
            #expect(response.status == 400)
            #expect(googleAdsErrors(response).map(errorCode) == ["requestError.PAGE_SIZE_NOT_SUPPORTED"])
        }
    }
}
