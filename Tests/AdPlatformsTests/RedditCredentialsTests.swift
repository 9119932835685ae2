@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Reddit's credentials through the same loader, token provider and auth middleware, as the reference's `auth` section
/// shapes them: the client as HTTP Basic (not in the form), and the descriptive `User-Agent` on the token request and on
/// every API call.
@Suite struct RedditCredentialsTests {
    static let agent = "web:org.example.tfz:1.0 (by /u/tfz_admin)"
    static let environment = ["TFZ_REDDIT_CLIENT_ID": "reddit-app-id", "TFZ_REDDIT_CLIENT_SECRET": Canary.clientSecret,
                              "TFZ_REDDIT_REFRESH_TOKEN": Canary.refreshToken, "TFZ_REDDIT_USER_AGENT": agent]

    static func loader(_ environment: [String: String] = environment) -> CredentialsLoader {
        CredentialsLoader(environment: environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz", spec: .reddit)
    }

    @Test func loadsTheClientTokenAndAgent() throws {
        let c = try Self.loader().load("env:TFZ_REDDIT")
        #expect(c.clientId == "reddit-app-id" && c.clientSecret.reveal() == Canary.clientSecret && c.refreshToken.reveal() == Canary.refreshToken)
        #expect(c.values == ["user_agent": Self.agent])
        #expect(c.tokenURL.absoluteString == "https://www.reddit.com/api/v1/access_token")
        var generic = Self.environment
        generic["TFZ_REDDIT_USER_AGENT"] = "python-requests/2.31"
        let error = #expect(throws: CredentialsError.self) { try Self.loader(generic).load("env:TFZ_REDDIT") }
        #expect(error?.errorDescription?.contains("TFZ_REDDIT_USER_AGENT") == true)
        #expect(error?.errorDescription?.contains("(by /u/your_name)") == true)
    }

    /// The refresh: HTTP Basic base64(client_id:client_secret), a form of grant_type and refresh_token only, the agent;
    /// then API calls carry the bearer token and the same agent.
    @Test func theRefreshUsesBasicAuthAndEveryCallTheAgent() async throws {
        let credentials = try Self.loader().load("env:TFZ_REDDIT")
        let tokenEndpoint = FakeTransport([{ request in
            #expect(request.url.absoluteString == "https://www.reddit.com/api/v1/access_token")
            #expect(request.header("Authorization") == "Basic " + Data("reddit-app-id:\(Canary.clientSecret)".utf8).base64EncodedString())
            #expect(request.header("User-Agent") == Self.agent)
            #expect(String(decoding: request.body, as: UTF8.self) == "grant_type=refresh_token&refresh_token=" + OAuthTokenProvider.formEncode(Canary.refreshToken))
            return HTTPResponse(status: 200, body: Data(#"{"access_token":"\#(Canary.accessToken)","token_type":"bearer","expires_in":86400,"scope":"adsread adsedit"}"#.utf8))
        }])
        let tokens = OAuthTokenProvider(credentials: credentials, client: HTTPClient(transport: tokenEndpoint), spec: .reddit)
        let auth = AuthMiddleware(tokens: tokens, credentials: credentials, spec: .reddit)
        let api = FakeTransport([{ request in
            #expect(request.header("Authorization") == "Bearer \(Canary.accessToken)")
            #expect(request.header("User-Agent") == Self.agent)
            return HTTPResponse(status: 200, body: Data(#"{"data":{}}"#.utf8))
        }])
        _ = try await HTTPClient(transport: api, middlewares: [auth])
            .send(HTTPRequest(method: "GET", url: URL(string: "https://ads-api.reddit.com/api/v3/me")!, operation: "reddit.me", isIdempotent: true))
        #expect(tokenEndpoint.requests.count == 1 && api.requests.count == 1)
        Canary.expectNoLeak(["\(auth)", "\(credentials)"])
        // The Basic credentials are base64, so no canary text shows in them: check the log mask on them directly.
        let basic = try #require(tokenEndpoint.requests[0].header("Authorization"))
        #expect(Redactor.redact("Authorization: \(basic)") == "Authorization: Basic <redacted>")
    }
}
