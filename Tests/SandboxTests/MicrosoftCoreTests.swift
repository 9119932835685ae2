import Foundation
import Sandbox
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Microsoft Advertising: persistence, faults, in-process entry point")
struct MicrosoftCoreTests {
    typealias Client = MicrosoftTestClient
    typealias Fixture = MicrosoftFixture

    @Test("microsoft-ads.json survives a restart (objects, tokens, reports); ids keep growing; Google-only use writes no file")
    func persistence() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = SandboxConfiguration(stateDirectory: directory, now: { microsoftTestNow })
        let first = try await RunningSandbox.inProcess(configuration)
        let client = Client(first)
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(token: token)
        try await first.advance(days: 3)
        let submit = try await client.call(
            "POST", "/Reporting/v13/GenerateReport/Submit",
            ["ReportRequest": Fixture.keywordReport(from: "2026-03-01", through: "2026-03-03")], token: token)
        let reportId = try #require(submit.object["ReportRequestId"] as? String)
        _ = try await client.call("POST", "/Reporting/v13/GenerateReport/Poll", ["ReportRequestId": reportId], token: token)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("microsoft-ads.json").path))
        let before = await first.microsoftSnapshot()

        let second = try await RunningSandbox.inProcess(configuration)
        let again = Client(second)
        #expect(await second.microsoftSnapshot() == before)
        #expect(await second.today() == "2026-03-04")
        // The access token issued before the restart still works.
        let campaigns = try await again.campaigns(token: token)
        #expect(campaigns.map { $0["Id"] as? String } == [ids.campaign])
        let more = try await again.addCampaigns([Fixture.campaign(name: "second")], token: token)
        let secondId = try #require(more.object[array: "CampaignIds"].first as? String)
        #expect(Int64(secondId)! > Int64(ids.campaign)!)
        let poll = try await again.call("POST", "/Reporting/v13/GenerateReport/Poll", ["ReportRequestId": reportId], token: token)
        let url = try #require(poll.object[object: "ReportRequestStatus"]["ReportDownloadUrl"] as? String)
        let download = try await again.send("GET", String(url.dropFirst(second.baseURL.absoluteString.count)))
        #expect(download.status == 200)
        #expect(try MicrosoftZip.files(download.body).count == 1)

        // A workspace that only ever used Google gets no Microsoft file, and an absent file is an empty state.
        let googleOnly = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: googleOnly) }
        let google = try await RunningSandbox.inProcess(SandboxConfiguration(stateDirectory: googleOnly, now: { microsoftTestNow }))
        try await google.advance(days: 1)
        #expect(FileManager.default.fileExists(atPath: googleOnly.appendingPathComponent("google-ads.json").path))
        #expect(!FileManager.default.fileExists(atPath: googleOnly.appendingPathComponent("microsoft-ads.json").path))
        #expect(await google.microsoftSnapshot().accounts.isEmpty)
    }

    @Test("Faults on Microsoft paths are Microsoft-shaped: 429 CallRateExceeded + Retry-After, 503, 500; none applied")
    func faultShapes() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        await sandbox.enqueueFaults([.rateLimited(retryDelay: "2s"), .unavailable, .internalError, .dailyQuotaExhausted])
        let limited = try await client.addCampaigns([Fixture.campaign()], token: token)
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] == "2")
        #expect(limited.object["Type"] as? String == "AdApiFaultDetail")
        let error = try #require(limited.object[array: "Errors"].first as? [String: Any])
        #expect(error["Code"] as? Int == 117)
        #expect(error["ErrorCode"] as? String == "CallRateExceeded")
        let unavailable = try await client.addCampaigns([Fixture.campaign()], token: token)
        #expect(unavailable.status == 503)
        #expect(unavailable.object["Type"] as? String == "ApiFaultDetail")
        let serverError = try await client.addCampaigns([Fixture.campaign()], token: token)
        #expect(serverError.status == 500)
        #expect((serverError.object[array: "OperationErrors"].first as? [String: Any])?["ErrorCode"] as? String == "InternalError")
        let quota = try await client.addCampaigns([Fixture.campaign()], token: token)
        #expect(quota.status == 429)
        #expect(Int(quota.headers["retry-after"] ?? "") ?? 0 > 3_600)
        #expect(await sandbox.microsoftSnapshot().accounts.isEmpty)
        #expect(try await client.addCampaigns([Fixture.campaign()], token: token).status == 200)

        let recorded = await sandbox.receivedRequests()
        #expect(recorded.first?.path == "/common/oauth2/v2.0/token")
        #expect(recorded.first?.faultNumber == nil)
        #expect(recorded.dropFirst().map(\.faultNumber) == [1, 2, 3, 4, 5])
        #expect(recorded.dropFirst().map(\.responseStatus) == [429, 503, 500, 429, 200])
    }

    @Test("dropAfterApplying: the call is lost yet applied; looking up by name finds it; dropBeforeApplying applies nothing")
    func drops() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        await sandbox.enqueueFaults([.dropBeforeApplying])
        await #expect(throws: DroppedConnection.self) { _ = try await client.addCampaigns([Fixture.campaign()], token: token) }
        #expect(try await client.campaigns(token: token).isEmpty)
        await sandbox.enqueueFaults([.dropAfterApplying])
        await #expect(throws: DroppedConnection.self) { _ = try await client.addCampaigns([Fixture.campaign()], token: token) }
        let found = try await client.campaigns(token: token)
        #expect(found.map { $0["Name"] as? String } == [Fixture.campaignName])
        // Re-adding blindly is refused as a duplicate name (as Microsoft does).
        let again = try await client.addCampaigns([Fixture.campaign()], token: token)
        #expect((again.object[array: "PartialErrors"].first as? [String: Any])?["Code"] as? Int == 1115)
        #expect(await sandbox.receivedRequests().last(where: { $0.fault == .dropAfterApplying })?.responseStatus == nil)
    }

    @Test("partialFailure(index:) fails that item with 4149 (PartialErrors; NestedPartialErrors for criterions); slow waits")
    func partialFailureAndSlow() async throws {
        let (sandbox, client) = try await microsoftSandbox { $0.faults = FaultPlan(script: [1: .partialFailure(index: 1)]) }
        let token = try await client.accessToken()
        let response = try await client.addCampaigns([Fixture.campaign(name: "a"), Fixture.campaign(name: "b")], token: token)
        #expect(response.status == 200)
        let error = try #require(response.object[array: "PartialErrors"].first as? [String: Any])
        #expect(error["Index"] as? Int == 1)
        #expect(error["Code"] as? Int == 4149)
        #expect(error["ErrorCode"] as? String == "CampaignServiceConcurrentStoreModification")
        let campaignId = try #require(response.object[array: "CampaignIds"].first as? String)
        await sandbox.enqueueFaults([.partialFailure(index: 0)])
        let criterions = try await client.call(
            "POST", Client.cm + "/CampaignCriterions",
            ["CriterionType": "Targets", "CampaignCriterions": [Fixture.radius(campaignId)]], token: token)
        let nested = try #require(criterions.object[array: "NestedPartialErrors"].first as? [String: Any])
        #expect((nested[array: "BatchErrors"].first as? [String: Any])?["Code"] as? Int == 4149)

        await sandbox.enqueueFaults([.slow(milliseconds: 150)])
        let start = ContinuousClock.now
        #expect(try await client.campaigns(token: token).count == 1)
        #expect(ContinuousClock.now - start >= .milliseconds(150))
    }

    @Test("A drop over the socket is a lost connection for a real HTTP client")
    func dropOverSocket() async throws {
        let sandbox = try await startSandbox(SandboxConfiguration(now: { microsoftTestNow }))
        defer { Task { await sandbox.stop() } }
        let client = Client(sandbox, overHTTP: true)
        let token = try await client.accessToken()
        await sandbox.enqueueFaults([.dropAfterApplying])
        await #expect(throws: DroppedConnection.self) { _ = try await client.addCampaigns([Fixture.campaign()], token: token) }
        #expect(try await client.campaigns(token: token).count == 1)
        await sandbox.stop()
    }

    @Test("The in-process entry point answers exactly what the socket answers for the same requests")
    func inProcessEqualsSocket() async throws {
        let configuration = SandboxConfiguration(seed: 11, now: { microsoftTestNow })
        let socket = try await startSandbox(configuration)
        let inProcess = try await RunningSandbox.inProcess(configuration)
        #expect(inProcess.isInProcess && !socket.isInProcess)
        #expect(inProcess.baseURL.absoluteString == "http://sandbox.invalid")
        let overHTTP = Client(socket, overHTTP: true)
        let direct = Client(inProcess)
        do {
            let tokens = (try await overHTTP.requestToken(), try await direct.requestToken())
            #expect(tokens.0.status == tokens.1.status)
            #expect(tokens.0.body == tokens.1.body)
            let token = try #require(tokens.0.object["access_token"] as? String)
            for (method, path, body) in [
                ("POST", Client.cm + "/Campaigns", ["AccountId": Client.accountId, "Campaigns": [Fixture.campaign()]] as [String: Any]),
                ("POST", Client.cm + "/Campaigns/QueryByAccountId", ["AccountId": Client.accountId]),
                ("POST", Client.cm + "/Campaigns", ["AccountId": Client.accountId, "Campaigns": [["Nmae": "typo"]]]),
                ("POST", Client.cm + "/Keywords/QueryByAdGroupId", ["AdGroupId": "1"]),
            ] {
                let http = try await overHTTP.call(method, path, body, token: token)
                let local = try await direct.call(method, path, body, token: token)
                #expect(http.status == local.status, "\(path)")
                #expect(http.body == local.body, "\(path): \(http.text) vs \(local.text)")
                #expect(http.headers["trackingid"] == local.headers["trackingid"])
                #expect(http.headers["content-type"] == local.headers["content-type"])
            }
            let google = (
                try await SandboxHTTPClient(socket).requestToken(),
                await inProcess.respond(
                    method: "POST", path: "/oauth2/token",
                    headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: Data("grant_type=refresh_token&client_id=sandbox-client-id&client_secret=sandbox-client-secret&refresh_token=sandbox-refresh-token".utf8))
            )
            #expect(google.0.status == google.1.status)
            #expect(await socket.microsoftSnapshot() == (await inProcess.microsoftSnapshot()))
            let socketPaths = await socket.receivedRequests().map(\.path)
            let localPaths = await inProcess.receivedRequests().map(\.path)
            #expect(socketPaths == localPaths)
        } catch {
            await socket.stop()
            throw error
        }
        await socket.stop()
        await inProcess.stop()
    }
}
