import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox
import Store

/// What a command that talks to the platforms needs, built in one place: the ``Workbench`` (store under `.tfz/`,
/// adapters, lease) over a ``WorkspaceConnector`` that starts the embedded sandbox for `endpoint: sandbox` accounts.
final class Session {
    /// The embedded sandbox's seed: fixed, so that a workspace's simulated delivery is the same on every machine.
    static let sandboxSeed: UInt64 = 2026

    let bench: Workbench
    let connector: WorkspaceConnector

    init(root: URL, library: Library, command: String, actor: String? = nil) throws {
        let environment = ProcessInfo.processInfo.environment
        connector = WorkspaceConnector(
            root: root, sandbox: try SandboxConfiguration.workspace(root), mode: .loopback,
            timeout: Double(environment["TFZ_HTTP_TIMEOUT"] ?? "") ?? 60, timeZone: library.workspace.config?.timeZone.value,
            sandboxMiddlewares: CrashAfterResponses.fromEnvironment.map { [$0] } ?? [])
        let user = environment["USER"] ?? getpwuid(getuid()).flatMap { String(cString: $0.pointee.pw_name) } ?? "unknown"
        bench = Workbench(library: library, store: try WorkspaceStores.open(root: root, setting: library.workspace.config?.store ?? .sqlite), connector: connector,
                          actor: actor ?? environment["TFZ_ACTOR"] ?? "user:\(user)", holder: Workbench.holder(command: command),
                          progress: { Console.err($0) }, root: root)
    }

    /// Stops the embedded sandbox if this command started it.
    func close() {
        let connector = self.connector
        Self.blocking { await connector.close() }
    }

    /// Runs async work to completion from synchronous code (used only to stop the sandbox on the way out).
    static func blocking(_ work: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task.detached { await work(); done.signal() }
        done.wait()
    }
}
