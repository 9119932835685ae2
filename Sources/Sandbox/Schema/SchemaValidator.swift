import Foundation

/// One `google.rpc.BadRequest.FieldViolation`, as Google's REST front end (ESF) reports malformed
/// JSON before the request ever reaches Google Ads.
struct FieldViolation: Sendable, Equatable {
    /// The proto path, e.g. `mutate_operations[0].campaign_operation.create`.
    let field: String
    let description: String
}

/// Checks a JSON body against the generated schema the way Google's REST front end does, and
/// returns the body normalised to the sandbox's storage form.
///
/// What it rejects, each as a `FieldViolation`: unknown field names, values of the wrong JSON type,
/// enum strings that the enum does not have, int64 values that are not integers, and two members of
/// one oneof. What it accepts: snake_case names next to lowerCamelCase ones, int64 values as numbers
/// or strings, `null` (which means "unset"), enum values as numbers, and any object inside a message
/// that the reference does not expand (those are kept as sent).
///
/// Normal form: lowerCamelCase keys; int64 as JSON strings; int32 as numbers; doubles as numbers.
struct SchemaValidator {
    private(set) var violations: [FieldViolation] = []

    /// Validates `value` as message `messageName` at `path` ("" for the request body itself).
    mutating func validate(_ value: SandboxJSON, message messageName: String, path: String) -> SandboxJSON {
        guard let schema = GoogleAdsSchema.message(messageName) else { return value }
        guard case .object(let object) = value else {
            violations.append(invalidValue(path: path, typeName: GoogleAdsSchema.typeURL(messageName), value: value))
            return value
        }
        var result: [String: SandboxJSON] = [:]
        var oneofMembers: [String: String] = [:]
        for key in object.keys.sorted() {
            let member = object[key]!
            guard let field = schema.field(named: key) else {
                let location = path.isEmpty ? "" : " at '\(path)'"
                violations.append(
                    FieldViolation(
                        field: path,
                        description:
                            "Invalid JSON payload received. Unknown name \"\(key)\"\(location): Cannot find field."
                    )
                )
                continue
            }
            if member == .null { continue }
            if let oneof = field.oneof {
                if oneofMembers[oneof] != nil {
                    violations.append(
                        FieldViolation(
                            field: path,
                            description:
                                "Invalid JSON payload received. Oneof field '\(oneof)' is already set. Cannot set '\(field.json)'"
                        )
                    )
                    continue
                }
                oneofMembers[oneof] = field.json
            }
            let fieldPath = path.isEmpty ? field.proto : "\(path).\(field.proto)"
            if field.repeated {
                guard case .array(let elements) = member else {
                    violations.append(
                        invalidValue(path: fieldPath, typeName: field.kind.violationTypeName, value: member))
                    continue
                }
                var normalized: [SandboxJSON] = []
                for (index, element) in elements.enumerated() {
                    normalized.append(validateSingle(element, field: field, path: "\(fieldPath)[\(index)]"))
                }
                result[field.json] = .array(normalized)
            } else {
                result[field.json] = validateSingle(member, field: field, path: fieldPath)
            }
        }
        return .object(result)
    }

    private mutating func validateSingle(_ value: SandboxJSON, field: FieldSchema, path: String) -> SandboxJSON {
        let bad = { (self: inout SchemaValidator) -> SandboxJSON in
            self.violations.append(self.invalidValue(path: path, typeName: field.kind.violationTypeName, value: value))
            return value
        }
        switch field.kind {
        case .message(let name):
            if GoogleAdsSchema.message(name) == nil {
                guard case .object = value else { return bad(&self) }
                return value
            }
            return validate(value, message: name, path: path)
        case .string, .bytes, .duration:
            guard case .string = value else { return bad(&self) }
            return value
        case .fieldMask:
            // JSON field masks are lowerCamelCase paths; snake_case does not round-trip and is rejected.
            guard case .string(let text) = value,
                text.isEmpty
                    || text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy({ Self.isCamelPath($0) })
            else { return bad(&self) }
            return value
        case .bool:
            guard case .bool = value else { return bad(&self) }
            return value
        case .int64, .uint64:
            guard let integer = Self.integer(value), field.kind == .int64 || integer >= 0 else { return bad(&self) }
            return .string(String(integer))
        case .int32, .uint32:
            guard let integer = Self.integer(value), integer <= Int64(UInt32.max), integer >= Int64(Int32.min),
                field.kind == .uint32 ? integer >= 0 : integer <= Int64(Int32.max)
            else { return bad(&self) }
            return .int(integer)
        case .double, .float:
            switch value {
            case .int(let integer): return .double(Double(integer))
            case .double: return value
            case .string(let text):
                if let number = Double(text), !text.isEmpty { return .double(number) }
                return bad(&self)
            default: return bad(&self)
            }
        case .enumeration(let name):
            guard let schema = GoogleAdsSchema.enums[name] else { return value }
            switch value {
            case .string(let text) where schema.valueSet.contains(text): return value
            case .int(let number) where number >= 0 && number < schema.values.count:
                return .string(schema.values[Int(number)])
            default: return bad(&self)
            }
        }
    }

    /// `networkSettings.targetSearchNetwork`: dotted lowerCamelCase identifiers.
    private static func isCamelPath(_ path: Substring) -> Bool {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return false }
        return trimmed.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
            guard let first = segment.first, first.isASCII, first.isLowercase else { return false }
            return segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// An integer from a JSON number without a fraction or a decimal string (`"-5"`, `"123"`).
    private static func integer(_ value: SandboxJSON) -> Int64? {
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

    private func invalidValue(path: String, typeName: String, value: SandboxJSON) -> FieldViolation {
        var shown = value.quotedForViolation
        if shown.count > 80 { shown = String(shown.prefix(77)) + "..." }
        return FieldViolation(field: path, description: "Invalid value at '\(path)' (\(typeName)), \(shown)")
    }
}
