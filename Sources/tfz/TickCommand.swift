import ArgumentParser
import CampaignKit
import Foundation
import Operations

/// `tfz tick`: one scheduler pass — campaigns follow their flight dates, metrics are pulled when due. Safe from cron.
struct TickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "One scheduler pass: launch, pause or resume campaigns as their flights say, and pull metrics when due.",
        discussion: """
            The desired state is worked out for --now (default: the current time) in each zone's time zone: before the
            flight, not launched; during it, enabled unless a person paused it (tfz pause holds a campaign until tfz
            resume) or a guardrail refuses it; after it, paused. Only the difference is applied, so a second tick right
            after the first changes nothing. Flight boundaries that passed while no tick ran are acted on as they stand
            now and written to the change log (tfz log). Two ticks at once: one acts, the other is skipped.
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: ArgumentHelp("Act as if it were TIME (ISO 8601, e.g. 2027-01-01T05:00:00Z).", valueName: "TIME")) var now: String?
    @Flag(help: "Do not pull metrics in this tick.") var noPull = false

    func run() async throws {
        let instant: Date
        if let now {
            guard let parsed = ISO8601DateFormatter().date(from: now) else {
                throw UsageError("--now '\(now)' is not an ISO 8601 time; write e.g. 2027-01-01T05:00:00Z")
            }
            instant = parsed
        } else {
            instant = Date()
        }
        let root = try workspace.root()
        let library = Library.build(try WorkspaceReader.read(root))
        guard library.workspace.config != nil, !library.diagnostics.contains(where: { $0.severity == .error }) else {
            // A broken library launches nothing; a person has to fix it (tfz pause --all still works).
            Console.err(DiagnosticRenderer.text(library.diagnostics))
            throw ExitCode(1)
        }
        let session = try Session(root: root, library: library, command: "tick", actor: "scheduler")
        defer { session.close() }
        let outcome = try await TickRunner(bench: session.bench, now: instant, pull: !noPull).run()
        if outcome.failed {
            Console.err(outcome.summary)
            throw ExitCode(1)
        }
        Console.out(outcome.summary)
    }
}
