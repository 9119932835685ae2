import Foundation

/// The Google Ads rules for each resource beyond the schema: required fields, names, money,
/// bidding, criteria, keywords and responsive search ads; and the output-only fields the platform
/// fills in.
///
/// Every error location here is relative to the `create` or `update` object; `MutateProcessor`
/// puts the operation's location in front.
enum ResourceRules {
    typealias Path = [GoogleAdsError.PathElement]

    /// What a rule may look at.
    struct Context {
        let kind: ResourceKind
        let workspace: MutateWorkspace
        /// The resource's own name on update (nil on create).
        let selfName: String?
        let isCreate: Bool
        /// On update, the mask paths (lowerCamelCase, dotted).
        let changedPaths: Set<String>?

        /// True on create, or when the update mask touches `path` (or a field inside or above it).
        func changed(_ path: String) -> Bool {
            guard let changedPaths else { return true }
            return changedPaths.contains { $0 == path || $0.hasPrefix(path + ".") || path.hasPrefix($0 + ".") }
        }
    }

    /// Google's smallest USD unit in micros; budgets and bids must be multiples of it.
    static let minimumCurrencyUnitMicros: Int64 = 10_000

    static func validate(_ resource: SandboxJSON, _ context: Context) -> [GoogleAdsError] {
        var errors: [GoogleAdsError] = []
        checkStatus(resource, context, &errors)
        switch context.kind {
        case .campaignBudget: validateBudget(resource, context, &errors)
        case .campaign: validateCampaign(resource, context, &errors)
        case .campaignCriterion: validateCampaignCriterion(resource, context, &errors)
        case .adGroup: validateAdGroup(resource, context, &errors)
        case .adGroupCriterion: validateAdGroupCriterion(resource, context, &errors)
        case .adGroupAd: validateAdGroupAd(resource, context, &errors)
        }
        return errors
    }

    // MARK: status and names

