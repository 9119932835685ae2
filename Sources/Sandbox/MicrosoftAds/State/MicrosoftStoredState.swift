import Foundation

/// Everything the Microsoft Advertising module keeps, as written to `stateDirectory/microsoft-ads.json`
/// (next to the Google module's `google-ads.json`; a missing file is an empty state).
struct MicrosoftStoredState: Sendable, Equatable {
    var version: Int = 1
    /// Last id handed out per entity kind.
    var lastIds: [String: Int64] = [:]
    /// Account id (`CustomerAccountId`) → account.
    var accounts: [String: MicrosoftStoredAccount] = [:]
    /// Issued access tokens → expiry (seconds since 1970).
    var accessTokens: [String: Double] = [:]
    /// Refresh tokens issued by the token endpoint (the configured one is always valid too), newest last.
    var refreshTokens: [String] = []
    /// Set by the test hook: every refresh token is "expired after 90 days of inactivity".
    var refreshTokenExpired = false
    /// Report request id → job.
    var reports: [String: MicrosoftReportJob] = [:]

    /// The next id for `kind` (ids of different kinds never collide: each kind has its own range).
    mutating func nextId(_ kind: MicrosoftEntityKind) -> Int64 {
        let next = (lastIds[kind.rawValue] ?? kind.firstId - 1) + 1
        lastIds[kind.rawValue] = next
        return next
    }

    mutating func nextReportId() -> String {
        let next = (lastIds["report"] ?? 30_000_000_000) + 1
        lastIds["report"] = next
        return String(next)
    }
}

/// The kinds of Campaign Management objects the sandbox keeps.
enum MicrosoftEntityKind: String, Sendable, CaseIterable {
    case campaign, adGroup, keyword, ad, campaignCriterion, negativeKeyword

    /// The model of the stored fields.
    var model: String {
        switch self {
        case .campaign: "cm.Campaign"
        case .adGroup: "cm.AdGroup"
        case .keyword: "cm.Keyword"
        case .ad: "cm.Ad"
        case .campaignCriterion: "cm.CampaignCriterion"
        case .negativeKeyword: "cm.NegativeKeyword"
        }
    }

    /// The first id of the kind's range, so that an id tells its kind in a test failure.
    var firstId: Int64 {
        switch self {
        case .campaign: 510_000_001
        case .adGroup: 1_310_000_001
        case .keyword: 71_000_000_001
        case .ad: 84_000_000_001
        case .campaignCriterion: 92_000_000_001
        case .negativeKeyword: 41_000_000_001
        }
    }
}

/// One object: its parent (account for campaigns, campaign for ad groups and criterions, ad group
/// for keywords and ads, the entity for negative keywords) and its wire fields as Get* returns them
/// (PascalCase keys, ids as strings, `"Type"` short values).
struct MicrosoftRecord: Sendable, Equatable {
    var parent: Int64
    var fields: [String: SandboxJSON]

    var status: String? { fields["Status"]?.stringValue }
    var isDeleted: Bool { status == "Deleted" }
}

/// One Microsoft Advertising account in the sandbox.
struct MicrosoftStoredAccount: Sendable, Equatable {
    var entities: [String: [Int64: MicrosoftRecord]] = [:]
    /// Keyword id → date (`yyyy-MM-dd`) → final delivery figures (cost in micros, whole cents).
    var keywordMetrics: [Int64: [String: DailyMetrics]] = [:]

    subscript(kind: MicrosoftEntityKind) -> [Int64: MicrosoftRecord] {
        get { entities[kind.rawValue] ?? [:] }
        _modify { yield &entities[kind.rawValue, default: [:]] }
    }

    /// The live (not deleted) object of `kind` with `id`.
    func live(_ kind: MicrosoftEntityKind, _ id: Int64?) -> MicrosoftRecord? {
        guard let id, let record = self[kind][id], !record.isDeleted else { return nil }
        return record
    }

    /// Live children of `parent`, in id order.
    func children(_ kind: MicrosoftEntityKind, of parent: Int64) -> [(id: Int64, record: MicrosoftRecord)] {
        self[kind].filter { $0.value.parent == parent && !$0.value.isDeleted }.sorted { $0.key < $1.key }
            .map { ($0.key, $0.value) }
    }
}

/// A submitted report: the validated request, how often it was polled, and the sandbox day it was
/// generated for (restatement depends on it).
struct MicrosoftReportJob: Sendable, Equatable {
    var request: SandboxJSON
    var accountIds: [String]
    var polls: Int
    var asOfDay: Int
    /// Data rows of the generated file, set on the poll that answers Success.
    var rows: Int?
}

extension MicrosoftStoredState: SandboxStateFile {
    static let fileName = "microsoft-ads.json"

    static let kind = "a Microsoft Advertising sandbox state file (version 1)"

