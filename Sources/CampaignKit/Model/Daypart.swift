/// A window of the week when ads may show, in the zone's time zone. `from` < `to`, minutes since midnight.
public struct Daypart: Sendable, Hashable, Codable {
    public var days: [Weekday]
    public var fromMinute: Int
    public var toMinute: Int

    public var summary: String {
        let d: String
        if days == Weekday.allCases { d = "every day" }
        else if days == [.mon, .tue, .wed, .thu, .fri] { d = "weekdays" }
        else if days == [.sat, .sun] { d = "weekends" }
        else { d = days.map(\.rawValue).joined(separator: ",") }
        return "\(d) \(Daypart.clock(fromMinute))–\(Daypart.clock(toMinute))"
    }

    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
