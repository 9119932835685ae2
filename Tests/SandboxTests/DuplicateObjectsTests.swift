import Foundation
import Sandbox
import Testing

@Suite("Duplicate objects")
struct DuplicateObjectsTests {
    typealias Fixture = CampaignFixture

    @Test("A keyword created twice in one ad group is reported; a clean campaign is not")
    func keywordTwice() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            let response = try await client.mutate(Fixture.wholeCampaign(), token: token)
            #expect(response.status == 200, "\(response.text)")
            let results = response.object[array: "mutateOperationResponses"].compactMap { $0 as? [String: Any] }
            let adGroup = try #require(results[5][object: "adGroupResult"]["resourceName"] as? String)
            #expect(await sandbox.snapshot().account(Fixture.customer).duplicateObjects() == [])

            let again = try await client.mutate([Fixture.keyword("escort near me", adGroup: adGroup)], token: token)
            #expect(again.status == 200, "\(again.text)")
            let duplicates = await sandbox.snapshot().account(Fixture.customer).duplicateObjects()
            #expect(duplicates.count == 1)
            #expect(duplicates.first?.hasPrefix("keyword ×2: ") == true, "\(duplicates)")
        }
    }
}
