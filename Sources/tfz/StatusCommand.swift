import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Scheduling
import Store

/// `tfz status`: each launched campaign as tfz left it and as the platform has it now, with drift, and who holds it
/// paused (`tfz pause`).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show launched campaigns, their status on the platform, and what changed there since tfz applied."
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Row: Encodable {
        var key: String
        var tfzStatus: String
        /// `Google Ads`, `Microsoft Advertising`.
        var platform: String
        var remoteStatus: String
        var dailyBudget: String?
        var remoteName: String?
        var drift: [String]
        /// Why the platform could not be asked (the row shows what tfz knows locally); left out of the JSON otherwise.
        var unreachable: String?
        /// Set when a person paused the campaign with `tfz pause` (left out of the JSON otherwise).
        var hold: HoldView?
    }

    struct HoldView: Encodable {
        var heldBy: String
        var since: String
        var reason: String
    }

    /// `guardrails.monthly_cap` against this month's spending (left out of the JSON when no cap is set). Amounts are
    /// decimal text in the workspace currency.
    struct GuardrailsView: Encodable {
        var currency: String
        var monthlyCap: String
        /// `yyyy-MM` in the workspace time zone.
        var month: String
        var spentThisMonth: String
        /// Spent, plus the daily budgets of what the scheduler would run for the days left of the month.
        var projected: String
        var daysLeft: Int
        var withinCap: Bool
        /// Campaigns the scheduler blocks to keep the month within the cap.
        var blocked: [String]
    }

    func run() async throws {
        let root = try workspace.root()
        let library = Library.build(try WorkspaceReader.read(root))
        guard let config = library.workspace.config else {
            Console.err(DiagnosticRenderer.text(library.diagnostics))
            throw ExitCode(1)
        }
        let session = try Session(root: root, library: library, command: "status")
        defer { session.close() }
        let state = try session.bench.store.remoteState()
        let holds = try session.bench.store.holds()
        let now = Date()
        let cap = try GuardrailReader.monthlyCap(store: session.bench.store, library: library, config: config, now: now)
        let grantLines = try GuardrailReader.watches(store: session.bench.store, library: library, config: config, now: now).compactMap(\.line)
        var rows: [Row] = []
        var unreachable = false
        for r in try await StatusReader(bench: session.bench).rows() {
            let remoteStatus = r.unreachable != nil ? "UNREACHABLE" : r.remote?.statusText ?? (r.recorded.status == .removed ? "REMOVED" : "NOT FOUND")
            unreachable = unreachable || r.unreachable != nil
            rows.append(Row(key: r.key.description, tfzStatus: r.recorded.status.rawValue, platform: r.key.platform.displayName, remoteStatus: remoteStatus,
                            dailyBudget: r.remote?.dailyBudget.map { $0.formatted(config.currency.value) }, remoteName: r.remote?.name, drift: r.drift,
                            unreachable: r.unreachable, hold: holds[r.key].map { HoldView(heldBy: $0.heldBy, since: $0.since, reason: $0.reason) }))
        }
        let launched = Set(state.campaigns.keys)
        let notLaunched = library.campaigns.filter { !launched.contains($0.key) }.map(\.key.description)
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Output: Encodable { var campaigns: [Row]; var notLaunched: [String]; var guardrails: GuardrailsView?; var adGrants: [String]? }
            let guardrails = cap.map { p in
                GuardrailsView(currency: config.currency.value, monthlyCap: p.cap.description, month: String(p.monthStart.description.prefix(7)),
                               spentThisMonth: p.spent.description, projected: p.projected.description, daysLeft: p.daysLeft,
                               withinCap: p.withinCap, blocked: p.blocked.keys.sorted().map(\.description))
            }
            Console.out(String(decoding: try encoder.encode(Output(campaigns: rows, notLaunched: notLaunched, guardrails: guardrails,
                                                                             adGrants: grantLines.isEmpty ? nil : grantLines)), as: UTF8.self))
            if unreachable { throw ExitCode(1) }
            return
        }
        if let cap { Console.out(cap.line(currency: config.currency.value)) }
        for line in grantLines { Console.out(line) }
        if rows.isEmpty { Console.out("Nothing has been launched from this workspace yet (tfz launch).") }
        for row in rows {
            let held = row.hold.map { " (held by \($0.heldBy) since \($0.since))" } ?? ""
            Console.out("\(row.key)  tfz: \(row.tfzStatus)\(held)  \(row.platform): \(row.remoteStatus)\(row.dailyBudget.map { "  \($0)/day" } ?? "")")
            for d in row.drift { Console.out("    drift: \(d)") }
        }
        for problem in Set(rows.compactMap(\.unreachable)).sorted() { Console.err("tfz: could not read the platform: \(problem)") }
        if !notLaunched.isEmpty { Console.out("Not launched: \(notLaunched.count) campaign(s) (\(notLaunched.prefix(3).joined(separator: ", "))\(notLaunched.count > 3 ? ", …" : ""))") }
        if unreachable { throw ExitCode(1) }
    }
}
