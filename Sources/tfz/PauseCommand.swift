import AdPlatforms
import ArgumentParser
import CampaignKit
import Foundation
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

/// Pause and resume share everything but the direction. They act on what the store knows, so a broken campaign
/// file never stands in the way of stopping spend.
///
/// A person's pause holds each campaign it pauses, already paused ones included; the hold is recorded before the
/// platform is asked, so that a pause cut short never leaves a paused campaign the scheduler would enable again.
/// A resume clears a campaign's hold once the platform has enabled it.
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
        let known = try session.store.remoteState().campaigns.values.filter { $0.remoteId != nil && $0.status != .removed }
        var chosen: [RemoteCampaign] = []
        if all {
            // The emergency stop pauses (and holds) every campaign, already paused ones too: that also stops one enabled
            // on the platform behind tfz's back.
            chosen = enable ? known.filter { $0.status == .paused } : Array(known)
        } else {
            for selector in selectors {
                let matches = known.filter { selector == $0.key.zone || selector == "\($0.key.zone)/\($0.key.template)" || selector == $0.key.description }
                if matches.isEmpty {
                    let hint = Suggestions.closest(to: selector, in: Set(known.map(\.key.zone)).union(known.map(\.key.description))).map { " (did you mean '\($0)'?)" } ?? ""
                    throw UsageError("no launched campaign matches '\(selector)'\(hint)")
                }
                chosen += matches
            }
        }
        chosen = chosen.filter { Session.supported.contains($0.key.platform) }
        if chosen.isEmpty {
            Console.out("Nothing to \(enable ? "resume" : "pause").")
            return
        }
        try await session.withWorkspaceLease {
            for (accountId, group) in Dictionary(grouping: chosen, by: \.accountId).sorted(by: { $0.key < $1.key }) {
                guard let account = library.workspace.config?.accounts.first(where: { $0.platform == .googleAds && $0.accountId == accountId }) else {
                    Console.err("tfz: no account \(accountId) in tfz.yaml; skipped \(group.count) campaign(s)")
                    continue
                }
                let keys = group.map(\.key).sorted()
                if !enable && session.actor != "scheduler" {
                    let since = ISO8601DateFormatter().string(from: Date())
                    for key in keys { try session.store.setHold(key, by: session.actor, at: since, reason: "paused with tfz pause") }
                }
                let applier = try await session.googleAdsApplier(for: account)
                let report = try await applier.setStatus(keys, enabled: enable)
                if enable { for key in report.enabled { try session.store.clearHold(key) } }
                for key in enable ? report.enabled : report.paused { Console.out("\(enable ? "▶ resumed" : "‖ paused") \(key)") }
            }
        }
    }
}
