import Foundation
import Logging

/// Sends a request again after a transient failure, with exponential backoff and full jitter.
///
/// Retried: HTTP 429, 500, 502, 503 and 504, timeouts, lost connections and connections that never opened. A request
/// that is not idempotent (a mutate) is sent again only when the failure proves it was not applied — HTTP 429 or 503,
/// an answer the platform's `classify` reads as `.notApplied` (Microsoft's throttling, which may come on HTTP 400 or
/// 500; retried whatever its status), or no connection at all. After a timeout, a lost connection or HTTP 500/502/504 it may have been applied, so the
/// middleware throws `AmbiguousMutationError` and the caller looks the object up before creating it again.
///
/// The wait before attempt *n + 1* is, in order of preference: the platform's own delay (`classify` →
/// `.retryAfter` or `.notApplied`), the `Retry-After` header (seconds or an HTTP-date, measured from `now`), or a random fraction of
/// `min(maxDelay, baseDelay · 2ⁿ⁻¹)`. A server delay longer than `maxServerDelay` is not waited out: the answer is
/// returned as it is. When `classify` says `.doNotRetry` (a spent daily quota) the middleware throws
/// `QuotaExhaustedError` and sends nothing more for `quotaHold`.
///
/// What is not an error: an answer with a status that is not retried (400, 401, 404, …) is returned to the caller, and
/// so is the last retryable answer once the attempts are used up. A transport failure that is not retried, or still
/// fails on the last attempt, is thrown as `HTTPError` with the `TransportError` as its cause.
public struct RetryMiddleware: HTTPMiddleware {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxServerDelay: Duration
    public var quotaHold: Duration
    private let random: @Sendable () -> Double
    private let sleep: @Sendable (Duration) async throws -> Void
    private let now: @Sendable () -> Date
    private let classify: @Sendable (HTTPResponse) -> PlatformRetryHint?
    private let logger: Logger
    private let gate = QuotaGate()

