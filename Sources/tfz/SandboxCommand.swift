import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Sandbox
import Synchronization

/// `tfz sandbox serve`: the embedded sandbox (every platform it imitates) as a standalone server, for trying tfz or
/// another client.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the embedded ad-platform sandbox.",
        subcommands: [Serve.self, Advance.self]
    )

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the ad-platform sandbox (Google Ads, Microsoft Advertising, Meta) on 127.0.0.1 until interrupted (Ctrl-C).",
            discussion: "Its state is kept in DIR/.tfz/sandbox when run in a workspace, so tfz commands see the same campaigns."
        )

        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "Seed for ids and simulated delivery.") var seed: UInt64 = 2026
        @Flag(help: "Keep the state in memory only.") var memory = false

        func run() async throws {
            let state: URL? = memory ? nil : (try? workspace.root())?.appendingPathComponent(".tfz/sandbox")
            let config = SandboxConfiguration(stateDirectory: state, seed: seed)
            let sandbox = try await startSandbox(config)
            var lines = ["Sandbox listening on \(sandbox.baseURL.absoluteString)"]
            for platform in Platform.allCases {
                guard let c = config.credentials(for: platform) else { continue }
                let values = c.values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                if c.tokenPath.isEmpty {
                    // A platform with a long-lived access token (Meta): no token endpoint, no OAuth client.
                    lines.append("  \(platform.displayName): no token endpoint (a long-lived access token)")
                    lines.append("    sandbox credentials (not secrets): \(values)")
                    continue
                }
                lines.append("  \(platform.displayName): token endpoint \(sandbox.baseURL.absoluteString)/\(c.tokenPath)")
                lines.append("    sandbox credentials (not secrets): client id \(c.clientId)\(c.clientSecret.map { ", client secret \($0)" } ?? ""), "
                             + "refresh token \(c.refreshToken), \(values)")
            }
            lines.append("  state: \(state?.path ?? "in memory")")
            lines.append("Press Ctrl-C to stop.")
            Console.out(lines.joined(separator: "\n"))
            await Signals.waitForInterrupt()
            await sandbox.stop()
            Console.out("Sandbox stopped.")
        }
    }
}

extension SandboxCommand {
    /// `tfz sandbox advance --days N`: moves the workspace sandbox's simulated clock forward and simulates delivery for the
    /// days that passed — weeks of impressions and clicks without waiting weeks.
    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the workspace sandbox's simulated clock forward, simulating ad delivery for the days that pass.",
            discussion: "Only the sandbox's own clock moves (kept in DIR/.tfz/sandbox); tfz pull then reads the simulated days."
        )

        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "Days to move forward (1 to 366).") var days: Int

        func run() async throws {
            guard (1...366).contains(days) else { throw UsageError("--days must be between 1 and 366, not \(days)") }
            let root = try workspace.root()
            let sandbox = try await startSandbox(try SandboxConfiguration.workspace(root))
            let before = await sandbox.today()
            do {
                try await sandbox.advance(days: days)
            } catch {
                await sandbox.stop()
                throw error
            }
            let after = await sandbox.today()
            await sandbox.stop()
            Console.out("Sandbox clock: \(before) → \(after); delivery simulated for \(days) day(s) (through the day before \(after)).")
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
