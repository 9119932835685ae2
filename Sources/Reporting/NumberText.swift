import CampaignKit

/// Numbers as text for the renderers: integer arithmetic, no locale, the same bytes on every machine.
enum NumberText {
    /// `1234567` → `1,234,567`; `-1234` → `-1,234`.
    static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `a ÷ b` rounded half away from zero; nil when `b` is 0.
    static func divideRounded(_ a: Int64, _ b: Int64) -> Int64? {
        guard b != 0 else { return nil }
        var q = a.magnitude / b.magnitude
        let r = a.magnitude % b.magnitude
        if r >= b.magnitude - r { q += 1 }
        let value = Int64(clamping: q)
        return (a < 0) != (b < 0) ? -value : value
    }

    /// Micros rounded to whole cents (half away from zero).
    static func cents(micros: Int64) -> Int64 { divideRounded(micros, 10_000)! }

    /// Cents as `1234.56` (grouping `1,234.56` when `grouping`).
    static func decimal(cents: Int64, grouping: Bool = false) -> String {
        let units = Int64(cents.magnitude / 100)
        let fraction = cents.magnitude % 100
        let whole = grouping ? grouped(units) : String(units)
        return (cents < 0 ? "-" : "") + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// Money for people: `$1,234.56` for USD, `1,234.56 EUR` for any other currency (always two decimals).
    static func money(micros: Int64, currency: String) -> String { Money(micros: micros).grouped(currency) }

    /// `x` rounded to `digits` decimals (half away from zero), e.g. `fixed(3.14159, 2)` → `3.14`. Not for money.
    static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (x * scale).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9e18 else { return String(x) }
        let n = Int64(scaled)
        if digits == 0 { return String(n) }
        let magnitude = String(n.magnitude)
        let padded = String(repeating: "0", count: max(0, digits + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -digits)
        return (n < 0 ? "-" : "") + padded[..<split] + "." + padded[split...]
    }

    /// Like ``fixed(_:_:)`` with thousands separators in the whole part.
    static func groupedFixed(_ x: Double, _ digits: Int) -> String {
        let text = fixed(x, digits)
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        guard let whole = Int64(parts[0]) else { return text }
        return (negative ? "-" : "") + grouped(whole) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A basis-point ratio (1 bp = 0.01 %) as a percentage for people: `325` → `3.25 %`.
    static func percent(basisPoints: Int64) -> String { decimal(cents: basisPoints) + " %" }

    /// A basis-point ratio as a 4-decimal fraction for machines: `325` → `0.0325`.
    static func fraction(basisPoints: Int64) -> String {
        let units = basisPoints / 10_000
        let rest = String(basisPoints % 10_000)
        return "\(units)." + String(repeating: "0", count: 4 - rest.count) + rest
    }

    /// A signed whole percentage with a real minus sign: `-0.18` → `−18 %`, `0.05` → `+5 %`, `0` → `0 %`.
    /// Values past ±10,000 % are written as bounds (`more than +10,000 %`).
    static func signedPercent(_ fraction: Double) -> String {
        if !(fraction < 100) { return "more than +10,000 %" }
        let whole = (fraction * 100).rounded(.toNearestOrAwayFromZero)
        if whole == 0 { return "0 %" }
        let text = grouped(Int64(abs(whole)))
        return (whole < 0 ? "\u{2212}" : "+") + text + " %"
    }
}
