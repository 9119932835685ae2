import Foundation

/// One field of a reference model: its JSON type (`string`, `integer`, `number`, `boolean`, `object`, `array`, `any` or
/// a model name), the element type of an array, its enum, its flags and constraints.
struct RedditField: Sendable {
    var type: String
    var items: String? = nil
    var enumName: String? = nil
    var required = false
    var nullable = false
    var readOnly = false
    var minLength: Int? = nil
    var maxLength: Int? = nil
    var minimum: Double? = nil
    var maximum: Double? = nil
    var minItems: Int? = nil
    var maxItems: Int? = nil
    var pattern: String? = nil
    var defaultValue: String? = nil
}

/// The Ads API v3 models and enums the Reddit module checks request bodies against and renders answers with. The tables
/// live in `Generated/RedditSchema+Tables.swift` (from `scripts/generate-reddit-sandbox-schema.py` over the reference
/// digest); this file holds the checks.
enum RedditSchema {
    /// A field that does not pass: its path inside `data` (`targeting.keywords[2]`; Reddit's notation for nested fields
    /// is UNCONFIRMED) and what is wrong with it, as one entry of the error body's `fields`.
    struct Problem: Error, Equatable {
        let field: String
        let message: String
    }

    /// The first problem of a write body (`data` of a create or update) against `model`: a key the model does not have
    /// (refused on every model, although the reference marks `AdCreate`, `AdUpdate` and `CampaignUpdate` open: whether
    /// Reddit rejects unknown keys there is UNCONFIRMED, and a sandbox that refuses them catches a client's typos), a
    /// read-only field, a missing required field without a default, then each value against its field.
    static func problem(write object: [String: SandboxJSON], model: String, path: String = "") -> Problem? {
        guard let fields = models[model] else { return Problem(field: path, message: "No model \(model) in the sandbox's tables.") }
        func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        for key in object.keys.sorted() {
            guard let field = fields[key] else { return Problem(field: name(key), message: "Unknown field \(key).") }
            if field.readOnly { return Problem(field: name(key), message: "Field \(key) is read-only and cannot be written.") }
        }
        for (key, field) in fields.sorted(by: { $0.key < $1.key }) where field.required && field.defaultValue == nil && object[key] == nil {
            return Problem(field: name(key), message: "Field \(key) is required.")
        }
        for key in object.keys.sorted() {
            if let problem = problem(object[key]!, field: fields[key]!, path: name(key)) { return problem }
        }
        return nil
    }

    /// The first problem of one value against its field, or nil.
    static func problem(_ value: SandboxJSON, field: RedditField, path: String) -> Problem? {
        if case .null = value {
            return field.nullable ? nil : Problem(field: path, message: "Field \(path) cannot be null.")
        }
        if field.type == "array" {
            guard let elements = value.arrayValue else { return Problem(field: path, message: "Field \(path) must be an array.") }
            if let least = field.minItems, elements.count < least {
                return Problem(field: path, message: "Field \(path) must have at least \(least) items.")
            }
            if let most = field.maxItems, elements.count > most {
                return Problem(field: path, message: "Field \(path) must have at most \(most) items (has \(elements.count)).")
            }
            let element = RedditField(type: field.items ?? "any", enumName: field.enumName)
            for (index, item) in elements.enumerated() {
                if let problem = problem(item, field: element, path: "\(path)[\(index)]") { return problem }
            }
            return nil
        }
        switch field.type {
        case "string":
            guard let text = value.stringValue else { return Problem(field: path, message: "Field \(path) must be a string.") }
            if let values = field.enumName.flatMap({ enums[$0] }), !values.contains(text) {
                return Problem(field: path, message: "Field \(path) must be one of \(values.joined(separator: ", ")); got \(text).")
            }
            if let least = field.minLength, text.count < least {
                return Problem(field: path, message: "Field \(path) must be at least \(least) characters long.")
            }
            if let most = field.maxLength, text.count > most {
                return Problem(field: path, message: "Field \(path) must be at most \(most) characters long.")
            }
            if let pattern = field.pattern, text.range(of: pattern, options: .regularExpression) == nil {
                return Problem(field: path, message: "Field \(path) must match \(pattern).")
            }
            return nil
        case "integer", "number":
            let number: Double?
            switch value {
            case .int(let integer): number = Double(integer)
            case .double(let double) where field.type == "number" || double.rounded() == double: number = double
            default: number = nil
            }
            guard let number else {
                return Problem(field: path, message: "Field \(path) must be \(field.type == "integer" ? "an integer" : "a number").")
            }
            if let least = field.minimum, number < least { return Problem(field: path, message: "Field \(path) must be at least \(formatted(least)).") }
            if let most = field.maximum, number > most { return Problem(field: path, message: "Field \(path) must be at most \(formatted(most)).") }
            return nil
        case "boolean":
            return value.boolValue != nil ? nil : Problem(field: path, message: "Field \(path) must be a boolean.")
        case "object":
            return value.objectValue != nil ? nil : Problem(field: path, message: "Field \(path) must be an object.")
        case "any":
            return nil
        default:
            guard let object = value.objectValue else { return Problem(field: path, message: "Field \(path) must be an object.") }
            return problem(write: object, model: field.type, path: path)
        }
    }

    private static func formatted(_ number: Double) -> String {
        number.rounded() == number ? String(Int64(number)) : String(number)
    }

    /// `fields` of `model`, nil when it has no such field.
    static func field(_ model: String, _ name: String) -> RedditField? { models[model]?[name] }
}
