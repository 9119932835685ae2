/// A scheduler tick as the store recorded it when it ended.
public struct StoredTick: Sendable, Hashable {
    /// How a tick ended. The schema allows exactly ``done``, ``failed`` and ``skipped``; a string literal reads as
    /// an outcome (`tick.outcome == "done"`).
    public struct Outcome: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public var description: String { rawValue }

        /// The tick looked at every campaign and made the changes it had to.
        public static let done: Outcome = "done"
        /// The tick stopped on an error; what it changed before is in the change log.
        public static let failed: Outcome = "failed"
        /// The tick did not run its work (another holder had the scheduler lease, say).
        public static let skipped: Outcome = "skipped"
    }

    /// The id ``SQLiteStore/recordTick(startedAt:now:holder:outcome:summary:finishedAt:)`` returned; ids grow with
    /// each tick recorded.
    public var id: Int64
    /// When the tick started, by the real clock, ISO 8601 UTC.
    public var startedAt: String
    /// The instant the tick acted for, ISO 8601 UTC: the real time, or a simulated one.
    public var now: String
    /// The scheduler lease's holder that ran the tick.
    public var holder: String
    public var outcome: Outcome
    /// One line for people (`2 paused, 1 resumed`, or why it failed).
    public var summary: String
    /// When the tick ended, by the real clock, ISO 8601 UTC.
    public var finishedAt: String

    public init(id: Int64, startedAt: String, now: String, holder: String, outcome: Outcome, summary: String, finishedAt: String) {
        self.id = id
        self.startedAt = startedAt
        self.now = now
        self.holder = holder
        self.outcome = outcome
        self.summary = summary
        self.finishedAt = finishedAt
    }
}
