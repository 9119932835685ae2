import Foundation

/// ISO 4217 currency codes and their minor units.
enum CurrencyRules {
    static let known: Set<String> = Set(Locale.commonISOCurrencyCodes)

    static let zeroDecimal: Set<String> = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"]
    static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    static func minorDigits(_ code: String) -> Int {
        zeroDecimal.contains(code) ? 0 : threeDecimal.contains(code) ? 3 : 2
    }

    static func check(_ currency: Located<String>) -> [Diagnostic] {
        guard !known.contains(currency.value) else { return [] }
        return [Diagnostic(.error, "bad-currency", "'\(currency.value)' is not an ISO 4217 currency code", at: currency.location,
                           hints: Suggestions.hint(currency.value.uppercased(), known) + (currency.value.count == 3 ? [] : ["currency codes have three capital letters, such as USD"]))]
    }
}

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
