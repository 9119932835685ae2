/// US counties' standard, active ZIP codes and time zones, shipped with tfz (see `USZipCodes+Table.swift`).
///
/// County → ZIPs is an approximation: a ZIP that crosses a county line is listed under one county only. A county's
/// usual time zone is the one most of its ZIP codes have (all its ZIPs counted, of any type or status).
public enum USZipCodes {
    public struct County: Sendable, Hashable {
        public var fips: String
        /// Standard, active ZIP codes, sorted. Empty for a county whose ZIPs are all PO box, unique or retired ones.
        public var zipCodes: [String]
        /// The time zones of the county's ZIPs, most ZIPs first; the first is the usual one.
        public var timeZones: [String]
    }

    static let byFIPS: [String: County] = {
        var map: [String: County] = [:]
        for line in table.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 3 else { continue }
            let fips = String(f[0])
            map[fips] = County(fips: fips, zipCodes: f[2].split(separator: " ").map(String.init),
                               timeZones: f[1].split(separator: " ").map(String.init))
        }
        return map
    }()

    /// The county, or nil when no ZIP code lies in it (or the code is not a county).
    public static func county(fips: String) -> County? { byFIPS[fips] }

    /// The county's standard, active ZIP codes, sorted (empty when it has none or is unknown).
    public static func zipCodes(county fips: String) -> [String] { byFIPS[fips]?.zipCodes ?? [] }

    /// The time zone most of the county's ZIP codes have, or nil when it has no ZIP codes.
    public static func usualTimeZone(county fips: String) -> String? { byFIPS[fips]?.timeZones.first }

    /// Every time zone the county's ZIPs have, most ZIPs first (two or more for a county that spans a time zone line).
    public static func timeZones(county fips: String) -> [String] { byFIPS[fips]?.timeZones ?? [] }

    /// True when the county's ZIP codes have more than one time zone name (two names may keep the same clock, as
    /// America/Nome and America/Anchorage do; ``TimeZoneRules`` compares clocks).
    public static func spansTimeZones(county fips: String) -> Bool { (byFIPS[fips]?.timeZones.count ?? 0) > 1 }
}
