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
}
