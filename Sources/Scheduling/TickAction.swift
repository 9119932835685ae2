import CampaignKit
import Foundation

/// What one tick does to one campaign in the files, or why it leaves it alone.
public enum TickAction: Sendable, Hashable {
    /// In flight and never launched (or a launch that did not finish): create it, paused then enabled.
    case launch(CampaignKey)
    /// Launched, paused, not held, and should run.
    case enable(CampaignKey, reason: String)
    /// Launched, enabled, and should not run.
    case pause(CampaignKey, reason: String)
    /// Nothing to do.
    case none(CampaignKey, TickIdle)

    public var key: CampaignKey {
        switch self {
        case .launch(let k), .enable(let k, _), .pause(let k, _), .none(let k, _): k
        }
    }

    /// Whether the tick changes anything on the platform.
    public var isChange: Bool {
        if case .none = self { return false }
        return true
    }
}

/// Why a tick leaves a campaign alone. None of these is an error.
public enum TickIdle: Sendable, Hashable {
    /// A person put it on hold (for instance with `tfz pause`): the scheduler never touches it.
    case held
    /// A guardrail refuses it; it is not running (paused, or not launched).
    case blocked(reason: String)
    /// Its flight starts later; it is not running.
    case waiting(startsAt: Date)
    /// In flight and enabled.
    case running
    /// Its flight is over; it is not running.
    case ended(endedAt: Date)
    /// `status: paused` in the files; it is not running.
    case pausedInFiles
    /// Marked removed on the platform. The scheduler does not re-create it; `tfz launch` does.
    case removedOnPlatform
}
