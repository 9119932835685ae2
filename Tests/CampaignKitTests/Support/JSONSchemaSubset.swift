import Foundation
import Yams

/// A JSON value, as read from a JSON schema or converted from a YAML document.
///
/// Integers and other numbers are kept apart so that `type: integer` can be checked; they still
/// compare equal by value (`1 == 1.0`) in `enum` and `const`.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON Schema type name of this value (`integer` for whole numbers).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number(let value): value.rounded() == value && value.isFinite ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The numeric value of an `integer` or `number`, nil for anything else.
    var numericValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// JSON Schema equality: numbers compare by value, containers element by element.
    func isSchemaEqual(to other: JSONValue) -> Bool {
        if let left = numericValue, let right = other.numericValue { return left == right }
        switch (self, other) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isSchemaEqual(to: $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { key, value in right[key].map { value.isSchemaEqual(to: $0) } ?? false }
        default:
            return self == other
        }
    }

    /// A short rendering for messages: strings quoted, containers summarised.
    var brief: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): "\"\(value.count > 40 ? value.prefix(40) + "…" : value)\""
        case .array(let items): "a list of \(items.count)"
        case .object: "a map"
        }
    }
}

// MARK: - Reading JSON

extension JSONValue: Decodable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

// MARK: - Reading YAML

/// A YAML document converted to a ``JSONValue``, with the line and column of every value by JSON path.
struct YAMLDocument {
    var value: JSONValue
    /// `JSONPath.description` → position of the value in the YAML text.
    var marks: [String: Mark]
    /// `JSONPath.description` → position of the mapping key that names the value.
    var keyMarks: [String: Mark]

    /// Converts YAML text the way VS Code's YAML extension sees it (YAML 1.2 core schema): a plain
    /// `40.00` is a number, `true` a boolean, `~` or nothing null, `12057` an integer; quoted scalars,
    /// dates such as `2026-01-01` and times such as `18:00` stay text. (Yams's default YAML 1.1
    /// rules would turn `18:00` into the number 1080, `yes` into true and `2026-01-01` into a date.)
    init(yaml: String) throws {
        marks = [:]
        keyMarks = [:]
        value = .null
        guard let root = try Yams.compose(yaml: yaml, Self.coreSchema) else { return }
        value = convert(root, at: JSONPath())
    }

    /// Tag resolution of the YAML 1.2 core schema.
    static let coreSchema: Resolver = {
        let rules: [(Tag.Name, String)] = [
            (.null, "^(?:~|null|Null|NULL|)$"),
            (.bool, "^(?:true|True|TRUE|false|False|FALSE)$"),
            (.int, "^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
            (.float, "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
        ]
        return rules.reduce(Resolver.basic) { resolver, rule in
            // The patterns are constants; a typo fails every YAML test at once.
            resolver.appending(try! Resolver.Rule(rule.0, rule.1))
        }
    }()

    /// Where a violation is: the key for an unknown key, otherwise the value (or its nearest located parent).
    func location(of violation: JSONSchemaSubset.Violation) -> Mark? {
        if violation.atKey, let mark = keyMarks[violation.path.description] { return mark }
        var current: JSONPath? = violation.path
        while let candidate = current {
            if let mark = marks[candidate.description] { return mark }
            current = candidate.parent
        }
        return nil
    }

    private mutating func convert(_ node: Node, at path: JSONPath) -> JSONValue {
        if let mark = node.mark { marks[path.description] = mark }
        switch node {
        case .scalar(let scalar):
            return Self.convert(scalar)
        case .sequence(let sequence):
            return .array(sequence.enumerated().map { index, item in convert(item, at: path.appending(index)) })
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, item) in mapping {
                let name = key.string ?? "\(key)"
                let itemPath = path.appending(name)
                if let mark = key.mark { keyMarks[itemPath.description] = mark }
                object[name] = convert(item, at: itemPath)
            }
            return .object(object)
        case .alias:
            // Yams resolves aliases while composing; nothing to convert.
            return .null
        }
    }

    private static func convert(_ scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        switch Node.scalar(scalar).tag.description {
        case "tag:yaml.org,2002:null":
            return .null
        case "tag:yaml.org,2002:bool":
            return .bool(text.lowercased() == "true")
        case "tag:yaml.org,2002:int":
            let parsed = text.hasPrefix("0o") ? Int(text.dropFirst(2), radix: 8)
                : text.hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16)
                : Int(text)  // decimal even with leading zeros, as in YAML 1.2
            return parsed.map(JSONValue.integer) ?? Double(text).map(JSONValue.number) ?? .string(text)
        case "tag:yaml.org,2002:float":
            switch text.lowercased() {
            case ".inf", "+.inf": return .number(.infinity)
            case "-.inf": return .number(-.infinity)
            case ".nan": return .number(.nan)
            default: return Double(text).map(JSONValue.number) ?? .string(text)
            }
        default:
            // str, and explicitly tagged scalars: the text as written.
            return .string(text)
        }
    }
}

