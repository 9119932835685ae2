/// A manual hold: a person paused the campaign (`tfz pause`), and it stays paused, whatever its flights say,
/// until `tfz resume` clears the hold. The scheduler reads holds and never changes a held campaign.
public struct Hold: Sendable, Hashable {
    /// Who paused it: the change log's actor, `user:<name>`.
    public var heldBy: String
    /// When, ISO 8601 UTC (`2026-11-29T10:00:00Z`).
    public var since: String
    /// Why, for people; may be empty.
    public var reason: String

    public init(heldBy: String, since: String, reason: String) {
        self.heldBy = heldBy
        self.since = since
        self.reason = reason
    }
}
