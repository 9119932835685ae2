import AdPlatforms
import CampaignKit
import Foundation
import Scheduling
import Store

/// One scheduler pass, from the lease to the record of it: campaigns follow their flights (in each zone's time zone),
/// held campaigns stay paused, the monthly cap blocks what would exceed it, and metrics are pulled when due.
///
/// Everything it touches is injected through the ``Workbench`` (store, adapters, clock); `now` is the tick's instant,
/// which may be simulated (`tfz tick --now`). Only the difference is applied, so a second tick at once changes nothing.
public struct TickRunner {
    public let bench: Workbench
    public let now: Date
    public let pull: Bool
    /// How long to wait for a workspace lease another tfz holds before skipping (`tfz scheduler run` waits, so that
    /// of several schedulers sharing a team store each instant is ticked by one of them; `tfz tick` from cron skips at
    /// once).
    public let leaseWait: TimeInterval

    public init(bench: Workbench, now: Date, pull: Bool, leaseWait: TimeInterval = 0) {
        self.bench = bench
        self.now = now
        self.pull = pull
        self.leaseWait = leaseWait
    }

    public struct Outcome: Sendable {
        /// One line: what the tick did (`6 launched; pulled google-main 1,204 rows`), or why it skipped.
        public var summary: String
        public var failed: Bool
    }

    public func run() async throws -> Outcome {
        let store = bench.store
        let config = bench.config!
        let startedAt = bench.iso(bench.clock())
        guard try await acquireLease() else {
            try store.recordTick(startedAt: startedAt, now: bench.iso(now), holder: bench.holder, outcome: .skipped,
                                 summary: "skipped: the workspace lease is held", finishedAt: bench.iso(bench.clock()))
            return Outcome(summary: "tick \(bench.iso(now)): skipped — another tfz is changing this workspace", failed: false)
        }
        defer { bench.releaseWorkspaceLease() }
        let lastTick = try store.lastTick()
        let last = lastTick.flatMap { ISO8601DateFormatter().date(from: $0.now) }
        if let lastTick, let last, last >= now {
            // Another scheduler sharing the store (or one whose clock is ahead) has already ticked for this instant or a
            // later one: each instant is ticked once, and acting for an earlier one would undo what the later tick did.
            try store.recordTick(startedAt: startedAt, now: bench.iso(now), holder: bench.holder, outcome: .skipped,
                                 summary: "skipped: \(lastTick.holder) already ticked for \(lastTick.now)", finishedAt: bench.iso(bench.clock()))
            return Outcome(summary: "tick \(bench.iso(now)): skipped — \(lastTick.holder) already ticked for \(lastTick.now)", failed: false)
        }
        let accounts = bench.supportedAccounts
        for account in accounts { try await bench.connector.followClock(now, for: account) }
        let campaigns = Self.scheduled(bench.library)
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
            try store.log(ChangeLogEntry(at: bench.iso(bench.clock()), actor: bench.actor, action: .missed, key: missed.key,
                                         platform: missed.key.platform, detail: missed.message, result: "ok"))
        }
        let byKey = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for account in accounts {
            let mine = plan.changes.filter { byKey[$0.key]?.account.name == account.name }
            guard !mine.isEmpty else { continue }
            do {
                let adapter = try await bench.adapter(for: account)
                let launches = mine.compactMap { if case .launch(let key) = $0 { byKey[key] } else { nil } }
                if !launches.isEmpty {
                    failures += try await adapter.launch(launches).failed.map { "\($0.key): \($0.reason)" }
                }
                for (enable, reason, keys) in Self.statusGroups(mine) {
                    failures += try await adapter.setStatus(keys, enabled: enable, reason: reason).failed.map { "\($0.key): \($0.reason)" }
                }
            } catch {
                failures.append("\(account.name): \(error.userMessage)")
            }
        }
        try logBlocked(blocked)
        var pulled: [String] = []
        if pull {
            let pulls = MetricsPulls(bench: bench)
            for account in accounts where try pulls.isDue(account, now: now) {
                do {
                    if let result = try await pulls.pull(account, now: now) { pulled.append("\(account.name) \(result.rows) rows") }
                } catch {
                    failures.append("pull \(account.name): \(error.userMessage)")
                }
            }
        }
        var summary = plan.summary
        if !pulled.isEmpty { summary += "; pulled " + pulled.joined(separator: ", ") }
        if !failures.isEmpty { summary += "; \(failures.count) failed: " + failures.joined(separator: "; ") }
        summary = summary.replacingOccurrences(of: "\n", with: " ")
        try store.recordTick(startedAt: startedAt, now: bench.iso(now), holder: bench.holder, outcome: failures.isEmpty ? .done : .failed,
                             summary: summary, finishedAt: bench.iso(bench.clock()))
        return Outcome(summary: summary, failed: !failures.isEmpty)
    }

    /// Takes the workspace lease, waiting up to ``leaseWait`` (in steps of a quarter second) while another tfz holds it.
    private func acquireLease() async throws -> Bool {
        let deadline = Date().addingTimeInterval(leaseWait)
        while true {
            if try bench.tryWorkspaceLease() { return true }
            guard Date() < deadline else { return false }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The campaigns the scheduler drives: those of platforms this version has an adapter for.
    public static func scheduled(_ library: Library) -> [Campaign] {
        library.campaigns.filter { PlatformRegistry.descriptor($0.key.platform) != nil }
    }

    /// The monthly cap's projection for the month of `now` (workspace time zone), from the spend pulled so far and the
    /// campaigns `plan` (made without guardrails) would have running; nil when `guardrails.monthly_cap` is not set.
    public static func monthlyCap(store: any WorkspaceStore, config: WorkspaceConfig, campaigns: [Campaign], plan: TickPlan, now: Date) throws -> MonthlyCap.Projection? {
        guard let cap = config.guardrails.monthlyCap?.value else { return nil }
        let timeZone = ZoneTime.timeZone(config.timeZone.value, default: "UTC")
        let month = MonthlyCap.month(of: now, in: timeZone)
        // One total over every platform and campaign, "(not tfz)" ones included: the cap is organisation-wide.
        let spent = try store.aggregate(by: [], filter: ReportFilter(since: month.start.description, until: month.today.description))
            .reduce(Int64(0)) { $0 + $1.costMicros }
        return MonthlyCap.check(cap: cap, spent: Money(micros: spent), candidates: MonthlyCap.candidates(of: plan, campaigns: campaigns),
                                now: now, timeZone: timeZone, currency: config.currency.value)
    }

    /// Writes each campaign a guardrail blocks to the change log with the reason, once per blocking: the adapter logs a
    /// pause without its reason, and a campaign that is not launched has no pause to log. A campaign whose newest
    /// entry is already `blocked` is not logged again, so a daemon ticking every few minutes does not fill the log.
    func logBlocked(_ blocked: [CampaignKey: String]) throws {
        guard !blocked.isEmpty else { return }
        var newest: [CampaignKey: ChangeAction] = [:]
        for entry in try bench.store.changeLog(limit: 10_000) { if let key = entry.key { newest[key] = entry.action } }
        for (key, reason) in blocked.sorted(by: { $0.key < $1.key }) where newest[key] != .blocked {
            try bench.store.log(ChangeLogEntry(at: bench.iso(bench.clock()), actor: bench.actor, action: .blocked, key: key,
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
