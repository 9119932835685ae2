/// The Google Ads v25 message and enum tables the sandbox validates requests against.
///
/// The tables themselves live in `Generated/GoogleAdsSchema.swift`, produced by
/// `scripts/generate-google-ads-sandbox-schema.py` from the reference digest; this file holds the
/// types and the lookups.
enum GoogleAdsSchema {
    /// Messages by full name (`resources.Campaign`).
    static let messages: [String: MessageSchema] = Dictionary(
        uniqueKeysWithValues: generatedMessages.map { ($0.name, $0) }
    )

    /// Enum values by full enum name (`enums.CampaignStatusEnum.CampaignStatus`).
    static let enums: [String: EnumSchema] = Dictionary(
        uniqueKeysWithValues: generatedEnums.map { ($0.name, $0) }
    )

    /// The message named `name`, or nil for an opaque (unexpanded) or unknown message.
    static func message(_ name: String) -> MessageSchema? { messages[name] }

    /// The proto type URL Google's front end prints for a message or enum, e.g.
    /// `type.googleapis.com/google.ads.googleads.v25.enums.CampaignStatusEnum.CampaignStatus`.
    static func typeURL(_ name: String) -> String {
        if name.hasPrefix("google.") { return "type.googleapis.com/\(name)" }
        return "type.googleapis.com/google.ads.googleads.v25.\(name)"
    }
}

/// One message: its fields in proto order, indexed by JSON and proto names.
struct MessageSchema: Sendable {
    let name: String
    let resourceName: String?
    let fields: [FieldSchema]
    let byJSON: [String: FieldSchema]
    let byProto: [String: FieldSchema]
    /// oneof name → member JSON names.
    let oneofs: [String: [String]]

    init(name: String, resourceName: String?, fields: [FieldSchema]) {
        self.name = name
        self.resourceName = resourceName
        self.fields = fields
        var byJSON: [String: FieldSchema] = [:]
        var byProto: [String: FieldSchema] = [:]
        var oneofs: [String: [String]] = [:]
        for field in fields {
            byJSON[field.json] = field
            byProto[field.proto] = field
            if let oneof = field.oneof { oneofs[oneof, default: []].append(field.json) }
        }
        self.byJSON = byJSON
        self.byProto = byProto
        self.oneofs = oneofs
    }

    /// The field with this JSON key; the proto (snake_case) name is accepted too, as the proto3
    /// JSON mapping requires.
    func field(named key: String) -> FieldSchema? { byJSON[key] ?? byProto[key] }
}

/// One field of a message.
struct FieldSchema: Sendable {
    let json: String
    let proto: String
    let kind: FieldKind
    let repeated: Bool
    let optional: Bool
    let behaviors: Set<FieldBehavior>
    let oneof: String?

    var isOutputOnly: Bool { behaviors.contains(.outputOnly) }
    var isImmutable: Bool { behaviors.contains(.immutable) }
}

/// The wire type of a field.
enum FieldKind: Sendable, Equatable {
    case string, bytes, bool, double, float, int32, uint32, int64, uint64
    case fieldMask, duration
    case enumeration(String)
    case message(String)

    /// The type name ESF prints in `Invalid value at '…' (TYPE_INT64), …` messages.
    var violationTypeName: String {
        switch self {
        case .string: "TYPE_STRING"
        case .bytes: "TYPE_BYTES"
        case .bool: "TYPE_BOOL"
        case .double: "TYPE_DOUBLE"
        case .float: "TYPE_FLOAT"
        case .int32: "TYPE_INT32"
        case .uint32: "TYPE_UINT32"
        case .int64: "TYPE_INT64"
        case .uint64: "TYPE_UINT64"
        case .fieldMask: GoogleAdsSchema.typeURL("google.protobuf.FieldMask")
        case .duration: GoogleAdsSchema.typeURL("google.protobuf.Duration")
        case .enumeration(let name), .message(let name): GoogleAdsSchema.typeURL(name)
        }
    }

    /// True for int64-like fields, which proto3 JSON writes as strings.
    var isJSONString: Bool { self == .int64 || self == .uint64 }
}

/// `google.api.field_behavior` values the sandbox acts on.
enum FieldBehavior: Sendable, Hashable {
    case outputOnly, immutable, required
}

/// One enum and its values in proto order.
struct EnumSchema: Sendable {
    let name: String
    let values: [String]
    let valueSet: Set<String>

    init(name: String, values: [String]) {
        self.name = name
        self.values = values
        self.valueSet = Set(values)
    }
}

/// One `ErrorCode` oneof member and value, e.g. `{"fieldError": "REQUIRED"}`.
///
/// Only the constants in `Generated/GoogleAdsSchema.swift` are used; the generator checks each one
/// against the reference's `errorEnumValues`.
struct GoogleAdsErrorCode: Sendable, Hashable, CustomStringConvertible {
    let member: String
    let value: String
    var description: String { "\(member).\(value)" }
}
