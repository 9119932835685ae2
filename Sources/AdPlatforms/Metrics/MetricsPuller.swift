import Foundation
import CampaignKit

/// Brings one account's daily metrics into the store: the window from ``PullWindow`` (bookmark + lookback),
/// read oldest chunk first, every grain of a chunk stored in one transaction that also moves the bookmark.
///
/// Re-pulling a window overwrites its rows (the store upserts by the rows' natural key), so pulling twice gives
/// the same totals and a restated day replaces the old figures. If a request fails, the chunks already stored
/// stay stored, the failed chunk stores nothing, the pull is marked failed with the reason, and the error is
/// rethrown; the next pull starts from the bookmark, so nothing is missed and nothing is counted twice.
public struct MetricsPuller {
    public struct Progress: Sendable {
        public var chunk: Int
        public var chunks: Int
        public var rows: Int
        public var through: String
    }

    public struct Result: Sendable, Equatable {
        public var since: String
        public var until: String
        public var rows: Int
        public var chunks: Int
        /// The account's bookmark after the pull.
        public var bookmark: String?
    }

    public let source: any MetricsSource
    public let recorder: any MetricsRecorder
    public var labels: MetricLabels
    public var lookbackDays: Int
    public var chunkDays: Int
    /// ISO 8601 UTC, for the pull's `startedAt`.
    public var now: () -> String
    public var progress: (Progress) -> Void

    public init(source: any MetricsSource, recorder: any MetricsRecorder, labels: MetricLabels, lookbackDays: Int,
                chunkDays: Int = 7, now: @escaping () -> String, progress: @escaping (Progress) -> Void = { _ in }) {
        self.source = source
        self.recorder = recorder
        self.labels = labels
        self.lookbackDays = lookbackDays
        self.chunkDays = chunkDays
        self.now = now
        self.progress = progress
    }

    /// Pulls up to `until` (default `today`, the account's today). Nil when the window is empty.
    public func run(today: CalendarDate, since: CalendarDate? = nil, until: CalendarDate? = nil) async throws -> Result? {
        let bookmark = try recorder.metricBookmark(platform: source.platform, accountId: source.accountId).flatMap(CalendarDate.init(parsing:))
        guard let window = PullWindow(today: today, bookmark: bookmark, lookbackDays: lookbackDays, since: since, until: until,
                                      chunkDays: chunkDays) else { return nil }
        let pull = try recorder.beginPull(MetricPull(
            platform: source.platform, accountId: source.accountId, apiVersion: source.apiVersion, lookbackDays: lookbackDays,
            attribution: source.attribution, since: window.since.description, until: window.until.description, startedAt: now()))
        var total = 0
        do {
            for (index, chunk) in window.chunks.enumerated() {
                var rows: [MetricRow] = []
                for grain in MetricGrain.allCases {
                    var fetched = try await source.fetch(grain, since: chunk.lowerBound.description, until: chunk.upperBound.description)
                    for i in fetched.indices { labels.label(&fetched[i]) }
                    rows += fetched
                }
                // Today is still being counted: the bookmark says "stored completely", so it stops at yesterday.
                let complete = min(chunk.upperBound, today.adding(days: -1))
                try recorder.storeMetrics(rows, pull: pull, completeThrough: complete >= chunk.lowerBound ? complete.description : nil)
                total += rows.count
                progress(Progress(chunk: index + 1, chunks: window.chunks.count, rows: total, through: chunk.upperBound.description))
            }
        } catch {
            try? recorder.failPull(pull, reason: Self.describe(error))
            throw error
        }
        try recorder.finishPull(pull, rows: total)
        return Result(since: window.since.description, until: window.until.description, rows: total, chunks: window.chunks.count,
                      bookmark: try recorder.metricBookmark(platform: source.platform, accountId: source.accountId))
    }

    /// The reason stored with a failed pull: the error's user-facing sentence (errors from the HTTP stack are
    /// already redacted: no token, no auth header).
    static func describe(_ error: any Error) -> String {
        if let error = error as? GoogleAdsFailure { return "\(error.status): \(error.message)" }
        if let error = error as? any LocalizedError, let text = error.errorDescription { return text }
        return "\(type(of: error))"
    }
}
