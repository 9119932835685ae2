import Foundation

/// Campaign criterions: location, radius and day-and-time targets (plus age, gender, device and
/// location intent, stored as sent).
extension SandboxEngine {
    /// Criterion `"Type"` → the `CampaignCriterionType` value that names it in GetCampaignCriterionsByIds.
    static let criterionTypeNames: [String: String] = [
        "LocationCriterion": "Location", "RadiusCriterion": "Radius", "DayTimeCriterion": "DayTime",
        "LocationIntentCriterion": "LocationIntent", "DeviceCriterion": "Device", "AgeCriterion": "Age",
        "GenderCriterion": "Gender",
    ]

    /// `POST /CampaignCriterions` {CampaignCriterions, CriterionType} → {CampaignCriterionIds,
    /// NestedPartialErrors}. Target criterions are added with `CriterionType: "Targets"` (the specific type,
    /// e.g. `Location`, is accepted when every item is of that type).
    func addCampaignCriterions(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let items = body["CampaignCriterions"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.criterionsNullOrEmpty) }
        if items.count > MicrosoftLimits.campaignCriterions { return context.operationFault(.criterionsExceedLimit) }
        let requestedType = body["CriterionType"]?.stringValue ?? ""
        let result = microsoftBatch(items, context) { _, item throws(MicrosoftError) in
            if item["Id"] != nil { throw .criterionIdShouldBeNull }
            let account = microsoftAccount(context)
            guard let campaignId = item["CampaignId"]?.int64Value, account.live(.campaign, campaignId) != nil else {
                throw .invalidCampaignId
            }
            var fields = try Self.checkedCriterion(item, requestedType: requestedType, account: account, campaign: campaignId, except: nil)
            fields["Id"] = nil
            let id = microsoft.nextId(.campaignCriterion)
            withMicrosoftAccount(context) { $0[.campaignCriterion][id] = MicrosoftRecord(parent: campaignId, fields: fields) }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok([
            "CampaignCriterionIds": .array(result.ids),
            "NestedPartialErrors": .array(
                result.errors.map { MicrosoftWire.batchErrorCollection(index: $0.index, [($0.index, $0.error)]) }),
        ])
    }

    /// `PUT /CampaignCriterions` {CampaignCriterions, CriterionType} → {NestedPartialErrors}.
    func updateCampaignCriterions(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let items = body["CampaignCriterions"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.criterionsNullOrEmpty) }
        if items.count > MicrosoftLimits.campaignCriterions { return context.operationFault(.criterionsExceedLimit) }
        let requestedType = body["CriterionType"]?.stringValue ?? ""
        let result = microsoftBatch(items, context) { _, item throws(MicrosoftError) in
            let account = microsoftAccount(context)
            guard let id = item["Id"]?.int64Value, let record = account.live(.campaignCriterion, id) else {
                throw .criterionIdInvalid
            }
            guard item["CampaignId"]?.int64Value == record.parent else { throw .invalidCampaignId }
            var merged = record.fields
            for (key, value) in item { merged[key] = value }
            if let criterion = item["Criterion"] {
                guard criterion["Type"] == record.fields["Criterion"]?["Type"] else { throw .criterionTypeMismatch }
            }
            var fields = try Self.checkedCriterion(
                merged, requestedType: requestedType, account: account, campaign: record.parent, except: id)
            fields["Id"] = nil
            withMicrosoftAccount(context) { $0[.campaignCriterion][id]?.fields = fields }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok([
            "NestedPartialErrors": .array(
                result.errors.map { MicrosoftWire.batchErrorCollection(index: $0.index, [($0.index, $0.error)]) })
        ])
    }

