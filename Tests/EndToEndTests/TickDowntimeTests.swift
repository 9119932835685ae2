import Foundation
import Testing

/// No tick for 48 simulated hours across a flight's start and end, then one tick: the flight that began and ended
/// meanwhile is never launched, the others are launched late, and every missed boundary is in the change log.
@Suite(.serialized) struct TickDowntimeTests {
    @Test func fortyEightHoursWithoutATick() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        // Orange's deterrence search runs one day only: 1 January 2027 in New York.
        try dir.edit("Campaigns/zones/fl-orange.yaml", replacing: "    bid_ceiling: 2.50\n",
                     with: "    bid_ceiling: 2.50\n    flight: {start: 2027-01-01, end: 2027-01-01}\n")
        let env = ["TFZ_SANDBOX_TODAY": "2026-12-30"]
        var r = try await TFZRunner.runOffPool(["tick", "--now", "2026-12-31T12:00:00Z", "--no-pull"], workspace: dir, environment: env)
        #expect(r.exited(0) && r.stdout == "tick 2026-12-31T12:00:00Z: nothing to do\n", "\(r)")
        // The machine is off until 2 January 12:00Z (07:00 in New York): 48 hours.
        r = try await TFZRunner.runOffPool(["tick", "--now", "2027-01-02T12:00:00Z", "--no-pull"], workspace: dir, environment: env)
        #expect(r.exited(0), "\(r)")
        #expect(r.stdout.hasSuffix("tick 2027-01-02T12:00:00Z: 5 launched, 6 missed\n"), "\(r)")
        let status = try await TFZRunner.runOffPool(["status"], workspace: dir, environment: env)
        #expect(!status.stdout.contains("fl-orange/deterrence-search/google_ads  tfz:"), "never launched: \(status)")
        #expect(status.stdout.contains("fl-orange/outreach-search/google_ads  tfz: enabled"), "\(status)")
        let log = try await TFZRunner.runOffPool(["log"], workspace: dir, environment: env)
        let missed = log.stdout.split(separator: "\n").filter { $0.contains("  scheduler  missed  ") }
        #expect(missed.count == 6, "\(log)")
        #expect(missed.contains { $0.contains("fl-orange/deterrence-search/google_ads") && $0.contains("began and ended while no tick ran")
            && $0.contains("not launched") }, "\(missed)")
        #expect(missed.filter { $0.contains("launching now") }.count == 5, "\(missed)")
        // And the next tick has nothing to catch up on.
        r = try await TFZRunner.runOffPool(["tick", "--now", "2027-01-02T12:05:00Z", "--no-pull"], workspace: dir, environment: env)
        #expect(r.stdout == "tick 2027-01-02T12:05:00Z: nothing to do\n", "\(r)")
    }
}
