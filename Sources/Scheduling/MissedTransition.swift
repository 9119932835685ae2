import CampaignKit
import Foundation

/// A flight boundary that passed while no tick ran, so it is acted on late or not at all.
public struct MissedTransition: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The flight started; this tick launches or enables the campaign late.
        case began
        /// The flight ended; this tick pauses the campaign late.
        case ended
        /// The whole flight passed between two ticks.
        case beganAndEnded
    }

    public var key: CampaignKey
    public var kind: Kind
    /// When the boundary passed (for `beganAndEnded`, when the flight ended).
    public var at: Date
    /// Plain words, without the key: `flight began 2027-01-01 00:00 America/New_York, 2 days before this tick; launching now`.
    public var message: String

    public init(key: CampaignKey, kind: Kind, at: Date, message: String) {
        self.key = key
        self.kind = kind
        self.at = at
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
