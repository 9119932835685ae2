import AdPlatforms
import ArgumentParser
import CampaignKit
import Foundation
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
        var remoteStatus: String
        var dailyBudget: String?
        var remoteName: String?
        var drift: [String]
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
        let state = try session.store.remoteState()
        let holds = try session.store.holds()
        let now = Date()
        let cap = try GuardrailReader.monthlyCap(store: session.store, library: library, config: config, now: now)
        let grantLines = try GuardrailReader.watches(store: session.store, library: library, config: config, now: now).compactMap(\.line)
        var rows: [Row] = []
        for account in config.accounts where Session.supported.contains(account.platform) {
            let known = state.campaigns.values.filter { $0.accountId == account.accountId && $0.key.platform == account.platform }
            guard !known.isEmpty else { continue }
            let applier = try await session.googleAdsApplier(for: account)
            let remote = Dictionary(try await applier.remoteCampaigns().map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            for r in known.sorted(by: { $0.key < $1.key }) {
                let view = remote[r.key]
                let remoteStatus = view?.status ?? (r.status == .removed ? "REMOVED" : "NOT FOUND")
                let drift = GoogleAdsDrift.changes(recorded: r, remote: view, currency: config.currency.value)
                rows.append(Row(key: r.key.description, tfzStatus: r.status.rawValue, remoteStatus: remoteStatus,
                                dailyBudget: view?.budgetMicros.map { Money(micros: $0).formatted(config.currency.value) }, remoteName: view?.name, drift: drift,
                                hold: holds[r.key].map { HoldView(heldBy: $0.heldBy, since: $0.since, reason: $0.reason) }))
            }
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
            return
        }
        if let cap { Console.out(cap.line(currency: config.currency.value)) }
        for line in grantLines { Console.out(line) }
        if rows.isEmpty { Console.out("Nothing has been launched from this workspace yet (tfz launch).") }
        for row in rows {
            let held = row.hold.map { " (held by \($0.heldBy) since \($0.since))" } ?? ""
            Console.out("\(row.key)  tfz: \(row.tfzStatus)\(held)  Google Ads: \(row.remoteStatus)\(row.dailyBudget.map { "  \($0)/day" } ?? "")")
            for d in row.drift { Console.out("    drift: \(d)") }
        }
        if !notLaunched.isEmpty { Console.out("Not launched: \(notLaunched.count) campaign(s) (\(notLaunched.prefix(3).joined(separator: ", "))\(notLaunched.count > 3 ? ", …" : ""))") }
    }
}
