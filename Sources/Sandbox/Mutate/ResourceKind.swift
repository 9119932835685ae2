/// The six resources the sandbox can create, update and remove, with their wire names.
///
/// The names are checked against the generated schema (and so against the reference) by
/// `ResourceKindTests`.
enum ResourceKind: String, CaseIterable, Sendable, Codable {
    case campaignBudget, campaign, campaignCriterion, adGroup, adGroupCriterion, adGroupAd

    /// The `MutateOperation` member, e.g. `campaignBudgetOperation`.
    var operationKey: String { rawValue + "Operation" }
    /// The proto name of that member, e.g. `campaign_budget_operation` (used in error locations).
    var operationProto: String { gaqlName + "_operation" }
    /// The `MutateOperationResponse` member, e.g. `campaignBudgetResult`.
    var resultKey: String { rawValue + "Result" }
    /// The key of the resource in a result with MUTABLE_RESOURCE and in `GoogleAdsRow`.
    var resourceKey: String { rawValue }
    /// The resource message, e.g. `resources.CampaignBudget`.
    var messageName: String { "resources." + typeName }
    /// The per-service request, e.g. `services.MutateCampaignBudgetsRequest`.
    var serviceRequestMessage: String { "services.Mutate\(pluralTypeName)Request" }

    /// The collection segment of resource names, e.g. `campaignBudgets` or `adGroupCriteria`.
    var collection: String {
        switch self {
        case .campaignBudget: "campaignBudgets"
        case .campaign: "campaigns"
        case .campaignCriterion: "campaignCriteria"
        case .adGroup: "adGroups"
        case .adGroupCriterion: "adGroupCriteria"
        case .adGroupAd: "adGroupAds"
        }
    }

    /// The GAQL resource name, e.g. `campaign_budget`.
    var gaqlName: String {
        switch self {
        case .campaignBudget: "campaign_budget"
        case .campaign: "campaign"
        case .campaignCriterion: "campaign_criterion"
        case .adGroup: "ad_group"
        case .adGroupCriterion: "ad_group_criterion"
        case .adGroupAd: "ad_group_ad"
        }
    }

    var typeName: String {
        switch self {
        case .campaignBudget: "CampaignBudget"
        case .campaign: "Campaign"
        case .campaignCriterion: "CampaignCriterion"
        case .adGroup: "AdGroup"
        case .adGroupCriterion: "AdGroupCriterion"
        case .adGroupAd: "AdGroupAd"
        }
    }

    private var pluralTypeName: String {
        switch self {
        case .campaignBudget: "CampaignBudgets"
        case .campaign: "Campaigns"
        case .campaignCriterion: "CampaignCriteria"
        case .adGroup: "AdGroups"
        case .adGroupCriterion: "AdGroupCriteria"
        case .adGroupAd: "AdGroupAds"
        }
    }

    /// Resource names of this kind use `{parentId}~{childId}`.
    var hasCompositeId: Bool {
        switch self {
        case .campaignCriterion, .adGroupCriterion, .adGroupAd: true
        default: false
        }
    }

    /// The field naming the parent resource, and the parent's kind.
    var parentReference: (field: String, proto: String, kind: ResourceKind)? {
        switch self {
        case .campaignBudget: nil
        case .campaign: ("campaignBudget", "campaign_budget", .campaignBudget)
        case .campaignCriterion: ("campaign", "campaign", .campaign)
        case .adGroup: ("campaign", "campaign", .campaign)
        case .adGroupCriterion: ("adGroup", "ad_group", .adGroup)
        case .adGroupAd: ("adGroup", "ad_group", .adGroup)
        }
    }

    /// `remove` sets status REMOVED (the resource stays queryable) instead of deleting it.
    var removeKeepsResource: Bool {
        switch self {
        case .campaignCriterion, .adGroupCriterion: false
        default: true
        }
    }

    init?(operationKey: String) {
        guard operationKey.hasSuffix("Operation") else { return nil }
        self.init(rawValue: String(operationKey.dropLast("Operation".count)))
    }

    init?(collection: String) {
        guard let kind = Self.allCases.first(where: { $0.collection == collection }) else { return nil }
        self = kind
    }
}

/// A parsed resource name `customers/{customerId}/{collection}/{id}`.
struct ResourceName: Sendable, Hashable {
    let customerId: String
    let collection: String
    /// The part after the collection: `123`, `-1`, or `123~456`.
    let id: String

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "customers", !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIINumber),
            !parts[2].isEmpty, !parts[3].isEmpty
        else { return nil }
        let idParts = parts[3].split(separator: "~", omittingEmptySubsequences: false)
        guard idParts.count <= 2, idParts.allSatisfy({ Int64($0) != nil }) else { return nil }
        customerId = String(parts[1])
        collection = String(parts[2])
        id = String(parts[3])
    }

    /// True when any id part is negative: a temporary id of `googleAds:mutate`.
    var isTemporary: Bool { id.split(separator: "~").contains { $0.hasPrefix("-") } }

    /// The id parts as numbers (one, or two for composite ids).
    var idParts: [Int64] { id.split(separator: "~").compactMap { Int64($0) } }

    var text: String { "customers/\(customerId)/\(collection)/\(id)" }
}

extension Character {
    var isASCIINumber: Bool { isASCII && isNumber }
}
