import ArgumentParser
import Foundation
import Sandbox
import Synchronization

/// `tfz sandbox serve`: the embedded Google Ads sandbox as a standalone server, for trying tfz or another client.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the embedded ad-platform sandbox.",
        subcommands: [Serve.self]
    )

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the Google Ads sandbox on 127.0.0.1 until interrupted (Ctrl-C).",
            discussion: "Its state is kept in DIR/.tfz/sandbox when run in a workspace, so tfz commands see the same campaigns."
        )

        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "Seed for ids and simulated delivery.") var seed: UInt64 = 2026
        @Flag(help: "Keep the state in memory only.") var memory = false

        func run() async throws {
            let state: URL? = memory ? nil : (try? workspace.root())?.appendingPathComponent(".tfz/sandbox")
            let config = SandboxConfiguration(stateDirectory: state, seed: seed)
            let sandbox = try await startSandbox(config)
            Console.out("""
                Google Ads sandbox listening on \(sandbox.baseURL.absoluteString)
                  token endpoint: \(sandbox.baseURL.absoluteString)/oauth2/token
                  sandbox credentials (not secrets): client id \(config.clientId), client secret \(config.clientSecret),
                  refresh token \(config.refreshToken), developer token \(config.developerToken)
                  state: \(state?.path ?? "in memory")
                Press Ctrl-C to stop.
                """)
            await Signals.waitForInterrupt()
            await sandbox.stop()
            Console.out("Sandbox stopped.")
        }
    }
}

/// Waiting for SIGINT or SIGTERM.
enum Signals {
    static func waitForInterrupt() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "tfz.signals")
            let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
            let resumed = ManagedAtomicFlag()
            for source in sources {
                source.setEventHandler {
                    if resumed.set() { continuation.resume() }
                }
                source.resume()
            }
            _ = Unmanaged.passRetained(sources as NSArray)
        }
    }
}

/// Set once, from any thread.
final class ManagedAtomicFlag: Sendable {
    private let value = Mutex(false)
    /// True the first time only.
    func set() -> Bool { value.withLock { if $0 { return false }; $0 = true; return true } }
}
