import Foundation

/// A JSON value as the sandbox stores and sends it.
///
/// Integers and floating-point numbers are kept apart so that int64 values survive exactly;
/// proto3 JSON writes int64 fields as strings anyway (`"id": "123"`), and the sandbox stores them
/// that way.
public enum SandboxJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([SandboxJSON])
    case object([String: SandboxJSON])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([SandboxJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: SandboxJSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value):
            if value.isFinite {
                try container.encode(value)
            } else {
                try container.encode(value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object; nil for other values or a missing key.
    public subscript(key: String) -> SandboxJSON? {
        get {
            if case .object(let object) = self { return object[key] }
            return nil
        }
        set {
            guard case .object(var object) = self else { return }
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The value at a dotted JSON path such as `networkSettings.targetGoogleSearch`.
    public func value(atPath path: String) -> SandboxJSON? {
        value(at: path.split(separator: ".").map(String.init))
    }

    /// The value at a sequence of object keys.
    public func value(at path: some Collection<String>) -> SandboxJSON? {
        var current: SandboxJSON? = self
        for key in path { current = current?[key] }
        return current
    }

    /// Sets (or with nil removes) the value at a sequence of object keys, creating objects on the way.
    mutating func setValue(_ value: SandboxJSON?, at path: ArraySlice<String>) {
        guard let first = path.first else {
            if let value { self = value }
            return
        }
        guard case .object(var object) = self else {
            if value == nil { return }
            self = .object([:])
            setValue(value, at: path)
            return
        }
        if path.count == 1 {
            object[first] = value
        } else {
            var child = object[first] ?? .object([:])
            child.setValue(value, at: path.dropFirst())
            if value == nil, case .object(let remaining) = child, remaining.isEmpty {
                object[first] = nil
            } else {
                object[first] = child
            }
        }
        self = .object(object)
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// An integer from a JSON number or an int64 string.
    public var int64Value: Int64? {
        switch self {
        case .int(let value): value
        case .string(let value): Int64(value)
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e18: Int64(value)
        default: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .string(let value): Double(value)
        default: nil
        }
    }

    public var arrayValue: [SandboxJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: [String: SandboxJSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The value as ESF quotes it in a violation message: strings in quotes, other values as JSON.
    var quotedForViolation: String {
        switch self {
        case .string(let value): "\"\(value)\""
        default: String(decoding: encoded(), as: UTF8.self)
        }
    }
}

extension SandboxJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: SandboxJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, SandboxJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
