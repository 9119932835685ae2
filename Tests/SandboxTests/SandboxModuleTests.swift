import CampaignKit
import Foundation
import Sandbox
import Testing

/// The sandbox's module seam: every platform's paths are claimed by its module, which gives its own error shapes, and
/// the engine counts faults only on API and token paths, whatever the platform.
@Suite struct SandboxModuleTests {
    /// A body over the size limit gets a 413 in the shape of the platform whose path it was sent to.
    @Test func anOversizedBodyIsRefusedInThePlatformsShape() async throws {
        let sandbox = try await RunningSandbox.inProcess(SandboxConfiguration(maxBodyBytes: 16))
        let body = Data(String(repeating: "x", count: 17).utf8)
        let google = await sandbox.respond(method: "POST", path: "/v25/customers/1234567890/googleAds:mutate", body: body)
        #expect(google.status == 413)
        let googleError = try #require(try JSONSerialization.jsonObject(with: google.body ?? Data()) as? [String: Any])
        #expect((googleError["error"] as? [String: Any])?["status"] as? String == "INVALID_ARGUMENT", "\(googleError)")
        let microsoft = await sandbox.respond(method: "POST", path: "/CampaignManagement/v13/Campaigns/QueryByAccountId", body: body)
        #expect(microsoft.status == 413)
        let microsoftError = try #require(try JSONSerialization.jsonObject(with: microsoft.body ?? Data()) as? [String: Any])
        let errors = try #require(microsoftError["OperationErrors"] as? [[String: Any]], "\(microsoftError)")
        #expect(errors.first?["Details"] as? String == "Request payload size exceeds the limit.", "\(microsoftError)")
    }

    /// Faults are drawn for API paths of every module (and token paths only when the plan says so); a download a module
    /// handed out and the control paths are never counted; a path no module claims is a 404.
    @Test func faultsAreCountedOnAPIPathsOfEveryModule() async throws {
        let sandbox = try await RunningSandbox.inProcess(SandboxConfiguration(faults: FaultPlan(random: [FaultPlan.RandomFault(.unavailable, probability: 1)])))
        // Unauthenticated: the API calls are refused before their fault applies, but the fault is drawn all the same.
        _ = await sandbox.respond(method: "POST", path: "/v25/customers/1234567890/googleAds:search", body: Data("{}".utf8))
        _ = await sandbox.respond(method: "POST", path: "/CampaignManagement/v13/Campaigns/QueryByAccountId", body: Data("{}".utf8))
        #expect(await sandbox.respond(method: "POST", path: "/oauth2/token").status != 503)
        #expect(await sandbox.respond(method: "POST", path: "/common/oauth2/v2.0/token").status != 503)
        #expect(await sandbox.respond(method: "GET", path: "/_files/nothing.zip").status != 503)
        #expect(await sandbox.respond(method: "GET", path: "/nowhere").status == 404)
        let counted = await sandbox.receivedRequests().map { "\($0.path) \($0.faultNumber.map(String.init) ?? "-") \($0.fault == nil ? "" : "faulted")" }
        #expect(counted == ["/v25/customers/1234567890/googleAds:search 1 faulted", "/CampaignManagement/v13/Campaigns/QueryByAccountId 2 faulted",
                            "/oauth2/token - ", "/common/oauth2/v2.0/token - ", "/_files/nothing.zip - ", "/nowhere - "])
    }
}
