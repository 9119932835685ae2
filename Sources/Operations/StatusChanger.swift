import AdPlatforms
import CampaignKit
import Foundation

/// `tfz pause` and `tfz resume`: act on what the store knows, so a broken campaign file never stands in the way of
/// stopping spend.
///
/// A person's pause holds each campaign it pauses, already paused ones included; the hold is recorded before the
/// platform is asked, so that a pause cut short never leaves a paused campaign the scheduler would enable again.
/// A resume clears a campaign's hold once the platform has enabled it.
public struct StatusChanger {
    public let bench: Workbench

    public init(bench: Workbench) { self.bench = bench }

    public struct Outcome: Sendable {
        public var changed: [CampaignKey] = []
        /// One line per account that could not be worked on, or campaign that failed.
        public var problems: [String] = []
    }

    /// The launched campaigns `selectors` name (zone, zone/template or a full key), or every one with `all` (for a
    /// resume: every paused one). Throws a usage error naming a selector that matches nothing.
    public func choose(_ selectors: [String], all: Bool, enable: Bool) throws -> [RemoteCampaign] {
        let known = try bench.store.remoteState().campaigns.values.filter { $0.remoteId != nil && $0.status != .removed }
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
        return chosen.filter { PlatformRegistry.descriptor($0.key.platform) != nil }.sorted { $0.key < $1.key }
    }

    /// Pauses (and holds) or resumes (and releases) `campaigns`, account by account, under the lease the caller holds.
    public func change(_ campaigns: [RemoteCampaign], enable: Bool) async throws -> Outcome {
        var outcome = Outcome()
        let groups = Dictionary(grouping: campaigns, by: { "\($0.key.platform.rawValue) \($0.accountId)" })
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
            let platform = group[0].key.platform, accountId = group[0].accountId
            guard let account = bench.account(platform: platform, accountId: accountId) else {
                outcome.problems.append("no \(platform.displayName) account \(accountId) in tfz.yaml; skipped \(group.count) campaign(s)")
                continue
            }
            let keys = group.map(\.key).sorted()
            if !enable && bench.actor != "scheduler" {
                let since = bench.iso(bench.clock())
                for key in keys { try bench.store.setHold(key, by: bench.actor, at: since, reason: "paused with tfz pause") }
            }
            do {
                let adapter = try await bench.adapter(for: account)
                let report = try await adapter.setStatus(keys, enabled: enable, reason: enable ? "tfz resume" : "tfz pause")
                if enable { for key in report.enabled { try bench.store.clearHold(key) } }
                outcome.changed += enable ? report.enabled : report.paused
                outcome.problems += report.failed.map { "\($0.key): \($0.reason)" }
            } catch {
                outcome.problems.append("\(account.name): \(error.userMessage)")
            }
        }
        return outcome
    }
}
