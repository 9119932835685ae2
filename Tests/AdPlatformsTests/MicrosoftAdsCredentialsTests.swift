@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Microsoft Advertising's credentials through the generalised loader, token provider and auth middleware.
@Suite struct MicrosoftAdsCredentialsTests {
    static let customerId = "251789123"

    static let environment = [
        "TFZ_MS_CLIENT_ID": "4c8b7a0e-canary-app",
        "TFZ_MS_REFRESH_TOKEN": Canary.refreshToken,
        "TFZ_MS_DEVELOPER_TOKEN": Canary.developerToken,
        "TFZ_MS_CUSTOMER_ID": customerId,
    ]

    static var credentials: OAuthCredentials {
        OAuthCredentials(clientId: "4c8b7a0e-canary-app", clientSecret: Secret(""), refreshToken: Secret(Canary.refreshToken),
                         tokenURL: CredentialSpec.microsoftAds.defaultTokenURL, secrets: ["developer_token": Secret(Canary.developerToken)],
                         values: ["customer_id": customerId])
    }

    static func loader(_ environment: [String: String] = environment) -> CredentialsLoader {
        CredentialsLoader(environment: environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz", spec: .microsoftAds)
    }

    /// The refresh request Microsoft's identity platform gets: no client secret for a public client, the scope sent.
    static func tokenAnswer(secret: String? = nil) -> FakeStep {
        { request in
            #expect(request.url.absoluteString == "https://login.microsoftonline.com/common/oauth2/v2.0/token")
            var expected = ["grant_type": "refresh_token", "client_id": "4c8b7a0e-canary-app", "refresh_token": Canary.refreshToken,
                            "scope": "https://ads.microsoft.com/msads.manage offline_access"]
            if let secret { expected["client_secret"] = secret }
            #expect(request.formFields == expected)
            return HTTPResponse(status: 200, body: Data(#"{"token_type":"Bearer","scope":"https://ads.microsoft.com/msads.manage","expires_in":3599,"access_token":"\#(Canary.accessToken)","refresh_token":"M.C1-rotated"}"#.utf8))
        }
    }

    @Test func loadsFromTheEnvironment() throws {
        let c = try Self.loader().load("env:TFZ_MS")
        #expect(c.clientId == "4c8b7a0e-canary-app")
        #expect(c.clientSecret.isEmpty, "a public client has no secret")
        #expect(c.refreshToken.reveal() == Canary.refreshToken)
        #expect(c.developerToken?.reveal() == Canary.developerToken)
        #expect(c.values == ["customer_id": Self.customerId])
        #expect(c.tokenURL.absoluteString == "https://login.microsoftonline.com/common/oauth2/v2.0/token")
        var withSecret = Self.environment
        withSecret["TFZ_MS_CLIENT_SECRET"] = Canary.clientSecret
        withSecret["TFZ_MS_TOKEN_URL"] = "http://127.0.0.1:8088/oauth2/v2.0/token"
        let confidential = try Self.loader(withSecret).load("env:TFZ_MS")
        #expect(confidential.clientSecret.reveal() == Canary.clientSecret)
        #expect(confidential.tokenURL.absoluteString == "http://127.0.0.1:8088/oauth2/v2.0/token")
    }

    @Test(arguments: ["TFZ_MS_CLIENT_ID", "TFZ_MS_REFRESH_TOKEN", "TFZ_MS_DEVELOPER_TOKEN", "TFZ_MS_CUSTOMER_ID"])
    func aMissingVariableIsNamed(variable: String) {
        var environment = Self.environment
        environment[variable] = nil
        let error = #expect(throws: CredentialsError.self) { try Self.loader(environment).load("env:TFZ_MS") }
        #expect(error?.errorDescription == "environment variable \(variable) is not set (credentials env:TFZ_MS); export it before running tfz")
        Canary.expectNoLeak([error?.errorDescription ?? "", "\(String(describing: error))"])
    }

    @Test func aCustomerIdIsDigits() {
        var environment = Self.environment
        environment["TFZ_MS_CUSTOMER_ID"] = "C-251789"
        let error = #expect(throws: CredentialsError.self) { try Self.loader(environment).load("env:TFZ_MS") }
        #expect(error?.errorDescription == "environment variable TFZ_MS_CUSTOMER_ID must be a Microsoft Advertising customer id: digits only (the manager customer, e.g. 123456789)")
    }

    @Test func loadsAPrivateFile() throws {
        let scratch = try CredentialsLoaderTests.Scratch()
        defer { scratch.remove() }
        let json = #"{"client_id":"4c8b7a0e-canary-app","refresh_token":"\#(Canary.refreshToken)","developer_token":"\#(Canary.developerToken)","customer_id":251789123}"#
        let path = try scratch.write("home/microsoft.json", json, mode: 0o600)
        let loader = CredentialsLoader(environment: [:], homeDirectory: scratch.home.path, workspaceRoot: scratch.workspace.path)
        let c = try loader.load("file:\(path)", for: .microsoftAds)
        #expect(c.values["customer_id"] == Self.customerId, "a number is fine for an id")
        #expect(c.developerToken?.reveal() == Canary.developerToken)
        #expect(c.clientSecret.isEmpty)

        let missing = try scratch.write("home/partial.json", #"{"client_id":"x","refresh_token":"\#(Canary.refreshToken)","customer_id":"1"}"#, mode: 0o600)
        let error = #expect(throws: CredentialsError.self) { try loader.load("file:\(missing)", for: .microsoftAds) }
        #expect(error?.errorDescription == "credentials file \(missing) has no \"developer_token\"")
        let open = try scratch.write("home/open.json", json, mode: 0o644)
        let tooOpen = #expect(throws: CredentialsError.self) { try loader.load("file:\(open)", for: .microsoftAds) }
        guard case .tooOpen = tooOpen else { Issue.record("expected tooOpen"); return }
        let inside = try scratch.write("workspace/microsoft.json", json, mode: 0o600)
        let insideError = #expect(throws: CredentialsError.self) { try loader.load("file:\(inside)", for: .microsoftAds) }
        guard case .insideWorkspace = insideError else { Issue.record("expected insideWorkspace"); return }
        Canary.expectNoLeak([error, tooOpen, insideError].compactMap { $0 }.flatMap { [$0.errorDescription ?? "", "\($0)", String(reflecting: $0)] })
    }

    @Test func theGoogleSpecIsTheDefaultAndUnchanged() throws {
        let google = try CredentialsLoader(environment: CredentialsLoaderTests.environment, homeDirectory: "/h", workspaceRoot: "/w").load("env:TFZ_GOOGLE")
        #expect(google.loginCustomerId == "1112223333")
        #expect(CredentialSpec.googleAds.fields.map(\.key) == ["developer_token", "login_customer_id"])
        // Google's token endpoint gets no scope, and a secret.
        var environment = CredentialsLoaderTests.environment
        environment["TFZ_GOOGLE_CLIENT_SECRET"] = nil
        #expect(throws: CredentialsError.self) { try CredentialsLoader(environment: environment, homeDirectory: "/h", workspaceRoot: "/w").load("env:TFZ_GOOGLE") }
    }

    @Test func theTokenRefreshSendsTheScopeAndNoEmptySecret() async throws {
        let tokens = OAuthTokenProvider(credentials: Self.credentials, client: HTTPClient(transport: FakeTransport([Self.tokenAnswer()])),
                                        spec: .microsoftAds, now: ManualClock().now)
        #expect(try await tokens.accessToken().reveal() == Canary.accessToken)
        var confidential = Self.credentials
        confidential.clientSecret = Secret(Canary.clientSecret)
        let withSecret = OAuthTokenProvider(credentials: confidential,
                                            client: HTTPClient(transport: FakeTransport([Self.tokenAnswer(secret: Canary.clientSecret)])),
                                            spec: .microsoftAds, now: ManualClock().now)
        #expect(try await withSecret.accessToken().reveal() == Canary.accessToken)
    }

    @Test func anExpiredRefreshTokenSaysSoAndWhatToDo() async throws {
        let body = #"""
        {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2026-01-02T10:00:00.0000000Z and was inactive for 90.00:00:00. Trace ID: 0b1c Correlation ID: 9f8e Timestamp: 2026-04-02 10:00:01Z","error_codes":[700082],"timestamp":"2026-04-02 10:00:01Z","trace_id":"0b1c","correlation_id":"9f8e"}
        """#
        let tokens = OAuthTokenProvider(credentials: Self.credentials, client: HTTPClient(transport: FakeTransport([Answer.json(400, body)])),
                                        spec: .microsoftAds, now: ManualClock().now)
        let error = await #expect(throws: OAuthError.self) { try await tokens.accessToken() }
        guard case .refreshTokenExpired = error else { Issue.record("expected refreshTokenExpired, got \(String(describing: error))"); return }
        #expect(error?.errorDescription == "The Microsoft Advertising refresh token has expired because it was not used for too long (invalid_grant: "
            + "AADSTS700082: The refresh token has expired due to inactivity.). Microsoft Advertising refresh tokens expire after 90 days without "
            + "use: sign in again with the Microsoft account that manages the ads (the OAuth consent flow for the scope "
            + "https://ads.microsoft.com/msads.manage offline_access, with the same app registration) to get a new refresh token, then update "
            + "the credentials (the _REFRESH_TOKEN variable or refresh_token in the credentials file).")
        Canary.expectNoLeak([error?.errorDescription ?? "", "\(String(describing: error))"])

        // Another invalid_grant (revoked) is the general message with Microsoft's hint.
        let revoked = OAuthTokenProvider(credentials: Self.credentials,
                                         client: HTTPClient(transport: FakeTransport([Answer.json(400, #"{"error":"invalid_grant","error_description":"AADSTS70000: The grant was revoked.","error_codes":[70000]}"#)])),
                                         spec: .microsoftAds, now: ManualClock().now)
        let other = await #expect(throws: OAuthError.self) { try await revoked.accessToken() }
        guard case .invalidGrant = other else { Issue.record("expected invalidGrant"); return }
        #expect(other?.errorDescription?.contains("Microsoft Advertising refresh tokens expire after 90 days without use") == true)
    }

    @Test func theAuthMiddlewareSetsTheSpecsHeaders() async throws {
        let tokens = OAuthTokenProvider(credentials: Self.credentials, client: HTTPClient(transport: FakeTransport([Self.tokenAnswer()])),
                                        spec: .microsoftAds, now: ManualClock().now)
        let account = Account(name: "microsoft-main", platform: .microsoftAds, accountId: "149876543", credentials: "env:TFZ_MS",
                              location: CampaignKit.SourceLocation(path: "tfz.yaml", line: 1, column: 1))
        let auth = AuthMiddleware(tokens: tokens, credentials: Self.credentials, spec: .microsoftAds, account: account)
        let api = FakeTransport([{ request in
            #expect(request.header("Authorization") == "Bearer \(Canary.accessToken)")
            #expect(request.header("DeveloperToken") == Canary.developerToken)
            #expect(request.header("CustomerId") == Self.customerId)
            #expect(request.header("CustomerAccountId") == "149876543")
            #expect(request.header("developer-token") == nil)
            #expect(request.header("login-customer-id") == nil)
            return HTTPResponse(status: 200, body: Data("{}".utf8))
        }])
        _ = try await HTTPClient(transport: api, middlewares: [auth]).send(.search())
        #expect(api.requests.count == 1)
        // Printing the middleware or the credentials shows no secret.
        var dumped = ""
        dump(auth, to: &dumped)
        dump(Self.credentials, to: &dumped)
        Canary.expectNoLeak([dumped, "\(auth)", "\(Self.credentials)", String(reflecting: Self.credentials)])
    }
}
