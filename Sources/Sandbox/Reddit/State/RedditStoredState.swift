import Foundation

/// Everything the Reddit module keeps, as written to `stateDirectory/reddit.json` (a missing file is an empty state).
struct RedditStoredState: Sendable, Equatable {
    static let fileName = "reddit.json"

    var version = 1
    /// Last id handed out per kind (each kind has its own range, so an id tells its kind in a test failure).
    var lastIds: [String: Int64] = [:]
    /// Ad account id (`a2_…`) → account.
    var accounts: [String: RedditAccount] = [:]
    /// Posts by id (`t3_…`); a post belongs to a profile (`profile_id`), not to an ad account.
    var posts: [String: RedditObject] = [:]
    /// Access tokens the token endpoint issued → expiry (seconds since 1970).
    var tokens: [String: Int64] = [:]
    /// Calls per rate-limit policy in the current minute of the sandbox clock (not persisted).
    var usage: [String: RedditUsage] = [:]

    mutating func nextId(_ kind: RedditKind) -> String {
        let next = (lastIds[kind.rawValue] ?? kind.firstId - 1) + 1
        lastIds[kind.rawValue] = next
        return kind == .post ? "t3_" + String(next, radix: 36) : String(next)
    }

    /// The account holding campaign, ad group or ad `id`, and the object.
    func object(_ id: String) -> (account: String, object: RedditObject)? {
        for (accountId, account) in accounts { if let object = account.objects[id] { return (accountId, object) } }
        return nil
    }
}

/// The kinds of objects the module keeps.
enum RedditKind: String, Sendable, CaseIterable {
    case campaign, adGroup = "ad_group", ad, post

    /// The reference model an object of the kind is read as.
    var model: String {
        switch self {
        case .campaign: "Campaign"
        case .adGroup: "AdGroup"
        case .ad: "Ad"
        case .post: "Post"
        }
    }

    var firstId: Int64 {
        switch self {
        case .campaign: 1_700_000_000_000_000_001
        case .adGroup: 1_710_000_000_000_000_001
        case .ad: 1_720_000_000_000_000_001
        case .post: 2_176_782_336  // base 36 "1000000": seven characters like Reddit's post ids
        }
    }
}

/// One campaign, ad group, ad or post: its wire fields as written (money in micros, times as sent) plus the ones the
/// sandbox sets (`id`, `ad_account_id`, `created_at`, `modified_at`, `campaign_id` of an ad, `profile_id` of a post).
/// `effective_status` and the other derived fields are computed at read time.
struct RedditObject: Sendable, Equatable {
    var kind: RedditKind
    var fields: [String: SandboxJSON]

    var id: String { fields["id"]?.stringValue ?? "" }
    var name: String { fields["name"]?.stringValue ?? "" }
    var configuredStatus: String { fields["configured_status"]?.stringValue ?? "ACTIVE" }
    var isLive: Bool { configuredStatus != "DELETED" && configuredStatus != "ARCHIVED" }
    var campaignId: String? { fields["campaign_id"]?.stringValue }
    var adGroupId: String? { fields["ad_group_id"]?.stringValue }
}

/// One ad's final delivery on one day (spend in micros of the account currency, USD).
struct RedditDay: Sendable, Equatable {
    var impressions: Int64
    var reach: Int64
    var clicks: Int64
    var spendMicros: Int64
}

/// One ad account: its campaigns, ad groups and ads by id, and the simulated delivery.
struct RedditAccount: Sendable, Equatable {
    var objects: [String: RedditObject] = [:]
    /// Ad id → `yyyy-MM-dd` → final delivery (only days with delivery).
    var adDays: [String: [String: RedditDay]] = [:]

    /// The objects of a kind, oldest first (ids grow).
    func objects(_ kind: RedditKind) -> [RedditObject] {
        objects.values.filter { $0.kind == kind }.sorted { (Int64($0.id) ?? 0) < (Int64($1.id) ?? 0) }
    }
}

/// Calls of one rate-limit policy within one minute of the sandbox clock.
struct RedditUsage: Sendable, Equatable {
    var window: Int64
    var calls: Int
}

extension RedditStoredState: SandboxStateFile {
    static let kind = "a Reddit sandbox state file (version 1)"

    private static func encode(_ object: RedditObject) -> SandboxJSON {
        ["kind": .string(object.kind.rawValue), "fields": .object(object.fields)]
    }

    private static func decode(_ json: SandboxJSON) -> RedditObject? {
        guard let kind = json["kind"]?.stringValue.flatMap(RedditKind.init(rawValue:)), let fields = json["fields"]?.objectValue else { return nil }
        return RedditObject(kind: kind, fields: fields)
    }

    var json: SandboxJSON {
        var accounts: [String: SandboxJSON] = [:]
        for (id, account) in self.accounts {
            accounts[id] = [
                "objects": .object(account.objects.mapValues(Self.encode)),
                "adDays": .object(account.adDays.mapValues { days in
                    .object(days.mapValues {
                        ["impressions": .int($0.impressions), "reach": .int($0.reach), "clicks": .int($0.clicks), "spendMicros": .int($0.spendMicros)]
                    })
                }),
            ]
        }
        return [
            "version": .int(Int64(version)),
            "lastIds": .object(lastIds.mapValues { .int($0) }),
            "accounts": .object(accounts),
            "posts": .object(posts.mapValues(Self.encode)),
            "tokens": .object(tokens.mapValues { .int($0) }),
        ]
    }

    init?(json: SandboxJSON) {
        guard json["version"]?.int64Value == 1 else { return nil }
        self.init()
        lastIds = json["lastIds"]?.objectValue?.compactMapValues(\.int64Value) ?? [:]
        tokens = json["tokens"]?.objectValue?.compactMapValues(\.int64Value) ?? [:]
        for (id, post) in json["posts"]?.objectValue ?? [:] {
            guard let object = Self.decode(post) else { return nil }
            posts[id] = object
        }
        for (id, account) in json["accounts"]?.objectValue ?? [:] {
            var stored = RedditAccount()
            for (objectId, object) in account["objects"]?.objectValue ?? [:] {
                guard let decoded = Self.decode(object) else { return nil }
                stored.objects[objectId] = decoded
            }
            for (adId, days) in account["adDays"]?.objectValue ?? [:] {
                stored.adDays[adId] = days.objectValue?.compactMapValues { day in
                    guard let impressions = day["impressions"]?.int64Value, let reach = day["reach"]?.int64Value,
                        let clicks = day["clicks"]?.int64Value, let spend = day["spendMicros"]?.int64Value
                    else { return nil }
                    return RedditDay(impressions: impressions, reach: reach, clicks: clicks, spendMicros: spend)
                }
            }
            accounts[id] = stored
        }
    }
}
