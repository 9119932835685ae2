/// The Microsoft Advertising REST v13 models the sandbox validates requests against.
///
/// The tables live in `Generated/MicrosoftAdsSchema+Tables.swift`, produced by
/// `scripts/generate-microsoft-ads-sandbox-schema.py` from the reference digest; this file holds the
/// types and the lookups. Model names carry the service prefix of the digest: `cm.Campaign`,
/// `rep.KeywordPerformanceReportRequest`.
enum MicrosoftAdsSchema {
    static let models: [String: MicrosoftModelSchema] = Dictionary(
        uniqueKeysWithValues: generatedModels.map { ($0.name, $0) }
    )

    static let enumValues: [String: Set<String>] = generatedEnums.mapValues { Set($0) }

    static func model(_ name: String) -> MicrosoftModelSchema? { models[name] }

    /// The values of an enum, in reference order (`rep.KeywordPerformanceReportColumn`).
    static func values(_ enumName: String) -> [String] { generatedEnums[enumName] ?? [] }

    /// The `"Type"` string to write for a concrete model: its `typeValue`, or for a subtype the
    /// digest does not expand, the shortest string its base accepts for it (`ResponsiveSearch`, not
    /// `ResponsiveSearchAd`).
    static func writtenType(base: MicrosoftModelSchema, concrete: String) -> String {
        if let typeValue = models[concrete]?.typeValue { return typeValue }
        let candidates = (base.subtypes ?? [:]).filter { $0.value == concrete }.map(\.key)
        return candidates.min { $0.count != $1.count ? $0.count < $1.count : $0 < $1 } ?? concrete
    }
}

/// One model: its fields by exact PascalCase JSON name.
struct MicrosoftModelSchema: Sendable {
    let name: String
    /// The `"Type"` value that selects this model, for subtypes.
    let typeValue: String?
    /// For polymorphic bases: accepted `"Type"` value → concrete model name (short and long forms).
    let subtypes: [String: String]?
    let fields: [MicrosoftFieldSchema]
    let byName: [String: MicrosoftFieldSchema]

    init(name: String, typeValue: String?, subtypes: [String: String]?, fields: [MicrosoftFieldSchema]) {
        self.name = name
        self.typeValue = typeValue
        self.subtypes = subtypes
        self.fields = fields
        self.byName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `Ad` for `cm.Ad`.
    var shortName: String { String(name.split(separator: ".").last ?? Substring(name)) }
}

/// One field of a model.
struct MicrosoftFieldSchema: Sendable {
    let name: String
    let kind: MicrosoftFieldKind
    let array: Bool
}

/// The JSON type of a field.
enum MicrosoftFieldKind: Sendable, Equatable {
    case string
    /// An int64: a JSON string in responses; a string or a number in requests.
    case int64
    case int32
    case double
    case bool
    /// An ISO 8601 date-time string.
    case dateTime
    /// Any JSON object (a model the digest does not expand).
    case object
    /// A PascalCase enum string; with `flags`, several values joined with commas.
    case enumeration(String, flags: Bool)
    case model(String)
}
