import Foundation
import Sandbox
import Testing

@Suite("Sandbox control endpoints and small API methods")
struct ControlTests {
    @Test("/_sandbox/ endpoints drive a sandbox from another process; recorded requests hide Authorization")
    func controlEndpoints() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            #expect(
                try await client.mutate([CampaignFixture.budget(), CampaignFixture.campaign()], token: token).status
                    == 200)

            let state = try await client.send("GET", "/_sandbox/state")
            #expect(state.status == 200)
            let campaigns = state.object[object: "accounts"][object: SandboxHTTPClient.customer][array: "campaigns"]
            #expect((campaigns.first as? [String: Any])?["name"] as? String == CampaignFixture.name)

            let enqueue = try await client.send(
                "POST", "/_sandbox/faults", body: Data(#"{"enqueue": [{"rateLimited": {"retryDelay": "7s"}}]}"#.utf8)
            )
            #expect(enqueue.status == 200)
            let limited = try await client.search("SELECT campaign.id FROM campaign", token: token)
            #expect(limited.status == 429)
            #expect(
                googleAdsErrors(limited).first?[object: "details"][object: "quotaErrorDetails"]["retryDelay"] as? String
                    == "7s")

            let simulate = try await client.send(
                "POST", "/_sandbox/simulate-delivery", body: Data(#"{"through": "2026-03-02"}"#.utf8))
            #expect(simulate.status == 200)
            let badDate = try await client.send(
                "POST", "/_sandbox/simulate-delivery", body: Data(#"{"through": "March 2"}"#.utf8))
            #expect(badDate.status == 400)

            let recorded = await sandbox.receivedRequests()
            let mutate = try #require(recorded.first { $0.path.hasSuffix("googleAds:mutate") })
            #expect(mutate.headers["authorization"] == nil)
            #expect(mutate.headers["developer-token"] == SandboxHTTPClient.developerToken)
            #expect(mutate.responseStatus == 200)
            #expect(mutate.jsonBody?["mutateOperations"]?.arrayValue?.count == 2)
            #expect(recorded.filter { $0.path.hasPrefix("/_sandbox/") }.allSatisfy { $0.faultNumber == nil })
        }
    }

    @Test("customers:listAccessibleCustomers lists the accounts")
    func listAccessibleCustomers() async throws {
        try await withSandbox(SandboxConfiguration(customerIds: ["1234567890", "5550001111"])) { _, client in
            let token = try await client.accessToken()
            let response = try await client.send(
                "GET", "/v25/customers:listAccessibleCustomers",
                headers: ["Authorization": "Bearer \(token)", "developer-token": SandboxHTTPClient.developerToken]
            )
            #expect(response.status == 200)
            #expect(response.object["resourceNames"] as? [String] == ["customers/1234567890", "customers/5550001111"])

            let other = try await client.search(
                "SELECT campaign.id FROM campaign", token: token, customer: "9999999999")
            #expect(other.status == 403)
            #expect(googleAdsErrors(other).map(errorCode) == ["authorizationError.USER_PERMISSION_DENIED"])
        }
    }
}
