import Foundation
import Testing

/// Eight `tfz tick` processes started at the same instant on one workspace: one acts, the others are skipped (or, if
/// they start after it finished, find nothing to do); the platform ends up with each campaign exactly once.
@Suite(.serialized) struct TickConcurrencyTests {
    @Test func eightTicksAtOnceActOnce() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let env = ["TFZ_SANDBOX_TODAY": "2026-12-30"]
        let results = try await withThrowingTaskGroup(of: TFZRunner.Result.self) { group in
            for _ in 0..<8 {
                group.addTask { try await TFZRunner.runOffPool(["tick", "--now", "2027-01-01T06:00:00Z", "--no-pull"], workspace: dir, environment: env) }
            }
            var all: [TFZRunner.Result] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.allSatisfy { $0.exited(0) }, "\(results)")
        #expect(results.filter { $0.stdout.contains("6 launched") }.count == 1, "\(results)")
        let others = results.filter { $0.stdout.contains(": skipped") || $0.stdout.hasSuffix(": nothing to do\n") }
        #expect(others.count == 7, "\(results)")

        // The sandbox's own state: each of the six Google campaigns once, all enabled.
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".tfz/sandbox/google-ads.json"))) as? [String: Any]
        let accounts = try #require(state?["accounts"] as? [String: Any])
        let account = try #require(accounts.values.first as? [String: Any])
        let campaigns = try #require((account["resources"] as? [String: Any])?["campaign"] as? [String: Any])
        let names = campaigns.values.compactMap { ($0 as? [String: Any])?["name"] as? String }
        #expect(names.count == 6 && Set(names).count == 6, "\(names)")
        #expect(campaigns.values.allSatisfy { ($0 as? [String: Any])?["status"] as? String == "ENABLED" })
        // A ninth tick afterwards changes nothing.
        let again = try await TFZRunner.runOffPool(["tick", "--now", "2027-01-01T06:05:00Z", "--no-pull"], workspace: dir, environment: env)
        #expect(again.stdout == "tick 2027-01-01T06:05:00Z: nothing to do\n", "\(again)")
    }
}
