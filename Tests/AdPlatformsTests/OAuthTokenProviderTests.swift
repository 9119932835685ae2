@testable import AdPlatforms
import Foundation
import Synchronization
import Testing

@Suite struct OAuthTokenProviderTests {
    static let tokenAnswer = #"{"access_token":"\#(Canary.accessToken)","expires_in":3599,"scope":"https://www.googleapis.com/auth/adwords","token_type":"Bearer"}"#

    /// Checks the refresh-token grant request field by field, then answers with a token.
    static func expectRefreshRequest(answer token: String = Canary.accessToken, expiresIn: Int = 3599) -> FakeStep {
        { request in
            #expect(request.method == "POST")
            #expect(request.url.absoluteString == "https://oauth2.googleapis.com/token")
            #expect(request.header("content-type") == "application/x-www-form-urlencoded")
            #expect(request.operation == "oauth.token")
            #expect(request.isIdempotent)
            #expect(request.header("authorization") == nil)
            #expect(request.formFields == [
                "grant_type": "refresh_token", "client_id": Canary.clientId,
                "client_secret": Canary.clientSecret, "refresh_token": Canary.refreshToken,
            ])
            // The refresh token's slashes are percent-encoded on the wire.
            #expect(String(decoding: request.body, as: UTF8.self).contains("refresh_token=1%2F%2F0-canary-REFRESH-do-not-log"))
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"],
                                body: Data(#"{"access_token":"\#(token)","expires_in":\#(expiresIn),"token_type":"Bearer"}"#.utf8))
        }
    }

    @Test func refreshesWithTheRefreshTokenGrant() async throws {
        let transport = FakeTransport([Self.expectRefreshRequest()])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: transport), now: ManualClock().now)
        #expect(try await provider.accessToken().reveal() == Canary.accessToken)
        #expect(transport.requests.count == 1)
    }

    @Test func cachesTheTokenUntilAMinuteBeforeItExpires() async throws {
        let clock = ManualClock()
        let transport = FakeTransport([Self.expectRefreshRequest(answer: "ya29.first"), Self.expectRefreshRequest(answer: "ya29.second")])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: transport), now: clock.now)
        #expect(try await provider.accessToken().reveal() == "ya29.first")
        clock.advance(.seconds(3599 - 61))
        #expect(try await provider.accessToken().reveal() == "ya29.first")
        #expect(transport.requests.count == 1)
        clock.advance(.seconds(2))  // 59 s before expiry
        #expect(try await provider.accessToken().reveal() == "ya29.second")
        #expect(try await provider.accessToken().reveal() == "ya29.second")
        #expect(transport.requests.count == 2)
    }

    @Test func fiveConcurrentCallersShareOneRefresh() async throws {
        let gate = Gate()
        let transport = FakeTransport([{ request in
            await gate.wait()
            return try await Self.expectRefreshRequest()(request)
        }])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: transport), now: ManualClock().now)
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<5 { group.addTask { try await provider.accessToken().reveal() } }
            // Hold the refresh open until the other four callers are waiting for it.
            let deadline = ContinuousClock.now + .seconds(10)
            while await provider.joinedRefreshes < 4, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(await provider.joinedRefreshes == 4)
            #expect(transport.requests.count <= 1)
            await gate.open()
            let tokens = try await group.reduce(into: []) { $0.append($1) }
            #expect(tokens == Array(repeating: Canary.accessToken, count: 5))
        }
        #expect(transport.requests.count == 1)
        #expect(await provider.refreshCount == 1)
    }

    @Test func invalidGrantSaysTheRefreshTokenIsDeadAndHowToGetANewOne() async throws {
        let transport = FakeTransport([Answer.json(400, #"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#)])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: transport), now: ManualClock().now)
        let error = await #expect(throws: OAuthError.self) { try await provider.accessToken() }
        #expect(error?.errorDescription == "The OAuth refresh token was refused (invalid_grant: Token has been expired or revoked.): it was revoked or has expired. Get a new one by running the OAuth consent flow again for the scope https://www.googleapis.com/auth/adwords with the same OAuth client, then update the credentials (the _REFRESH_TOKEN variable or refresh_token in the credentials file).")
    }

    @Test func invalidClientSaysToCheckTheClient() async throws {
        let transport = FakeTransport([Answer.json(401, #"{"error":"invalid_client","error_description":"The OAuth client was not found."}"#)])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: transport), now: ManualClock().now)
        let error = await #expect(throws: OAuthError.self) { try await provider.accessToken() }
        #expect(error?.errorDescription == "The OAuth client was refused (invalid_client: The OAuth client was not found.): check the client id and client secret in the credentials.")
    }

    @Test func aFailedRefreshIsNotCached() async throws {
        let transport = FakeTransport([Answer.status(500, "backend error"), Self.expectRefreshRequest()])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: transport), now: ManualClock().now)
        let error = await #expect(throws: OAuthError.self) { try await provider.accessToken() }
        #expect(error?.errorDescription == "The OAuth token endpoint answered HTTP 500 to the token refresh: backend error")
        #expect(try await provider.accessToken().reveal() == Canary.accessToken)
    }

    @Test func anAnswerWithoutATokenIsRefused() async throws {
        let transport = FakeTransport([Answer.json(200, #"{"token_type":"Bearer"}"#)])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: transport), now: ManualClock().now)
        await #expect(throws: OAuthError.self) { try await provider.accessToken() }
    }
}

@Suite struct OAuthAuthMiddlewareTests {
    @Test func addsTheBearerTokenDeveloperTokenAndLoginCustomerId() async throws {
        let tokenEndpoint = FakeTransport([OAuthTokenProviderTests.expectRefreshRequest()])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: tokenEndpoint), now: ManualClock().now)
        let api = FakeTransport(Array(repeating: { request in
            #expect(request.header("authorization") == "Bearer \(Canary.accessToken)")
            #expect(request.header("developer-token") == Canary.developerToken)
            #expect(request.header("login-customer-id") == "1112223333")
            #expect(request.header("content-type") == "application/json")
            return HTTPResponse(status: 200, body: Data("{}".utf8))
        }, count: 2))
        let client = HTTPClient(transport: api, middlewares: [AuthMiddleware(tokens: provider, credentials: Canary.credentials)])
        _ = try await client.send(.search())
        _ = try await client.send(.mutate())
        #expect(api.requests.count == 2)
        #expect(tokenEndpoint.requests.count == 1)
    }

    @Test func a401RefreshesTheTokenAndSendsOnceMore() async throws {
        let tokenEndpoint = FakeTransport([OAuthTokenProviderTests.expectRefreshRequest(answer: "ya29.stale"),
                                           OAuthTokenProviderTests.expectRefreshRequest(answer: "ya29.fresh")])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: tokenEndpoint), now: ManualClock().now)
        let api = FakeTransport([
            { request in
                #expect(request.header("authorization") == "Bearer ya29.stale")
                return HTTPResponse(status: 401, body: Data(#"{"error":{"code":401,"status":"UNAUTHENTICATED"}}"#.utf8))
            },
            { request in
                #expect(request.header("authorization") == "Bearer ya29.fresh")
                return HTTPResponse(status: 200)
            },
        ])
        let client = HTTPClient(transport: api, middlewares: [AuthMiddleware(tokens: provider, credentials: Canary.credentials)])
        #expect(try await client.send(.mutate()).status == 200)
        #expect(api.requests.count == 2)
        #expect(tokenEndpoint.requests.count == 2)
    }

    @Test func headerNamesCanBeChangedForOtherPlatforms() async throws {
        let tokenEndpoint = FakeTransport([OAuthTokenProviderTests.expectRefreshRequest()])
        let provider = OAuthTokenProvider(credentials: Canary.credentials, client: HTTPClient(transport: tokenEndpoint), now: ManualClock().now)
        let api = FakeTransport([{ request in
            #expect(request.header("DeveloperToken") == Canary.developerToken)
            #expect(request.header("developer-token") == nil)
            #expect(request.header("login-customer-id") == nil)
            return HTTPResponse(status: 200)
        }])
        let auth = AuthMiddleware(tokens: provider, developerToken: Secret(Canary.developerToken), loginCustomerId: nil, developerTokenHeader: "DeveloperToken")
        _ = try await HTTPClient(transport: api, middlewares: [auth]).send(.search())
    }
}

/// Holds callers until opened.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}
