import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Store

/// `tfz plan`: what launching now would create, change, pause or resume on each platform.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what would be created, changed, paused or resumed on each platform.",
        discussion: """
            SELECTOR narrows the plan: a zone (fl-hillsborough), a zone and template (fl-hillsborough/outreach-search)
            or a campaign key (fl-hillsborough/outreach-search/google_ads). Nothing is sent anywhere.
            Exit codes: 0 plan printed; 1 the campaign files have errors; 2 usage error.
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "Zones or campaign keys to plan (default: all).")
    var selectors: [String] = []

    @Option(help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    @Flag(help: "List every keyword and negative keyword in the text output.")
    var detail = false

    func run() throws {
        let library = try workspace.library()
        if library.hasErrors {
            Console.err(DiagnosticRenderer.text(library.diagnostics))
            Console.err("tfz: the campaign files have \(DiagnosticRenderer.counts(library.diagnostics)); fix the errors to see a plan (tfz validate).")
            throw ExitCode(1)
        }
        if !library.diagnostics.isEmpty, format == .text { Console.err(DiagnosticRenderer.text(library.diagnostics)) }
        let campaigns = try CampaignSelector.select(selectors, from: library)
        let stateFile = try workspace.root().appendingPathComponent(".tfz/state.sqlite")
        // A workspace that has never launched has no SQLite file yet: planning must not create one.
        let store: any StateStore = try {
            if case .sqlite = library.workspace.config?.store ?? .sqlite, !FileManager.default.fileExists(atPath: stateFile.path) {
                return NoStateStore()
            }
            return try workspace.store(library.workspace.config)
        }()
        let known = try store.remoteState()
        let plan = Launcher.plan(campaigns, known: known, all: selectors.isEmpty, config: library.workspace.config!,
                                 includeKeywords: format == .json || detail)
        let remote = selectors.isEmpty ? known : known.restricted(to: Set(campaigns.map(\.key)))
        let note = remote.isEmpty ? "Known remote state: none (nothing has been launched from this workspace yet), so every campaign is new."
                                  : "Known remote state: \(remote.campaigns.count) campaigns."
        switch format {
        case .text: Console.out(PlanRenderer.text(plan, stateNote: note, detail: detail))
        case .json: Console.out(PlanRenderer.json(plan))
        case .markdown: Console.out(PlanRenderer.markdown(plan, stateNote: note))
        }
    }
}

/// Remote state before anything has been launched from this workspace (no `.tfz/state.sqlite` yet).
struct NoStateStore: StateStore {
    func remoteState() throws -> RemoteState { RemoteState() }
}

/// Resolves `zone`, `zone/template` and `zone/template/platform` selectors.
enum CampaignSelector {
    static func select(_ selectors: [String], from library: Library) throws -> [Campaign] {
        guard !selectors.isEmpty else { return library.campaigns }
        var chosen: [Campaign] = []
        for selector in selectors {
            let matches = library.campaigns.filter { c in
                selector == c.key.zone || selector == "\(c.key.zone)/\(c.key.template)" || selector == c.key.description
            }
            if matches.isEmpty {
                let known = Set(library.campaigns.map(\.key.zone)) .union(library.campaigns.map(\.key.description))
                let hint = Suggestions.closest(to: selector, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw UsageError("no zone or campaign matches '\(selector)'\(hint)")
            }
            chosen += matches.filter { m in !chosen.contains { $0.key == m.key } }
        }
        return chosen
    }
}
