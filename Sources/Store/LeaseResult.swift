import Foundation

/// The answer to `SQLiteStore.acquireLease`: the caller holds the lease now, or someone else does.
public enum LeaseResult: Sendable, Equatable {
    /// The caller holds the lease (newly, or extended because it already held it).
    case acquired
    /// Another holder has the lease until the given time; it may be taken over from then on.
    case heldBy(holder: String, until: Date)
}
