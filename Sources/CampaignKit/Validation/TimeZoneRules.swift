import Foundation

/// IANA time zone names, checked with the system's time zone database, and a zone's time zone against its county's.
enum TimeZoneRules {
    static func isValid(_ id: String) -> Bool {
        (id.contains("/") || id == "UTC") && TimeZone(identifier: id) != nil
    }

    static func check(_ tz: Located<String>) -> [Diagnostic] {
        guard !isValid(tz.value) else { return [] }
        return [Diagnostic(.error, "unknown-time-zone", "'\(tz.value)' is not an IANA time zone", at: tz.location,
                           hints: Suggestions.hint(tz.value, TimeZone.knownTimeZoneIdentifiers) + ["write it like America/New_York or America/Chicago"])]
    }

    /// A warning when the zone's time zone (its `time_zone:`, or the workspace's when it has none) is not its county's.
    ///
    /// The county's time zones come from its ZIP codes (``USZipCodes``): the usual one is the zone most of them have;
    /// a county that spans a time zone line accepts any of its zones. Two names that keep the same clock (America/Detroit
    /// and America/New_York) agree. Not a warning: a county with no ZIP codes in the data, or an invalid name (that is
    /// `unknown-time-zone`).
    static func checkCounty(zoneTimeZone: Located<String>?, workspaceTimeZone: Located<String>, county: Located<String>) -> [Diagnostic] {
        let fips = county.value
        // Names that keep the same clock count once (Alaska's America/Nome and America/Anchorage), the first one kept.
        var countyZones: [String] = []
        for name in USZipCodes.timeZones(county: fips) where isValid(name) && !countyZones.contains(where: { sameClock($0, name) }) {
            countyZones.append(name)
        }
        let used = zoneTimeZone ?? workspaceTimeZone
        guard let usual = countyZones.first, isValid(used.value), !countyZones.contains(where: { sameClock($0, used.value) }) else { return [] }
        let name = USCounties.name(fips: fips) ?? "county \(fips)"
        let theirs = countyZones.count == 1 ? "\(name)'s time zone \(usual)"
            : "\(name)'s time zones: it spans \(countyZones[0]) (most of its ZIP codes) and \(countyZones.dropFirst().joined(separator: " and "))"
        guard let tz = zoneTimeZone else {
            return [Diagnostic(.warning, "time-zone-mismatch",
                               "this zone has no time_zone:, so it follows the workspace's \(used.value), which is not \(theirs); dayparts and flight dates would follow the wrong clock",
                               at: county.location, hints: ["add time_zone: \(usual) to this zone"])]
        }
        let message = countyZones.count == 1
            ? "time_zone \(tz.value) differs from \(theirs) (from its ZIP codes); dayparts and flight dates would follow the wrong clock"
            : "time_zone \(tz.value) is not one of \(theirs); dayparts and flight dates would follow the wrong clock"
        let hint = countyZones.count == 1 ? "write time_zone: \(usual)" : "write time_zone: \(usual), or the zone of the part of the county this zone covers"
        return [Diagnostic(.warning, "time-zone-mismatch", message, at: tz.location, hints: [hint])]
    }

    /// Noon UTC on the 1st and 15th of each month of 2026: two names with the same offset at all of them keep the same clock.
    private static let instants: [Date] = (0..<24).map { i in
        var c = DateComponents()
        c.year = 2026; c.month = i / 2 + 1; c.day = i % 2 == 0 ? 1 : 15; c.hour = 12
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: c)!
    }

    static func sameClock(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = TimeZone(identifier: a), let y = TimeZone(identifier: b) else { return false }
        return instants.allSatisfy { x.secondsFromGMT(for: $0) == y.secondsFromGMT(for: $0) }
    }
}
