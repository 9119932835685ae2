import Foundation
import Sandbox
import Testing

@Suite("State")
struct PersistenceTests {
    typealias Fixture = CampaignFixture

    @Test("State survives a restart with the same state directory; ids keep growing")
    func survivesRestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var firstCampaign = ""
        try await withSandbox(SandboxConfiguration(stateDirectory: directory)) { _, client in
            let token = try await client.accessToken()
            let response = try await client.mutate(Fixture.wholeCampaign(), token: token)
            #expect(response.status == 200)
            firstCampaign = try #require(
                (response.object[array: "mutateOperationResponses"][1] as? [String: Any])?[object: "campaignResult"][
                    "resourceName"] as? String
            )
        }
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("google-ads.json").path))

        try await withSandbox(SandboxConfiguration(stateDirectory: directory)) { sandbox, client in
            let token = try await client.accessToken()
            let search = try await client.search(
                "SELECT campaign.resource_name, campaign.status FROM campaign", token: token)
            let rows = search.object[array: "results"].compactMap { ($0 as? [String: Any])?[object: "campaign"] }
            #expect(rows.map { $0["resourceName"] as? String } == [firstCampaign])
            #expect(await sandbox.snapshot().account(SandboxHTTPClient.customer).adGroupCriteria.count == 2)

            let second = try await client.mutate(
                [Fixture.budget(name: "Second budget"), Fixture.campaign(name: "Second campaign")], token: token
            )
            let secondCampaign = try #require(
                (second.object[array: "mutateOperationResponses"][1] as? [String: Any])?[object: "campaignResult"][
                    "resourceName"] as? String
            )
            let firstId = Int64(firstCampaign.split(separator: "/").last!)!
            let secondId = Int64(secondCampaign.split(separator: "/").last!)!
            #expect(secondId > firstId)
        }
    }

    @Test("Ids are deterministic for a seed")
    func deterministicIds() async throws {
        func names(seed: UInt64) async throws -> [String] {
            var names: [String] = []
            try await withSandbox(SandboxConfiguration(seed: seed)) { sandbox, client in
                let token = try await client.accessToken()
                #expect(try await client.mutate(Fixture.wholeCampaign(), token: token).status == 200)
                let account = await sandbox.snapshot().account(SandboxHTTPClient.customer)
                names = (account.campaigns + account.adGroups + account.adGroupCriteria + account.adGroupAds).map(
                    \.resourceName)
            }
            return names
        }
        let first = try await names(seed: 42)
        #expect(first == (try await names(seed: 42)))
        #expect(first != (try await names(seed: 43)))
    }
}
