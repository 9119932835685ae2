import Foundation

/// Everything the Meta module keeps, as written to `stateDirectory/meta.json` (a missing file is an empty state).
struct MetaStoredState: Sendable, Equatable {
    static let fileName = "meta.json"

    var version = 1
    /// Last id handed out per kind (each kind has its own range, so an id tells its kind in a test failure).
    var lastIds: [String: Int64] = [:]
    /// Ad account id (digits, without `act_`) → account.
    var accounts: [String: MetaAccount] = [:]
    /// Async insights jobs by report run id.
    var reports: [String: MetaReportRun] = [:]
    /// Calls per account in the current usage window (see ``MetaUsage``).
    var usage: [String: MetaUsage] = [:]

    mutating func nextId(_ kind: MetaKind) -> String {
        let next = (lastIds[kind.rawValue] ?? kind.firstId - 1) + 1
        lastIds[kind.rawValue] = next
        return String(next)
    }

    /// The account holding node `id`, and the node.
    func node(_ id: String) -> (account: String, node: MetaNode)? {
        for (accountId, account) in accounts { if let node = account.nodes[id] { return (accountId, node) } }
        return nil
    }
}

/// The kinds of objects the module keeps.
enum MetaKind: String, Sendable, CaseIterable {
    case campaign, adset, ad, adcreative, reportRun

    /// The reference node name (`Campaign.json`, …).
    var node: String {
        switch self {
        case .campaign: "Campaign"
        case .adset: "AdSet"
        case .ad: "Ad"
        case .adcreative: "AdCreative"
        case .reportRun: "AdReportRun"
        }
    }

    var firstId: Int64 {
        switch self {
        case .campaign: 120_200_000_000_000_001
        case .adset: 120_210_000_000_000_001
        case .ad: 120_220_000_000_000_001
        case .adcreative: 120_230_000_000_000_001
        case .reportRun: 1_900_000_000_000_001
        }
    }
}

/// One campaign, ad set, ad or creative: its wire fields as a read gives them back (budgets as strings of cents, ids as
/// strings, `targeting` and `object_story_spec` as JSON objects). `effective_status` is derived at read time.
struct MetaNode: Sendable, Equatable {
    var kind: MetaKind
    var fields: [String: SandboxJSON]

    var id: String { fields["id"]?.stringValue ?? "" }
    var name: String { fields["name"]?.stringValue ?? "" }
    var status: String { fields["status"]?.stringValue ?? "ACTIVE" }
    var isLive: Bool { status != "DELETED" && status != "ARCHIVED" }
    /// The campaign of an ad set or ad, the ad set of an ad.
    var campaignId: String? { fields["campaign_id"]?.stringValue }
    var adsetId: String? { fields["adset_id"]?.stringValue }
}

/// An uploaded image.
struct MetaImage: Sendable, Equatable {
    var hash: String
    var name: String
    var bytes: Int
}

/// One ad's final delivery on one day (spend in cents of the account currency, USD).
struct MetaDay: Sendable, Equatable {
    var impressions: Int64
    var reach: Int64
    var clicks: Int64
    var spendCents: Int64
}

/// One ad account.
struct MetaAccount: Sendable, Equatable {
    var nodes: [String: MetaNode] = [:]
    var images: [String: MetaImage] = [:]
    /// Ad id → `yyyy-MM-dd` → final delivery (only days with delivery).
    var adDays: [String: [String: MetaDay]] = [:]

    func nodes(_ kind: MetaKind) -> [MetaNode] {
        nodes.values.filter { $0.kind == kind }.sorted { (Int64($0.id) ?? 0) > (Int64($1.id) ?? 0) }
    }
}

/// An async insights job: its params, the sandbox day it was run for (restatement depends on it), how often it was polled.
struct MetaReportRun: Sendable, Equatable {
    var accountId: String
    var params: [String: String]
    var asOfDay: Int
    var polls: Int
    var createdAt: Int64
}

/// Calls per account within the current hour of the sandbox's clock, for the `x-business-use-case-usage` and
/// `x-ad-account-usage` headers: percentages rise with the calls so that a client can slow down before refusals.
struct MetaUsage: Sendable, Equatable {
    var window: Int64
    var calls: Int
}

extension MetaStoredState: SandboxStateFile {
    static let kind = "a Meta sandbox state file (version 1)"

    var json: SandboxJSON {
        var accounts: [String: SandboxJSON] = [:]
        for (id, account) in self.accounts {
            accounts[id] = [
                "nodes": .object(account.nodes.mapValues { ["kind": .string($0.kind.rawValue), "fields": .object($0.fields)] }),
                "images": .object(account.images.mapValues { ["hash": .string($0.hash), "name": .string($0.name), "bytes": .int(Int64($0.bytes))] }),
                "adDays": .object(account.adDays.mapValues { days in
                    .object(days.mapValues { ["impressions": .int($0.impressions), "reach": .int($0.reach), "clicks": .int($0.clicks), "spendCents": .int($0.spendCents)] })
                }),
            ]
        }
        return [
            "version": .int(Int64(version)),
            "lastIds": .object(lastIds.mapValues { .int($0) }),
            "accounts": .object(accounts),
            "reports": .object(reports.mapValues {
                [
                    "accountId": .string($0.accountId), "params": .object($0.params.mapValues { .string($0) }),
                    "asOf": .string(SandboxCalendar.string($0.asOfDay)), "polls": .int(Int64($0.polls)), "createdAt": .int($0.createdAt),
                ]
            }),
        ]
    }

    init?(json: SandboxJSON) {
        guard json["version"]?.int64Value == 1 else { return nil }
        self.init()
        lastIds = json["lastIds"]?.objectValue?.compactMapValues(\.int64Value) ?? [:]
        for (id, account) in json["accounts"]?.objectValue ?? [:] {
            var stored = MetaAccount()
            for (nodeId, node) in account["nodes"]?.objectValue ?? [:] {
                guard let kind = node["kind"]?.stringValue.flatMap(MetaKind.init(rawValue:)), let fields = node["fields"]?.objectValue else { return nil }
                stored.nodes[nodeId] = MetaNode(kind: kind, fields: fields)
            }
            for (hash, image) in account["images"]?.objectValue ?? [:] {
                stored.images[hash] = MetaImage(
                    hash: hash, name: image["name"]?.stringValue ?? "", bytes: Int(image["bytes"]?.int64Value ?? 0))
            }
            for (adId, days) in account["adDays"]?.objectValue ?? [:] {
                stored.adDays[adId] = days.objectValue?.compactMapValues { day in
                    guard let impressions = day["impressions"]?.int64Value, let reach = day["reach"]?.int64Value,
                        let clicks = day["clicks"]?.int64Value, let spend = day["spendCents"]?.int64Value
                    else { return nil }
                    return MetaDay(impressions: impressions, reach: reach, clicks: clicks, spendCents: spend)
                }
            }
            accounts[id] = stored
        }
        for (id, report) in json["reports"]?.objectValue ?? [:] {
            guard let accountId = report["accountId"]?.stringValue, let asOf = report["asOf"]?.stringValue.flatMap(SandboxCalendar.day) else { continue }
            reports[id] = MetaReportRun(
                accountId: accountId, params: report["params"]?.objectValue?.compactMapValues(\.stringValue) ?? [:], asOfDay: asOf,
                polls: Int(report["polls"]?.int64Value ?? 0), createdAt: report["createdAt"]?.int64Value ?? 0)
        }
    }
}