    private static func checkStatus(_ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError]) {
        guard context.kind != .campaignBudget, resource["status"]?.stringValue == "REMOVED", context.changed("status")
        else { return }
        if context.isCreate {
            errors.append(
                GoogleAdsError(
                    .operationAccessDeniedErrorCreateAsRemovedNotPermitted,
                    "A resource cannot be created with status REMOVED.", at: [.init("status")]
                )
            )
        } else if context.kind == .campaign {
            errors.append(
                GoogleAdsError(
                    .campaignErrorInvalidStatusChange,
                    "A campaign cannot be set to REMOVED by an update; use a remove operation.", at: [.init("status")]
                )
            )
        } else {
            errors.append(
                GoogleAdsError(
                    .fieldErrorInvalidValue, "Status REMOVED cannot be set by an update; use a remove operation.",
                    at: [.init("status")]
                )
            )
        }
    }

    /// `name`: present and non-empty, at most 255 characters, no control characters.
    private static func checkName(
        _ resource: SandboxJSON, _ context: Context, missing: GoogleAdsErrorCode, invalid: GoogleAdsErrorCode?,
        _ errors: inout [GoogleAdsError]
    ) -> String? {
        guard context.changed("name") else { return resource["name"]?.stringValue }
        guard let name = resource["name"]?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            errors.append(GoogleAdsError(missing, "The required field was not present.", at: [.init("name")]))
            return nil
        }
        if displayLength(name) > 255 {
            errors.append(
                GoogleAdsError(
                    .stringLengthErrorTooLong, "Too long.", at: [.init("name")], trigger: ["stringValue": .string(name)]
                )
            )
        } else if let invalid, name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            errors.append(
                GoogleAdsError(
                    invalid, "The name contains control characters.", at: [.init("name")],
                    trigger: ["stringValue": .string(name)]
                )
            )
        }
        return name
    }

    private static func isRemoved(_ resource: SandboxJSON?) -> Bool { resource?["status"]?.stringValue == "REMOVED" }

    private static func money(
        _ resource: SandboxJSON, _ key: String, _ proto: String, negative: GoogleAdsErrorCode,
        fraction: GoogleAdsErrorCode, _ errors: inout [GoogleAdsError]
    ) {
        guard let amount = resource[key]?.int64Value else { return }
        if amount < 0 {
            errors.append(
                GoogleAdsError(
                    negative, "The amount must not be negative.", at: [.init(proto)],
                    trigger: ["int64Value": .string(String(amount))])
            )
        } else if amount % minimumCurrencyUnitMicros != 0 {
            errors.append(
                GoogleAdsError(
                    fraction, "The amount must be a multiple of the currency's minimum unit (10000 micros).",
                    at: [.init(proto)], trigger: ["int64Value": .string(String(amount))]
                )
            )
        }
    }

    // MARK: campaign budget

    private static func validateBudget(_ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError]) {
        if context.isCreate, resource["explicitlyShared"]?.boolValue != false,
            (resource["name"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        {
            errors.append(
                GoogleAdsError(
                    .fieldErrorRequired, "An explicitly shared budget (the default) needs a name.", at: [.init("name")]
                )
            )
        }
        if context.isCreate, resource["amountMicros"] == nil, resource["totalAmountMicros"] == nil {
            errors.append(
                GoogleAdsError(.fieldErrorRequired, "The required field was not present.", at: [.init("amount_micros")])
            )
        }
        for (key, proto) in [("amountMicros", "amount_micros"), ("totalAmountMicros", "total_amount_micros")] {
            money(
                resource, key, proto, negative: .campaignBudgetErrorNegativeMoneyAmount,
                fraction: .campaignBudgetErrorNonMultipleOfMinimumCurrencyUnit, &errors
            )
        }
        if resource["deliveryMethod"]?.stringValue == "ACCELERATED" {
            errors.append(
                GoogleAdsError(
                    .campaignBudgetErrorCannotUseAcceleratedDeliveryMode,
                    "Accelerated delivery is no longer available.",
                    at: [.init("delivery_method")]
                )
            )
        }
        if context.changed("name"), let name = resource["name"]?.stringValue {
            let duplicate = context.workspace.all(.campaignBudget).contains { key, other in
                key != context.selfName && !isRemoved(other) && other["name"]?.stringValue == name
            }
            if duplicate {
                errors.append(
                    GoogleAdsError(
                        .campaignBudgetErrorDuplicateName, "A budget with this name already exists.",
                        at: [.init("name")],
                        trigger: ["stringValue": .string(name)]
                    )
                )
            }
        }
    }

    // MARK: campaign

    /// Bidding oneof member → `BiddingStrategyType` value.
    static let biddingStrategyTypes: [String: String] = [
        "commission": "COMMISSION", "manualCpa": "MANUAL_CPA", "manualCpc": "MANUAL_CPC", "manualCpm": "MANUAL_CPM",
        "manualCpv": "MANUAL_CPV", "maximizeConversions": "MAXIMIZE_CONVERSIONS",
        "maximizeConversionValue": "MAXIMIZE_CONVERSION_VALUE", "targetCpa": "TARGET_CPA",
        "targetImpressionShare": "TARGET_IMPRESSION_SHARE", "targetRoas": "TARGET_ROAS", "targetSpend": "TARGET_SPEND",
        "percentCpc": "PERCENT_CPC", "targetCpm": "TARGET_CPM", "fixedCpm": "FIXED_CPM", "targetCpv": "TARGET_CPV",
        "targetCpc": "TARGET_CPC",
    ]

    static func biddingMembers(of campaign: SandboxJSON) -> [String] {
        let schema = GoogleAdsSchema.message(ResourceKind.campaign.messageName)!
        return (schema.oneofs["campaign_bidding_strategy"] ?? []).filter { campaign[$0] != nil }
    }

    private static func validateCampaign(_ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError])
    {
        let workspace = context.workspace
        if let name = checkName(
            resource, context, missing: .fieldErrorRequired, invalid: .campaignErrorInvalidCampaignName, &errors),
            context.changed("name")
        {
            let duplicate = workspace.all(.campaign).contains { key, other in
                key != context.selfName && !isRemoved(other) && other["name"]?.stringValue == name
            }
            if duplicate {
                errors.append(
                    GoogleAdsError(
                        .campaignErrorDuplicateCampaignName, "A campaign with this name already exists.",
                        at: [.init("name")], trigger: ["stringValue": .string(name)]
                    )
                )
            }
        }
        if context.isCreate {
            if resource["advertisingChannelType"] == nil {
                errors.append(
                    GoogleAdsError(
                        .fieldErrorRequired, "The required field was not present.",
                        at: [.init("advertising_channel_type")])
                )
            }
            if resource["containsEuPoliticalAdvertising"] == nil {
                errors.append(
                    GoogleAdsError(
                        .fieldErrorRequired,
                        "The required field was not present. Campaigns must declare whether they contain EU political advertising.",
                        at: [.init("contains_eu_political_advertising")]
                    )
                )
            }
        }
        let members = biddingMembers(of: resource)
        if members.isEmpty {
            errors.append(
                GoogleAdsError(
                    .fieldErrorRequired,
                    "The required field was not present: set exactly one bidding strategy (campaign_bidding_strategy), for example manualCpc.",
                    at: []
                )
            )
        }
        if context.changed("campaignBudget"), let budgetName = resource["campaignBudget"]?.stringValue,
            let budget = workspace.resource(.campaignBudget, budgetName)
        {
            if isRemoved(budget) {
                errors.append(
                    GoogleAdsError(
                        .campaignBudgetErrorCampaignBudgetRemoved, "The campaign budget is removed.",
                        at: [.init("campaign_budget")], trigger: ["stringValue": .string(budgetName)]
                    )
                )
            } else if budget["explicitlyShared"]?.boolValue == false {
                let shared = workspace.all(.campaign).contains { key, other in
                    key != context.selfName && !isRemoved(other) && other["campaignBudget"]?.stringValue == budgetName
                }
                if shared {
                    errors.append(
                        GoogleAdsError(
                            .campaignBudgetErrorCannotUseImplicitlySharedCampaignBudgetWithMultipleCampaigns,
                            "A budget that is not explicitly shared cannot be used by more than one campaign.",
                            at: [.init("campaign_budget")]
                        )
                    )
                }
            }
        }
        checkDateRange(resource, context, &errors)
    }

    private static func checkDateRange(_ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError]) {
        var parsed: [String: String] = [:]
        for (key, proto) in [("startDateTime", "start_date_time"), ("endDateTime", "end_date_time")] {
            guard let value = resource[key]?.stringValue else { continue }
            if isDateTime(value) {
                parsed[key] = value
            } else if context.changed(key) {
                errors.append(
                    GoogleAdsError(
                        .dateErrorInvalidStringDateTimeSeconds,
                        "The string date time is not in the format yyyy-MM-dd HH:mm:ss.",
                        at: [.init(proto)], trigger: ["stringValue": .string(value)]
                    )
                )
            }
        }
        if let start = parsed["startDateTime"], let end = parsed["endDateTime"], end < start,
            context.changed("startDateTime") || context.changed("endDateTime")
        {
            errors.append(
                GoogleAdsError(
                    .dateErrorDateRangeMinimumDateLaterThanMaximumDate,
                    "The start date time is later than the end date time.",
                    at: [.init("end_date_time")]
                )
            )
        }
    }

    /// `yyyy-MM-dd HH:mm:ss` with plausible numbers.
    static func isDateTime(_ text: String) -> Bool {
        let parts = text.split(separator: " ")
        guard parts.count == 2, isDate(String(parts[0])) else { return false }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3, time.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIINumber) }) else {
            return false
        }
        return Int(time[0])! < 24 && Int(time[1])! < 60 && Int(time[2])! < 60
    }

    /// `yyyy-MM-dd` that is a real calendar date.
    static func isDate(_ text: String) -> Bool { SandboxCalendar.day(text) != nil }

    // MARK: criteria

    /// Criteria whose id is fixed by what they target: locations (the geo target constant id) and
    /// languages (the language constant id).
    static func fixedCriterionId(_ resource: SandboxJSON) -> Int64? {
        if let constant = resource.value(atPath: "location.geoTargetConstant")?.stringValue {
            return constantId(constant, collection: "geoTargetConstants")
        }
        if let constant = resource.value(atPath: "language.languageConstant")?.stringValue {
            return constantId(constant, collection: "languageConstants")
        }
        return nil
    }

    private static func constantId(_ text: String, collection: String) -> Int64? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, parts[0] == collection, let id = Int64(parts[1]), id > 0 else { return nil }
        return id
    }

    /// The criterion oneof member that is set, e.g. `keyword`.
    static func criterionMember(_ resource: SandboxJSON, kind: ResourceKind) -> String? {
        let schema = GoogleAdsSchema.message(kind.messageName)!
        return (schema.oneofs["criterion"] ?? []).first { resource[$0] != nil }
    }

    private static func validateCampaignCriterion(
        _ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError]
    ) {
        let negative = resource["negative"]?.boolValue ?? false
        if !context.isCreate {
            if negative {
                errors.append(
                    GoogleAdsError(
                        .campaignCriterionErrorCannotUpdateNegativeCriterion, "Negative criteria cannot be updated.",
                        at: []
                    )
                )
            }
            return
        }
        if let campaign = resource["campaign"]?.stringValue, isRemoved(context.workspace.resource(.campaign, campaign))
        {
            errors.append(removedParent("campaign", campaign))
        }
        guard let member = criterionMember(resource, kind: .campaignCriterion) else {
            errors.append(
                GoogleAdsError(
                    .campaignCriterionErrorConcreteTypeRequired,
                    "A criterion (for example keyword, location or adSchedule) must be set.",
                    at: []
                )
            )
            return
        }
        if negative, resource["bidModifier"] != nil {
            errors.append(
                GoogleAdsError(
                    .criterionErrorCannotBidModifyNegativeCriterion, "Negative criteria cannot have a bid modifier.",
                    at: [.init("bid_modifier")]
                )
            )
        }
        switch member {
        case "keyword":
            if !negative {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorCannotAddCriteriaType,
                        "Keywords can only be excluded (negative) at the campaign level of a Search campaign.",
                        at: [.init("keyword")]
                    )
                )
            }
            errors += keywordErrors(resource["keyword"]!, at: [.init("keyword")])
        case "location":
            if fixedCriterionId(resource) == nil {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorInvalidCriterionId,
                        "location.geoTargetConstant must be a resource name like geoTargetConstants/1014895.",
                        at: [.init("location"), .init("geo_target_constant")]
                    )
                )
            }
        case "language":
            if fixedCriterionId(resource) == nil {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorInvalidCriterionId,
                        "language.languageConstant must be a resource name like languageConstants/1000.",
                        at: [.init("language"), .init("language_constant")]
                    )
                )
            }
        case "adSchedule":
            if negative {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorCannotExcludeCriteriaType, "Ad schedules cannot be excluded.",
                        at: [.init("ad_schedule")])
                )
            }
            errors += adScheduleErrors(resource, context)
        default:
            break
        }
    }

    private static func removedParent(_ proto: String, _ name: String) -> GoogleAdsError {
        GoogleAdsError(
            .operationAccessDeniedErrorOperationNotPermittedForRemovedResource,
            "This operation is not allowed because the parent resource is removed.", at: [.init(proto)],
            trigger: ["stringValue": .string(name)]
        )
    }

    static let minuteValues: [String: Int] = ["ZERO": 0, "FIFTEEN": 15, "THIRTY": 30, "FORTY_FIVE": 45]

    /// Minutes since midnight of an ad schedule's start and end.
    static func adScheduleInterval(_ schedule: SandboxJSON) -> (start: Int, end: Int)? {
        guard let startHour = schedule["startHour"]?.int64Value, let endHour = schedule["endHour"]?.int64Value else {
            return nil
        }
        let startMinute = minuteValues[schedule["startMinute"]?.stringValue ?? "ZERO"] ?? 0
        let endMinute = minuteValues[schedule["endMinute"]?.stringValue ?? "ZERO"] ?? 0
        return (Int(startHour) * 60 + startMinute, Int(endHour) * 60 + endMinute)
    }

    private static func adScheduleErrors(_ resource: SandboxJSON, _ context: Context) -> [GoogleAdsError] {
        let schedule = resource["adSchedule"]!
        let at: Path = [.init("ad_schedule")]
        var errors: [GoogleAdsError] = []
        if schedule["dayOfWeek"] == nil {
            errors.append(
                GoogleAdsError(
                    .fieldErrorRequired, "The required field was not present.", at: at + [.init("day_of_week")]))
        }
        for (key, proto) in [("startHour", "start_hour"), ("endHour", "end_hour")] where schedule[key] == nil {
            errors.append(
                GoogleAdsError(.fieldErrorRequired, "The required field was not present.", at: at + [.init(proto)]))
        }
        guard errors.isEmpty, let interval = adScheduleInterval(schedule) else { return errors }
        let startHour = schedule["startHour"]!.int64Value!
        let endHour = schedule["endHour"]!.int64Value!
        guard (0...23).contains(startHour), (0...24).contains(endHour), interval.end <= 24 * 60,
            interval.start < interval.end
        else {
            return [
                GoogleAdsError(
                    .criterionErrorAdScheduleInvalidTimeInterval,
                    "The ad schedule must start before it ends, within one day (hours 0-24).", at: at
                )
            ]
        }
        let day = schedule["dayOfWeek"]?.stringValue
        let campaign = resource["campaign"]?.stringValue
        for (_, other) in context.workspace.all(.campaignCriterion)
        where other["campaign"]?.stringValue == campaign
            && other.value(atPath: "adSchedule.dayOfWeek")?.stringValue == day
        {
            if let existing = adScheduleInterval(other["adSchedule"]!), existing.start < interval.end,
                interval.start < existing.end
            {
                return [
                    GoogleAdsError(
                        .criterionErrorAdScheduleTimeIntervalsOverlap,
                        "The ad schedule overlaps another one on the same day.",
                        at: at
                    )
                ]
            }
        }
        return []
    }

    /// Characters Google rejects in keyword text.
    static let invalidKeywordCharacters = Set("!@%^*()={};~`<>?\\|,")

    /// Keyword text: present, at most 80 characters and 10 words, no invalid characters; match type set.
    static func keywordErrors(_ keyword: SandboxJSON, at path: Path) -> [GoogleAdsError] {
        var errors: [GoogleAdsError] = []
        if let text = keyword["text"]?.stringValue {
            let trigger: SandboxJSON = ["stringValue": .string(text)]
            let words = text.split(whereSeparator: \.isWhitespace)
            if words.isEmpty {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorInvalidKeywordText, "The keyword text is empty.", at: path + [.init("text")],
                        trigger: trigger)
                )
            } else if displayLength(text) > 80 {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorKeywordTextTooLong, "Keyword text is too long (at most 80 characters).",
                        at: path + [.init("text")], trigger: trigger
                    )
                )
            } else if words.count > 10 {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorKeywordHasTooManyWords, "Keyword has too many words (at most 10).",
                        at: path + [.init("text")], trigger: trigger
                    )
                )
            } else if text.contains(where: { invalidKeywordCharacters.contains($0) }) {
                errors.append(
                    GoogleAdsError(
                        .criterionErrorKeywordHasInvalidChars, "Keyword text has invalid characters.",
                        at: path + [.init("text")], trigger: trigger
                    )
                )
            }
        } else {
            errors.append(
                GoogleAdsError(.fieldErrorRequired, "The required field was not present.", at: path + [.init("text")]))
        }
        if keyword["matchType"] == nil {
            errors.append(
                GoogleAdsError(
                    .fieldErrorRequired, "The required field was not present.", at: path + [.init("match_type")]))
        }
        return errors
    }

    // MARK: ad group

    private static func checkBid(
        _ resource: SandboxJSON, _ key: String, _ proto: String, _ errors: inout [GoogleAdsError]
    ) {
        guard let bid = resource[key]?.int64Value else { return }
        if bid < minimumCurrencyUnitMicros {
            errors.append(
                GoogleAdsError(
                    .biddingErrorBidTooSmall, "Bid is too small.", at: [.init(proto)],
                    trigger: ["int64Value": .string(String(bid))])
            )
        } else if bid % minimumCurrencyUnitMicros != 0 {
            errors.append(
                GoogleAdsError(
                    .biddingErrorBidTooManyFractionalDigits, "Bid has too many fractional digits for the currency.",
                    at: [.init(proto)], trigger: ["int64Value": .string(String(bid))]
                )
            )
        }
    }

    private static func validateAdGroup(_ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError]) {
        let campaign = resource["campaign"]?.stringValue
        if context.isCreate, let campaign, isRemoved(context.workspace.resource(.campaign, campaign)) {
            errors.append(removedParent("campaign", campaign))
        }
        if let name = checkName(resource, context, missing: .adGroupErrorMissingAdgroupName, invalid: nil, &errors),
            context.changed("name")
        {
            let duplicate = context.workspace.all(.adGroup).contains { key, other in
                key != context.selfName && !isRemoved(other) && other["campaign"]?.stringValue == campaign
                    && other["name"]?.stringValue == name
            }
            if duplicate {
                errors.append(
                    GoogleAdsError(
                        .adGroupErrorDuplicateAdgroupName, "An ad group with this name already exists in the campaign.",
                        at: [.init("name")], trigger: ["stringValue": .string(name)]
                    )
                )
            }
        }
        checkBid(resource, "cpcBidMicros", "cpc_bid_micros", &errors)
    }

    // MARK: ad group criterion

    private static func validateAdGroupCriterion(
        _ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError]
    ) {
        let negative = resource["negative"]?.boolValue ?? false
        if !context.isCreate, negative {
            errors.append(
                GoogleAdsError(.adGroupCriterionErrorCantUpdateNegative, "Negative criteria cannot be updated.", at: [])
            )
            return
        }
        checkBid(resource, "cpcBidMicros", "cpc_bid_micros", &errors)
        guard context.isCreate else { return }
        if let adGroup = resource["adGroup"]?.stringValue, isRemoved(context.workspace.resource(.adGroup, adGroup)) {
            errors.append(removedParent("ad_group", adGroup))
        }
        guard let member = criterionMember(resource, kind: .adGroupCriterion) else {
            errors.append(
                GoogleAdsError(
                    .adGroupCriterionErrorConcreteTypeRequired, "A criterion (for example keyword) must be set.", at: []
                )
            )
            return
        }
        if member == "keyword" { errors += keywordErrors(resource["keyword"]!, at: [.init("keyword")]) }
    }

    // MARK: ad group ad

    private static func validateAdGroupAd(_ resource: SandboxJSON, _ context: Context, _ errors: inout [GoogleAdsError])
    {
        guard context.isCreate else { return }
        if let adGroup = resource["adGroup"]?.stringValue, isRemoved(context.workspace.resource(.adGroup, adGroup)) {
            errors.append(removedParent("ad_group", adGroup))
        }
        guard let ad = resource["ad"] else {
            errors.append(GoogleAdsError(.fieldErrorRequired, "The required field was not present.", at: [.init("ad")]))
            return
        }
        let adSchema = GoogleAdsSchema.message("resources.Ad")!
        let members = (adSchema.oneofs["ad_data"] ?? []).filter { ad[$0] != nil }
        guard let member = members.first else {
            errors.append(
                GoogleAdsError(
                    .adErrorInvalidAdType, "The ad must set one ad type, for example responsiveSearchAd.",
                    at: [.init("ad")])
            )
            return
        }
        switch member {
        case "textAd", "expandedTextAd":
            errors.append(
                GoogleAdsError(
                    .adGroupAdErrorCannotCreateDeprecatedAds,
                    "Text ads and expanded text ads can no longer be created.",
                    at: [.init("ad"), .init(adSchema.byJSON[member]!.proto)]
                )
            )
        case "responsiveSearchAd":
            errors += ResponsiveSearchAdRules.errors(ad, at: [.init("ad")])
        default:
            break
        }
    }

    // MARK: remove

    static func validateRemove(_ name: String, kind: ResourceKind, workspace: MutateWorkspace) -> [GoogleAdsError] {
        guard kind == .campaignBudget else { return [] }
        let inUse = workspace.all(.campaign).values.contains {
            !isRemoved($0) && $0["campaignBudget"]?.stringValue == name
        }
        return inUse
            ? [
                GoogleAdsError(
                    .campaignBudgetErrorCampaignBudgetInUse, "The budget is used by a campaign that is not removed.",
                    at: [])
            ]
            : []
    }

    // MARK: outputs

    /// Fills in what Google Ads sets itself: defaults for unset fields and output-only values.
    static func fillOutputs(
        _ resource: inout SandboxJSON, kind: ResourceKind, isCreate: Bool, workspace: MutateWorkspace
    ) {
        func setDefault(_ key: String, _ value: SandboxJSON) {
            if resource[key] == nil { resource[key] = value }
        }
        switch kind {
        case .campaignBudget:
            guard isCreate else { return }
            setDefault("status", "ENABLED")
            setDefault("deliveryMethod", "STANDARD")
            setDefault("period", "DAILY")
            setDefault("explicitlyShared", true)
            setDefault("type", "STANDARD")
        case .campaign:
            if isCreate {
                setDefault("status", "ENABLED")
                setDefault("startDateTime", .string(workspace.today + " 00:00:00"))
                setDefault("endDateTime", "2037-12-30 23:59:59")
                setDefault("servingStatus", "SERVING")
            }
            if let member = biddingMembers(of: resource).first, let type = biddingStrategyTypes[member] {
                resource["biddingStrategyType"] = .string(type)
            }
        case .campaignCriterion, .adGroupCriterion:
            guard isCreate else { return }
            setDefault("status", "ENABLED")
            if let member = criterionMember(resource, kind: kind) {
                let proto = GoogleAdsSchema.message(kind.messageName)!.byJSON[member]!.proto.uppercased()
                if GoogleAdsSchema.enums["enums.CriterionTypeEnum.CriterionType"]?.valueSet.contains(proto) == true {
                    resource["type"] = .string(proto)
                }
                if kind == .adGroupCriterion, member == "keyword" {
                    resource["approvalStatus"] = "APPROVED"
                    resource["systemServingStatus"] = "ELIGIBLE"
                }
            }
        case .adGroup:
            guard isCreate else { return }
            setDefault("status", "ENABLED")
            let campaign = resource["campaign"]?.stringValue.flatMap { workspace.resource(.campaign, $0) }
            if (campaign?["advertisingChannelType"]?.stringValue ?? "SEARCH") == "SEARCH" {
                setDefault("type", "SEARCH_STANDARD")
            }
        case .adGroupAd:
            guard isCreate else { return }
            setDefault("status", "ENABLED")
            var ad = resource["ad"] ?? [:]
            if let rsa = ad["responsiveSearchAd"] {
                ad["type"] = "RESPONSIVE_SEARCH_AD"
                let headlines = rsa["headlines"]?.arrayValue?.count ?? 0
                resource["adStrength"] = .string(
                    headlines >= 11 ? "EXCELLENT" : headlines >= 8 ? "GOOD" : headlines >= 5 ? "AVERAGE" : "POOR")
            }
            resource["ad"] = ad
            resource["policySummary"] = ["approvalStatus": "APPROVED", "reviewStatus": "REVIEWED"]
        }
    }

    /// Length as Google Ads counts it: double-width (East Asian wide) characters count twice.
    static func displayLength(_ text: String) -> Int {
        text.reduce(0) { total, character in
            total + (character.unicodeScalars.contains(where: isWide) ? 2 : 1)
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }
}
