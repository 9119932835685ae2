@testable import AdPlatforms
import Foundation
import Testing

@Suite struct RetryMiddlewareTests {
    let sleeps = SleepRecorder()
    let clock = ManualClock()

    func retry(attempts: Int = 5, base: Duration = .seconds(1), cap: Duration = .seconds(30), random: Double = 0.5,
               classify: @escaping @Sendable (HTTPResponse) -> PlatformRetryHint? = { _ in nil }) -> RetryMiddleware {
        RetryMiddleware(maxAttempts: attempts, baseDelay: base, maxDelay: cap, random: { random },
                        sleep: sleeps.sleep, now: clock.now, classify: classify, logger: LogCapture().logger)
    }

    func send(_ request: HTTPRequest, _ middleware: RetryMiddleware, _ steps: [FakeStep]) async throws -> (HTTPResponse, FakeTransport) {
        let transport = FakeTransport(steps)
        let response = try await HTTPClient(transport: transport, middlewares: [middleware]).send(request)
        return (response, transport)
    }

    @Test func retries503WithExponentialBackoffAndFullJitter() async throws {
        let (response, transport) = try await send(.search(), retry(random: 0.5),
                                                   [Answer.status(503), Answer.status(503), Answer.status(503), Answer.json(200, "{}")])
        #expect(response.status == 200)
        #expect(transport.requests.map(\.attempt) == [1, 2, 3, 4])
        // half of 1 s, 2 s, 4 s
        #expect(sleeps.delays == [.s(0.5), .s(1), .s(2)])
    }

    @Test func backoffIsCappedAndTheLastAnswerIsReturned() async throws {
        let (response, transport) = try await send(.search(), retry(attempts: 6, cap: .seconds(4), random: 1.0),
                                                   Array(repeating: Answer.status(500), count: 6))
        #expect(response.status == 500)
        #expect(transport.requests.count == 6)
        #expect(sleeps.delays == [.s(1), .s(2), .s(4), .s(4), .s(4)])
    }

    @Test func jitterComesFromTheRandomSource() {
        let middleware = retry(base: .seconds(2), random: 0.25)
        #expect(middleware.backoff(after: 1) == .s(0.5))
        #expect(middleware.backoff(after: 3) == .s(2))
        #expect(retry(random: 0).backoff(after: 4) == .zero)
    }

    @Test(arguments: [429, 500, 502, 503, 504])
    func retriesTransientStatusesForIdempotentRequests(status: Int) async throws {
        let (response, transport) = try await send(.search(), retry(), [Answer.status(status), Answer.json(200, "{}")])
        #expect(response.status == 200)
        #expect(transport.requests.count == 2)
    }

    @Test(arguments: [400, 401, 403, 404, 409])
    func doesNotRetryOtherStatuses(status: Int) async throws {
        let (response, transport) = try await send(.search(), retry(), [Answer.status(status)])
        #expect(response.status == status)
        #expect(transport.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test func honoursRetryAfterSeconds() async throws {
        let (response, _) = try await send(.search(), retry(), [Answer.status(429, headers: ["Retry-After": "7"]), Answer.json(200, "{}")])
        #expect(response.status == 200)
        #expect(sleeps.delays == [.seconds(7)])
    }

    @Test func honoursRetryAfterHTTPDate() async throws {
        // The injected now is 2023-11-14 22:13:20 GMT; the server asks for two minutes later.
        let (response, _) = try await send(.search(), retry(),
                                           [Answer.status(503, headers: ["Retry-After": "Tue, 14 Nov 2023 22:15:20 GMT"]), Answer.json(200, "{}")])
        #expect(response.status == 200)
        #expect(sleeps.delays == [.seconds(120)])
    }

