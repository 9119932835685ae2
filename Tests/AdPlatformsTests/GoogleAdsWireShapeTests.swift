import AdPlatforms
import CampaignKit
import Foundation
@testable import Sandbox
import Store
import Testing

/// What tfz puts on the wire for one campaign, read back from what the sandbox received: the exact JSON keys of every
/// object it creates, and every key at every level checked against the Google Ads API v25 field names and enum values
/// (the sandbox's tables generated from the v25 reference, `Sources/Sandbox/Generated/GoogleAdsSchema.swift`).
@Suite(.serialized) struct GoogleAdsWireShapeTests {
    /// One campaign: a county and a radius, Friday and Saturday evening schedules, a negative keyword, one ad group
    /// with three phrase keywords and one responsive search ad.
    static func launchOne() async throws -> (requests: [RecordedRequest], campaign: Campaign) {
        let campaigns = GoogleAdsFixture.campaigns(keywords: 3, zones: 1)
        try #require(campaigns.count == 1)
        let sandbox = try await startSandbox(SandboxConfiguration(seed: 3))
        let directory = FaultRig.temporaryDirectory()
        defer { FaultRig.remove(directory) }
        let report = try await FaultRig.applier(sandbox: sandbox, store: try SQLiteStore(directory: directory), timeout: 30).launch(campaigns)
        let requests = await sandbox.receivedRequests()
        await sandbox.stop()
        try #require(report.failed.isEmpty, "\(report.failed)")
        try #require(report.created.count == 1 && report.enabled.count == 1)
        return (requests, campaigns[0])
    }

    static func mutates(_ requests: [RecordedRequest]) -> [SandboxJSON] {
        requests.filter { $0.path == "/v25/customers/\(GoogleAdsFaultTests.customerId)/googleAds:mutate" }.compactMap(\.jsonBody)
    }

    /// The `create` objects of one operation member, e.g. `campaignBudgetOperation`.
    static func creates(_ body: SandboxJSON, _ member: String) -> [[String: SandboxJSON]] {
        (body["mutateOperations"]?.arrayValue ?? []).compactMap { $0[member]?["create"]?.objectValue }
    }

    static func keys(_ object: [String: SandboxJSON]?) -> Set<String> { Set(object.map { Array($0.keys) } ?? []) }

    // MARK: - Exact keys

