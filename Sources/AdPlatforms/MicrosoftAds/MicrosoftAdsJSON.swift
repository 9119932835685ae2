import CampaignKit
import Foundation

/// A Microsoft Advertising request body: JSON with keys in the order written and numbers kept as their exact decimal
/// text, so that money goes on the wire as the files wrote it (`20.5`, `0.75`), never through floating point.
///
/// Answers are read with ``JSONValue/parse(_:)``; this type only writes.
public indirect enum MicrosoftAdsJSON: Sendable, Equatable {
    case string(String)
    /// A JSON number, as its text (`20.5`, `3`).
    case number(String)
    case bool(Bool)
    case null
    case array([MicrosoftAdsJSON])
    case object([(String, MicrosoftAdsJSON)])

    public static func == (a: MicrosoftAdsJSON, b: MicrosoftAdsJSON) -> Bool { a.serialized() == b.serialized() }

    /// An integer.
    public static func int(_ value: Int) -> MicrosoftAdsJSON { .number(String(value)) }

    /// An amount in the account's currency, as a decimal number (`Money(micros: 750_000)` → `0.75`).
    public static func money(_ money: Money) -> MicrosoftAdsJSON { .number(decimal(micros: money.micros)) }

    /// A `Date` object `{"Year":2026,"Month":3,"Day":1}` (ad groups, report windows).
    public static func date(_ date: CalendarDate) -> MicrosoftAdsJSON {
        .object([("Year", .int(date.year)), ("Month", .int(date.month)), ("Day", .int(date.day))])
    }

    /// The exact decimal text of an amount in micros, without trailing zeros: `20500000` → `20.5`, `3000000` → `3`.
    public static func decimal(micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let units = magnitude / 1_000_000
        var fraction = magnitude % 1_000_000
        guard fraction != 0 else { return sign + String(units) }
        var width = 6
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        let digits = String(fraction)
        return sign + String(units) + "." + String(repeating: "0", count: width - digits.count) + digits
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> MicrosoftAdsJSON? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    /// The object's keys in order (empty for anything else).
    public var keys: [String] {
        if case .object(let pairs) = self { return pairs.map(\.0) }
        return []
    }

    public var items: [MicrosoftAdsJSON] {
        if case .array(let items) = self { return items }
        return []
    }

    public var text: String? {
        switch self {
        case .string(let s), .number(let s): s
        default: nil
        }
    }

    /// Adds or replaces a member of an object.
    public func setting(_ key: String, _ value: MicrosoftAdsJSON) -> MicrosoftAdsJSON {
        guard case .object(var pairs) = self else { return self }
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }

    public func serialized() -> Data {
        var out = Data()
        write(&out)
        return out
    }

    private func write(_ out: inout Data) {
        switch self {
        case .string(let s): JSONValue.writeString(s, &out)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(&out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(key, &out)
                out.append(UInt8(ascii: ":"))
                value.write(&out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