    /// `DELETE /CampaignCriterions` {CampaignCriterionIds, CampaignId, CriterionType} → {PartialErrors}.
    func deleteCampaignCriterions(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let campaignId = body["CampaignId"]?.int64Value, microsoftAccount(context).live(.campaign, campaignId) != nil
        else { return context.operationFault(.invalidCampaignId) }
        let ids = Self.microsoftIds(body["CampaignCriterionIds"])
        if ids.isEmpty { return context.operationFault(.criterionIdsNullOrEmpty) }
        if ids.count > MicrosoftLimits.campaignCriterions { return context.operationFault(.criterionIdsExceedLimit) }
        if Set(ids).count < ids.count { return context.operationFault(.duplicateCriterionId) }
        var errors: [(Int, MicrosoftError)] = []
        withMicrosoftAccount(context) { account in
            for (index, id) in ids.enumerated() {
                guard let id, let record = account.live(.campaignCriterion, id), record.parent == campaignId else {
                    errors.append((index, .criterionIdInvalid))
                    continue
                }
                account[.campaignCriterion][id]?.fields["Status"] = "Deleted"
            }
        }
        if errors.count < ids.count { persistMicrosoft() }
        return .ok(["PartialErrors": Self.partialErrors(errors)])
    }

    /// `POST /CampaignCriterions/QueryByIds` {CampaignId, CampaignCriterionIds?, CriterionType} → the live
    /// criterions of that one type (all of them when the ids are null or empty), and PartialErrors for
    /// ids that are not criterions of the campaign. `Targets` (or several types) is 4503.
    func getCampaignCriterionsByIds(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let account = microsoftAccount(context)
        guard let campaignId = body["CampaignId"]?.int64Value, account.live(.campaign, campaignId) != nil else {
            return context.operationFault(.invalidCampaignId)
        }
        guard let type = body["CriterionType"]?.stringValue, Self.criterionTypeNames.values.contains(type) else {
            return context.operationFault(
                .criterionTypeInvalid.with(details: "Request one type: Location, Radius, DayTime, LocationIntent, Device, Age or Gender."))
        }
        let ids = Self.microsoftIds(body["CampaignCriterionIds"])
        if ids.count > MicrosoftLimits.campaignCriterions { return context.operationFault(.criterionIdsExceedLimit) }
        let ofType = account.children(.campaignCriterion, of: campaignId).filter {
            Self.criterionTypeNames[$0.record.fields["Criterion"]?["Type"]?.stringValue ?? ""] == type
        }
        var list: [SandboxJSON] = []
        var errors: [(Int, MicrosoftError)] = []
        if ids.isEmpty {
            list = ofType.map { Self.microsoftWire($0.id, $0.record) }
        } else {
            for (index, id) in ids.enumerated() {
                if let found = ofType.first(where: { $0.id == id }) {
                    list.append(Self.microsoftWire(found.id, found.record))
                } else {
                    errors.append((index, .criterionIdInvalid))
                }
            }
        }
        return .ok(["CampaignCriterions": .array(list), "PartialErrors": Self.partialErrors(errors)])
    }

