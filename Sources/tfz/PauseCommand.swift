import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Store

/// `tfz pause`: pauses launched campaigns and holds them, so that the scheduler leaves them paused through their
/// flights until `tfz resume`. `--all` is the emergency stop; it works even when the files have errors.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause launched campaigns (--all: every campaign tfz has launched, the emergency stop)."
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "Zones or campaign keys to pause.") var selectors: [String] = []
    @Flag(help: "Pause every campaign tfz has launched.") var all = false

    func validate() throws {
        if selectors.isEmpty && !all { throw ValidationError("say which zones or campaigns to pause, or --all") }
    }

    func run() async throws {
        try await StatusChange.run(workspace: workspace, selectors: selectors, all: all, enable: false)
    }
}

/// `tfz resume`: enables paused campaigns again and clears their holds.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume paused campaigns.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "Zones or campaign keys to resume.") var selectors: [String] = []
    @Flag(help: "Resume every campaign tfz has paused.") var all = false

    func validate() throws {
        if selectors.isEmpty && !all { throw ValidationError("say which zones or campaigns to resume, or --all") }
    }

    func run() async throws {
        try await StatusChange.run(workspace: workspace, selectors: selectors, all: all, enable: true)
    }
}

/// Pause and resume share everything but the direction; ``StatusChanger`` does the work.
enum StatusChange {
    static func run(workspace: WorkspaceOptions, selectors: [String], all: Bool, enable: Bool) async throws {
        let root = try workspace.root()
        let library = Library.build(try WorkspaceReader.read(root))
        guard library.workspace.config != nil else {
            Console.err(DiagnosticRenderer.text(library.diagnostics.filter { $0.location.path == "tfz.yaml" }))
            throw ExitCode(1)
        }
        let session = try Session(root: root, library: library, command: enable ? "resume" : "pause")
        defer { session.close() }
        let changer = StatusChanger(bench: session.bench)
        let chosen = try changer.choose(selectors, all: all, enable: enable)
        if chosen.isEmpty {
            Console.out("Nothing to \(enable ? "resume" : "pause").")
            return
        }
        let outcome = try await session.bench.withWorkspaceLease { try await changer.change(chosen, enable: enable) }
        for key in outcome.changed { Console.out("\(enable ? "▶ resumed" : "‖ paused") \(key)") }
        for problem in outcome.problems { Console.err("tfz: \(problem)") }
        if !outcome.problems.isEmpty { throw ExitCode(1) }
    }
}
