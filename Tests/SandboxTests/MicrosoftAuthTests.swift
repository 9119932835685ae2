import Foundation
import Sandbox
import Testing

@Suite("Microsoft Advertising: identity platform and headers")
struct MicrosoftAuthTests {
    typealias Client = MicrosoftTestClient

    @Test("A refresh-token grant answers a bearer token, a new refresh token and the scope; secrets are redacted")
    func tokenFlow() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let response = try await client.requestToken()
        #expect(response.status == 200)
        let body = response.object
        #expect(Set(body.keys) == ["token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token"])
        #expect(body["token_type"] as? String == "Bearer")
        #expect(body["expires_in"] as? Int == 3600)
        #expect(body["scope"] as? String == "https://ads.microsoft.com/msads.manage")
        let refresh = try #require(body["refresh_token"] as? String)
        #expect(refresh != "sandbox-ms-refresh-token")
        // The issued refresh token works, and so does the old one.
        #expect(try await client.requestToken(refreshToken: refresh).status == 200)
        #expect(try await client.requestToken().status == 200)

        let recorded = await sandbox.receivedRequests()
        let form = String(decoding: try #require(recorded.first).body, as: UTF8.self)
        #expect(form.contains("refresh_token=REDACTED") && !form.contains("sandbox-ms-refresh-token"))
        #expect(recorded.first?.faultNumber == nil)
        #expect(sandbox.microsoftTokenURL.absoluteString == "http://sandbox.invalid/common/oauth2/v2.0/token")
    }

    @Test("A wrong refresh token is 400 invalid_grant AADSTS70000; a wrong client id is unauthorized_client")
    func invalidGrant() async throws {
        let (_, client) = try await microsoftSandbox()
        let wrong = try await client.requestToken(refreshToken: "revoked")
        #expect(wrong.status == 400)
        #expect(wrong.object["error"] as? String == "invalid_grant")
        #expect((wrong.object["error_description"] as? String)?.hasPrefix("AADSTS70000: ") == true)
        let client2 = try await client.requestToken(clientId: "someone-else")
        #expect(client2.status == 400)
        #expect(client2.object["error"] as? String == "unauthorized_client")
    }

    @Test("A configured client secret must match: 401 invalid_client AADSTS7000215")
    func clientSecret() async throws {
        let (_, client) = try await microsoftSandbox { $0.microsoftClientSecret = "s3cret" }
        let missing = try await client.requestToken()
        #expect(missing.status == 401)
        #expect(missing.object["error"] as? String == "invalid_client")
        #expect((missing.object["error_description"] as? String)?.hasPrefix("AADSTS7000215: ") == true)
        #expect(try await client.requestToken(clientSecret: "s3cret").status == 200)
    }

    @Test("The test hook expires every refresh token for inactivity: 400 invalid_grant AADSTS700082, also via /_sandbox/")
    func expiredRefreshToken() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let issued = try #require(try await client.requestToken().object["refresh_token"] as? String)
        await sandbox.expireMicrosoftRefreshToken()
        for response in [try await client.requestToken(), try await client.requestToken(refreshToken: issued)] {
            #expect(response.status == 400)
            #expect(response.object["error"] as? String == "invalid_grant")
            let description = try #require(response.object["error_description"] as? String)
            #expect(description.hasPrefix("AADSTS700082: The refresh token has expired due to inactivity."))
        }
        await sandbox.expireMicrosoftRefreshToken(false)
        #expect(try await client.requestToken().status == 200)

        let control = try await client.send(
            "POST", "/_sandbox/microsoft/refresh-token", body: Data(#"{"expired": true}"#.utf8))
        #expect(control.status == 200)
        #expect(try await client.requestToken().object["error"] as? String == "invalid_grant")
    }

    @Test("Missing or wrong credentials: AdApiFaultDetail 105 (401), 106 (403); missing CustomerId/CustomerAccountId: 1029/1030 (400)")
    func headerFaults() async throws {
        let (_, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let path = Client.cm + "/Campaigns/QueryByAccountId"
        let body = ["AccountId": Client.accountId]
        func adApiError(_ response: RawResponse) -> (Int?, String?, String?) {
            let error = response.object[array: "Errors"].first as? [String: Any]
            return (error?["Code"] as? Int, error?["ErrorCode"] as? String, response.object["Type"] as? String)
        }
        func operationError(_ response: RawResponse) -> (Int?, String?, String?) {
            let error = response.object[array: "OperationErrors"].first as? [String: Any]
            return (error?["Code"] as? Int, error?["ErrorCode"] as? String, response.object["Type"] as? String)
        }
        let noToken = try await client.call("POST", path, body, token: nil)
        #expect(noToken.status == 401)
        #expect(adApiError(noToken) == (105, "InvalidCredentials", "AdApiFaultDetail"))
        #expect(noToken.object["TrackingId"] is String)
        let forged = try await client.call("POST", path, body, token: "sandbox-ms-at-forged")
        #expect(forged.status == 401)
        #expect(adApiError(forged).0 == 105)
        let noDeveloperToken = try await client.call("POST", path, body, token: token, developerToken: nil)
        #expect(noDeveloperToken.status == 401)
        #expect(adApiError(noDeveloperToken).0 == 105)
        let wrongDeveloperToken = try await client.call("POST", path, body, token: token, developerToken: "nope")
        #expect(adApiError(wrongDeveloperToken).0 == 105)
        let noCustomer = try await client.call("POST", path, body, token: token, customerId: nil)
        #expect(noCustomer.status == 400)
        #expect(operationError(noCustomer) == (1029, "CampaignServiceCustomerIdHasToBeSpecified", "ApiFaultDetail"))
        let noAccount = try await client.call("POST", path, body, token: token, accountId: nil)
        #expect(noAccount.status == 400)
        #expect(operationError(noAccount) == (1030, "CampaignServiceAccountIdHasToBeSpecified", "ApiFaultDetail"))
        let otherCustomer = try await client.call("POST", path, body, token: token, customerId: "999")
        #expect(otherCustomer.status == 403)
        #expect(adApiError(otherCustomer) == (106, "UserIsNotAuthorized", "AdApiFaultDetail"))
        // Header names are case-insensitive.
        let lower = try await client.send(
            "POST", path, body: try JSONSerialization.data(withJSONObject: body),
            headers: [
                "authorization": "Bearer \(token)", "developertoken": Client.developerToken, "customerid": Client.customerId,
                "customeraccountid": Client.accountId,
            ])
        #expect(lower.status == 200, "\(lower.text)")
    }

    @Test("An account outside microsoftAccountIds is 106; an access token past 3600 s is 109 AuthenticationTokenExpired")
    func accountsAndExpiry() async throws {
        let clock = MutableClock()
        var configuration = SandboxConfiguration(now: { clock.now }, microsoftAccountIds: [Client.accountId])
        configuration.seed = 3
        let sandbox = try await RunningSandbox.inProcess(configuration)
        let client = MicrosoftTestClient(sandbox)
        let token = try await client.accessToken()
        let path = Client.cm + "/Campaigns/QueryByAccountId"
        #expect(try await client.call("POST", path, ["AccountId": Client.accountId], token: token).status == 200)
        let other = try await client.call("POST", path, ["AccountId": "42"], token: token, accountId: "42")
        #expect(other.status == 403)
        clock.advance(by: 3601)
        let expired = try await client.call("POST", path, ["AccountId": Client.accountId], token: token)
        #expect(expired.status == 401)
        #expect((expired.object[array: "Errors"].first as? [String: Any])?["ErrorCode"] as? String == "AuthenticationTokenExpired")
    }
}

