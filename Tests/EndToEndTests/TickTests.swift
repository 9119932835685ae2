import Foundation
import Testing

/// `tfz tick` on the sample workspace and its embedded sandbox, with the time given by `--now`: flights start and end,
/// a person's pause holds, a second tick changes nothing, and of two ticks at once one is skipped.
@Suite(.serialized) struct TickTests {
    static let env = ["TFZ_SANDBOX_TODAY": "2026-12-30"]

    static func tick(_ now: String, in dir: URL) async throws -> TFZRunner.Result {
        try await TFZRunner.runOffPool(["tick", "--now", now, "--no-pull"], workspace: dir, environment: env)
    }

    @Test func flightsHoldsAndIdempotence() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        // The sample's Google flights start 2027-01-01 (America/New_York); Pinellas' end 2027-06-30.
        var r = try await Self.tick("2026-12-31T12:00:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2026-12-31T12:00:00Z: nothing to do\n", "\(r)")
        // 04:59Z on 1 January is still 31 December in New York.
        r = try await Self.tick("2027-01-01T04:59:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2027-01-01T04:59:00Z: nothing to do\n", "\(r)")
        r = try await Self.tick("2027-01-01T05:00:00Z", in: dir)
        #expect(r.exited(0) && r.stdout.hasSuffix("tick 2027-01-01T05:00:00Z: 6 launched\n"), "\(r)")
        r = try await Self.tick("2027-01-01T05:05:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2027-01-01T05:05:00Z: nothing to do\n", "\(r)")

        r = try await TFZRunner.runOffPool(["pause", "fl-orange"], workspace: dir, environment: Self.env)
        #expect(r.exited(0), "\(r)")
        r = try await Self.tick("2027-01-02T12:00:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2027-01-02T12:00:00Z: 2 held\n", "\(r)")
        let status = try await TFZRunner.runOffPool(["status"], workspace: dir, environment: Self.env)
        #expect(status.stdout.contains("fl-orange/outreach-search/google_ads  tfz: paused (held by "), "\(status)")

        // Pinellas' deterrence search flight ends on 30 June: New York is on daylight time then (UTC−4), so 03:59Z is
        // still 30 June and 04:00Z is 1 July. The end passed while no tick ran since January: it is logged as missed.
        r = try await Self.tick("2027-07-01T03:59:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2027-07-01T03:59:00Z: 2 held\n", "\(r)")
        r = try await Self.tick("2027-07-01T04:00:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2027-07-01T04:00:00Z: 1 paused, 2 held\n", "\(r)")
        let log = try await TFZRunner.runOffPool(["log"], workspace: dir, environment: Self.env)
        #expect(log.stdout.contains("scheduler  pause  fl-pinellas/deterrence-search/google_ads"), "\(log)")
        r = try await TFZRunner.runOffPool(["resume", "fl-orange"], workspace: dir, environment: Self.env)
        #expect(r.exited(0), "\(r)")
        r = try await Self.tick("2027-07-01T06:05:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2027-07-01T06:05:00Z: nothing to do\n", "\(r)")
        #expect(log.stdout.contains("scheduler  missed  fl-pinellas/deterrence-search/google_ads") == false, "the 03:59Z tick ran: nothing was missed")
    }

    @Test func twoTicksAtOnceActOnce() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        async let a = Self.tick("2027-01-01T06:00:00Z", in: dir)
        async let b = Self.tick("2027-01-01T06:00:00Z", in: dir)
        let results = try await [a, b]
        #expect(results.allSatisfy { $0.exited(0) }, "\(results)")
        let launched = results.filter { $0.stdout.contains("6 launched") }.count
        let skipped = results.filter { $0.stdout.contains("skipped") }.count
        // Either one acted and the other was skipped, or the second started after the first had finished and found
        // nothing to do; never two launches.
        #expect(launched == 1, "\(results)")
        #expect(skipped + results.filter { $0.stdout.contains("nothing to do") }.count == 1, "\(results)")
    }
}
