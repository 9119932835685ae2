import Foundation
import Sandbox
import Testing

@Suite("OAuth and authentication")
struct OAuthTests {
    @Test("A refresh-token grant returns a bearer access token")
    func tokenFlow() async throws {
        try await withSandbox { sandbox, client in
            let response = try await client.requestToken()
            #expect(response.status == 200)
            let body = response.object
            #expect(Set(body.keys) == ["access_token", "expires_in", "scope", "token_type"])
            #expect((body["access_token"] as? String)?.hasPrefix("sandbox-at-") == true)
            #expect(body["expires_in"] as? Int == 3599)
            #expect(body["token_type"] as? String == "Bearer")

            let recorded = await sandbox.receivedRequests()
            let form = String(decoding: try #require(recorded.first).body, as: UTF8.self)
            #expect(form.contains("client_secret=REDACTED") && form.contains("refresh_token=REDACTED"))
            #expect(!form.contains("sandbox-client-secret"))
        }
    }

    @Test("A wrong refresh token or client is invalid_grant")
    func invalidGrant() async throws {
        try await withSandbox { _, client in
            for response in [
                try await client.requestToken(refreshToken: "revoked"),
                try await client.requestToken(clientId: "someone-else"),
                try await client.requestToken(clientSecret: "wrong"),
            ] {
                #expect(response.status == 400)
                #expect(response.object["error"] as? String == "invalid_grant")
                #expect(response.object["error_description"] as? String == "Token has been expired or revoked.")
            }
        }
    }

    @Test("An API call without a bearer token is 401 UNAUTHENTICATED")
    func missingToken() async throws {
        try await withSandbox { _, client in
            let path = "/v25/customers/\(SandboxHTTPClient.customer)/googleAds:search"
            let response = try await client.api(path, json: ["query": "SELECT campaign.id FROM campaign"], token: nil)
            #expect(response.status == 401)
            let error = response.object[object: "error"]
            #expect(error["code"] as? Int == 401)
            #expect(error["status"] as? String == "UNAUTHENTICATED")
            #expect(
                (error["message"] as? String)?.hasPrefix("Request is missing required authentication credential")
                    == true)

            let unknown = try await client.api(
                path, json: ["query": "SELECT campaign.id FROM campaign"], token: "sandbox-at-forged")
            #expect(unknown.status == 401)
            #expect(unknown.object[object: "error"]["status"] as? String == "UNAUTHENTICATED")
        }
    }

    @Test("Access tokens expire after 3599 seconds by the sandbox clock")
    func tokenExpiry() async throws {
        let clock = MutableClock()
        try await withSandbox(SandboxConfiguration(now: { clock.now })) { _, client in
            let token = try await client.accessToken()
            let query = ["query": "SELECT campaign.id FROM campaign"]
            let path = "/v25/customers/\(SandboxHTTPClient.customer)/googleAds:search"
            #expect(try await client.api(path, json: query, token: token).status == 200)
            clock.advance(by: 3600)
            #expect(try await client.api(path, json: query, token: token).status == 401)
        }
    }

    @Test("A wrong developer token is authenticationError DEVELOPER_TOKEN_INVALID; a missing one is a request error")
    func developerToken() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            let path = "/v25/customers/\(SandboxHTTPClient.customer)/googleAds:search"
            let query = ["query": "SELECT campaign.id FROM campaign"]
            let wrong = try await client.api(path, json: query, token: token, developerToken: "not-mine")
            #expect(wrong.status == 401)
            #expect(googleAdsErrors(wrong).map(errorCode) == ["authenticationError.DEVELOPER_TOKEN_INVALID"])
            #expect(wrong.headers["request-id"] != nil)

            let missing = try await client.api(path, json: query, token: token, developerToken: nil)
            #expect(missing.status == 400)
            #expect(googleAdsErrors(missing).map(errorCode) == ["requestError.DEVELOPER_TOKEN_PARAMETER_MISSING"])

            let dashed = try await client.api(
                path, json: query, token: token, extraHeaders: ["login-customer-id": "123-456-7890"])
            #expect(googleAdsErrors(dashed).map(errorCode) == ["headerError.INVALID_LOGIN_CUSTOMER_ID"])

            let dashedCustomer = try await client.api(
                "/v25/customers/123-456-7890/googleAds:search", json: query, token: token
            )
            #expect(googleAdsErrors(dashedCustomer).map(errorCode) == ["requestError.INVALID_CUSTOMER_ID"])
        }
    }

    @Test("Unknown paths get Google's HTML 404")
    func unknownPath() async throws {
        try await withSandbox { _, client in
            let response = try await client.send("POST", "/v24/customers/1/googleAds:search", body: Data("{}".utf8))
            #expect(response.status == 404)
            #expect(response.headers["content-type"]?.hasPrefix("text/html") == true)
        }
    }
}

/// A clock tests can move. (NSLock rather than `Synchronization.Mutex`, which needs macOS 15.)
final class MutableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 1_772_323_200.0  // 2026-03-01T00:00:00Z

    var now: Date { lock.withLock { Date(timeIntervalSince1970: seconds) } }

    func advance(by interval: TimeInterval) { lock.withLock { seconds += interval } }
}
