/// A calendar date without a time zone, written `YYYY-MM-DD` in campaign files.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when malformed or not a real date (2026-02-30).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CalendarDate.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}

/// When a campaign runs: from `start` (inclusive) to `end` (inclusive, optional), in the zone's time zone.
public struct Flight: Sendable, Hashable, Codable {
    public var start: CalendarDate?
    public var end: CalendarDate?

    public init(start: CalendarDate?, end: CalendarDate?) {
        self.start = start
        self.end = end
    }

    public var description: String {
        "\(start?.description ?? "from launch") → \(end?.description ?? "open-ended")"
    }

    /// `child`'s dates where given, `parent`'s otherwise (flights merge key by key).
    static func merge(_ child: Located<Flight>?, over parent: Located<Flight>?) -> Located<Flight>? {
        guard let child else { return parent }
        guard let parent else { return child }
        return Located(Flight(start: child.value.start ?? parent.value.start, end: child.value.end ?? parent.value.end), at: child.location)
    }
}
