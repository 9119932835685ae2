import CampaignKit
import Foundation

/// Where a campaign stands against its flight dates at one instant, in its zone's time zone.
///
/// A campaign without a flight, or without a start date, runs from whenever it is launched: `.during`.
public enum FlightPhase: Sendable, Hashable {
    /// Before the local midnight that begins the flight's start date.
    case before(startsAt: Date)
    /// In flight; `endsAt` is the local midnight after the end date (nil: open-ended).
    case during(endsAt: Date?)
    /// At or after the local midnight that ends the end date (the start of the day after it).
    case after(endedAt: Date)

    /// The phase of `campaign` at `now`, in the campaign's time zone (`defaultTimeZone` if that is not a known zone).
    public static func of(_ campaign: Campaign, at now: Date, defaultTimeZone: String) -> FlightPhase {
        FlightWindow(campaign.flight, in: ZoneTime.timeZone(campaign.timeZone, default: defaultTimeZone)).phase(at: now)
    }
}

/// A flight's dates turned into instants: the real local midnights, across daylight-saving changes.
public struct FlightWindow: Sendable, Hashable {
    /// The local midnight beginning the start date; nil when the flight has no start.
    public var startsAt: Date?
    /// The local midnight after the end date (exclusive); nil when open-ended.
    public var endsAt: Date?

    public init(startsAt: Date?, endsAt: Date?) {
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public init(_ flight: Flight?, in timeZone: TimeZone) {
        let calendar = ZoneTime.calendar(timeZone)
        self.init(startsAt: flight?.start.map { ZoneTime.startOfDay($0, in: calendar) },
                  endsAt: flight?.end.map { ZoneTime.startOfDay($0, in: calendar, addingDays: 1) })
    }

    public func phase(at now: Date) -> FlightPhase {
        if let startsAt, now < startsAt { return .before(startsAt: startsAt) }
        if let endsAt, now >= endsAt { return .after(endedAt: endsAt) }
        return .during(endsAt: endsAt)
    }
}
