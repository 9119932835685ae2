import Foundation

/// Holds requests back to a steady rate: a token bucket of `burst` tokens refilled at `requestsPerSecond`.
///
/// Each request takes one token; when none is left it waits for the next one. Waiters queue in arrival order because
/// each reserves its token (the balance may go below zero) before it sleeps. Put it inside the retry middleware so that
/// every attempt counts.
public struct RateLimitMiddleware: HTTPMiddleware {
    public let bucket: TokenBucket
    private let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameters:
    ///   - now: a monotonic reading (any origin); tests move it by hand.
    ///   - sleep: waits; tests advance their `now` instead.
    public init(requestsPerSecond: Double, burst: Int, now: @escaping @Sendable () -> Duration,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        bucket = TokenBucket(rate: requestsPerSecond, burst: burst, now: now)
        self.sleep = sleep
    }

    /// Reads and sleeps on `clock` (the continuous clock by default).
    public init<C: Clock>(requestsPerSecond: Double, burst: Int, clock: C = ContinuousClock()) where C.Duration == Duration {
        let origin = clock.now
        self.init(requestsPerSecond: requestsPerSecond, burst: burst,
                  now: { origin.duration(to: clock.now) },
                  sleep: { try await clock.sleep(for: $0, tolerance: nil) })
    }

    public func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let wait = await bucket.reserve()
        if wait > .zero { try await sleep(wait) }
        return try await next(request)
    }
}

/// A token bucket: `burst` tokens at most, refilled continuously at `rate` per second.
public actor TokenBucket {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: Duration
    private let now: @Sendable () -> Duration

    public init(rate: Double, burst: Int, now: @escaping @Sendable () -> Duration) {
        self.rate = rate.isFinite && rate > 0 ? rate : 0.001  // a zero or negative rate would never refill
        self.burst = Double(max(1, burst))
        self.tokens = Double(max(1, burst))
        self.now = now
        self.updated = now()
    }

    /// Takes a token and says how long to wait before using it (zero when one was available).
    public func reserve() -> Duration {
        let current = now()
        let elapsed = current - updated
        if elapsed > .zero {
            tokens = min(burst, tokens + elapsed.seconds * rate)
            updated = current
        }
        tokens -= 1
        guard tokens < 0 else { return .zero }
        return .nanoseconds(Int64((-tokens / rate * 1e9).rounded(.up)))
    }
}
