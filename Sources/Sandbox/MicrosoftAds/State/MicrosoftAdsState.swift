/// A read-only copy of the Microsoft Advertising side of the sandbox, for tests.
public struct MicrosoftAdsState: Sendable, Equatable {
    /// Account id (`CustomerAccountId`) → account.
    public var accounts: [String: Account]

    /// One account. Objects are sorted by id; deleted campaigns, ad groups, keywords, ads and criterions
    /// stay here with `"Status": "Deleted"` (Get* calls no longer return them); deleted negative
    /// keywords are gone.
    public struct Account: Sendable, Equatable {
        public var campaigns: [MicrosoftEntity]
        public var adGroups: [MicrosoftEntity]
        public var keywords: [MicrosoftEntity]
        public var ads: [MicrosoftEntity]
        public var campaignCriterions: [MicrosoftEntity]
        /// Entity negative keywords; `parentId` is the campaign or ad group, `entityType` says which.
        public var negativeKeywords: [MicrosoftEntity]
        /// Final (unrestated) simulated delivery per keyword and day, sorted by keyword id and date.
        public var keywordMetrics: [MicrosoftKeywordDayMetrics]

        /// The live campaign with this name (case-insensitive, as Microsoft compares names).
        public func campaign(named name: String) -> MicrosoftEntity? {
            campaigns.first { $0.status != "Deleted" && $0.name?.lowercased() == name.lowercased() }
        }
    }

    public func account(_ accountId: String) -> Account {
        accounts[accountId]
            ?? Account(
                campaigns: [], adGroups: [], keywords: [], ads: [], campaignCriterions: [], negativeKeywords: [],
                keywordMetrics: [])
    }
}

/// One Campaign Management object as a Get* call returns it.
public struct MicrosoftEntity: Sendable, Equatable {
    public let id: String
    /// The campaign of an ad group or criterion, the ad group of a keyword or ad, the entity of a
    /// negative keyword; the account id for a campaign.
    public let parentId: String
    /// For negative keywords, `Campaign` or `AdGroup`; nil otherwise.
    public let entityType: String?
    /// PascalCase wire JSON (ids as strings).
    public let fields: SandboxJSON

    public var name: String? { fields["Name"]?.stringValue }
    public var status: String? { fields["Status"]?.stringValue }
    /// The value at a dotted path such as `BiddingScheme.Type` or `Criterion.LocationId`.
    public subscript(path: String) -> SandboxJSON? { fields.value(atPath: path) }
}

/// Simulated delivery of one keyword on one day (final figures, before restatement).
public struct MicrosoftKeywordDayMetrics: Sendable, Equatable {
    public let keywordId: String
    /// `yyyy-MM-dd`.
    public let date: String
    public let impressions: Int64
    public let clicks: Int64
    /// Spend in micros of the account currency (always whole cents).
    public let costMicros: Int64
    /// Searches the keyword was eligible for (the impression share denominator).
    public let eligibleSearches: Int64
}

extension MicrosoftAdsState {
    init(_ stored: MicrosoftStoredState) {
        var accounts: [String: Account] = [:]
        for (accountId, account) in stored.accounts {
            func list(_ kind: MicrosoftEntityKind) -> [MicrosoftEntity] {
                account[kind].sorted { $0.key < $1.key }.map { id, record in
                    var fields = record.fields
                    let entityType = kind == .negativeKeyword ? fields.removeValue(forKey: "_EntityType")?.stringValue : nil
                    return MicrosoftEntity(
                        id: String(id), parentId: String(record.parent), entityType: entityType, fields: .object(fields))
                }
            }
            var metrics: [MicrosoftKeywordDayMetrics] = []
            for (keyword, days) in account.keywordMetrics.sorted(by: { $0.key < $1.key }) {
                for (date, day) in days.sorted(by: { $0.key < $1.key }) {
                    metrics.append(
                        MicrosoftKeywordDayMetrics(
                            keywordId: String(keyword), date: date, impressions: day.impressions, clicks: day.clicks,
                            costMicros: day.costMicros, eligibleSearches: day.eligibleSearches))
                }
            }
            accounts[accountId] = Account(
                campaigns: list(.campaign), adGroups: list(.adGroup), keywords: list(.keyword), ads: list(.ad),
                campaignCriterions: list(.campaignCriterion), negativeKeywords: list(.negativeKeyword),
                keywordMetrics: metrics)
        }
        self.accounts = accounts
    }
}