// MARK: - Paths

/// A JSON path such as `$.campaigns[0].budget.daily`.
struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    func appending(_ key: String) -> JSONPath { JSONPath(components: components + [.key(key)]) }
    func appending(_ index: Int) -> JSONPath { JSONPath(components: components + [.index(index)]) }

    var parent: JSONPath? {
        components.isEmpty ? nil : JSONPath(components: Array(components.dropLast()))
    }

    var description: String {
        components.reduce(into: "$") { text, component in
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where key.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil:
                text += ".\(key)"
            case .key(let key):
                text += "[\"\(key)\"]"
            }
        }
    }
}

// MARK: - Validator

/// A JSON Schema validator for the subset of keywords the tfz schemas use.
///
/// Supported: `type`, `properties`, `required`, `additionalProperties`, `enum`, `const`, `pattern`,
/// `minLength`/`maxLength`, `minItems`/`maxItems`, `items`, `oneOf`, `anyOf`, `$ref` to
/// `#/...`, `minimum`/`maximum`; annotations `$schema`, `$defs`, `description`,
/// `markdownDescription`, `examples`, `default` are read and ignored. Any other keyword makes
/// ``init(schema:)`` throw, so a schema cannot silently rely on something this validator skips.
/// String lengths count Unicode scalars, as JSON Schema does; `pattern` is an unanchored search.
struct JSONSchemaSubset: Sendable {
    /// One place where an instance breaks the schema.
    struct Violation: Sendable, Equatable, CustomStringConvertible {
        var path: JSONPath
        var message: String
        /// True when the problem is the key itself (an unknown key), not its value.
        var atKey = false
        var description: String { "\(path): \(message)" }
    }

    /// A problem with the schema itself.
    struct SchemaError: Error, CustomStringConvertible {
        var description: String
    }