    /// `{"version": 1, "lastIds": {...}, "accessTokens": {...}, "refreshTokens": [...], "refreshTokenExpired": bool,
    /// "accounts": {accountId: {"entities": {kind: {id: {"parent": "id", "fields": {...}}}}, "keywordMetrics":
    /// {keywordId: {date: {...}}}}}, "reports": {id: {"request", "accountIds", "polls", "asOf", "rows"?}}}`.
    var json: SandboxJSON {
        var accounts: [String: SandboxJSON] = [:]
        for (accountId, account) in self.accounts {
            var entities: [String: SandboxJSON] = [:]
            for (kind, records) in account.entities {
                var byId: [String: SandboxJSON] = [:]
                for (id, record) in records {
                    byId[String(id)] = ["parent": .string(String(record.parent)), "fields": .object(record.fields)]
                }
                entities[kind] = .object(byId)
            }
            var metrics: [String: SandboxJSON] = [:]
            for (keyword, days) in account.keywordMetrics {
                metrics[String(keyword)] = .object(
                    days.mapValues {
                        [
                            "impressions": .int($0.impressions), "clicks": .int($0.clicks), "costMicros": .int($0.costMicros),
                            "eligibleSearches": .int($0.eligibleSearches), "budgetLostImpressions": .int($0.budgetLostImpressions),
                        ]
                    }
                )
            }
            accounts[accountId] = ["entities": .object(entities), "keywordMetrics": .object(metrics)]
        }
        var reports: [String: SandboxJSON] = [:]
        for (id, job) in self.reports {
            var entry: SandboxJSON = [
                "request": job.request, "accountIds": .array(job.accountIds.map(SandboxJSON.string)),
                "polls": .int(Int64(job.polls)), "asOf": .string(SandboxCalendar.string(job.asOfDay)),
            ]
            if let rows = job.rows { entry["rows"] = .int(Int64(rows)) }
            reports[id] = entry
        }
        return [
            "version": .int(Int64(version)),
            "lastIds": .object(lastIds.mapValues { .int($0) }),
            "accessTokens": .object(accessTokens.mapValues { .double($0) }),
            "refreshTokens": .array(refreshTokens.map(SandboxJSON.string)),
            "refreshTokenExpired": .bool(refreshTokenExpired),
            "accounts": .object(accounts),
            "reports": .object(reports),
        ]
    }

    /// JSON writes a whole double as an integer (`25`); running the stored fields through the validator
    /// again gives them back their types (`25.0`), so a reloaded state equals the saved one.
    static func renormalized(_ fields: [String: SandboxJSON], kind: String) -> [String: SandboxJSON] {
        guard let model = MicrosoftEntityKind(rawValue: kind)?.model else { return fields }
        let hidden = fields.filter { $0.key.hasPrefix("_") }
        var validator = MicrosoftSchemaValidator()
        var result = validator.validate(.object(fields), model: model, path: "").objectValue ?? fields
        result.merge(hidden) { _, stored in stored }
        return result
    }

    init?(json: SandboxJSON) {
        guard json["version"]?.int64Value == 1 else { return nil }
        self.init()
        lastIds = json["lastIds"]?.objectValue?.compactMapValues(\.int64Value) ?? [:]
        accessTokens = json["accessTokens"]?.objectValue?.compactMapValues(\.doubleValue) ?? [:]
        refreshTokens = json["refreshTokens"]?.arrayValue?.compactMap(\.stringValue) ?? []
        refreshTokenExpired = json["refreshTokenExpired"]?.boolValue ?? false
        for (accountId, account) in json["accounts"]?.objectValue ?? [:] {
            var stored = MicrosoftStoredAccount()
            for (kind, records) in account["entities"]?.objectValue ?? [:] {
                var byId: [Int64: MicrosoftRecord] = [:]
                for (id, record) in records.objectValue ?? [:] {
                    guard let id = Int64(id), let parent = record["parent"]?.int64Value,
                        let fields = record["fields"]?.objectValue
                    else { return nil }
                    byId[id] = MicrosoftRecord(parent: parent, fields: Self.renormalized(fields, kind: kind))
                }
                stored.entities[kind] = byId
            }
            for (keyword, days) in account["keywordMetrics"]?.objectValue ?? [:] {
                guard let keywordId = Int64(keyword) else { return nil }
                stored.keywordMetrics[keywordId] = days.objectValue?.compactMapValues { day in
                    guard let impressions = day["impressions"]?.int64Value, let clicks = day["clicks"]?.int64Value,
                        let cost = day["costMicros"]?.int64Value
                    else { return nil }
                    return DailyMetrics(
                        impressions: impressions, clicks: clicks, costMicros: cost,
                        eligibleSearches: day["eligibleSearches"]?.int64Value ?? 0,
                        budgetLostImpressions: day["budgetLostImpressions"]?.int64Value ?? 0)
                }
            }
            accounts[accountId] = stored
        }
        for (id, entry) in json["reports"]?.objectValue ?? [:] {
            guard let request = entry["request"], let asOf = entry["asOf"]?.stringValue.flatMap(SandboxCalendar.day)
            else { continue }
            reports[id] = MicrosoftReportJob(
                request: request, accountIds: entry["accountIds"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                polls: Int(entry["polls"]?.int64Value ?? 0), asOfDay: asOf, rows: entry["rows"]?.int64Value.map(Int.init))
        }
    }
}
