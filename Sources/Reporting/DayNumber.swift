import CampaignKit

/// Calendar arithmetic on `yyyy-MM-dd` dates as day numbers (days since 1970-01-01), time-zone free.
enum DayNumber {
    /// Days since 1970-01-01 of a valid `yyyy-MM-dd`; nil otherwise.
    static func parse(_ text: String) -> Int? { CalendarDate(parsing: text)?.dayNumber }

    static func text(_ n: Int) -> String { CalendarDate(dayNumber: n).description }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    static func weekday(_ n: Int) -> Int { ((n + 3) % 7 + 7) % 7 }

    /// The Monday on or before day `n`.
    static func monday(onOrBefore n: Int) -> Int { n - weekday(n) }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026-03-02` → `2 Mar` (the text itself when it is not a date).
    static func short(_ text: String) -> String {
        guard let d = CalendarDate(parsing: text) else { return text }
        return "\(d.day) \(monthAbbreviations[d.month - 1])"
    }

    /// `2026-03-02` → `2 Mar 2026`.
    static func long(_ text: String) -> String {
        guard let d = CalendarDate(parsing: text) else { return text }
        return "\(d.day) \(monthAbbreviations[d.month - 1]) \(d.year)"
    }
}
