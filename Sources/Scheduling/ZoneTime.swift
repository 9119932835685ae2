import CampaignKit
import Foundation

/// Time zone arithmetic and wording for the scheduler. Pure: never reads the clock or the environment.
public enum ZoneTime {
    static let utc = TimeZone(secondsFromGMT: 0)!

    /// The zone named `identifier`, else `defaultIdentifier`, else UTC. Validation rejects unknown names
    /// before anything is scheduled; this only keeps the scheduler from crashing on one.
    public static func timeZone(_ identifier: String, default defaultIdentifier: String) -> TimeZone {
        TimeZone(identifier: identifier) ?? TimeZone(identifier: defaultIdentifier) ?? utc
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The first instant of `date` (plus `days`) in the calendar's zone. Starts from local noon, which
    /// always exists, so a day whose midnight is skipped by a DST change still gets its real first instant.
    static func startOfDay(_ date: CalendarDate, in calendar: Calendar, addingDays days: Int = 0) -> Date {
        let noonUTC = utcNoon(date)
        var noon = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) ?? noonUTC
        if days != 0 { noon = calendar.date(byAdding: .day, value: days, to: noon) ?? noon.addingTimeInterval(Double(days) * 86_400) }
        return calendar.startOfDay(for: noon)
    }

    /// Noon UTC of a date, by day arithmetic (only a fallback for the calendar).
    static func utcNoon(_ d: CalendarDate) -> Date {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days) * 86_400 + 43_200)
    }

    /// `2027-01-01T05:00:00Z`.
    public static func iso(_ instant: Date) -> String {
        let c = calendar(utc).dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return "\(pad(c.year!, 4))-\(pad(c.month!))-\(pad(c.day!))T\(pad(c.hour!)):\(pad(c.minute!)):\(pad(c.second!))Z"
    }

    /// `2027-01-01 00:00 America/New_York`.
    public static func local(_ instant: Date, in timeZone: TimeZone) -> String {
        let c = calendar(timeZone).dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return "\(pad(c.year!, 4))-\(pad(c.month!))-\(pad(c.day!)) \(pad(c.hour!)):\(pad(c.minute!)) \(timeZone.identifier)"
    }

    /// A delay in words, rounded down: `45 minutes`, `5 hours`, `2 days`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(max(0, seconds) / 60)
        func unit(_ n: Int, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if minutes < 60 { return unit(minutes, "minute") }
        if minutes < 48 * 60 { return unit(minutes / 60, "hour") }
        return unit(minutes / (24 * 60), "day")
    }

    private static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
