import AdPlatforms
import CampaignKit
import Foundation

/// `tfz pull` and the scheduler's pulls: one account's metrics through its adapter into the store.
public struct MetricsPulls {
    public let bench: Workbench

    public init(bench: Workbench) { self.bench = bench }

    /// Pulls `account` from its bookmark (see ``PullWindow``); nil when the window is empty.
    public func pull(_ account: Account, since: CalendarDate? = nil, until: CalendarDate? = nil, now: Date? = nil,
                     progress: @escaping (MetricsPuller.Progress) -> Void = { _ in }) async throws -> MetricsPuller.Result? {
        let config = bench.config!
        let adapter = try await bench.adapter(for: account)
        let startedAt = bench.iso(now ?? bench.clock())
        let puller = MetricsPuller(source: adapter.metricsSource(), recorder: bench.store, labels: try bench.metricLabels(for: account, adapter: adapter),
                                   lookbackDays: config.metrics.lookbackDays(for: account.platform),
                                   chunkDays: PlatformRegistry.descriptor(account.platform)?.metricsChunkDays ?? 7, now: { startedAt }, progress: progress)
        let today = try await bench.connector.today(for: account, now: now ?? bench.clock())
        return try await puller.run(today: today, since: since, until: until)
    }

    /// Whether the scheduler should pull `account` at `now`: `metrics.pull_every` after the last complete pull, measured
    /// on the tick's clock (a pull made by a tick records the tick's `now` as its start).
    public func isDue(_ account: Account, now: Date) throws -> Bool {
        let last = try bench.store.recentPulls(limit: 200)
            .first { $0.pull.accountId == account.accountId && $0.pull.platform == account.platform && $0.status == .complete }
        let started = last.flatMap { ISO8601DateFormatter().date(from: $0.pull.startedAt) }?.timeIntervalSince1970
        return bench.config!.metrics.isPullDue(account.platform, lastFinished: started, now: now.timeIntervalSince1970)
    }
}