    @Test func theCreatesHaveExactlyTheseKeys() async throws {
        let (requests, campaign) = try await Self.launchOne()
        let bodies = Self.mutates(requests)
        try #require(bodies.count == 2, "one create request, one enable request")
        let body = bodies[0]
        #expect(Self.keys(body.objectValue) == ["mutateOperations", "partialFailure"])
        let operations = body["mutateOperations"]?.arrayValue ?? []
        for op in operations {
            #expect(op.objectValue?.count == 1, "one member per MutateOperation: \(op)")
            #expect(op.objectValue?.values.first.map { Self.keys($0.objectValue) } == ["create"], "creates only: \(op)")
        }

        let budgets = Self.creates(body, "campaignBudgetOperation")
        try #require(budgets.count == 1)
        #expect(Self.keys(budgets[0]) == ["resourceName", "name", "amountMicros", "deliveryMethod", "explicitlyShared"])

        let campaigns = Self.creates(body, "campaignOperation")
        try #require(campaigns.count == 1)
        #expect(Self.keys(campaigns[0]) == ["resourceName", "name", "status", "advertisingChannelType", "campaignBudget", "networkSettings",
                                            "containsEuPoliticalAdvertising", "targetSpend", "startDateTime", "endDateTime"])
        #expect(Self.keys(campaigns[0]["networkSettings"]?.objectValue)
                == ["targetGoogleSearch", "targetSearchNetwork", "targetContentNetwork", "targetPartnerSearchNetwork"])
        #expect(Self.keys(campaigns[0]["targetSpend"]?.objectValue) == ["cpcBidCeilingMicros"])
        #expect(campaigns[0]["status"]?.stringValue == "PAUSED", "created paused, enabled by the second request")
        #expect(campaigns[0]["startDateTime"]?.stringValue == "2027-01-01 00:00:00")
        #expect(campaigns[0]["endDateTime"]?.stringValue == "2027-12-31 23:59:59")

        // Campaign criteria: one per county, radius, day of a daypart and negative keyword.
        let criteria = Self.creates(body, "campaignCriterionOperation")
        let byShape = Dictionary(grouping: criteria) { Self.keys($0).sorted().joined(separator: ",") }
        #expect(Set(byShape.keys) == ["campaign,location", "campaign,proximity", "adSchedule,campaign", "campaign,keyword,negative"], "\(byShape.keys)")
        #expect(byShape["campaign,location"]?.count == 1 && byShape["campaign,proximity"]?.count == 1)
        #expect(byShape["adSchedule,campaign"]?.count == 2 && byShape["campaign,keyword,negative"]?.count == 1)
        for c in byShape["campaign,location"] ?? [] { #expect(Self.keys(c["location"]?.objectValue) == ["geoTargetConstant"]) }
        for c in byShape["campaign,proximity"] ?? [] {
            #expect(Self.keys(c["proximity"]?.objectValue) == ["geoPoint", "radius", "radiusUnits"])
            #expect(Self.keys(c["proximity"]?["geoPoint"]?.objectValue) == ["latitudeInMicroDegrees", "longitudeInMicroDegrees"])
        }
        for c in byShape["adSchedule,campaign"] ?? [] {
            #expect(Self.keys(c["adSchedule"]?.objectValue) == ["dayOfWeek", "startHour", "startMinute", "endHour", "endMinute"])
        }
        for c in byShape["campaign,keyword,negative"] ?? [] {
            #expect(Self.keys(c["keyword"]?.objectValue) == ["text", "matchType"])
            #expect(c["negative"] == .bool(true))
        }
        #expect(Set((byShape["adSchedule,campaign"] ?? []).compactMap { $0["adSchedule"]?["dayOfWeek"]?.stringValue }) == ["FRIDAY", "SATURDAY"])

        let groups = Self.creates(body, "adGroupOperation")
        try #require(groups.count == 1)
        #expect(Self.keys(groups[0]) == ["resourceName", "name", "campaign", "status", "type"])

        let keywords = Self.creates(body, "adGroupCriterionOperation")
        #expect(keywords.count == 3)
        for k in keywords {
            #expect(Self.keys(k) == ["adGroup", "status", "keyword"])
            #expect(Self.keys(k["keyword"]?.objectValue) == ["text", "matchType"])
            #expect(k["keyword"]?["matchType"]?.stringValue == "PHRASE")
        }

        let ads = Self.creates(body, "adGroupAdOperation")
        try #require(ads.count == 1)
        #expect(Self.keys(ads[0]) == ["adGroup", "status", "ad"])
        #expect(Self.keys(ads[0]["ad"]?.objectValue) == ["finalUrls", "responsiveSearchAd"])
        let rsa = ads[0]["ad"]?["responsiveSearchAd"]
        #expect(Self.keys(rsa?.objectValue) == ["headlines", "descriptions", "path1"])
        for asset in (rsa?["headlines"]?.arrayValue ?? []) + (rsa?["descriptions"]?.arrayValue ?? []) {
            #expect(Self.keys(asset.objectValue) == ["text"])
        }
        #expect(rsa?["headlines"]?.arrayValue?.compactMap(\.stringValue) == [], "assets are objects, not strings")
        #expect(rsa?["headlines"]?.arrayValue?.compactMap { $0["text"]?.stringValue } == campaign.ads[0].headlines)
        #expect(ads[0]["ad"]?["finalUrls"] == .array([.string(campaign.landingPage)]))

        #expect(operations.count == budgets.count + campaigns.count + criteria.count + groups.count + keywords.count + ads.count,
                "no other kind of operation")

        // Temporary ids: negative, and each reference names an object an earlier operation created.
        var defined: Set<String> = []
        for op in operations {
            guard let create = op.objectValue?.values.first?["create"] else { continue }
            for field in ["campaignBudget", "campaign", "adGroup"] {
                if let ref = create[field]?.stringValue { #expect(defined.contains(ref), "\(field) \(ref) is referenced before it is created") }
            }
            if let name = create["resourceName"]?.stringValue {
                #expect(name.range(of: #"^customers/1234567890/(campaignBudgets|campaigns|adGroups)/-\d+$"#, options: .regularExpression) != nil, "\(name)")
                defined.insert(name)
            }
        }

        // The enable: an update of the status only.
        let enables = (bodies[1]["mutateOperations"]?.arrayValue ?? []).compactMap { $0["campaignOperation"] }
        try #require(enables.count == 1)
        #expect(Self.keys(enables[0].objectValue) == ["update", "updateMask"])
        #expect(Self.keys(enables[0]["update"]?.objectValue) == ["resourceName", "status"])
        #expect(enables[0]["updateMask"]?.stringValue == "status")
        #expect(enables[0]["update"]?["status"]?.stringValue == "ENABLED")
    }

    // MARK: - Every key and enum against the v25 schema

    @Test func everyKeyAndEnumIsGoogleAdsV25() async throws {
        let (requests, _) = try await Self.launchOne()
        let bodies = Self.mutates(requests)
        try #require(bodies.count == 2)
        var seen = V25Check.Seen()
        for (index, body) in bodies.enumerated() {
            let problems = V25Check.problems(body, message: "services.MutateGoogleAdsRequest", seen: &seen)
            #expect(problems.isEmpty, "mutate request \(index + 1):\n\(problems.joined(separator: "\n"))")
        }
        for request in requests where request.path.hasSuffix("googleAds:search") {
            let problems = V25Check.problems(try #require(request.jsonBody), message: "services.SearchGoogleAdsRequest", seen: &seen)
            #expect(problems.isEmpty, "search request:\n\(problems.joined(separator: "\n"))")
        }
        // Not vacuous: the walk reached every object tfz creates and the enums they use.
        for message in ["resources.CampaignBudget", "resources.Campaign", "resources.Campaign.NetworkSettings", "common.TargetSpend",
                        "resources.CampaignCriterion", "common.LocationInfo", "common.ProximityInfo", "common.GeoPointInfo", "common.AdScheduleInfo",
                        "common.KeywordInfo", "resources.AdGroup", "resources.AdGroupCriterion", "resources.AdGroupAd", "resources.Ad",
                        "common.ResponsiveSearchAdInfo", "common.AdTextAsset"] {
            #expect(seen.messages.contains(message), "\(message) was not checked")
        }
        #expect(seen.enumValues == [
            "enums.AdGroupAdStatusEnum.AdGroupAdStatus": ["ENABLED"],
            "enums.AdGroupCriterionStatusEnum.AdGroupCriterionStatus": ["ENABLED"],
            "enums.AdGroupStatusEnum.AdGroupStatus": ["ENABLED"],
            "enums.AdGroupTypeEnum.AdGroupType": ["SEARCH_STANDARD"],
            "enums.AdvertisingChannelTypeEnum.AdvertisingChannelType": ["SEARCH"],
            "enums.BudgetDeliveryMethodEnum.BudgetDeliveryMethod": ["STANDARD"],
            "enums.CampaignStatusEnum.CampaignStatus": ["PAUSED", "ENABLED"],
            "enums.DayOfWeekEnum.DayOfWeek": ["FRIDAY", "SATURDAY"],
            "enums.EuPoliticalAdvertisingStatusEnum.EuPoliticalAdvertisingStatus": ["DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING"],
            "enums.KeywordMatchTypeEnum.KeywordMatchType": ["PHRASE"],
            "enums.MinuteOfHourEnum.MinuteOfHour": ["ZERO"],
            "enums.ProximityRadiusUnitsEnum.ProximityRadiusUnits": ["MILES"],
        ], "\(seen.enumValues)")
        #expect(seen.keys > 60, "\(seen.keys) keys checked")
    }

    /// The check itself: a wrong field name, a proto (snake_case) name, an unknown enum value, an output-only field,
    /// a wrong JSON type and a name from an older API version each fail it.
    @Test func theCheckCatchesWrongNamesAndValues() async throws {
        let (requests, _) = try await Self.launchOne()
        let body = try #require(Self.mutates(requests).first)
        var seen = V25Check.Seen()
        #expect(V25Check.problems(body, message: "services.MutateGoogleAdsRequest", seen: &seen) == [])

        func breaking(_ member: String, _ change: (inout [String: SandboxJSON]) -> Void) -> [String] {
            guard case .object(var root) = body, case .array(var ops) = root["mutateOperations"],
                  let i = ops.firstIndex(where: { $0[member] != nil }), case .object(var op) = ops[i][member]!,
                  case .object(var create) = op["create"]! else { return ["cannot find \(member)"] }
            change(&create)
            op["create"] = .object(create)
            ops[i] = .object([member: .object(op)])
            root["mutateOperations"] = .array(ops)
            var scratch = V25Check.Seen()
            return V25Check.problems(.object(root), message: "services.MutateGoogleAdsRequest", seen: &scratch)
        }
        // v24 and earlier had start_date; v25 has start_date_time only.
        #expect(!breaking("campaignOperation") { $0["startDate"] = $0.removeValue(forKey: "startDateTime") }.isEmpty)
        #expect(!breaking("campaignBudgetOperation") { $0["amount_micros"] = $0.removeValue(forKey: "amountMicros") }.isEmpty)
        #expect(!breaking("campaignBudgetOperation") { $0["amountMicros"] = .int(25_000_000) }.isEmpty, "int64 goes as a string")
        #expect(!breaking("campaignOperation") { $0["status"] = .string("PAUSE") }.isEmpty)
        #expect(!breaking("campaignOperation") { $0["status"] = .string("UNSPECIFIED") }.isEmpty)
        #expect(!breaking("campaignOperation") { $0["id"] = .string("1") }.isEmpty, "output only")
        #expect(!breaking("campaignOperation") { $0["networkSettings"] = .object(["targetGoogleSearch": .bool(true), "targetYouTube": .bool(true)]) }.isEmpty)
        #expect(!breaking("adGroupAdOperation") { $0["ad"] = .object(["finalUrls": .string("https://example.org")]) }.isEmpty, "repeated needs an array")
        #expect(!breaking("adGroupCriterionOperation") { $0["keyword"] = .object(["text": .string("x"), "matchType": .string("PHRASE_MATCH")]) }.isEmpty)
        #expect(!breaking("campaignOperation") { $0["manualCpc"] = .object([:]) }.isEmpty, "two members of one oneof")
        func update(mask: String) -> [String] {
            var scratch = V25Check.Seen()
            let op: SandboxJSON = ["campaignOperation": ["update": ["resourceName": "customers/1234567890/campaigns/1", "status": "ENABLED"], "updateMask": .string(mask)]]
            return V25Check.problems(["mutateOperations": [op], "partialFailure": false], message: "services.MutateGoogleAdsRequest", seen: &scratch)
        }
        #expect(update(mask: "status") == [])
        #expect(update(mask: "targetSpend.cpcBidCeilingMicros,name") == [])
        #expect(!update(mask: "campaign_status").isEmpty)
        #expect(!update(mask: "targetSpend.cpcBidCeiling").isEmpty)
    }
}

