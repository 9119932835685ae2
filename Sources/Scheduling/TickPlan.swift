import CampaignKit
import Foundation

/// What one scheduler tick does: a decision for every campaign in the files, sorted by key, and the flight
/// boundaries that passed while no tick ran.
public struct TickPlan: Sendable, Hashable {
    public var now: Date
    /// The previous tick; nil on the first one.
    public var lastTick: Date?
    /// One per campaign in the files, sorted by key.
    public var actions: [TickAction]
    /// Sorted by key, then time.
    public var missed: [MissedTransition]

    public init(now: Date, lastTick: Date?, actions: [TickAction], missed: [MissedTransition]) {
        self.now = now
        self.lastTick = lastTick
        self.actions = actions
        self.missed = missed
    }

    /// Only the actions that change something on a platform.
    public var changes: [TickAction] { actions.filter(\.isChange) }

    public var launched: Int { actions.count { if case .launch = $0 { true } else { false } } }
    public var enabled: Int { actions.count { if case .enable = $0 { true } else { false } } }
    public var paused: Int { actions.count { if case .pause = $0 { true } else { false } } }
    public var held: Int { actions.count { if case .none(_, .held) = $0 { true } else { false } } }
    public var blocked: Int { actions.count { if case .none(_, .blocked) = $0 { true } else { false } } }
}
