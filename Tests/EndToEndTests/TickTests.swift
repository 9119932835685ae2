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

    /// The sample's Google campaigns budget 180.00 a day (Hillsborough and Pinellas 25 + 20, Orange 60 + 30): 5,580.00
    /// for January's 31 days, within the shipped 20,000.00 cap. Under a 3,000.00 cap the first tick of January blocks
    /// deterrence before outreach, largest budget first: Orange's (60) leaves 3,720.00, then Hillsborough's (25, before
    /// Pinellas' by key) leaves 2,945.00, which fits.
    @Test func monthlyCapBlocksWhatDoesNotFit() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let config = dir.appendingPathComponent("tfz.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        #expect(text.contains("monthly_cap: 20000.00"))
        try text.replacingOccurrences(of: "monthly_cap: 20000.00", with: "monthly_cap: 3000.00").write(to: config, atomically: true, encoding: .utf8)

        var r = try await Self.tick("2027-01-01T05:00:00Z", in: dir)
        #expect(r.exited(0) && r.stdout.hasSuffix("tick 2027-01-01T05:00:00Z: 4 launched, 2 blocked\n"), "\(r)")
        // Still over the cap the next day (2,850.00 without them for 30 days, 5,400.00 with): still blocked, logged once.
        r = try await Self.tick("2027-01-02T12:00:00Z", in: dir)
        #expect(r.exited(0) && r.stdout == "tick 2027-01-02T12:00:00Z: 2 blocked\n", "\(r)")

        let log = try await TFZRunner.runOffPool(["log"], workspace: dir, environment: Self.env)
        let reason = "monthly cap $3,000.00 would be exceeded: $0.00 spent this month + $5,580.00 of budgets for the 31 days left  → ok"
        for key in ["fl-orange/deterrence-search/google_ads", "fl-hillsborough/deterrence-search/google_ads"] {
            let lines = log.stdout.split(separator: "\n").filter { $0.contains("scheduler  blocked  \(key)  ") }
            #expect(lines.count == 1 && lines[0].hasSuffix(reason + "  on \(ProcessInfo.processInfo.hostName)"), "\(log)")
        }
        #expect(!log.stdout.contains("blocked  fl-pinellas"), "\(log)")
        #expect(!log.stdout.contains("blocked  fl-orange/outreach"), "\(log)")

        let status = try await TFZRunner.runOffPool(["status"], workspace: dir, environment: Self.env)
        #expect(status.exited(0) && status.stdout.hasPrefix("Monthly cap $3,000.00: $0.00 spent in "), "\(status)")
        let json = try await TFZRunner.runOffPool(["status", "--format", "json"], workspace: dir, environment: Self.env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let guardrails = try #require(object["guardrails"] as? [String: Any], "\(json)")
        #expect(guardrails["monthlyCap"] as? String == "3000.00" && guardrails["spentThisMonth"] as? String == "0.00", "\(json)")
        #expect((object["campaigns"] as? [Any])?.count == 4, "\(json)")
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
