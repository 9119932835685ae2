import Foundation

/// IANA time zone names, checked with the system's time zone database.
enum TimeZoneRules {
    static func isValid(_ id: String) -> Bool {
        (id.contains("/") || id == "UTC") && TimeZone(identifier: id) != nil
    }

    static func check(_ tz: Located<String>) -> [Diagnostic] {
        guard !isValid(tz.value) else { return [] }
        return [Diagnostic(.error, "unknown-time-zone", "'\(tz.value)' is not an IANA time zone", at: tz.location,
                           hints: Suggestions.hint(tz.value, TimeZone.knownTimeZoneIdentifiers) + ["write it like America/New_York or America/Chicago"])]
    }
}
