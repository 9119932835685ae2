import Foundation

/// A JSON tree with keys in the order written, serialized without Foundation's encoder so that request
/// bodies are exactly what the wire format says (and byte-for-byte reproducible in tests).
///
/// `.ref` is a resource name that may still be a temporary id (`customers/1/campaigns/-3`); it is written
/// through a resolver so that a name created in an earlier request can stand in for its temporary id.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    /// An int64 field: Google's JSON mapping writes these as strings.
    case int64String(Int64)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case ref(String)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        a.serialized() == b.serialized()
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var stringValue: String? {
        switch self {
        case .string(let s), .ref(let s): s
        case .int64String(let n), .int(let n): String(n)
        default: nil
        }
    }

    public func serialized(resolve: (String) -> String = { $0 }) -> Data {
        var out = Data()
        write(&out, resolve)
        return out
    }

    private func write(_ out: inout Data, _ resolve: (String) -> String) {
        switch self {
        case .string(let s): JSONValue.writeString(s, &out)
        case .ref(let s): JSONValue.writeString(resolve(s), &out)
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .int64String(let n): JSONValue.writeString(String(n), &out)
        case .double(let d): out.append(contentsOf: (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(&out, resolve)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(key, &out)
                out.append(UInt8(ascii: ":"))
                value.write(&out, resolve)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal (quotes, escapes) appended to `out`; shared by every JSON writer in this module.
    static func writeString(_ s: String, _ out: inout Data) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(contentsOf: String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses JSON text into a tree (numbers become `.int` when integral, else `.double`).
    public static func parse(_ data: Data) -> JSONValue? {
        guard let any = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        return from(any)
    }

    static func from(_ any: Any) -> JSONValue {
        switch any {
        case let s as String: return .string(s)
        case let b as Bool where type(of: any) == Bool.self: return .bool(b)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 9e15 ? .int(n.int64Value) : .double(d)
        case let a as [Any]: return .array(a.map(from))
        case let o as [String: Any]: return .object(o.keys.sorted().map { ($0, from(o[$0]!)) })
        default: return .null
        }
    }

    public var arrayValue: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    public var objectKeys: [String] {
        if case .object(let pairs) = self { return pairs.map(\.0) }
        return []
    }
}
