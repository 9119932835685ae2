import CampaignKit

/// Calendar arithmetic on `yyyy-MM-dd` dates as day numbers (days since 1970-01-01), time-zone free.
enum DayNumber {
    /// Days since 1970-01-01 of a valid `yyyy-MM-dd`; nil otherwise.
    static func parse(_ text: String) -> Int? {
        guard let d = CalendarDate(parsing: text) else { return nil }
        return days(year: d.year, month: d.month, day: d.day)
    }

    /// Howard Hinnant's days_from_civil.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    static func civil(_ n: Int) -> (year: Int, month: Int, day: Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func text(_ n: Int) -> String {
        let c = civil(n)
        return CalendarDate(year: c.year, month: c.month, day: c.day).description
    }

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
