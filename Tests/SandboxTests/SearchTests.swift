import Foundation
import Sandbox
import Testing

@Suite("googleAds:search and searchStream")
struct SearchTests {
    typealias Fixture = CampaignFixture

    @Test("GAQL LIKE treats brackets as Google does: [x] escapes one character, [abc] is a character class")
    func likeBrackets() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            #expect(try await client.mutate([Fixture.budget(), Fixture.campaign()], token: token).status == 200)
            let other: [[String: Any]] = [
                Fixture.budget(name: "Other budget"),
                Fixture.campaign(name: "Partner campaign, not ours"),
            ]
            #expect(try await client.mutate(other, token: token).status == 200)

            func names(_ pattern: String) async throws -> [String] {
                let response = try await client.search(
                    "SELECT campaign.name FROM campaign WHERE campaign.name LIKE '\(pattern)' ORDER BY campaign.name",
                    token: token
                )
                #expect(response.status == 200, "\(response.text)")
                return response.object[array: "results"].compactMap {
                    ($0 as? [String: Any])?[object: "campaign"]["name"] as? String
                }
            }
            // Escaped: only the campaign carrying the literal tag.
            #expect(try await names("%[[]fl-x/t/google[_]ads[]]%") == [Fixture.name])
            // Unescaped, the brackets are a character class, so this matches nearly any name.
            #expect(try await names("%[fl-x/t/google_ads]%") == ["Partner campaign, not ours", Fixture.name])
            #expect(try await names("Partner%") == ["Partner campaign, not ours"])
            #expect(try await names("partner%") == [])
        }
    }

    @Test("An empty result has no results key; searchStream answers one JSON array")
    func emptyAndStream() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            let empty = try await client.search("SELECT campaign.id FROM campaign", token: token)
            #expect(empty.status == 200)
            #expect(empty.object["results"] == nil)
            #expect(empty.object["fieldMask"] as? String == "campaign.id")

            #expect(try await client.mutate([Fixture.budget(), Fixture.campaign()], token: token).status == 200)
            let stream = try await client.api(
                "/v25/customers/\(SandboxHTTPClient.customer)/googleAds:searchStream",
                json: ["query": "SELECT campaign.id, campaign.name FROM campaign"], token: token
            )
            #expect(stream.status == 200)
            let batches = stream.array.compactMap { $0 as? [String: Any] }
            #expect(batches.count == 1)
            #expect(batches.first?[array: "results"].count == 1)
            #expect(batches.first?["requestId"] as? String == stream.headers["request-id"])

            let badStream = try await client.api(
                "/v25/customers/\(SandboxHTTPClient.customer)/googleAds:searchStream",
                json: ["query": "SELECT campaign.nope FROM campaign"], token: token
            )
            #expect(badStream.status == 400)
            let wrapped = try #require(badStream.array.first as? [String: Any])
            #expect(googleAdsErrors(in: wrapped[object: "error"]).map(errorCode) == ["queryError.UNRECOGNIZED_FIELD"])
        }
    }

    @Test("Query errors are GoogleAdsFailures with real queryError values")
    func queryErrors() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            let cases: [(String, String)] = [
                ("SELECT campaign.nope FROM campaign", "queryError.UNRECOGNIZED_FIELD"),
                ("SELECT campaign.id FROM nothing", "queryError.BAD_RESOURCE_TYPE_IN_FROM_CLAUSE"),
                ("SELECT campaign.id FROM campaign WHERE campaign.status = 'PAUSD'", "queryError.BAD_ENUM_CONSTANT"),
                ("SELECT ad_group.id FROM campaign", "queryError.PROHIBITED_RESOURCE_TYPE_IN_SELECT_CLAUSE"),
                ("SELECT campaign.id FROM campaign WHERE campaign.name LIKE 'x", "queryError.STRING_NOT_TERMINATED"),
                ("campaign.id FROM campaign", "queryError.EXPECTED_SELECT"),
                (
                    "SELECT campaign.id, segments.date, metrics.clicks FROM campaign",
                    "queryError.EXPECTED_FILTERS_ON_DATE_RANGE"
                ),
                (
                    "SELECT campaign_criterion.criterion_id, metrics.clicks FROM campaign_criterion",
                    "queryError.PROHIBITED_METRIC_IN_SELECT_OR_WHERE_CLAUSE"
                ),
            ]
            for (query, code) in cases {
                let response = try await client.search(query, token: token)
                #expect(response.status == 400, "\(query)")
                #expect(googleAdsErrors(response).map(errorCode) == [code], "\(query)")
            }
        }
    }

    @Test("More than 10,000 rows come in pages linked by nextPageToken")
    func paging() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            #expect(try await client.mutate(Array(Fixture.wholeCampaign().prefix(6)), token: token).status == 200)
            let adGroup = try #require(await sandbox.snapshot().account(SandboxHTTPClient.customer).adGroups.first)
                .resourceName
            let keywords = (0..<10_050).map { Fixture.keyword("keyword \($0)", adGroup: adGroup) }
            #expect(try await client.mutate(Array(keywords.prefix(10_000)), token: token).status == 200)
            #expect(try await client.mutate(Array(keywords.dropFirst(10_000)), token: token).status == 200)

            let query = "SELECT ad_group_criterion.criterion_id FROM ad_group_criterion"
            let first = try await client.search(query, token: token)
            #expect(first.object[array: "results"].count == 10_000)
            let next = try #require(first.object["nextPageToken"] as? String)
            let second = try await client.search(query, token: token, extra: ["pageToken": next])
            #expect(second.object[array: "results"].count == 50)
            #expect(second.object["nextPageToken"] == nil)
            let forged = try await client.search(query, token: token, extra: ["pageToken": "bm9wZQ=="])
            #expect(googleAdsErrors(forged).map(errorCode) == ["requestError.INVALID_PAGE_TOKEN"])
        }
    }
}
