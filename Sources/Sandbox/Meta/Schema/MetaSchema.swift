import Foundation

/// The Marketing API v25.0 params, node fields and enums the Meta module checks requests against. The tables live in
/// `Generated/MetaSchema+Tables.swift` (from `scripts/generate-meta-sandbox-schema.py` over the reference node specs);
/// this file holds the checks.
enum MetaSchema {
    /// The nested specs whose keys are checked inside a JSON param (`targeting`, `object_story_spec`); other node-typed
    /// params (`creative` = `{"creative_id": …}`, `promoted_object`) are only checked to be JSON objects.
    static let checkedNested: Set<String> = [
        "Targeting", "TargetingGeoLocation", "TargetingGeoLocationZip", "TargetingGeoLocationCustomLocation",
        "TargetingGeoLocationRegion", "TargetingGeoLocationCity", "IDName", "AdCreativeObjectStorySpec",
        "AdCreativeLinkData", "AdCreativeLinkDataCallToAction", "AdCreativeLinkDataCallToActionValue",
    ]

    /// A param that does not pass: its name (a path inside a JSON param: `targeting[geo_locations][zipz]`) and what is
    /// wrong with it, as Meta's error 100 message.
    struct Problem: Error, Equatable {
        let param: String
        let message: String
    }

    /// The value of one form field checked against its reference type: JSON for lists, maps and nested specs, a number
    /// for `int`/`unsigned int`, else the string.
    static func value(_ raw: String, type: String, param: String) -> Result<SandboxJSON, Problem> {
        switch type {
        case "string", "datetime":
            return .success(.string(raw))
        case "int", "unsigned int":
            guard let number = Int64(raw.trimmingCharacters(in: .whitespaces)), type == "int" || number >= 0 else {
                return .failure(Problem(param: param, message: "(#100) param \(param) must be a\(type == "int" ? "n integer" : " non-negative integer")."))
            }
            return .success(.int(number))
        case "bool":
            switch raw.lowercased() {
            case "true", "1": return .success(.bool(true))
            case "false", "0": return .success(.bool(false))
            default: return .failure(Problem(param: param, message: "(#100) param \(param) must be a boolean."))
            }
        case "float":
            guard let number = Double(raw) else { return .failure(Problem(param: param, message: "(#100) param \(param) must be a number.")) }
            return .success(.double(number))
        default:
            break
        }
        if let values = enums[type] {
            guard values.contains(raw) else { return .failure(enumProblem(param, values)) }
            return .success(.string(raw))
        }
        guard let json = SandboxJSON.parse(Data(raw.utf8)) else {
            // A list of strings may be comma-separated (`fields=a,b`); anything else must be JSON.
            if type == "list<string>" { return .success(.array(raw.split(separator: ",").map { .string(String($0)) })) }
            return .failure(Problem(param: param, message: "(#100) param \(param) must be \(type.hasPrefix("list<") ? "a JSON array" : "a JSON object")."))
        }
        if let problem = problems(json, type: type, path: param) { return .failure(problem) }
        return .success(json)
    }

    /// The first problem of a JSON value against a reference type, or nil.
    static func problems(_ json: SandboxJSON, type: String, path: String) -> Problem? {
        if type.hasPrefix("list<"), type.hasSuffix(">") {
            guard let elements = json.arrayValue else { return Problem(param: path, message: "(#100) param \(path) must be an array.") }
            let inner = String(type.dropFirst(5).dropLast())
            for (index, element) in elements.enumerated() {
                if let problem = problems(element, type: inner, path: "\(path)[\(index)]") { return problem }
            }
            return nil
        }
        if let values = enums[type] {
            guard let text = json.stringValue, values.contains(text) else { return enumProblem(path, values) }
            return nil
        }
        switch type {
        case "string", "datetime":
            return json.stringValue != nil || json.int64Value != nil ? nil : Problem(param: path, message: "(#100) param \(path) must be a string.")
        case "int", "unsigned int", "float":
            return json.doubleValue != nil ? nil : Problem(param: path, message: "(#100) param \(path) must be a number.")
        case "bool":
            return json.boolValue != nil ? nil : Problem(param: path, message: "(#100) param \(path) must be a boolean.")
        default:
            break
        }
        guard checkedNested.contains(type), let fields = nodeFields[type] else {
            // Object, map, list<map>, other node types: any JSON object (or, for map, any JSON).
            if type == "Object" || type.hasPrefix("map") || nodeFields[type] != nil || type.first?.isUppercase == true {
                return json.objectValue != nil || type.hasPrefix("map") ? nil : Problem(param: path, message: "(#100) param \(path) must be a JSON object.")
            }
            return nil
        }
        guard let object = json.objectValue else { return Problem(param: path, message: "(#100) param \(path) must be a JSON object.") }
        let unknown = object.keys.filter { fields[$0] == nil }.sorted()
        if !unknown.isEmpty {
            // Meta's wording for keys a nested spec does not have (unconfirmed beyond forum reports).
            let keys = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            return Problem(param: "\(path)[\(unknown[0])]", message: "(#100) Invalid keys \(keys) were found in param \"\(path)\".")
        }
        for key in object.keys.sorted() {
            if let problem = problems(object[key]!, type: fields[key]!, path: "\(path)[\(key)]") { return problem }
        }
        return nil
    }

    /// Meta's message for a value outside an enum (wording unconfirmed).
    static func enumProblem(_ param: String, _ values: [String]) -> Problem {
        Problem(param: param, message: "(#100) param \(param) must be one of {\(values.joined(separator: ", "))}")
    }

    /// The reference type of `field` on node `node`, nil when the node has no such field.
    static func fieldType(_ node: String, _ field: String) -> String? { nodeFields[node]?[field] }
}
