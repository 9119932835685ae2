import ArgumentParser
import CampaignKit
import Foundation
import Operations

/// `tfz launch`: shows the plan, asks, then creates and updates campaigns on the platforms.
struct LaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Create and update campaigns on the ad platforms, as the plan shows.",
        discussion: """
            Campaigns are created paused and enabled only once every part of them exists. The campaign key is put in
            each campaign's name, and tfz looks for it before creating anything, so a launch that was interrupted can
            simply be run again. Exit codes: 0 done; 1 file errors or a campaign failed; 2 usage error.
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "Zones or campaign keys to launch.")
    var selectors: [String] = []

    @Flag(help: "Launch every campaign in the files.")
    var all = false

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Show the plan and stop; nothing is sent.")
    var dryRun = false

    func validate() throws {
        if selectors.isEmpty && !all { throw ValidationError("say which zones or campaigns to launch, or --all") }
        if !selectors.isEmpty && all { throw ValidationError("give zones or campaigns, or --all, not both") }
    }

    func run() async throws {
        let library = try workspace.library()
        if library.hasErrors {
            Console.err(DiagnosticRenderer.text(library.diagnostics))
            Console.err("tfz: nothing was launched: the campaign files have \(DiagnosticRenderer.counts(library.diagnostics)) (tfz validate).")
            throw ExitCode(1)
        }
        let campaigns = try CampaignSelector.select(selectors, from: library)
        let session = try Session(root: workspace.root(), library: library, command: "launch")
        defer { session.close() }
        let bench = session.bench
        let config = library.workspace.config!
        if dryRun {
            // The same plan a launch would apply; without the lease, since nothing is sent.
            show(Launcher.plan(campaigns, known: try bench.store.remoteState(), all: all, config: config, includeKeywords: false), known: try bench.store.remoteState())
            return
        }
        // The plan is made under the lease and applied as shown: nothing can change the state between the two.
        let failed = try await bench.withWorkspaceLease { () async throws -> Bool in
            let known = try bench.store.remoteState()
            let plan = Launcher.plan(campaigns, known: known, all: all, config: config, includeKeywords: false)
            show(plan, known: known)
            let work = Launcher.actionable(plan)
            if work.isEmpty {
                Console.out("Nothing to do: the platforms match the files.")
                return false
            }
            let platforms = Set(work.map(\.platform)).sorted().map(\.displayName).joined(separator: " and ")
            if !yes, !(try Confirm.ask("Apply this plan to \(Set(work.map(\.key)).count) campaign(s) on \(platforms)? Type yes to go on: ")) {
                Console.out("Nothing was sent.")
                return false
            }
            var failed = false
            for outcome in try await Launcher(bench: bench).apply(plan, campaigns: campaigns) {
                let name = "\(outcome.account.platform.rawValue) \(outcome.account.name)"
                if let error = outcome.error {
                    Console.err("\(name): nothing was changed: \(error)")
                    failed = true
                    continue
                }
                Console.out("\(name): \(outcome.report.summary)")
                for key in outcome.orphansPaused { Console.out("‖ paused \(key): no longer in the campaign files (not deleted)") }
                for f in outcome.report.failed {
                    Console.err("\(f.source.map { "\($0): " } ?? "")error: \(f.key) was not launched: \(f.reason)")
                }
                failed = failed || !outcome.report.failed.isEmpty
            }
            return failed
        }
        if failed { throw ExitCode(1) }
    }

    private func show(_ plan: Plan, known: RemoteState) {
        let remote = all ? known : known.restricted(to: Set(plan.actions.map(\.key)))
        Console.out(PlanRenderer.text(plan, stateNote: "Known remote state: \(remote.campaigns.count) campaigns."))
        let unsupported = Launcher.unsupported(plan)
        if !unsupported.isEmpty {
            let platforms = Set(unsupported.map(\.platform)).sorted().map(\.rawValue).joined(separator: ", ")
            Console.out("Not launched by this version: \(Set(unsupported.map(\.key)).count) campaign(s) on \(platforms) (those platforms are not supported yet).")
        }
    }
}

/// Asking before sending anything.
enum Confirm {
    static func ask(_ question: String) throws -> Bool {
        guard isatty(0) == 1 else {
            throw UsageError("tfz launch asks before sending anything; pass --yes when it is not run at a terminal")
        }
        FileHandle.standardOutput.write(Data(question.utf8))
        return readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
    }
}
