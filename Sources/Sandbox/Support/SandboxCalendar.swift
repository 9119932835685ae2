import CampaignKit
import Foundation

/// Calendar arithmetic on `yyyy-MM-dd` strings (proleptic Gregorian, no time zones), so dates in
/// queries, campaign flights and simulated delivery never depend on the host's locale.
enum SandboxCalendar {
    /// Days since 1970-01-01 for a valid `yyyy-MM-dd`, else nil.
    static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIINumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day)
    }

    /// `yyyy-MM-dd` for days since 1970-01-01.
    static func string(_ day: Int) -> String {
        let (year, month, dayOfMonth) = civil(fromDays: day)
        guard (0...9999).contains(year) else { return String(format: "%04d-%02d-%02d", year, month, dayOfMonth) }
        func digit(_ value: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(value % 10) }
        let bytes: [UInt8] = [
            digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), UInt8(ascii: "-"),
            digit(month / 10), digit(month), UInt8(ascii: "-"), digit(dayOfMonth / 10), digit(dayOfMonth),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UTC date of `date` as `yyyy-MM-dd`.
    static func today(_ date: Date) -> String {
        string(Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// `MONDAY` … `SUNDAY` (the `DayOfWeek` enum values).
    static func weekday(_ day: Int) -> String {
        let names = ["THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY"]
        return names[((day % 7) + 7) % 7]
    }

    /// 0 for Monday … 6 for Sunday.
    static func weekdayIndex(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The first day of the month containing `day`.
    static func startOfMonth(_ day: Int) -> Int {
        let (year, month, _) = civil(fromDays: day)
        return daysFromCivil(year: year, month: month, day: 1)
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        CalendarDate(year: year, month: month, day: day).dayNumber
    }

    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let date = CalendarDate(dayNumber: days)
        return (date.year, date.month, date.day)
    }
}
