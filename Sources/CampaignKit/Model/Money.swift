/// An exact amount of money in the workspace currency, held in micros (1/1,000,000 of a unit).
///
/// Parsed from decimal text (`40`, `40.5`, `"40.00"`) without floating point.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var micros: Int64
    /// How many digits followed the decimal point in the file (checked against the currency).
    public var fractionDigits: Int

    public init(micros: Int64, fractionDigits: Int = 2) {
        self.micros = micros
        self.fractionDigits = fractionDigits
    }

    /// Parses `123`, `123.4`, `123.45`; nil for anything else (signs, exponents, commas, >6 decimals).
    public init?(parsing text: String) {
        var units: Int64 = 0
        var fraction: Int64 = 0
        var digits = 0
        var sawPoint = false
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                let d = Int64(byte - UInt8(ascii: "0"))
                if sawPoint {
                    digits += 1
                    if digits > 6 { return nil }
                    fraction = fraction * 10 + d
                } else {
                    if units > 1_000_000_000 { return nil }
                    units = units * 10 + d
                }
            case UInt8(ascii: "."):
                if sawPoint || !sawDigit { return nil }
                sawPoint = true
            default:
                return nil
            }
        }
        if !sawDigit || (sawPoint && digits == 0) { return nil }
        var scale: Int64 = 1
        for _ in digits..<6 { scale *= 10 }
        self.micros = units * 1_000_000 + fraction * scale
        self.fractionDigits = digits
    }

    public static func < (a: Money, b: Money) -> Bool { a.micros < b.micros }
    public static func == (a: Money, b: Money) -> Bool { a.micros == b.micros }
    public func hash(into hasher: inout Hasher) { hasher.combine(micros) }

    /// `40.00` style text with at least two decimals (more when the amount needs them).
    public var description: String {
        let units = micros / 1_000_000
        var fraction = micros % 1_000_000
        var width = 6
        while width > 2, fraction % 10 == 0 { fraction /= 10; width -= 1 }
        let f = String(fraction)
        return "\(units).\(String(repeating: "0", count: width - f.count))\(f)"
    }

    /// Text with the currency: `$40.00` for USD, `40.00 EUR` otherwise.
    public func formatted(_ currency: String) -> String {
        currency == "USD" ? "$\(description)" : "\(description) \(currency)"
    }
}

extension Money {
    /// Money for people: `$1,234.56` for USD, `1,234.56 EUR` for any other currency — whole cents (half away from zero),
    /// thousands grouped, no locale. (``formatted(_:)`` keeps the exact decimal text of the files, without grouping.)
    public func grouped(_ currency: String) -> String {
        let magnitude = micros.magnitude
        let cents = magnitude / 10_000 + (magnitude % 10_000 >= 5_000 ? 1 : 0)
        let digits = String(cents / 100)
        var whole = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { whole.append(",") }
            whole.append(c)
        }
        let fraction = cents % 100
        let amount = whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
        let sign = micros < 0 && cents > 0 ? "-" : ""
        return currency == "USD" ? sign + "$" + amount : sign + amount + " " + currency
    }
}
