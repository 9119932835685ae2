import AdPlatforms
import ArgumentParser
import CampaignKit
import Foundation
import Scheduling
import Store

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
        guard let config = library.workspace.config, !library.diagnostics.contains(where: { $0.severity == .error }) else {
            // A broken library launches nothing; a person has to fix it (tfz pause --all still works).
            Console.err(DiagnosticRenderer.text(library.diagnostics))
            throw ExitCode(1)
        }
        let session = try Session(root: root, library: library, command: "tick", actor: "scheduler")
        defer { session.close() }
        let line = try await Tick(session: session, config: config, now: instant, pull: !noPull).run()
        Console.out(line)
    }
}

/// One tick, from the lease to the record of it.
struct Tick {
    let session: Session
    let config: WorkspaceConfig
    let now: Date
    let pull: Bool

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    func run() async throws -> String {
        let store = session.store
        let startedAt = Self.iso(Date())
        guard try session.tryWorkspaceLease() else {
            let line = "tick \(Self.iso(now)): skipped — another tfz is changing this workspace"
            try store.recordTick(startedAt: startedAt, now: Self.iso(now), holder: session.holder, outcome: .skipped,
                                 summary: "skipped: the workspace lease is held", finishedAt: Self.iso(Date()))
            return line
        }
        defer { session.releaseWorkspaceLease() }
        let last = try store.lastTick().flatMap { ISO8601DateFormatter().date(from: $0.now) }
        for account in config.accounts where Session.supported.contains(account.platform) {
            try await session.followClock(now, for: account)
        }
        let campaigns = session.library.campaigns.filter { Session.supported.contains($0.key.platform) }
        let remote = try store.remoteState(), holds = Set(try store.holds().keys)
        // Guardrails block through the planner: plan without them, see what would run, plan again with the refusals.
        let unblocked = TickPlanner.plan(campaigns: campaigns, remote: remote, holds: holds, blocked: [:],
                                         now: now, lastTick: last, defaultTimeZone: config.timeZone.value)
        let cap = try Self.monthlyCap(store: store, config: config, campaigns: campaigns, plan: unblocked, now: now)
        let blocked = cap?.blocked ?? [:]
        let plan = blocked.isEmpty ? unblocked
            : TickPlanner.plan(campaigns: campaigns, remote: remote, holds: holds, blocked: blocked,
                               now: now, lastTick: last, defaultTimeZone: config.timeZone.value)
        var failures: [String] = []
        for missed in plan.missed {
            try store.log(ChangeLogEntry(at: Self.iso(Date()), actor: session.actor, action: "missed", key: missed.key,
                                         platform: missed.key.platform, detail: missed.message, result: "ok"))
        }
        let byKey = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for account in config.accounts where Session.supported.contains(account.platform) {
            let mine = plan.changes.filter { byKey[$0.key]?.account.name == account.name }
            guard !mine.isEmpty else { continue }
            do {
                let applier = try await session.googleAdsApplier(for: account)
                let launches = mine.compactMap { if case .launch(let key) = $0 { byKey[key] } else { nil } }
                if !launches.isEmpty {
                    let report = try await applier.launch(launches)
                    failures += report.failed.map { "\($0.key): \($0.reason)" }
                }
                for (enable, reason, keys) in Self.statusGroups(mine) {
                    let report = try await applier.setStatus(keys, enabled: enable, reason: reason)
                    failures += report.failed.map { "\($0.key): \($0.reason)" }
                }
            } catch {
                failures.append("\(account.name): \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
        try logBlocked(blocked)
        var pulled: [String] = []
        if pull {
            for account in config.accounts where Session.supported.contains(account.platform) {
                let lastPull = try store.recentPulls(limit: 200)
                    .first { $0.pull.accountId == account.accountId && $0.pull.platform == account.platform && $0.status == .complete }
                // Due-ness is measured on the tick's clock: a pull made by a tick records the tick's `now` as its start.
                let started = lastPull.flatMap { ISO8601DateFormatter().date(from: $0.pull.startedAt) }?.timeIntervalSince1970
                guard config.metrics.isPullDue(account.platform, lastFinished: started, now: now.timeIntervalSince1970) else { continue }
                do {
                    let client = try await session.googleAdsClient(for: account)
                    let puller = MetricsPuller(source: GoogleAdsMetricsSource(client: client), recorder: store,
                                               labels: try session.metricLabels(for: account),
                                               lookbackDays: config.metrics.lookbackDays(for: account.platform), now: { [now] in Self.iso(now) })
                    if let result = try await puller.run(today: try await session.today(for: account)) {
                        pulled.append("\(account.name) \(result.rows) rows")
                    }
                } catch {
                    failures.append("pull \(account.name): \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
                }
            }
        }
        var summary = plan.summary
        if !pulled.isEmpty { summary += "; pulled " + pulled.joined(separator: ", ") }
        if !failures.isEmpty { summary += "; \(failures.count) failed: " + failures.joined(separator: "; ") }
        summary = summary.replacingOccurrences(of: "\n", with: " ")
        try store.recordTick(startedAt: startedAt, now: Self.iso(now), holder: session.holder, outcome: failures.isEmpty ? .done : .failed,
                             summary: summary, finishedAt: Self.iso(Date()))
        if !failures.isEmpty {
            Console.err(summary)
            throw ExitCode(1)
        }
        return summary
    }

    /// The monthly cap's projection for the month of `now` (workspace time zone), from the spend pulled so far and the
    /// campaigns `plan` (made without guardrails) would have running; nil when `guardrails.monthly_cap` is not set.
    static func monthlyCap(store: SQLiteStore, config: WorkspaceConfig, campaigns: [Campaign], plan: TickPlan, now: Date) throws -> MonthlyCap.Projection? {
        guard let cap = config.guardrails.monthlyCap?.value else { return nil }
        let timeZone = ZoneTime.timeZone(config.timeZone.value, default: "UTC")
        let month = MonthlyCap.month(of: now, in: timeZone)
        // One total over every platform and campaign, "(not tfz)" ones included: the cap is organisation-wide.
        let spent = try store.aggregate(by: [], filter: ReportFilter(since: month.start.description, until: month.today.description))
            .reduce(Int64(0)) { $0 + $1.costMicros }
        return MonthlyCap.check(cap: cap, spent: Money(micros: spent), candidates: MonthlyCap.candidates(of: plan, campaigns: campaigns),
                                now: now, timeZone: timeZone, currency: config.currency.value)
    }

    /// Writes each campaign a guardrail blocks to the change log with the reason, once per blocking: the applier logs a
    /// pause without its reason, and a campaign that is not launched has no pause to log. A campaign whose newest
    /// entry is already `blocked` is not logged again, so a daemon ticking every few minutes does not fill the log.
    func logBlocked(_ blocked: [CampaignKey: String]) throws {
        guard !blocked.isEmpty else { return }
        var newest: [CampaignKey: String] = [:]
        for entry in try session.store.changeLog(limit: 10_000) { if let key = entry.key { newest[key] = entry.action } }
        for (key, reason) in blocked.sorted(by: { $0.key < $1.key }) where newest[key] != "blocked" {
            try session.store.log(ChangeLogEntry(at: Self.iso(Date()), actor: session.actor, action: "blocked", key: key,
                                                 platform: key.platform, detail: reason, result: "ok"))
        }
    }

    /// Status changes grouped by direction and reason, in the plan's order.
    static func statusGroups(_ actions: [TickAction]) -> [(Bool, String, [CampaignKey])] {
        var groups: [(Bool, String, [CampaignKey])] = []
        for action in actions {
            let (enable, reason, key): (Bool, String, CampaignKey)
            switch action {
            case .enable(let k, let r): (enable, reason, key) = (true, r, k)
            case .pause(let k, let r): (enable, reason, key) = (false, r, k)
            default: continue
            }
            if let i = groups.firstIndex(where: { $0.0 == enable && $0.1 == reason }) { groups[i].2.append(key) } else { groups.append((enable, reason, [key])) }
        }
        return groups
    }
}
