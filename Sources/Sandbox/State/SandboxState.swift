/// A read-only copy of everything in the sandbox, for tests that compare tfz's view with the
/// platform's.
public struct SandboxState: Sendable, Equatable {
    /// Customer id (digits only) → account.
    public var accounts: [String: Account]

    /// One Google Ads account. Resources are sorted by id; removed campaigns, budgets, ad groups
    /// and ads stay here with status `REMOVED`, removed criteria are gone.
    public struct Account: Sendable, Equatable {
        public var campaignBudgets: [SandboxResource]
        public var campaigns: [SandboxResource]
        public var campaignCriteria: [SandboxResource]
        public var adGroups: [SandboxResource]
        public var adGroupCriteria: [SandboxResource]
        public var adGroupAds: [SandboxResource]
        /// Simulated delivery per keyword and day, sorted by keyword and date.
        public var keywordMetrics: [KeywordDayMetrics]

        /// The campaign with this exact name (a removed one only if no other has the name).
        public func campaign(named name: String) -> SandboxResource? {
            let matches = campaigns.filter { $0.name == name }
            return matches.first { $0.status != "REMOVED" } ?? matches.first
        }

        /// Any resource of the account by its resource name.
        public func resource(_ resourceName: String) -> SandboxResource? {
            [campaignBudgets, campaigns, campaignCriteria, adGroups, adGroupCriteria, adGroupAds]
                .lazy.flatMap { $0 }.first { $0.resourceName == resourceName }
        }
    }

    /// The account `customerId`, or an empty one.
    public func account(_ customerId: String) -> Account {
        accounts[customerId]
            ?? Account(
                campaignBudgets: [], campaigns: [], campaignCriteria: [], adGroups: [], adGroupCriteria: [],
                adGroupAds: [], keywordMetrics: []
            )
    }
}

/// One resource as the sandbox holds it: proto3 JSON with lowerCamelCase keys and int64 values as
/// strings, exactly what `googleAds:search` would return for it.
public struct SandboxResource: Sendable, Equatable {
    public let resourceName: String
    public let fields: SandboxJSON

    /// `id` (or `criterionId` for criteria, `ad.id` for ads), as the int64 string.
    public var id: String? {
        fields["id"]?.stringValue ?? fields["criterionId"]?.stringValue ?? fields.value(atPath: "ad.id")?.stringValue
    }
    public var name: String? { fields["name"]?.stringValue }
    public var status: String? { fields["status"]?.stringValue }

    /// The value at a dotted lowerCamelCase path, e.g. `keyword.text`.
    public subscript(path: String) -> SandboxJSON? { fields.value(atPath: path) }
}

/// Simulated delivery of one keyword on one day.
public struct KeywordDayMetrics: Sendable, Equatable {
    /// The keyword's ad group criterion resource name.
    public let keyword: String
    /// `yyyy-MM-dd`.
    public let date: String
    public let impressions: Int64
    public let clicks: Int64
    public let costMicros: Int64
}

extension SandboxState {
    init(_ stored: StoredState) {
        var accounts: [String: Account] = [:]
        for (customerId, account) in stored.accounts {
            func list(_ kind: ResourceKind) -> [SandboxResource] {
                ResourceOrder.sorted(account[kind]).map { SandboxResource(resourceName: $0.key, fields: $0.value) }
            }
            var metrics: [KeywordDayMetrics] = []
            for keyword in ResourceOrder.sortedKeys(account.keywordMetrics.keys) {
                for (date, day) in account.keywordMetrics[keyword]!.sorted(by: { $0.key < $1.key }) {
                    metrics.append(
                        KeywordDayMetrics(
                            keyword: keyword, date: date, impressions: day.impressions, clicks: day.clicks,
                            costMicros: day.costMicros
                        )
                    )
                }
            }
            accounts[customerId] = Account(
                campaignBudgets: list(.campaignBudget), campaigns: list(.campaign),
                campaignCriteria: list(.campaignCriterion), adGroups: list(.adGroup),
                adGroupCriteria: list(.adGroupCriterion), adGroupAds: list(.adGroupAd), keywordMetrics: metrics
            )
        }
        self.accounts = accounts
    }
}

/// Orders resource names by their numeric id parts, so `…/9` sorts before `…/10`.
enum ResourceOrder {
    /// The entries of a resource collection sorted by resource name (each name parsed once).
    static func sorted(_ resources: [String: SandboxJSON]) -> [(key: String, value: SandboxJSON)] {
        sortedKeys(resources.keys).map { ($0, resources[$0]!) }
    }

    /// Resource names in id order (each parsed once).
    static func sortedKeys(_ names: some Sequence<String>) -> [String] {
        names.map { name -> (String, String, String, [Int64]) in
            let parsed = ResourceName(name)
            return (name, parsed?.customerId ?? "", parsed?.collection ?? name, parsed?.idParts ?? [])
        }
        .sorted { left, right in
            if left.1 != right.1 { return left.1 < right.1 }
            if left.2 != right.2 { return left.2 < right.2 }
            if left.3 != right.3 { return left.3.lexicographicallyPrecedes(right.3) }
            return left.0 < right.0
        }
        .map(\.0)
    }
}
