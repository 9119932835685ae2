@testable import AdPlatforms
import Foundation
import TestSupport
import Testing

/// The live transport against real sockets on loopback.
@Suite(.serialized) struct HTTPURLSessionTransportTests {
    @Test func aNormalAnswer() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let transport = URLSessionTransport(timeout: .seconds(5))
        let request = HTTPRequest(method: "POST", url: server.url("/ok?alt=json"), headers: ["Content-Type": "application/json", "X-Test": "1"],
                                  body: Data(#"{"query":"SELECT campaign.id FROM campaign"}"#.utf8), operation: "sandbox.ok", isIdempotent: true)
        let response = try await transport.send(request)
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers["x-request-id"] == "loop-1")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true,"method":"POST"}"#)
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.path == "/ok?alt=json")
        #expect(seen.headers["x-test"] == "1")
        #expect(seen.body == #"{"query":"SELECT campaign.id FROM campaign"}"#)
    }

    @Test func aServerSlowerThanTheTimeoutTimesOut() async throws {
        let server = try LoopbackServer(slowDelay: .seconds(30))
        defer { server.stop() }
        let transport = URLSessionTransport(timeout: .milliseconds(500))
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: TransportError.timedOut(mayHaveBeenSent: true)) {
            try await transport.send(HTTPRequest(method: "GET", url: server.url("/slow"), operation: "sandbox.slow", isIdempotent: true))
        }
        let elapsed = clock.now - start
        // Long before the server's 30 s answer (the wide margin allows for a loaded CI machine, where a 1 s timeout was
        // seen to take 11 s).
        #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(20))
        #expect(server.requests.count == 1)
    }

    @Test func aResetConnectionIsLost() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let transport = URLSessionTransport(timeout: .seconds(5))
        await #expect(throws: TransportError.connectionLost(mayHaveBeenSent: true)) {
            try await transport.send(HTTPRequest(method: "POST", url: server.url("/drop"), body: Data("{}".utf8), operation: "sandbox.drop", isIdempotent: false))
        }
        #expect(server.requests.count == 1)
    }

    @Test func aConnectionClosedWithoutAnswerIsLost() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let transport = URLSessionTransport(timeout: .seconds(5))
        await #expect(throws: TransportError.connectionLost(mayHaveBeenSent: true)) {
            try await transport.send(HTTPRequest(method: "GET", url: server.url("/close"), operation: "sandbox.close", isIdempotent: true))
        }
    }

    @Test func aRefusedConnectionCannotConnect() async throws {
        let transport = URLSessionTransport(timeout: .seconds(5))
        let url = URL(string: "http://127.0.0.1:\(LoopbackServer.closedPort())/ok")!
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: url, operation: "sandbox.ok", isIdempotent: true))
        }
        guard case .cannotConnect = error else { Issue.record("expected cannotConnect, got \(String(describing: error))"); return }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let transport = URLSessionTransport(timeout: .seconds(5))
        let response = try await transport.send(HTTPRequest(method: "GET", url: server.url("/redirect"), headers: ["Authorization": "Bearer ya29.x"],
                                                            operation: "sandbox.redirect", isIdempotent: true))
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/ok")
        #expect(server.requests.map(\.path) == ["/redirect"])
    }

    @Test func theWholeStackOverRealSockets() async throws {
        let server = try LoopbackServer(slowDelay: .seconds(3))
        defer { server.stop() }
        let logs = LogCapture()
        let transport = URLSessionTransport(timeout: .milliseconds(500))
        var credentials = Canary.credentials
        credentials.tokenURL = server.url("/token")
        let log = RedactingLogMiddleware(logger: logs.logger)
        let retry = RetryMiddleware(random: { 0 }, sleep: { _ in }, logger: logs.logger)
        let tokens = OAuthTokenProvider(credentials: credentials, client: HTTPClient(transport: transport, middlewares: [retry, log]))
        let client = HTTPClient(transport: transport, middlewares: [retry, AuthMiddleware(tokens: tokens, credentials: credentials), log])

        let ok = try await client.send(HTTPRequest(method: "POST", url: server.url("/ok"), body: Data("{}".utf8), operation: "sandbox.ok", isIdempotent: true))
        #expect(ok.status == 200)
        let error = await #expect(throws: AmbiguousMutationError.self) {
            try await client.send(HTTPRequest(method: "POST", url: server.url("/slow"), body: Data("{}".utf8), operation: "sandbox.slow", isIdempotent: false))
        }
        #expect(error?.errorDescription == "The sandbox may or may not have applied slow (the request timed out); tfz did not send it again and looks the objects up before creating them again")

        let seen = server.requests
        #expect(seen.map(\.path) == ["/token", "/ok", "/slow"])
        let form = HTTPRequest(method: "POST", url: server.url("/token"), body: Data(seen[0].body.utf8), operation: "oauth.token", isIdempotent: true).formFields
        #expect(form == ["grant_type": "refresh_token", "client_id": Canary.clientId, "client_secret": Canary.clientSecret, "refresh_token": Canary.refreshToken])
        #expect(seen[0].headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(seen[1].headers["authorization"] == "Bearer \(Canary.accessToken)")
        #expect(seen[1].headers["developer-token"] == Canary.developerToken)
        #expect(seen[1].headers["login-customer-id"] == "1112223333")

        #expect(logs.lines.count == 3)
        #expect(logs.lines[0].hasPrefix("info POST /token 200 "))
        #expect(logs.lines[1].hasPrefix("info POST /ok 200 "))
        #expect(logs.lines[2].hasPrefix("warning POST /slow failed (the request timed out) "))
        Canary.expectNoLeak(logs.lines + [error?.errorDescription ?? ""])
    }
}
