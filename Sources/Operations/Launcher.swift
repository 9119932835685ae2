import AdPlatforms
import CampaignKit
import Foundation

/// `tfz plan`, `tfz launch --dry-run` and `tfz launch`: one plan computation, and the apply of exactly that plan.
///
/// `launch` computes the plan under the workspace lease (``Workbench/withWorkspaceLease(_:)``), prints it, asks, and
/// hands the same ``Plan`` to ``apply(_:campaigns:)``: creates, updates and resumes go to each account's adapter as
/// one launch, pauses as one status change. Campaigns of platforms this version has no adapter for are planned and
/// shown, never sent.
public struct Launcher {
    public let bench: Workbench

    public init(bench: Workbench) { self.bench = bench }

    /// The plan for `campaigns` against what is known of the remote side (the store's state). With `all`, campaigns no
    /// longer in the files are compared too (and paused); otherwise only the known campaigns with these keys. `tfz plan`,
    /// `tfz launch --dry-run` and `tfz launch` (under the lease) all make their plan here.
    public static func plan(_ campaigns: [Campaign], known: RemoteState, all: Bool, config: WorkspaceConfig, includeKeywords: Bool) -> Plan {
        let remote = all ? known : known.restricted(to: Set(campaigns.map(\.key)))
        return Planner.plan(campaigns, remote: remote, organization: config.organization, currency: config.currency.value,
                            accounts: config.accounts, includeKeywords: includeKeywords,
                            objectCounts: { PlatformRegistry.descriptor($0.key.platform)?.objectCounts($0) })
    }

    /// The plan's actions for platforms this version cannot launch on.
    public static func unsupported(_ plan: Plan) -> [PlanAction] {
        plan.actions.filter { PlatformRegistry.descriptor($0.platform) == nil }
    }

    /// The actions that will be sent.
    public static func actionable(_ plan: Plan) -> [PlanAction] {
        plan.actions.filter { PlatformRegistry.descriptor($0.platform) != nil }
    }

    /// What happened on one account.
    public struct AccountOutcome: Sendable {
        public var account: Account
        public var report: ApplyReport
        /// Campaigns paused because they are no longer in the files.
        public var orphansPaused: [CampaignKey]
        /// Set when the account could not be worked on at all (credentials, unreachable); nothing was recorded for it.
        public var error: String?
    }

    /// Applies `plan` (made by ``plan(_:all:includeKeywords:)`` under the lease the caller holds).
    public func apply(_ plan: Plan, campaigns: [Campaign]) async throws -> [AccountOutcome] {
        let byKey = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var outcomes: [AccountOutcome] = []
        let groups = Dictionary(grouping: Self.actionable(plan), by: { "\($0.platform.rawValue) \($0.accountId)" })
        for (_, actions) in groups.sorted(by: { $0.key < $1.key }) {
            let first = actions[0]
            guard let account = bench.account(platform: first.platform, accountId: first.accountId) else {
                outcomes.append(AccountOutcome(account: Account(name: first.account, platform: first.platform, accountId: first.accountId, credentials: "",
                                                                location: SourceLocation(path: "tfz.yaml", line: 1, column: 1)),
                                               report: ApplyReport(), orphansPaused: [],
                                               error: "no account \(first.accountId) for \(first.platform.displayName) in tfz.yaml; \(actions.count) action(s) skipped"))
                continue
            }
            var outcome = AccountOutcome(account: account, report: ApplyReport(), orphansPaused: [], error: nil)
            do {
                let adapter = try await bench.adapter(for: account)
                // Creates, updates and resumes: the adapter brings each campaign to the files and enables what should run.
                let launches = Self.unique(actions.filter { $0.kind != .pause && $0.source != nil }.compactMap { byKey[$0.key] })
                if !launches.isEmpty { outcome.report = try await adapter.launch(launches) }
                let pauses = actions.filter { $0.kind == .pause }
                let filesPaused = pauses.filter { $0.source != nil }.map(\.key)
                let orphans = pauses.filter { $0.source == nil }.map(\.key)
                if !filesPaused.isEmpty {
                    let r = try await adapter.setStatus(filesPaused, enabled: false, reason: "status: paused in the files")
                    outcome.report.paused += r.paused
                    outcome.report.failed += r.failed
                    outcome.report.writeRequests += r.writeRequests
                    outcome.report.operations += r.operations
                }
                if !orphans.isEmpty {
                    let r = try await adapter.setStatus(orphans, enabled: false, reason: "no longer in the campaign files")
                    outcome.orphansPaused = r.paused
                    outcome.report.failed += r.failed
                    outcome.report.writeRequests += r.writeRequests
                    outcome.report.operations += r.operations
                }
            } catch {
                outcome.error = error.userMessage
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    private static func unique(_ campaigns: [Campaign]) -> [Campaign] {
        var seen = Set<CampaignKey>()
        return campaigns.filter { seen.insert($0.key).inserted }
    }
}
