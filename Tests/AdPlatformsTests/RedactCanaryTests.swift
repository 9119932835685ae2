@testable import AdPlatforms
import Foundation
import Testing

/// A canary set of credentials goes through every path; none of its secrets may surface in a log line, an error
/// description or an HTTPError.
@Suite struct RedactCanaryTests {
    let logs = LogCapture()
    let clock = ManualClock()
    let sleeps = SleepRecorder()

    var retry: RetryMiddleware {
        RetryMiddleware(maxAttempts: 3, random: { 0.5 }, sleep: sleeps.sleep, now: clock.now,
                        classify: GoogleAdsRetryClassifier(now: clock.now).classify, logger: logs.logger)
    }
    var log: RedactingLogMiddleware { RedactingLogMiddleware(logger: logs.logger, now: clock.monotonic) }

    /// The full client: retry, auth, log; the token endpoint and the API answer from the given scripts.
    func client(token: [FakeStep], api: [FakeStep]) -> (HTTPClient, OAuthTokenProvider) {
        let provider = OAuthTokenProvider(credentials: Canary.credentials,
                                          client: HTTPClient(transport: FakeTransport(token), middlewares: [retry, log]), now: clock.now)
        let client = HTTPClient(transport: FakeTransport(api), middlewares: [retry, AuthMiddleware(tokens: provider, credentials: Canary.credentials), log])
        return (client, provider)
    }

    /// Every error a send can throw, as the user would read it.
    func failure(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            Issue.record("expected an error")
            return ""
        } catch {
            var dumped = ""
            dump(error, to: &dumped)
            var texts = [error.localizedDescription, String(describing: error), String(reflecting: error), "\(error)", dumped]
            if let http = error as? HTTPError { texts += [http.excerpt, http.errorDescription ?? ""] }
            return texts.joined(separator: "\n")
        }
    }

    static let echoedForm = "grant_type=refresh_token&client_id=\(Canary.clientId)&client_secret=\(Canary.clientSecret)&refresh_token=\(Canary.refreshToken)"

    @Test func successfulCallsLogNoSecret() async throws {
        let (client, _) = client(token: [OAuthTokenProviderTests.expectRefreshRequest()], api: [Answer.status(503), Answer.json(200, "{}")])
        var request = HTTPRequest.search()
        request.url = URL(string: "https://googleads.googleapis.com/v25/customers/1234567890/googleAds:search?access_token=\(Canary.accessToken)&key=\(Canary.developerToken)")!
        _ = try await client.send(request)
        #expect(logs.lines.count == 4)  // token, 503, retry notice, 200
        Canary.expectNoLeak(logs.lines)
    }

    @Test func invalidGrantEchoingTheRequest() async throws {
        let answer = Answer.json(400, #"{"error":"invalid_grant","error_description":"Bad Request: \#(Self.echoedForm)"}"#)
        let (client, _) = client(token: [answer], api: [])
        let text = await failure { _ = try await client.send(.search()) }
        #expect(text.contains("invalid_grant"))
        #expect(text.contains("client_secret=<redacted>&refresh_token=<redacted>"))
        #expect(logs.lines.count == 1)
        Canary.expectNoLeak([text] + logs.lines)
    }

    @Test func tokenEndpointErrorsEchoingTheForm() async throws {
        let (client, _) = client(token: Array(repeating: Answer.status(500, Self.echoedForm), count: 3), api: [])
        let text = await failure { _ = try await client.send(.search()) }
        #expect(text.contains("The OAuth token endpoint answered HTTP 500"))
        #expect(logs.lines.count == 5)  // three attempts and two retry notices
        Canary.expectNoLeak([text] + logs.lines)
    }

    @Test func apiErrorsEchoingTheHeaders() async throws {
        let echo = #"{"error":{"code":403,"message":"The caller does not have permission; got Authorization: Bearer \#(Canary.accessToken), developer-token: \#(Canary.developerToken)","status":"PERMISSION_DENIED"}}"#
        let (client, _) = client(token: [OAuthTokenProviderTests.expectRefreshRequest()], api: [Answer.json(403, echo)])
        let response = try await client.send(.mutate())
        let error = HTTPError(request: .mutate(), response: response)
        #expect(error.errorDescription == "Google Ads answered HTTP 403 to campaigns:mutate: The caller does not have permission; got Authorization: Bearer <redacted>, developer-token: <redacted>")
        Canary.expectNoLeak([error.errorDescription ?? "", error.excerpt, String(describing: error)] + logs.lines)
    }

    @Test func transportFailures() async throws {
        let (client, _) = client(token: [OAuthTokenProviderTests.expectRefreshRequest()], api: [
            Answer.fail(.timedOut(mayHaveBeenSent: true)),
            Answer.fail(.other("unsupported URL https://example.test/?access_token=\(Canary.accessToken)&refresh_token=\(Canary.refreshToken)")),
        ])
        let ambiguous = await failure { _ = try await client.send(.mutate()) }
        #expect(ambiguous.contains("may or may not have applied"))
        let other = await failure { _ = try await client.send(.search()) }
        #expect(other.contains("could not be reached"))
        Canary.expectNoLeak([ambiguous, other] + logs.lines)
    }

    @Test func quotaErrors() async throws {
        let (client, _) = client(token: [OAuthTokenProviderTests.expectRefreshRequest()],
                                 api: [Answer.json(429, GoogleFixture.quotaError(retryDelay: "86400s"))])
        let text = await failure { _ = try await client.send(.search()) }
        #expect(text.contains("nothing more was sent"))
        Canary.expectNoLeak([text] + logs.lines)
    }

    @Test func credentialsErrors() throws {
        var texts: [String] = []
        var environment = CredentialsLoaderTests.environment
        environment["TFZ_GOOGLE_DEVELOPER_TOKEN"] = nil
        do {
            _ = try CredentialsLoader(environment: environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz").load("env:TFZ_GOOGLE")
            Issue.record("expected an error")
        } catch { texts += [error.localizedDescription, "\(error)", String(reflecting: error)] }

        let scratch = try CredentialsLoaderTests.Scratch()
        defer { scratch.remove() }
        let open = try scratch.write("home/open.json", CredentialsLoaderTests.fileJSON, mode: 0o644)
        let broken = try scratch.write("home/broken.json", "{" + CredentialsLoaderTests.fileJSON, mode: 0o600)
        let inside = try scratch.write("workspace/creds.json", CredentialsLoaderTests.fileJSON, mode: 0o600)
        for path in [open, broken, inside] {
            do {
                _ = try scratch.loader().load("file:\(path)")
                Issue.record("expected an error for \(path)")
            } catch { texts += [error.localizedDescription, "\(error)", String(reflecting: error)] }
        }
        let loaded = try CredentialsLoader(environment: CredentialsLoaderTests.environment, homeDirectory: "/", workspaceRoot: "/srv").load("env:TFZ_GOOGLE")
        var dumped = ""
        dump(loaded, to: &dumped)
        texts += [String(describing: loaded), String(reflecting: loaded), dumped, "\(loaded.clientSecret) \(loaded.refreshToken)"]
        #expect(texts.count == 16)
        Canary.expectNoLeak(texts)
    }
}
