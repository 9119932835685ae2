/// A JSON value whose objects keep their key order, printed with two-space indentation.
/// (Foundation's encoder sorts or scrambles keys; reports need a stable, readable order.)
indirect enum JSONText {
    case string(String)
    /// A number already written as JSON text (`123`, `0.0325`).
    case number(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    static func int(_ n: Int64) -> JSONText { .number(String(n)) }

    /// A double as JSON (Swift's shortest round-trip text); non-finite values become null.
    static func double(_ x: Double?) -> JSONText {
        guard let x, x.isFinite else { return .null }
        return .number(String(x))
    }

    func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .string(let s): return JSONText.quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            // Arrays of scalars stay on one line; arrays of containers get one item a line.
            if items.allSatisfy({ !$0.isContainer }) {
                return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { inner + JSONText.quote($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }

    /// RFC 8259 string: `"` and `\` escaped, control characters as `\n`, `\t` … or `\u00XX`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