    static let assertionKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "enum", "const", "pattern",
        "minLength", "maxLength", "minItems", "maxItems", "items", "oneOf", "anyOf", "$ref",
        "minimum", "maximum",
    ]
    static let annotationKeywords: Set<String> = [
        "$schema", "$defs", "description", "markdownDescription", "examples", "default",
    ]

    let root: JSONValue

    init(schema: JSONValue) throws {
        root = schema
        try check(schema, at: "#")
    }

    init(contentsOf url: URL) throws {
        try self.init(schema: JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url)))
    }

    /// Every violation of the schema by `instance`, in document order of the schema's keywords.
    func validate(_ instance: JSONValue) -> [Violation] {
        validate(instance, against: root, at: JSONPath())
    }

    // MARK: Checking the schema

    private func check(_ schema: JSONValue, at pointer: String) throws {
        guard case .object(let keywords) = schema else {
            throw SchemaError(description: "\(pointer): a schema must be an object")
        }
        for (keyword, value) in keywords {
            let here = "\(pointer)/\(keyword)"
            guard Self.assertionKeywords.contains(keyword) || Self.annotationKeywords.contains(keyword) else {
                throw SchemaError(description: "\(here): keyword not supported by JSONSchemaSubset")
            }
            switch (keyword, value) {
            case ("properties", .object(let properties)), ("$defs", .object(let properties)):
                for (name, subschema) in properties { try check(subschema, at: "\(here)/\(name)") }
            case ("items", _), ("additionalProperties", .object):
                try check(value, at: here)
            case ("additionalProperties", .bool):
                break
            case ("anyOf", .array(let branches)), ("oneOf", .array(let branches)):
                guard !branches.isEmpty else { throw SchemaError(description: "\(here): empty list") }
                for (index, branch) in branches.enumerated() { try check(branch, at: "\(here)/\(index)") }
            case ("$ref", .string(let reference)):
                _ = try resolve(reference)
            case ("required", .array(let names)):
                guard names.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                    throw SchemaError(description: "\(here): must list strings")
                }
            case ("pattern", .string(let pattern)):
                _ = try NSRegularExpression(pattern: pattern)
            case ("type", .string), ("type", .array), ("enum", .array), ("const", _),
                 ("minLength", .integer), ("maxLength", .integer), ("minItems", .integer), ("maxItems", .integer),
                 ("minimum", _), ("maximum", _):
                break
            case _ where Self.annotationKeywords.contains(keyword):
                break
            default:
                throw SchemaError(description: "\(here): unexpected value \(value.brief)")
            }
        }
    }

    private func resolve(_ reference: String) throws -> JSONValue {
        guard reference.hasPrefix("#") else {
            throw SchemaError(description: "$ref \(reference): only references inside the schema (#/...) are supported")
        }
        var current = root
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let object) = current, let next = object[name] else {
                throw SchemaError(description: "$ref \(reference) does not resolve")
            }
            current = next
        }
        return current
    }

    // MARK: Validating an instance

    private func validate(_ instance: JSONValue, against schema: JSONValue, at path: JSONPath) -> [Violation] {
        guard case .object(let keywords) = schema else { return [] }
        var violations: [Violation] = []
        func fail(_ message: String, atKey key: String? = nil) {
            violations.append(Violation(path: key.map { path.appending($0) } ?? path, message: message, atKey: key != nil))
        }

        if case .string(let reference) = keywords["$ref"], let target = try? resolve(reference) {
            violations += validate(instance, against: target, at: path)
        }

        if let type = keywords["type"] {
            let allowed: [String] = switch type {
            case .string(let name): [name]
            case .array(let names): names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            default: []
            }
            let actual = instance.typeName
            let matches = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !matches {
                fail("expected \(allowed.joined(separator: " or ")), found \(actual) \(instance.brief)")
                // Other keywords would only repeat the type mismatch.
                return violations
            }
        }

        if case .array(let options) = keywords["enum"], !options.contains(where: { $0.isSchemaEqual(to: instance) }) {
            fail("\(instance.brief) is not one of: \(options.map(Self.plain).joined(separator: ", "))")
        }
        if let constant = keywords["const"], !constant.isSchemaEqual(to: instance) {
            fail("must be \(constant.brief), found \(instance.brief)")
        }

        switch instance {
        case .string(let text):
            let length = text.unicodeScalars.count
            if case .integer(let minimum) = keywords["minLength"], length < minimum {
                fail(minimum == 1 ? "must not be empty" : "is \(length) characters, at least \(minimum) required")
            }
            if case .integer(let maximum) = keywords["maxLength"], length > maximum {
                fail("is \(length) characters, at most \(maximum) allowed")
            }
            if case .string(let pattern) = keywords["pattern"], let regex = try? NSRegularExpression(pattern: pattern),
               regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                fail("\(instance.brief) does not match the pattern \(pattern)")
            }
        case .integer, .number:
            let number = instance.numericValue ?? 0
            if let minimum = keywords["minimum"]?.numericValue, number < minimum {
                fail("\(instance.brief) is less than the minimum \(Self.plain(keywords["minimum"]!))")
            }
            if let maximum = keywords["maximum"]?.numericValue, number > maximum {
                fail("\(instance.brief) is more than the maximum \(Self.plain(keywords["maximum"]!))")
            }
        case .array(let items):
            if case .integer(let minimum) = keywords["minItems"], items.count < minimum {
                fail("has \(items.count) item(s), at least \(minimum) required")
            }
            if case .integer(let maximum) = keywords["maxItems"], items.count > maximum {
                fail("has \(items.count) item(s), at most \(maximum) allowed")
            }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() {
                    violations += validate(item, against: itemSchema, at: path.appending(index))
                }
            }
        case .object(let members):
            if case .array(let required) = keywords["required"] {
                for case .string(let name) in required where members[name] == nil {
                    fail("missing required key \"\(name)\"")
                }
            }
            let properties: [String: JSONValue]
            if case .object(let declared) = keywords["properties"] { properties = declared } else { properties = [:] }
            for name in members.keys.sorted() {
                let value = members[name]!
                if let propertySchema = properties[name] {
                    violations += validate(value, against: propertySchema, at: path.appending(name))
                } else if let additional = keywords["additionalProperties"] {
                    if case .bool(false) = additional {
                        let allowed = properties.keys.sorted().joined(separator: ", ")
                        fail("unknown key \"\(name)\"" + (allowed.isEmpty ? "" : " (allowed: \(allowed))"), atKey: name)
                    } else if case .object = additional {
                        violations += validate(value, against: additional, at: path.appending(name))
                    }
                }
            }
        case .null, .bool:
            break
        }

        for combinator in ["anyOf", "oneOf"] {
            guard case .array(let branches) = keywords[combinator] else { continue }
            let results = branches.map { validate(instance, against: $0, at: path) }
            let passing = results.filter(\.isEmpty).count
            if passing == 0 {
                // Report the branch that came closest, so the message names a concrete fix.
                let closest = results.min { $0.count < $1.count } ?? []
                let details = closest.map(\.description).joined(separator: "; ")
                fail("matches none of the \(branches.count) allowed forms (closest: \(details))")
            } else if combinator == "oneOf" && passing > 1 {
                fail("matches \(passing) of the allowed forms, exactly one expected")
            }
        }
        return violations
    }

    /// A value as written in a message: strings without quotes.
    private static func plain(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.brief
    }
}
