import AdPlatforms
import ArgumentParser
import CampaignKit
import Foundation

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
        let known = try session.store.remoteState()
        let remote = all ? known : known.restricted(to: Set(campaigns.map(\.key)))
        let config = library.workspace.config!
        let plan = Planner.plan(campaigns, remote: remote, organization: config.organization, currency: config.currency.value,
                                accounts: config.accounts, includeKeywords: false)
        let supported = campaigns.filter { Session.supported.contains($0.key.platform) }
        let unsupported = campaigns.count - supported.count
        Console.out(PlanRenderer.text(plan, stateNote: "Known remote state: \(remote.campaigns.count) campaigns."))
        if unsupported > 0 {
            let platforms = Set(campaigns.map(\.key.platform)).subtracting(Session.supported).map(\.rawValue).sorted().joined(separator: ", ")
            Console.out("Not launched by this version: \(unsupported) campaign(s) on \(platforms) (those platforms are not supported yet).")
        }
        if dryRun { return }
        let planned = Set(plan.actions.map(\.key))
        let work = supported.filter { planned.contains($0.key) }
        // Campaigns no longer in the files (only with --all: the plan then compares against everything known) are paused, never deleted.
        let orphans = plan.actions.filter { $0.kind == .pause && $0.source == nil && Session.supported.contains($0.platform) }
            .compactMap { remote.campaigns[$0.key] }
        if work.isEmpty && orphans.isEmpty {
            Console.out("Nothing to do: the platforms match the files.")
            return
        }
        if !yes, !(try Confirm.ask("Apply this plan to \(work.count + orphans.count) campaign(s) on Google Ads? Type yes to go on: ")) {
            Console.out("Nothing was sent.")
            return
        }
        try await session.withWorkspaceLease {
            var failed = 0
            for (account, group) in Dictionary(grouping: work, by: \.account.name).sorted(by: { $0.key < $1.key }) {
                let applier = try await session.googleAdsApplier(for: group[0].account)
                let report = try await applier.launch(group)
                Console.out("google_ads \(account): \(report.created.count) created, \(report.updated.count) updated, \(report.adopted.count) found and adopted, "
                            + "\(report.enabled.count) enabled; \(report.mutateRequests) mutate requests, \(report.operations) operations")
                for f in report.failed {
                    Console.err("\(f.source.map { "\($0): " } ?? "")error: \(f.key) was not launched: \(f.reason)")
                }
                failed += report.failed.count
            }
            for (accountId, group) in Dictionary(grouping: orphans, by: \.accountId) {
                guard let account = config.accounts.first(where: { $0.platform == .googleAds && $0.accountId == accountId }) else { continue }
                let report = try await session.googleAdsApplier(for: account).setStatus(group.map(\.key), enabled: false)
                for key in report.paused { Console.out("‖ paused \(key): no longer in the campaign files (not deleted)") }
            }
            if failed > 0 { throw ExitCode(1) }
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
