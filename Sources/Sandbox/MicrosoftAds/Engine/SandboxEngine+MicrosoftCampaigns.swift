import Foundation

/// Campaigns and ad groups.
extension SandboxEngine {
    // MARK: campaigns

    /// `POST /Campaigns` {AccountId, Campaigns} → {CampaignIds, PartialErrors}.
    func addCampaigns(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        if let rejection = checkAccountId(body, context) { return rejection }
        let items = body["Campaigns"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.campaignsNullOrEmpty) }
        if items.count > MicrosoftLimits.campaigns { return context.operationFault(.campaignsExceedLimit) }
        var names = Set(
            microsoftAccount(context)[.campaign].values.filter { !$0.isDeleted }
                .compactMap { $0.fields["Name"]?.stringValue?.lowercased() })
        let result = microsoftBatch(items, context) { _, campaign throws(MicrosoftError) in
            var fields = campaign
            fields["Id"] = nil
            try Self.checkCampaignName(fields["Name"], taken: names)
            guard let budget = fields["DailyBudget"]?.doubleValue, budget > 0 else { throw .invalidDailyBudget }
            guard fields["BudgetType"]?.stringValue == "DailyBudgetStandard" else { throw .invalidBudgetType }
            guard let timeZone = fields["TimeZone"]?.stringValue else { throw .timeZoneRequired }
            guard MicrosoftTimeZones.values.contains(timeZone) else { throw .timeZoneInvalid }
            if let type = fields["CampaignType"]?.stringValue, type != "Search" {
                throw MicrosoftError.unsupportedBiddingScheme.with(details: "The sandbox serves Search campaigns only.")
            }
            fields["CampaignType"] = "Search"
            try Self.checkCampaignStatus(fields["Status"])
            fields["Status"] = fields["Status"] ?? "Paused"
            try Self.checkBiddingScheme(fields["BiddingScheme"])
            if fields["BiddingScheme"] == nil { fields["BiddingScheme"] = ["Type": "EnhancedCpc"] }
            if fields["Languages"] == nil { fields["Languages"] = ["All"] }
            names.insert(fields["Name"]?.stringValue?.lowercased() ?? "")
            let id = microsoft.nextId(.campaign)
            withMicrosoftAccount(context) { account in
                account[.campaign][id] = MicrosoftRecord(parent: Int64(context.accountId ?? "") ?? 0, fields: fields)
            }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["CampaignIds": .array(result.ids), "PartialErrors": Self.partialErrors(result.errors)])
    }

    /// `PUT /Campaigns` {AccountId, Campaigns} → {PartialErrors}. Only the fields sent change.
    func updateCampaigns(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        if let rejection = checkAccountId(body, context) { return rejection }
        let items = body["Campaigns"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.campaignsNullOrEmpty) }
        if items.count > MicrosoftLimits.campaigns { return context.operationFault(.campaignsExceedLimit) }
        let result = microsoftBatch(items, context) { _, campaign throws(MicrosoftError) in
            let account = microsoftAccount(context)
            guard let id = campaign["Id"]?.int64Value, var record = account.live(.campaign, id) else {
                throw .invalidCampaignId
            }
            if campaign["Name"] != nil {
                let taken = Set(
                    account[.campaign].filter { $0.key != id && !$0.value.isDeleted }
                        .compactMap { $0.value.fields["Name"]?.stringValue?.lowercased() })
                try Self.checkCampaignName(campaign["Name"], taken: taken)
            }
            if let budget = campaign["DailyBudget"], (budget.doubleValue ?? 0) <= 0 { throw .invalidDailyBudget }
            if let type = campaign["BudgetType"], type.stringValue != "DailyBudgetStandard" { throw .invalidBudgetType }
            if let timeZone = campaign["TimeZone"]?.stringValue, !MicrosoftTimeZones.values.contains(timeZone) {
                throw .timeZoneInvalid
            }
            try Self.checkCampaignStatus(campaign["Status"])
            try Self.checkBiddingScheme(campaign["BiddingScheme"])
            for (key, value) in campaign where key != "Id" && key != "CampaignType" { record.fields[key] = value }
            withMicrosoftAccount(context) { $0[.campaign][id] = record }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["PartialErrors": Self.partialErrors(result.errors)])
    }

    /// `DELETE /Campaigns` {AccountId, CampaignIds} → {PartialErrors}: status `Deleted`.
    func deleteCampaigns(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        if let rejection = checkAccountId(body, context) { return rejection }
        let ids = Self.microsoftIds(body["CampaignIds"])
        if ids.isEmpty { return context.operationFault(.campaignIdsNullOrEmpty) }
        if ids.count > MicrosoftLimits.campaigns { return context.operationFault(.campaignIdsExceedLimit) }
        if Set(ids).count < ids.count { return context.operationFault(.duplicateCampaignIds) }
        var errors: [(Int, MicrosoftError)] = []
        withMicrosoftAccount(context) { account in
            for (index, id) in ids.enumerated() {
                guard let id, account.live(.campaign, id) != nil else {
                    errors.append((index, .invalidCampaignId))
                    continue
                }
                account[.campaign][id]?.fields["Status"] = "Deleted"
            }
        }
        if errors.count < ids.count { persistMicrosoft() }
        return .ok(["PartialErrors": Self.partialErrors(errors)])
    }

    /// `POST /Campaigns/QueryByAccountId` → every live campaign of the account (of the requested
    /// `CampaignType`, default Search), in id order.
    func getCampaignsByAccountId(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        if let rejection = checkAccountId(body, context) { return rejection }
        let types = Set((body["CampaignType"]?.stringValue ?? "Search").split(separator: ",").map(String.init))
        let campaigns = microsoftAccount(context).children(.campaign, of: Int64(context.accountId ?? "") ?? 0)
            .filter { types.contains($0.record.fields["CampaignType"]?.stringValue ?? "Search") }
            .map { Self.microsoftWire($0.id, $0.record) }
        return .ok(["Campaigns": .array(campaigns)])
    }

    /// `POST /Campaigns/QueryByIds` → {Campaigns (null where not found), PartialErrors}.
    func getCampaignsByIds(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        if let rejection = checkAccountId(body, context) { return rejection }
        let ids = Self.microsoftIds(body["CampaignIds"])
        if ids.isEmpty { return context.operationFault(.campaignIdsNullOrEmpty) }
        if ids.count > MicrosoftLimits.campaigns { return context.operationFault(.campaignIdsExceedLimit) }
        let account = microsoftAccount(context)
        var campaigns: [SandboxJSON] = []
        var errors: [(Int, MicrosoftError)] = []
        for (index, id) in ids.enumerated() {
            if let id, let record = account.live(.campaign, id) {
                campaigns.append(Self.microsoftWire(id, record))
            } else {
                campaigns.append(.null)
                errors.append((index, .invalidCampaignId))
            }
        }
        return .ok(["Campaigns": .array(campaigns), "PartialErrors": Self.partialErrors(errors)])
    }

    /// The body's `AccountId`, when sent, must be the `CustomerAccountId` header (1102 otherwise).
    private func checkAccountId(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply? {
        guard let accountId = body["AccountId"]?.stringValue else {
            return context.operationFault(.invalidAccountId.with(details: "AccountId is required."))
        }
        guard accountId == context.accountId else {
            return context.operationFault(
                .invalidAccountId.with(details: "AccountId must be the CustomerAccountId header's account."))
        }
        return nil
    }

    /// A name of 1–128 characters that no live campaign of the account has (compared case-insensitively).
    static func checkCampaignName(_ value: SandboxJSON?, taken: Set<String>) throws(MicrosoftError) {
        guard let name = value?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty,
            name.count <= MicrosoftLimits.campaignNameLength
        else { throw .invalidCampaignName }
        if taken.contains(name.lowercased()) { throw .duplicateCampaign }
    }

    static func checkCampaignStatus(_ value: SandboxJSON?) throws(MicrosoftError) {
        guard let status = value?.stringValue else { return }
        guard status == "Active" || status == "Paused" else { throw .invalidCampaignStatus }
    }

    /// ManualCpc, EnhancedCpc and MaxClicks (with an optional positive `MaxCpc`) are served.
    static func checkBiddingScheme(_ value: SandboxJSON?) throws(MicrosoftError) {
        guard let scheme = value else { return }
        switch scheme["Type"]?.stringValue {
        case "ManualCpc", "EnhancedCpc": return
        case "MaxClicks":
            if let amount = scheme["MaxCpc"]?["Amount"]?.doubleValue, amount <= 0 { throw .maxCpcNotPositive }
        case "InheritFromParent": throw .inheritFromParentNotAllowed
        default: throw .unsupportedBiddingScheme
        }
    }

    // MARK: ad groups

    /// `POST /AdGroups` {CampaignId, AdGroups} → {AdGroupIds, PartialErrors}. Status defaults to
    /// Paused, StartDate to today, CpcBid to the 0.05 floor, Network to OwnedAndOperatedAndSyndicatedSearch.
    func addAdGroups(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let campaignId = body["CampaignId"]?.int64Value, microsoftAccount(context).live(.campaign, campaignId) != nil
        else { return context.operationFault(.invalidCampaignId) }
        let items = body["AdGroups"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.adGroupsNullOrEmpty) }
        if items.count > MicrosoftLimits.adGroups { return context.operationFault(.adGroupsExceedLimit) }
        let today = self.today
        var names = Set(
            microsoftAccount(context).children(.adGroup, of: campaignId)
                .compactMap { $0.record.fields["Name"]?.stringValue?.lowercased() })
        let result = microsoftBatch(items, context) { _, adGroup throws(MicrosoftError) in
            var fields = adGroup
            fields["Id"] = nil
            try Self.checkAdGroupName(fields["Name"], taken: names)
            try Self.checkAdGroupDates(start: fields["StartDate"], end: fields["EndDate"], today: today, adding: true)
            try Self.checkAdGroupStatus(fields["Status"])
            try Self.checkBid(fields["CpcBid"])
            fields["Status"] = fields["Status"] ?? "Paused"
            fields["StartDate"] = fields["StartDate"] ?? MicrosoftWire.date(today)
            fields["CpcBid"] = fields["CpcBid"] ?? ["Amount": .double(MicrosoftLimits.minimumBid)]
            fields["Network"] = fields["Network"] ?? "OwnedAndOperatedAndSyndicatedSearch"
            names.insert(fields["Name"]?.stringValue?.lowercased() ?? "")
            let id = microsoft.nextId(.adGroup)
            withMicrosoftAccount(context) { $0[.adGroup][id] = MicrosoftRecord(parent: campaignId, fields: fields) }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["AdGroupIds": .array(result.ids), "PartialErrors": Self.partialErrors(result.errors)])
    }

    /// `PUT /AdGroups` {CampaignId, AdGroups} → {PartialErrors}.
    func updateAdGroups(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let campaignId = body["CampaignId"]?.int64Value, microsoftAccount(context).live(.campaign, campaignId) != nil
        else { return context.operationFault(.invalidCampaignId) }
        let items = body["AdGroups"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.adGroupsNullOrEmpty) }
        if items.count > MicrosoftLimits.adGroups { return context.operationFault(.adGroupsExceedLimit) }
        let today = self.today
        let result = microsoftBatch(items, context) { _, adGroup throws(MicrosoftError) in
            let account = microsoftAccount(context)
            guard let id = adGroup["Id"]?.int64Value, var record = account.live(.adGroup, id), record.parent == campaignId
            else { throw .invalidAdGroupId }
            if adGroup["Name"] != nil {
                let taken = Set(
                    account.children(.adGroup, of: campaignId).filter { $0.id != id }
                        .compactMap { $0.record.fields["Name"]?.stringValue?.lowercased() })
                try Self.checkAdGroupName(adGroup["Name"], taken: taken)
            }
            if adGroup["StartDate"] != nil || adGroup["EndDate"] != nil {
                try Self.checkAdGroupDates(
                    start: adGroup["StartDate"] ?? record.fields["StartDate"], end: adGroup["EndDate"] ?? record.fields["EndDate"],
                    today: today, adding: adGroup["StartDate"] != nil)
            }
            try Self.checkAdGroupStatus(adGroup["Status"])
            try Self.checkBid(adGroup["CpcBid"])
            for (key, value) in adGroup where key != "Id" { record.fields[key] = value }
            // An end date on or after 2050-01-02 removes the end date.
            if let end = MicrosoftWire.day(record.fields["EndDate"]), end >= SandboxCalendar.day("2050-01-02")! {
                record.fields["EndDate"] = nil
            }
            withMicrosoftAccount(context) { $0[.adGroup][id] = record }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["PartialErrors": Self.partialErrors(result.errors)])
    }

    /// A name of 1–256 characters that no live ad group of the campaign has (case-insensitive).
    static func checkAdGroupName(_ value: SandboxJSON?, taken: Set<String>) throws(MicrosoftError) {
        guard let name = value?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty,
            name.count <= MicrosoftLimits.adGroupNameLength
        else { throw .invalidAdGroupName }
        if taken.contains(name.lowercased()) { throw .duplicateAdGroup }
    }

    static func checkAdGroupDates(start: SandboxJSON?, end: SandboxJSON?, today: Int, adding: Bool) throws(MicrosoftError) {
        var startDay: Int?
        if let start {
            guard let day = MicrosoftWire.day(start) else { throw .adGroupInvalidStartDate }
            if adding, day < today { throw .adGroupStartInPast }
            startDay = day
        }
        if let end {
            guard let day = MicrosoftWire.day(end) else { throw .adGroupInvalidEndDate }
            if day < (startDay ?? today) { throw .adGroupEndBeforeStart }
        }
    }

    static func checkAdGroupStatus(_ value: SandboxJSON?) throws(MicrosoftError) {
        guard let status = value?.stringValue else { return }
        guard status == "Active" || status == "Paused" else { throw .invalidAdGroupStatus }
    }

    // MARK: shared Delete / Get for ad groups, keywords and ads

    /// The parent key, id list key, result key and errors of a child kind.
    private struct ChildKind {
        let parentKey: String
        let parentKind: MicrosoftEntityKind
        let idsKey: String
        let listKey: String
        let limit: Int
        let parentInvalid: MicrosoftError
        let invalidId: MicrosoftError
        let idsEmpty: MicrosoftError
        let idsExceed: MicrosoftError
        let duplicateIds: MicrosoftError

        init(_ kind: MicrosoftEntityKind) {
            switch kind {
            case .adGroup:
                self.init(
                    parentKey: "CampaignId", parentKind: .campaign, idsKey: "AdGroupIds", listKey: "AdGroups",
                    limit: MicrosoftLimits.adGroups, parentInvalid: .invalidCampaignId, invalidId: .invalidAdGroupId,
                    idsEmpty: .adGroupIdsNullOrEmpty, idsExceed: .adGroupIdsExceedLimit, duplicateIds: .duplicateInAdGroupIds)
            case .keyword:
                self.init(
                    parentKey: "AdGroupId", parentKind: .adGroup, idsKey: "KeywordIds", listKey: "Keywords",
                    limit: MicrosoftLimits.keywords, parentInvalid: .invalidAdGroupId, invalidId: .invalidKeywordId,
                    idsEmpty: .keywordIdsNullOrEmpty, idsExceed: .keywordIdsExceedLimit, duplicateIds: .duplicateInKeywordIds)
            default:
                self.init(
                    parentKey: "AdGroupId", parentKind: .adGroup, idsKey: "AdIds", listKey: "Ads", limit: MicrosoftLimits.ads,
                    parentInvalid: .invalidAdGroupId, invalidId: .invalidAdId, idsEmpty: .adsNullOrEmpty,
                    idsExceed: .adIdsExceedLimit, duplicateIds: .duplicateInAdIds)
            }
        }

        private init(
            parentKey: String, parentKind: MicrosoftEntityKind, idsKey: String, listKey: String, limit: Int,
            parentInvalid: MicrosoftError, invalidId: MicrosoftError, idsEmpty: MicrosoftError, idsExceed: MicrosoftError,
            duplicateIds: MicrosoftError
        ) {
            self.parentKey = parentKey
            self.parentKind = parentKind
            self.idsKey = idsKey
            self.listKey = listKey
            self.limit = limit
            self.parentInvalid = parentInvalid
            self.invalidId = invalidId
            self.idsEmpty = idsEmpty
            self.idsExceed = idsExceed
            self.duplicateIds = duplicateIds
        }
    }

    /// The parent id of the request when it is a live object whose own parents are live.
    private func liveParent(_ body: SandboxJSON, _ child: ChildKind, _ account: MicrosoftStoredAccount) -> Int64? {
        guard let parentId = body[child.parentKey]?.int64Value, let parent = account.live(child.parentKind, parentId)
        else { return nil }
        if child.parentKind == .adGroup, account.live(.campaign, parent.parent) == nil { return nil }
        return parentId
    }

    /// `DELETE /AdGroups|Keywords|Ads` → {PartialErrors}: status `Deleted`.
    func deleteChildren(_ kind: MicrosoftEntityKind, _ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let child = ChildKind(kind)
        guard let parentId = liveParent(body, child, microsoftAccount(context)) else {
            return context.operationFault(child.parentInvalid)
        }
        let ids = Self.microsoftIds(body[child.idsKey])
        if ids.isEmpty { return context.operationFault(child.idsEmpty) }
        if ids.count > child.limit { return context.operationFault(child.idsExceed) }
        if Set(ids).count < ids.count { return context.operationFault(child.duplicateIds) }
        var errors: [(Int, MicrosoftError)] = []
        withMicrosoftAccount(context) { account in
            for (index, id) in ids.enumerated() {
                guard let id, let record = account.live(kind, id), record.parent == parentId else {
                    errors.append((index, child.invalidId))
                    continue
                }
                account[kind][id]?.fields["Status"] = "Deleted"
            }
        }
        if errors.count < ids.count { persistMicrosoft() }
        return .ok(["PartialErrors": Self.partialErrors(errors)])
    }

    /// `POST /AdGroups/QueryByCampaignId`, `/Keywords/QueryByAdGroupId`, `/Ads/QueryByAdGroupId`: every live
    /// child, in id order (ads filtered by `AdTypes` when sent).
    func getChildren(_ kind: MicrosoftEntityKind, _ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let child = ChildKind(kind)
        let account = microsoftAccount(context)
        guard let parentId = liveParent(body, child, account) else { return context.operationFault(child.parentInvalid) }
        let types = body["AdTypes"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
        let list = account.children(kind, of: parentId)
            .filter { types?.contains($0.record.fields["Type"]?.stringValue ?? "") ?? true }
            .map { Self.microsoftWire($0.id, $0.record) }
        return .ok([child.listKey: .array(list)])
    }

    /// `POST /AdGroups|Keywords|Ads/QueryByIds` → the list (null where not found) and PartialErrors.
    func getChildrenByIds(_ kind: MicrosoftEntityKind, _ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let child = ChildKind(kind)
        let account = microsoftAccount(context)
        guard let parentId = liveParent(body, child, account) else { return context.operationFault(child.parentInvalid) }
        let ids = Self.microsoftIds(body[child.idsKey])
        if ids.isEmpty { return context.operationFault(child.idsEmpty) }
        if ids.count > (kind == .ad ? MicrosoftLimits.adIdsToGet : child.limit) { return context.operationFault(child.idsExceed) }
        var list: [SandboxJSON] = []
        var errors: [(Int, MicrosoftError)] = []
        for (index, id) in ids.enumerated() {
            if let id, let record = account.live(kind, id), record.parent == parentId {
                list.append(Self.microsoftWire(id, record))
            } else {
                list.append(.null)
                errors.append((index, child.invalidId))
            }
        }
        return .ok([child.listKey: .array(list), "PartialErrors": Self.partialErrors(errors)])
    }
}
