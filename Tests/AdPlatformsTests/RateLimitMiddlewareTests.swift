@testable import AdPlatforms
import Foundation
import Testing

@Suite struct RateLimitMiddlewareTests {
    @Test func aBurstGoesThroughThenRequestsAreSpacedAtTheRate() async throws {
        let clock = ManualClock()
        let sleeps = SleepRecorder()
        // Sleeping moves the clock, as a real sleep would.
        let limiter = RateLimitMiddleware(requestsPerSecond: 2, burst: 3, now: clock.monotonic) { duration in
            try await sleeps.sleep(duration)
            clock.advance(duration)
        }
        let transport = FakeTransport(Array(repeating: Answer.json(200, "{}"), count: 6))
        let client = HTTPClient(transport: transport, middlewares: [limiter])
        for _ in 0..<6 { _ = try await client.send(.search()) }
        #expect(transport.requests.count == 6)
        #expect(sleeps.delays == [.s(0.5), .s(0.5), .s(0.5)])
        #expect(clock.elapsed == .s(1.5))
    }

    @Test func tokensRefillWhileIdleButNeverBeyondTheBurst() async {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 1, burst: 2, now: clock.monotonic)
        #expect(await bucket.reserve() == .zero)
        #expect(await bucket.reserve() == .zero)
        clock.advance(.seconds(60))
        #expect(await bucket.reserve() == .zero)
        #expect(await bucket.reserve() == .zero)
        #expect(await bucket.reserve() == .seconds(1))
    }

    @Test func concurrentCallersQueueInsteadOfAllGoingAtOnce() async {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 4, burst: 1, now: clock.monotonic)
        let waits = await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<5 { group.addTask { await bucket.reserve() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(waits.sorted() == [.zero, .s(0.25), .s(0.5), .s(0.75), .s(1)])
    }

    @Test func aPartlyRefilledBucketWaitsOnlyForTheRest() async {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 10, burst: 1, now: clock.monotonic)
        #expect(await bucket.reserve() == .zero)
        clock.advance(.milliseconds(40))
        #expect(await bucket.reserve() == .milliseconds(60))
    }
}
