import Foundation
import Sandbox
import Testing

/// Reads the sandbox's own state (what Google Ads would hold), as persisted under a workspace's `.tfz/sandbox/`.
enum SandboxInspection {
    static func state(of workspace: URL, customer: String = "1234567890") async throws -> SandboxState.Account {
        let sandbox = try await startSandbox(SandboxConfiguration(stateDirectory: workspace.appendingPathComponent(".tfz/sandbox"), seed: 2026))
        let state = await sandbox.snapshot()
        await sandbox.stop()
        return state.account(customer)
    }

    /// The statuses of the account's campaigns that are not removed, by tfz campaign key (read from the name
    /// `tfz <key> · …`): one `ENABLED` per key is a launch that converged without a duplicate.
    static func statusesByKey(_ account: SandboxState.Account) -> [String: [String]] {
        var statuses: [String: [String]] = [:]
        for c in account.campaigns where c.status != "REMOVED" {
            let key = String((c.name ?? "").dropFirst(4).prefix { $0 != " " })
            statuses[key, default: []].append(c.status ?? "?")
        }
        return statuses
    }
}
