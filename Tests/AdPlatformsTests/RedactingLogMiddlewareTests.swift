@testable import AdPlatforms
import Foundation
import Testing

@Suite struct RedactingLogMiddlewareTests {
    @Test func logsOneLinePerRequestWithoutSecrets() async throws {
        let logs = LogCapture()
        let clock = ManualClock()
        let log = RedactingLogMiddleware(logger: logs.logger, now: clock.monotonic)
        let transport = FakeTransport([{ _ in clock.advance(.milliseconds(84)); return HTTPResponse(status: 200, headers: ["request-id": "r-1"], body: Data("{}".utf8)) }])
        var request = HTTPRequest.search()
        request.url = URL(string: "https://googleads.googleapis.com/v25/customers/1234567890/googleAds:search?access_token=ya29.zzz&alt=json")!
        request.headers["Authorization"] = "Bearer \(Canary.accessToken)"
        request.headers["developer-token"] = Canary.developerToken
        request.headers["login-customer-id"] = "1112223333"
        request.attempt = 2
        _ = try await HTTPClient(transport: transport, middlewares: [log]).send(request)
        #expect(logs.lines == [
            "info POST /v25/customers/1234567890/googleAds:search?alt=json 200 84ms attempt=2 [login_customer_id=1112223333 operation=google_ads.googleAds:search request_id=r-1]",
        ])
        // The transport still got the headers: the log middleware only hides them from the log.
        #expect(transport.requests.first?.header("developer-token") == Canary.developerToken)
    }

    @Test func errorAnswersAreLoggedWithARedactedExcerpt() async throws {
        let logs = LogCapture()
        let clock = ManualClock()
        let log = RedactingLogMiddleware(logger: logs.logger, now: clock.monotonic)
        let echo = #"{"error":{"code":401,"message":"Request had invalid authentication credentials: Bearer \#(Canary.accessToken)","status":"UNAUTHENTICATED"}}"#
        let transport = FakeTransport([Answer.json(401, echo)])
        _ = try await HTTPClient(transport: transport, middlewares: [log]).send(.search())
        #expect(logs.lines == [
            "warning POST /v25/customers/1234567890/googleAds:search 401 0ms attempt=1 [excerpt=Request had invalid authentication credentials: Bearer <redacted> operation=google_ads.googleAds:search]",
        ])
    }

    @Test func failuresAreLoggedAndRethrown() async throws {
        let logs = LogCapture()
        let clock = ManualClock()
        let log = RedactingLogMiddleware(logger: logs.logger, now: clock.monotonic)
        let transport = FakeTransport([{ _ in clock.advance(.milliseconds(30_000)); throw TransportError.timedOut(mayHaveBeenSent: true) }])
        await #expect(throws: TransportError.timedOut(mayHaveBeenSent: true)) {
            try await HTTPClient(transport: transport, middlewares: [log]).send(.mutate())
        }
        #expect(logs.lines == [
            "warning POST /v25/customers/1234567890/campaigns:mutate failed (the request timed out) 30000ms attempt=1 [operation=google_ads.campaigns:mutate]",
        ])
    }

    @Test func eachAttemptIsLoggedWhenTheLogSitsInsideTheRetry() async throws {
        let logs = LogCapture()
        let clock = ManualClock()
        let sleeps = SleepRecorder()
        let client = HTTPClient(transport: FakeTransport([Answer.status(503), Answer.json(200, "{}")]), middlewares: [
            RetryMiddleware(random: { 0.5 }, sleep: sleeps.sleep, now: clock.now, logger: logs.logger),
            RedactingLogMiddleware(logger: logs.logger, now: clock.monotonic),
        ])
        _ = try await client.send(.search())
        #expect(logs.lines == [
            "warning POST /v25/customers/1234567890/googleAds:search 503 0ms attempt=1 [operation=google_ads.googleAds:search]",
            "notice google_ads.googleAds:search: HTTP 503; attempt 2 of 5 in 0.2 s [operation=google_ads.googleAds:search]",
            "info POST /v25/customers/1234567890/googleAds:search 200 0ms attempt=2 [operation=google_ads.googleAds:search]",
        ])
    }
}