    /// Statuses that are worth another attempt.
    public static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]
    /// Statuses that prove the request was not applied: a mutate may be sent again after these.
    public static let notAppliedStatuses: Set<Int> = [429, 503]

    /// - Parameters:
    ///   - maxAttempts: attempts in all, the first included.
    ///   - baseDelay: the backoff ceiling after the first failure; it doubles with each further failure.
    ///   - maxDelay: the largest backoff ceiling.
    ///   - maxServerDelay: the longest `Retry-After` or platform delay worth waiting for.
    ///   - quotaHold: how long to refuse further requests after a `.doNotRetry`.
    ///   - random: a number in `0..<1` for the jitter.
    ///   - sleep: waits; tests record the delay instead.
    ///   - now: the wall clock, for `Retry-After` dates.
    ///   - classify: reads a platform's error body (`GoogleAdsRetryClassifier.classify(_:)`).
    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        maxServerDelay: Duration = .seconds(120),
        quotaHold: Duration = .seconds(3600),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() },
        classify: @escaping @Sendable (HTTPResponse) -> PlatformRetryHint? = { _ in nil },
        logger: Logger = Logger(label: "tfz.http")
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay
        self.quotaHold = quotaHold
        self.random = random
        self.sleep = sleep
        self.now = now
        self.classify = classify
        self.logger = logger
    }

    public func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        if let refusal = await gate.refusal(at: now()) {
            throw QuotaExhaustedError(operation: request.operation, reason: refusal.reason, resetsAt: refusal.resetsAt)
        }
        var attempt = max(1, request.attempt)
        while true {
            var current = request
            current.attempt = attempt
            let delay: Duration
            let failure: String
            var unreachable = false
            do {
                let response = try await next(current)
                guard response.status >= 400 else { return response }
                switch classify(response) {
                case .doNotRetry(let reason, let resetsAt):
                    await gate.close(reason: reason, resetsAt: resetsAt, until: now().addingTimeInterval(quotaHold.seconds))
                    throw QuotaExhaustedError(operation: request.operation, reason: reason, resetsAt: resetsAt)
                case .retryAfter(let platformDelay):
                    guard let next = try plan(response, current, serverDelay: platformDelay) else { return response }
                    delay = next
                case .notApplied(let platformDelay):
                    guard let next = plan(notApplied: current, serverDelay: platformDelay) else { return response }
                    delay = next
                case nil:
                    let header = RetryAfter.delay(response.headers["retry-after"], now: now())
                    guard let next = try plan(response, current, serverDelay: header) else { return response }
                    delay = next
                }
                failure = "HTTP \(response.status)"
            } catch let error as TransportError {
                switch error {
                case .timedOut(let sent), .connectionLost(let sent):
                    if sent && !request.isIdempotent {
                        throw AmbiguousMutationError(operation: request.operation, reason: HTTPError.describe(error), attempt: attempt, cause: error)
                    }
                case .cannotConnect:
                    // A refused connection is tried once more: the platform's hosts do not refuse for long, and an
                    // unreachable account should cost one line and a second, not a minute of retries.
                    guard attempt < min(2, maxAttempts) else { throw HTTPError(request: current, cause: error) }
                case .cannotReach, .other:
                    throw HTTPError(request: current, cause: error)
                }
                guard attempt < maxAttempts else { throw HTTPError(request: current, cause: error) }
                delay = backoff(after: attempt)
                failure = HTTPError.describe(error)
                unreachable = error.isUnreachable
            }
            // Said once in the outcome when the host cannot be reached at all; here only at `info`.
            logger.log(level: unreachable ? .info : .notice, "\(request.operation): \(failure); attempt \(attempt + 1) of \(maxAttempts) in \(Self.format(delay))",
                       metadata: ["operation": .string(request.operation)])
            try await sleep(delay)
            attempt += 1
        }
    }

    /// The wait before the next attempt, nil to hand the answer back as it is; throws when resending a mutate is unsafe.
    private func plan(_ response: HTTPResponse, _ request: HTTPRequest, serverDelay: Duration?) throws -> Duration? {
        guard Self.retryableStatuses.contains(response.status) else { return nil }
        if !request.isIdempotent && !Self.notAppliedStatuses.contains(response.status) {
            let excerpt = HTTPError(request: request, response: response).excerpt
            throw AmbiguousMutationError(operation: request.operation, status: response.status,
                                         reason: excerpt.isEmpty ? "HTTP \(response.status)" : "HTTP \(response.status): \(excerpt)",
                                         attempt: request.attempt)
        }
        guard request.attempt < maxAttempts else { return nil }
        if let serverDelay {
            return serverDelay > maxServerDelay ? nil : max(serverDelay, .zero)
        }
        return backoff(after: request.attempt)
    }

    /// The wait before the next attempt when the platform says the request was not applied (any status, any method),
    /// nil to hand the answer back as it is (attempts used up, or a delay longer than `maxServerDelay`).
    private func plan(notApplied request: HTTPRequest, serverDelay: Duration) -> Duration? {
        guard request.attempt < maxAttempts, serverDelay <= maxServerDelay else { return nil }
        return max(serverDelay, .zero)
    }

    /// Full jitter: a random point between zero and `min(maxDelay, baseDelay · 2^(failures - 1))`.
    public func backoff(after failures: Int) -> Duration {
        let exponent = Double(min(max(failures - 1, 0), 62))
        let ceiling = min(maxDelay.seconds, baseDelay.seconds * pow(2, exponent))
        let fraction = min(max(random(), 0), 1)
        return .milliseconds(Int64((ceiling * fraction * 1000).rounded()))
    }

    static func format(_ delay: Duration) -> String {
        String(format: "%.1f s", delay.seconds)
    }
}

/// Remembers a spent quota so that no further request is sent until it is worth trying again.
actor QuotaGate {
    private var closed: (reason: String, resetsAt: String?, until: Date)?

    func close(reason: String, resetsAt: String?, until: Date) {
        closed = (reason, resetsAt, until)
    }

    func refusal(at now: Date) -> (reason: String, resetsAt: String?)? {
        guard let closed else { return nil }
        if now >= closed.until {
            self.closed = nil
            return nil
        }
        return (closed.reason, closed.resetsAt)
    }
}