/// Walks a JSON value as a Google Ads v25 message, using the sandbox's generated tables.
enum V25Check {
    struct Seen {
        var messages: Set<String> = []
        var enumValues: [String: Set<String>] = [:]
        var keys = 0
    }

    static func problems(_ value: SandboxJSON, message: String, seen: inout Seen) -> [String] {
        var out: [String] = []
        walk(value, message: message, path: "", seen: &seen, out: &out)
        return out
    }

    private static func walk(_ value: SandboxJSON, message: String, path: String, seen: inout Seen, out: inout [String]) {
        guard let schema = GoogleAdsSchema.message(message) else {
            out.append("\(path): \(message) is not expanded in the v25 tables, so its keys cannot be checked")
            return
        }
        guard case .object(let object) = value else { out.append("\(path): expected a \(message) object, got \(value)"); return }
        seen.messages.insert(message)
        var oneofs: [String: String] = [:]
        for key in object.keys.sorted() {
            let member = object[key]!
            let at = path.isEmpty ? key : "\(path).\(key)"
            guard let field = schema.byJSON[key] else {
                let hint = schema.byProto[key].map { " (the proto name; the JSON name is \($0.json))" } ?? ""
                out.append("\(at): \(message) has no field '\(key)'\(hint)")
                continue
            }
            seen.keys += 1
            if field.isOutputOnly { out.append("\(at): output only, never sent") }
            if let oneof = field.oneof {
                if let other = oneofs[oneof] { out.append("\(at): oneof \(oneof) already has \(other)") }
                oneofs[oneof] = key
            }
            if field.repeated {
                guard case .array(let items) = member else { out.append("\(at): repeated, expected an array"); continue }
                for (i, item) in items.enumerated() { single(item, field: field, path: "\(at)[\(i)]", seen: &seen, out: &out) }
            } else {
                single(member, field: field, path: at, seen: &seen, out: &out)
            }
        }
        // An update mask names fields of the resource being updated, by their JSON names, dotted into messages.
        if let mask = object["updateMask"]?.stringValue, case .message(let resource)? = schema.byJSON["update"]?.kind {
            for fieldPath in mask.split(separator: ",") {
                var current = resource
                for (i, part) in fieldPath.split(separator: ".").enumerated() {
                    guard let f = GoogleAdsSchema.message(current)?.byJSON[String(part)] else {
                        out.append("\(path).updateMask: '\(fieldPath)' is not a field path of \(resource)"); break
                    }
                    if case .message(let next) = f.kind { current = next } else if i < fieldPath.split(separator: ".").count - 1 {
                        out.append("\(path).updateMask: '\(fieldPath)' goes into a field that is not a message"); break
                    }
                }
            }
        }
    }

