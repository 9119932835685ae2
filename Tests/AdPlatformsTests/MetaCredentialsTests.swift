@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Meta's credentials through the same loader, token provider and auth middleware: a long-lived system-user access
/// token used as it is (no OAuth client, no refresh request) and, with an app secret, `appsecret_proof` on every call.
@Suite struct MetaCredentialsTests {
    static let environment = ["TFZ_META_ACCESS_TOKEN": Canary.accessToken, "TFZ_META_APP_SECRET": Canary.clientSecret]

    static func loader(_ environment: [String: String] = environment) -> CredentialsLoader {
        CredentialsLoader(environment: environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz", spec: .meta)
    }

    @Test func loadsAnAccessTokenWithoutAnOAuthClient() throws {
        let c = try Self.loader().load("env:TFZ_META")
        #expect(c.accessToken?.reveal() == Canary.accessToken)
        #expect(c.secrets["app_secret"]?.reveal() == Canary.clientSecret)
        #expect(c.clientId.isEmpty && c.refreshToken.isEmpty)
        let withoutSecret = try Self.loader(["TFZ_META_ACCESS_TOKEN": Canary.accessToken]).load("env:TFZ_META")
        #expect(withoutSecret.secrets["app_secret"] == nil, "the app secret is optional")
        let missing = #expect(throws: CredentialsError.self) { try Self.loader(["TFZ_META_APP_SECRET": "x"]).load("env:TFZ_META") }
        #expect(missing?.errorDescription == "environment variable TFZ_META_ACCESS_TOKEN is not set (credentials env:TFZ_META); export it before running tfz")
    }

    @Test func loadsFromAPrivateFile() throws {
        let fileSystem = CredentialsFileSystem(
            read: { _ in CredentialsFile(permissions: 0o600, contents: Data(#"{"access_token": "\#(Canary.accessToken)"}"#.utf8)) },
            resolve: { $0 })
        let loader = CredentialsLoader(environment: [:], homeDirectory: "/home/op", workspaceRoot: "/srv/tfz", fileSystem: fileSystem, spec: .meta)
        let c = try loader.load("file:~/.config/tfz/meta.json")
        #expect(c.accessToken?.reveal() == Canary.accessToken)
    }

    /// The token is handed out as it is, with no request to any token endpoint (the transport fails on any request).
    @Test func theTokenProviderNeverRefreshes() async throws {
        let credentials = try Self.loader().load("env:TFZ_META")
        let transport = FakeTransport([])
        let tokens = OAuthTokenProvider(credentials: credentials, client: HTTPClient(transport: transport), spec: .meta)
        #expect(try await tokens.accessToken().reveal() == Canary.accessToken)
        await tokens.invalidate(Secret(Canary.accessToken))
        #expect(try await tokens.accessToken().reveal() == Canary.accessToken)
        #expect(transport.requests.isEmpty)
    }

    /// `appsecret_proof` = HMAC-SHA256(key: app secret, message: token), lowercase hex, in the query string. The expected
    /// value is Python's `hmac.new(b"sandbox-meta-app-secret", b"sandbox-meta-access-token", hashlib.sha256).hexdigest()`.
    @Test func everyCallCarriesTheAppSecretProof() async throws {
        #expect(MetaAuth.appSecretProof(token: Secret("sandbox-meta-access-token"), appSecret: Secret("sandbox-meta-app-secret"))
                == "6b1348308f49b895509ac86f322b91efc32dcf70243d62128529f686158ab761")
        let credentials = try Self.loader().load("env:TFZ_META")
        let tokens = OAuthTokenProvider(credentials: credentials, client: HTTPClient(transport: FakeTransport([])), spec: .meta)
        let auth = AuthMiddleware(tokens: tokens, credentials: credentials, spec: .meta)
        let proof = MetaAuth.appSecretProof(token: Secret(Canary.accessToken), appSecret: Secret(Canary.clientSecret))
        let api = FakeTransport([{ request in
            #expect(request.header("Authorization") == "Bearer \(Canary.accessToken)")
            let query = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            #expect(query.map { "\($0.name)=\($0.value ?? "")" } == ["fields=id,name", "appsecret_proof=\(proof)"])
            #expect(!request.url.absoluteString.contains(Canary.clientSecret))
            return HTTPResponse(status: 200, body: Data("{}".utf8))
        }])
        let url = URL(string: "https://graph.facebook.com/v25.0/act_1/campaigns?fields=id,name")!
        _ = try await HTTPClient(transport: api, middlewares: [auth])
            .send(HTTPRequest(method: "GET", url: url, operation: "meta.campaigns", isIdempotent: true))
        #expect(api.requests.count == 1)
        Canary.expectNoLeak(["\(auth)", "\(credentials)"])
        #expect(!Redactor.redact("GET \(url)&appsecret_proof=\(proof)").contains(proof), "the proof is masked in logs like a token")
    }
}
