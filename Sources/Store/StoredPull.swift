import CampaignKit

/// A pull as the store recorded it: what was asked for, and how it ended.
public struct StoredPull: Sendable, Hashable {
    /// How a pull ended, or that it has not (yet): a pull whose process died stays `running`.
    ///
    /// The schema allows exactly ``running``, ``complete`` and ``failed``. A string literal reads as a
    /// status (`pull.status == "failed"`).
    public struct Status: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public var description: String { rawValue }

        public static let running: Status = "running"
        public static let complete: Status = "complete"
        public static let failed: Status = "failed"
    }

    /// The id ``SQLiteStore/beginPull(_:)`` returned.
    public var id: Int64
    /// Platform, account, API version, lookback, attribution, window and start time.
    public var pull: MetricPull
    /// ISO 8601 UTC; nil while running.
    public var finishedAt: String?
    public var status: Status
    /// The row count the puller reported when it finished (0 until then).
    public var rows: Int
    /// Why it failed (already redacted by the caller); nil unless failed.
    public var error: String?

    public init(id: Int64, pull: MetricPull, finishedAt: String?, status: Status, rows: Int, error: String?) {
        self.id = id
        self.pull = pull
        self.finishedAt = finishedAt
        self.status = status
        self.rows = rows
        self.error = error
    }
}
