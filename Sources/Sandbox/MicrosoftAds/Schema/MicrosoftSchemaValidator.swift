/// Checks a Microsoft Advertising request body against the generated models and returns it in the
/// sandbox's normal form.
///
/// Rejected (each one problem, reported in a 400 `ApiFaultDetail`): an unknown field name, a value of
/// the wrong JSON type, an int64 that is not an integer, an enum string the enum does not have (each
/// part of a flags value is checked), and a `"Type"` that the polymorphic base does not know. Accepted:
/// `null` anywhere (it means "not set" and is dropped), int64 values as JSON strings or numbers, both
/// forms of a `"Type"` (`"ManualCpc"` and `"ManualCpcBiddingScheme"`), `true`/`false` also as strings,
/// any object where the digest does not expand the model, and for a `"Type"` whose model the digest does
/// not expand (`ExpandedText`, `GeographicPerformanceReportRequest`), any value of a field the base knows.
///
/// Normal form: int64 values as JSON strings; int32 as numbers; doubles as numbers; `"Type"` as the
/// short value (`ResponsiveSearch`, `ManualCpc`); no `null` members.
struct MicrosoftSchemaValidator {
    private(set) var problems: [String] = []

    /// Validates `value` as `modelName` (`cm.AddCampaignsRequest`) at `path` ("" for the body).
    mutating func validate(_ value: SandboxJSON, model modelName: String, path: String) -> SandboxJSON {
        guard let base = MicrosoftAdsSchema.model(modelName) else { return value }
        guard case .object(let object) = value else {
            problems.append("Invalid value at '\(display(path))': expected an object (\(base.shortName)).")
            return value
        }
        var schema = base
        var writtenType: String?
        /// A subtype the digest does not expand is checked against the base's field names only: the base
        /// lists the union of its subtypes' fields, typed after an arbitrary one (reference gotcha 7).
        var namesOnly = false
        if let subtypes = base.subtypes, let typeValue = object["Type"], typeValue != .null {
            guard case .string(let type) = typeValue, let concrete = subtypes[type] else {
                problems.append(
                    "Invalid value at '\(join(path, "Type"))': \(typeValue.quotedForViolation) is not a known \(base.shortName) type."
                )
                return value
            }
            writtenType = MicrosoftAdsSchema.writtenType(base: base, concrete: concrete)
            if let concreteSchema = MicrosoftAdsSchema.model(concrete) {
                schema = concreteSchema
            } else {
                namesOnly = true
            }
        } else if let own = base.typeValue, let typeValue = object["Type"], typeValue != .null {
            guard case .string(let type) = typeValue, type == own || type == base.shortName else {
                problems.append(
                    "Invalid value at '\(join(path, "Type"))': \(typeValue.quotedForViolation) is not \"\(own)\"."
                )
                return value
            }
            writtenType = own
        }
        var result: [String: SandboxJSON] = [:]
        for key in object.keys.sorted() {
            let member = object[key]!
            guard let field = schema.byName[key] else {
                problems.append("Unknown field \"\(key)\" at '\(display(path))' (\(schema.shortName)).")
                continue
            }
            if member == .null { continue }
            if key == "Type", let writtenType {
                result[key] = .string(writtenType)
                continue
            }
            let fieldPath = join(path, key)
            if namesOnly {
                result[key] = member
            } else if field.array {
                guard case .array(let elements) = member else {
                    problems.append("Invalid value at '\(fieldPath)': expected an array, got \(member.quotedForViolation).")
                    continue
                }
                var normalized: [SandboxJSON] = []
                for (index, element) in elements.enumerated() {
                    normalized.append(single(element, field.kind, path: "\(fieldPath)[\(index)]"))
                }
                result[key] = .array(normalized)
            } else {
                result[key] = single(member, field.kind, path: fieldPath)
            }
        }
        return .object(result)
    }

    private mutating func single(_ value: SandboxJSON, _ kind: MicrosoftFieldKind, path: String) -> SandboxJSON {
        func bad(_ expected: String) -> SandboxJSON {
            var shown = value.quotedForViolation
            if shown.count > 80 { shown = String(shown.prefix(77)) + "..." }
            problems.append("Invalid value at '\(path)': expected \(expected), got \(shown).")
            return value
        }
        if value == .null { return value }
        switch kind {
        case .string:
            guard case .string = value else { return bad("a string") }
            return value
        case .dateTime:
            guard case .string(let text) = value, text.count >= 10, SandboxCalendar.day(String(text.prefix(10))) != nil
            else { return bad("an ISO 8601 date-time string") }
            return value
        case .int64:
            guard let integer = Self.integer(value) else { return bad("an int64 (a string or number of digits)") }
            return .string(String(integer))
        case .int32:
            guard let integer = Self.integer(value), integer >= Int64(Int32.min), integer <= Int64(Int32.max) else {
                return bad("an int32")
            }
            return .int(integer)
        case .double:
            switch value {
            case .int(let integer): return .double(Double(integer))
            case .double: return value
            default: return bad("a number")
            }
        case .bool:
            switch value {
            case .bool: return value
            case .string("true"), .string("True"): return .bool(true)
            case .string("false"), .string("False"): return .bool(false)
            default: return bad("true or false")
            }
        case .object:
            guard case .object = value else { return bad("an object") }
            return value
        case .enumeration(let name, let flags):
            guard case .string(let text) = value, let allowed = MicrosoftAdsSchema.enumValues[name] else {
                return bad("a \(name.split(separator: ".").last ?? "") value")
            }
            let parts =
                flags
                ? text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) : [text]
            guard !parts.isEmpty, parts.allSatisfy(allowed.contains) else {
                return bad("a \(name.split(separator: ".").last ?? "") value")
            }
            return flags ? .string(parts.joined(separator: ",")) : value
        case .model(let name):
            return validate(value, model: name, path: path)
        }
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    private func display(_ path: String) -> String { path.isEmpty ? "(request)" : path }

    /// An integer from a JSON number without a fraction or a decimal string (`"-5"`, `"123"`).
    static func integer(_ value: SandboxJSON) -> Int64? {
        switch value {
        case .int(let integer): return integer
        case .double(let number) where number.rounded() == number && abs(number) < 9.2e18: return Int64(number)
        case .string(let text):
            let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int64(text)
        default: return nil
        }
    }
}