    /// Checks one criterion and returns its stored form (LocationType and DisplayName filled in, a default
    /// `BidMultiplier` 0 for biddable criterions, Status Active).
    static func checkedCriterion(
        _ item: [String: SandboxJSON], requestedType: String, account: MicrosoftStoredAccount, campaign: Int64, except: Int64?
    ) throws(MicrosoftError) -> [String: SandboxJSON] {
        var fields = item
        let kind = fields["Type"]?.stringValue
        guard kind == "BiddableCampaignCriterion" || kind == "NegativeCampaignCriterion" else { throw .criterionTypeInvalid }
        guard var criterion = fields["Criterion"], let criterionType = criterion["Type"]?.stringValue else {
            throw .criterionCriterionNull
        }
        guard let typeName = criterionTypeNames[criterionType] else { throw .criterionTypeNotAllowed }
        guard requestedType == "Targets" || requestedType == typeName else { throw .criterionTypeMismatch }
        if kind == "NegativeCampaignCriterion", typeName != "Location", typeName != "Radius" {
            throw .criterionTypeNotAllowed
        }
        let siblings = account.children(.campaignCriterion, of: campaign).filter { $0.id != except }
            .map(\.record.fields)
        func sameType(_ other: [String: SandboxJSON]) -> Bool { other["Criterion"]?["Type"]?.stringValue == criterionType }
        switch criterionType {
        case "LocationCriterion":
            guard let id = criterion["LocationId"]?.int64Value, let location = MicrosoftGeoLocations.byId[id] else {
                throw .invalidLocationId
            }
            criterion["LocationType"] = .string(location.type)
            criterion["DisplayName"] = .string(location.displayName)
            if siblings.contains(where: { sameType($0) && $0["Criterion"]?["LocationId"] == criterion["LocationId"] }) {
                throw .duplicateCriterion
            }
        case "RadiusCriterion":
            guard let latitude = criterion["LatitudeDegrees"]?.doubleValue, (-90...90).contains(latitude) else {
                throw .invalidLatitude
            }
            guard let longitude = criterion["LongitudeDegrees"]?.doubleValue, (-180...180).contains(longitude) else {
                throw .invalidLongitude
            }
            guard let unit = criterion["RadiusUnit"]?.stringValue, unit == "Miles" || unit == "Kilometers" else {
                throw .radiusUnitInvalid
            }
            let limit: Int64 = unit == "Miles" ? 500 : 800
            guard let radius = criterion["Radius"]?.int64Value, radius >= 1, radius <= limit else { throw .invalidRadius }
            if siblings.contains(where: {
                sameType($0) && $0["Criterion"]?["LatitudeDegrees"] == criterion["LatitudeDegrees"]
                    && $0["Criterion"]?["LongitudeDegrees"] == criterion["LongitudeDegrees"]
                    && $0["Criterion"]?["Radius"] == criterion["Radius"] && $0["Criterion"]?["RadiusUnit"] == criterion["RadiusUnit"]
            }) {
                throw .duplicateCriterion
            }
        case "DayTimeCriterion":
            guard let interval = dayTimeInterval(criterion) else { throw .dayTimeInvalid }
            guard interval.start < interval.end else { throw .dayTimeIntervalInvalid }
            for other in siblings where sameType(other) {
                guard let existing = other["Criterion"].flatMap(dayTimeInterval), existing.day == interval.day else { continue }
                if existing.start == interval.start && existing.end == interval.end { throw .duplicateCriterion }
                if existing.start < interval.end && interval.start < existing.end { throw .dayTimeOverlap }
            }
        default:
            break
        }
        fields["Criterion"] = criterion
        if kind == "BiddableCampaignCriterion" {
            if let bid = fields["CriterionBid"] {
                guard bid["Type"]?.stringValue == "BidMultiplier", let multiplier = bid["Multiplier"]?.doubleValue,
                    (-100...900).contains(multiplier)
                else { throw .invalidBidMultiplier }
            } else {
                fields["CriterionBid"] = ["Type": "BidMultiplier", "Multiplier": 0.0]
            }
        }
        if let status = fields["Status"]?.stringValue, status != "Active", status != "Paused" { throw .criterionStatusInvalid }
        fields["Status"] = fields["Status"] ?? "Active"
        return fields
    }

    /// A DayTime criterion as (day, start minute, end minute), or nil when a part is missing or out of range.
    static func dayTimeInterval(_ criterion: SandboxJSON) -> (day: String, start: Int, end: Int)? {
        let minutes = ["Zero": 0, "Fifteen": 15, "Thirty": 30, "FortyFive": 45]
        guard let day = criterion["Day"]?.stringValue,
            let fromHour = criterion["FromHour"]?.int64Value, (0...23).contains(fromHour),
            let toHour = criterion["ToHour"]?.int64Value, (0...24).contains(toHour),
            let fromMinute = criterion["FromMinute"]?.stringValue.flatMap({ minutes[$0] }),
            let toMinute = criterion["ToMinute"]?.stringValue.flatMap({ minutes[$0] }),
            toHour < 24 || toMinute == 0
        else { return nil }
        return (day, Int(fromHour) * 60 + fromMinute, Int(toHour) * 60 + toMinute)
    }
}