    private static func single(_ value: SandboxJSON, field: FieldSchema, path: String, seen: inout Seen, out: inout [String]) {
        switch field.kind {
        case .message(let name):
            walk(value, message: name, path: path, seen: &seen, out: &out)
        case .enumeration(let name):
            guard let text = value.stringValue, let values = GoogleAdsSchema.enums[name] else {
                out.append("\(path): expected a value name of \(name), got \(value)"); return
            }
            if !values.valueSet.contains(text) || text == "UNSPECIFIED" || text == "UNKNOWN" {
                out.append("\(path): '\(text)' is not a value of \(name) that may be sent")
            }
            seen.enumValues[name, default: []].insert(text)
        case .string, .bytes, .duration:
            if case .string = value {} else { out.append("\(path): expected a string, got \(value)") }
        case .fieldMask:
            guard let text = value.stringValue else { out.append("\(path): expected a field mask string"); return }
            if text.isEmpty { out.append("\(path): empty field mask") }
        case .bool:
            if case .bool = value {} else { out.append("\(path): expected a bool, got \(value)") }
        case .int64, .uint64:
            // proto3 JSON writes 64-bit integers as strings; tfz always does.
            guard let text = value.stringValue, Int64(text) != nil else { out.append("\(path): expected an int64 as a JSON string, got \(value)"); return }
        case .int32, .uint32:
            if case .int = value {} else { out.append("\(path): expected a 32-bit integer, got \(value)") }
        case .double, .float:
            switch value {
            case .int, .double: break
            default: out.append("\(path): expected a number, got \(value)")
            }
        }
    }
}