    @Test func retryAfterParsing() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.delay("120", now: now) == .seconds(120))
        #expect(RetryAfter.delay("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.delay("Tuesday, 14-Nov-23 22:13:50 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.delay("Tue Nov 14 22:13:50 2023", now: now) == .seconds(30))
        #expect(RetryAfter.delay("Mon, 13 Nov 2023 00:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.delay("soon", now: now) == nil)
        #expect(RetryAfter.delay(nil, now: now) == nil)
    }

    @Test func aServerDelayLongerThanTheLimitIsNotWaitedOut() async throws {
        let (response, transport) = try await send(.search(), retry(), [Answer.status(429, headers: ["Retry-After": "3600"])])
        #expect(response.status == 429)
        #expect(transport.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test func googleRetryDelayWinsOverRetryAfterAndBackoff() async throws {
        let classifier = GoogleAdsRetryClassifier(now: clock.now)
        let (response, transport) = try await send(.search(), retry(classify: classifier.classify), [
            Answer.json(429, GoogleFixture.quotaError(retryDelay: "30s"), headers: ["Retry-After": "5"]),
            Answer.json(200, #"{"results":[]}"#),
        ])
        #expect(response.status == 200)
        #expect(transport.requests.count == 2)
        #expect(sleeps.delays == [.seconds(30)])
    }

    @Test func aSpentDailyQuotaIsNotRetriedAndSaysWhenItResets() async throws {
        let classifier = GoogleAdsRetryClassifier(now: clock.now)
        let middleware = retry(classify: classifier.classify)
        let transport = FakeTransport([Answer.json(429, GoogleFixture.quotaError(rateName: "Number of operations for basic access", retryDelay: "43200s"))])
        let client = HTTPClient(transport: transport, middlewares: [middleware])
        let error = await #expect(throws: QuotaExhaustedError.self) { try await client.send(.search()) }
        #expect(error?.errorDescription == "Google Ads refused googleAds:search: the developer token's daily Google Ads API quota (Number of operations for basic access) is spent; it resets at 2023-11-15 10:13 UTC (in about 12 hours); nothing more was sent")
        #expect(transport.requests.count == 1)
        #expect(sleeps.delays.isEmpty)

        // The next request through the same middleware is refused without being sent.
        await #expect(throws: QuotaExhaustedError.self) { try await client.send(.mutate()) }
        #expect(transport.requests.count == 1)
    }

    @Test func theQuotaGateOpensAgainAfterTheHold() async throws {
        let classifier = GoogleAdsRetryClassifier(now: clock.now)
        let transport = FakeTransport([Answer.json(429, GoogleFixture.quotaError(retryDelay: "43200s")), Answer.json(200, "{}")])
        let client = HTTPClient(transport: transport, middlewares: [retry(classify: classifier.classify)])
        await #expect(throws: QuotaExhaustedError.self) { try await client.send(.search()) }
        clock.advance(.seconds(3601))
        #expect(try await client.send(.search()).status == 200)
        #expect(transport.requests.count == 2)
    }

    // MARK: Requests that are not idempotent

    @Test(arguments: [TransportError.timedOut(mayHaveBeenSent: true), .connectionLost(mayHaveBeenSent: true)])
    func aMutateIsNotResentAfterATimeoutOrLostConnection(failure: TransportError) async throws {
        let transport = FakeTransport([Answer.fail(failure), Answer.json(200, "{}")])
        let client = HTTPClient(transport: transport, middlewares: [retry()])
        let error = await #expect(throws: AmbiguousMutationError.self) { try await client.send(.mutate()) }
        #expect(error?.operation == "google_ads.campaigns:mutate")
        #expect(error?.status == nil)
        #expect(transport.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test func ambiguousMutationMessage() async throws {
        let transport = FakeTransport([Answer.fail(.timedOut(mayHaveBeenSent: true))])
        let client = HTTPClient(transport: transport, middlewares: [retry()])
        let error = await #expect(throws: AmbiguousMutationError.self) { try await client.send(.mutate()) }
        #expect(error?.errorDescription == "Google Ads may or may not have applied campaigns:mutate (the request timed out); tfz did not send it again and looks the objects up before creating them again")
    }

    @Test(arguments: [500, 502, 504])
    func aMutateIsNotResentAfterAServerError(status: Int) async throws {
        let transport = FakeTransport([Answer.json(status, GoogleFixture.internalError), Answer.json(200, "{}")])
        let client = HTTPClient(transport: transport, middlewares: [retry()])
        let error = await #expect(throws: AmbiguousMutationError.self) { try await client.send(.mutate()) }
        #expect(error?.status == status)
        #expect(error?.reason.hasPrefix("HTTP \(status): Internal error encountered.") == true)
        #expect(transport.requests.count == 1)
    }

    @Test(arguments: [429, 503])
    func aMutateIsResentAfterAnAnswerThatProvesItWasNotApplied(status: Int) async throws {
        let (response, transport) = try await send(.mutate(), retry(), [Answer.status(status), Answer.json(200, #"{"results":[]}"#)])
        #expect(response.status == 200)
        #expect(transport.requests.count == 2)
        #expect(transport.requests.map(\.body) == [HTTPRequest.mutate().body, HTTPRequest.mutate().body])
    }

    @Test func aMutateIsResentWhenTheConnectionNeverOpened() async throws {
        let (response, transport) = try await send(.mutate(), retry(),
                                                   [Answer.fail(.cannotConnect("connection refused")), Answer.fail(.timedOut(mayHaveBeenSent: false)), Answer.json(200, "{}")])
        #expect(response.status == 200)
        #expect(transport.requests.count == 3)
        #expect(sleeps.delays == [.s(0.5), .s(1)])
    }

    @Test func aRefusedConnectionIsTriedOnceMoreOnly() async throws {
        await #expect(throws: HTTPError.self) {
            try await send(.mutate(), retry(), Array(repeating: Answer.fail(.cannotConnect("127.0.0.1:9 (the connection was refused)")), count: 5))
        }
        #expect(sleeps.delays == [.s(0.5)])
    }

    @Test func anUnresolvableHostOrAFailedTLSHandshakeIsNotRetried() async throws {
        let error = await #expect(throws: HTTPError.self) {
            try await send(.search(), retry(), [Answer.fail(.cannotReach("ads.example (the host name does not resolve)")), Answer.json(200, "{}")])
        }
        #expect(sleeps.delays == [])
        #expect(error?.errorDescription?.contains("could not connect to ads.example (the host name does not resolve)") == true)
    }

    @Test func aMutateQuotaErrorIsResentAfterGooglesDelay() async throws {
        let classifier = GoogleAdsRetryClassifier(now: clock.now)
        let (response, transport) = try await send(.mutate(), retry(classify: classifier.classify),
                                                   [Answer.json(429, GoogleFixture.quotaError(retryDelay: "12s")), Answer.json(200, "{}")])
        #expect(response.status == 200)
        #expect(transport.requests.count == 2)
        #expect(sleeps.delays == [.seconds(12)])
    }

    @Test(arguments: [400, 500, 429])
    func aMutateTheHintSaysWasNotAppliedIsResentWhateverTheStatus(status: Int) async throws {
        let classify: @Sendable (HTTPResponse) -> PlatformRetryHint? = { $0.status >= 400 ? .notApplied(retryAfter: .seconds(9)) : nil }
        let (response, transport) = try await send(.mutate(), retry(classify: classify),
                                                   [Answer.status(status), Answer.status(status), Answer.json(200, #"{"results":[]}"#)])
        #expect(response.status == 200)
        #expect(transport.requests.map(\.attempt) == [1, 2, 3])
        #expect(transport.requests.map(\.body) == Array(repeating: HTTPRequest.mutate().body, count: 3))
        #expect(sleeps.delays == [.seconds(9), .seconds(9)])
    }

    @Test func aNotAppliedAnswerIsReturnedOnceTheAttemptsAreUsedOrTheDelayIsTooLong() async throws {
        let classify: @Sendable (HTTPResponse) -> PlatformRetryHint? = { _ in .notApplied(retryAfter: .seconds(2)) }
        let (last, transport) = try await send(.mutate(), retry(attempts: 3, classify: classify), Array(repeating: Answer.status(400), count: 3))
        #expect(last.status == 400)
        #expect(transport.requests.count == 3)
        #expect(sleeps.delays == [.seconds(2), .seconds(2)])

        let long: @Sendable (HTTPResponse) -> PlatformRetryHint? = { _ in .notApplied(retryAfter: .seconds(600)) }
        let (answer, once) = try await send(.mutate(), retry(classify: long), [Answer.status(500)])
        #expect(answer.status == 500)
        #expect(once.requests.count == 1)
    }

    // MARK: Idempotent requests and transport failures

    @Test func aSearchIsResentAfterATimeout() async throws {
        let (response, transport) = try await send(.search(), retry(),
                                                   [Answer.fail(.timedOut(mayHaveBeenSent: true)), Answer.fail(.connectionLost(mayHaveBeenSent: true)), Answer.json(200, "{}")])
        #expect(response.status == 200)
        #expect(transport.requests.count == 3)
    }

    @Test func transportFailuresThatOutlastTheAttemptsBecomeHTTPError() async throws {
        let transport = FakeTransport(Array(repeating: Answer.fail(.timedOut(mayHaveBeenSent: true)), count: 3))
        let client = HTTPClient(transport: transport, middlewares: [retry(attempts: 3)])
        let error = await #expect(throws: HTTPError.self) { try await client.send(.search()) }
        #expect(error?.status == nil)
        #expect(error?.cause as? TransportError == .timedOut(mayHaveBeenSent: true))
        #expect(error?.errorDescription == "Google Ads could not be reached for googleAds:search: the request timed out")
        #expect(transport.requests.count == 3)
        #expect(sleeps.delays.count == 2)
    }

    @Test func otherTransportFailuresAreNotRetried() async throws {
        let transport = FakeTransport([Answer.fail(.other("unsupported URL"))])
        let client = HTTPClient(transport: transport, middlewares: [retry()])
        await #expect(throws: HTTPError.self) { try await client.send(.search()) }
        #expect(transport.requests.count == 1)
    }

    @Test func cancellationDuringTheWaitStopsRetrying() async throws {
        let middleware = RetryMiddleware(random: { 1 }, sleep: { _ in throw CancellationError() }, logger: LogCapture().logger)
        let transport = FakeTransport([Answer.status(503), Answer.json(200, "{}")])
        await #expect(throws: CancellationError.self) {
            try await HTTPClient(transport: transport, middlewares: [middleware]).send(.search())
        }
        #expect(transport.requests.count == 1)
    }
}
