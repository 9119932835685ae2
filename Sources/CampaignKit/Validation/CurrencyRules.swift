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
