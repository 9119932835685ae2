import CampaignKit
import Synchronization

/// Maps a tfz campaign to Google Ads REST objects (field names and enums from the v25 reference) and works out
/// the operations that take the remote side from what is recorded to what the files say.
///
/// Everything is created in the same request as its parents, with temporary ids (negative numbers) that only
/// reference earlier operations; the campaign is created PAUSED and enabled in a later step.
public struct GoogleAdsCampaignMapper: Sendable {
    public var customerId: String
    /// Geo target constants (`geoTargetConstants/1015116`) for county and postal-code targets, by `GeoItem.key`
    /// (`county 12057`, `postal 33602`), looked up with `geoTargetConstants:suggest` before mapping.
    public var geoConstants: [String: String]

    public init(customerId: String, geoConstants: [String: String]) {
        self.customerId = customerId
        self.geoConstants = geoConstants
    }

    /// Hands out temporary ids, unique across one launch.
    public final class TemporaryIds: Sendable {
        private let next = Mutex<Int64>(-1)
        public init() {}
        func take() -> Int64 { next.withLock { value in defer { value -= 1 }; return value } }
    }

    /// One Google Ads location criterion: Google takes one per county, postal code, native id or radius.
    public enum GeoItem: Sendable, Hashable {
        case county(String)
        case postalCode(String)
        case constant(String)
        case proximity(latitudeMicros: Int64, longitudeMicros: Int64, distance: Int, unit: GeoTarget.DistanceUnit)

        public var key: String {
            switch self {
            case .county(let fips): "county \(fips)"
            case .postalCode(let zip): "postal \(zip)"
            case .constant(let id): "native \(id)"
            case .proximity(let lat, let lon, let d, let unit): "radius \(lat),\(lon),\(d)\(unit.rawValue)"
            }
        }
    }

    /// The campaign's geography as Google Ads criteria.
    public static func geoItems(_ c: Campaign) -> [GeoItem] {
        c.geo.flatMap { g -> [GeoItem] in
            switch g {
            case .county(let fips): [.county(fips)]
            case .postalCodes(let codes): codes.map { .postalCode($0) }
            case .native(_, let ids): ids.map { .constant($0.hasPrefix("geoTargetConstants/") ? $0 : "geoTargetConstants/\($0)") }
            case .radius(let lat, let lon, let d, let unit): [.proximity(latitudeMicros: lat, longitudeMicros: lon, distance: d, unit: unit)]
            }
        }
    }

    var prefix: String { "customers/\(customerId)" }

    // MARK: Desired objects

    /// Everything the campaign should have on Google Ads, by local key, children after parents.
    public func desiredObjects(_ c: Campaign) -> [(localKey: ObjectKey, kind: String)] {
        var out: [(ObjectKey, String)] = [(.budget, "campaignBudget"), (.campaign, "campaign")]
        for g in Self.geoItems(c) { out.append((.geo(g.key), "campaignCriterion")) }
        for s in schedules(c) { out.append((.schedule(s.key), "campaignCriterion")) }
        for n in c.negatives { out.append((.negative(n.notation), "campaignCriterion")) }
        for group in c.adGroups {
            out.append((.adGroup(group.name), "adGroup"))
            for k in group.keywords { out.append((.keyword(group: group.name, notation: k.notation), "adGroupCriterion")) }
            for ad in c.ads { out.append((adKey(group: group.name, ad: ad, landingPage: c.landingPage), "adGroupAd")) }
        }
        return out
    }

    /// An ad's key: a new landing page makes a new ad too (`ad:<group>:<creative>#<fingerprint>@<landing page hash>`).
    func adKey(group: String, ad: AdCopy, landingPage: String) -> ObjectKey {
        .ad(group: group, creative: ad.creative, fingerprint: "\(ad.fingerprint)@\(Self.shortHash(landingPage))")
    }

    static func shortHash(_ s: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in s.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 16)
    }

    struct Schedule { var key: String; var day: String; var from: Int; var to: Int }

    /// One ad schedule criterion per day and daypart (Google schedules are per day of week).
    func schedules(_ c: Campaign) -> [Schedule] {
        let names: [Weekday: String] = [.mon: "MONDAY", .tue: "TUESDAY", .wed: "WEDNESDAY", .thu: "THURSDAY", .fri: "FRIDAY", .sat: "SATURDAY", .sun: "SUNDAY"]
        var out: [Schedule] = []
        for part in c.dayparts {
            for day in part.days {
                out.append(Schedule(key: "\(names[day]!) \(part.fromMinute)-\(part.toMinute)", day: names[day]!, from: part.fromMinute, to: part.toMinute))
            }
        }
        return out
    }

    // MARK: Operations

    /// The operations that bring the campaign from `recorded` objects (and the `applied` snapshot) to the files.
    /// With nothing recorded, this creates the whole campaign, PAUSED.
    /// An `incomplete` campaign (``RemoteCampaign/incomplete``) gets its name set again even when `applied` has it.
    public func operations(for c: Campaign, recorded: [RemoteObject], applied: CampaignSnapshot?, incomplete: Bool = false,
                           ids: TemporaryIds) -> [GoogleAdsOperation] {
        var names = Dictionary(recorded.map { ($0.localKey, $0.resourceName) }, uniquingKeysWith: { $1 })
        var ops: [GoogleAdsOperation] = []
        let desired = desiredObjects(c)
        let desiredKeys = Set(desired.map(\.localKey))

        func create(_ localKey: ObjectKey, _ member: String, _ collection: String, _ fields: [(String, JSONValue)]) {
            // Budgets, campaigns and ad groups get a temporary id as their resourceName, which later operations reference;
            // criteria and ads are leaves (their names are composite, `adGroupId~criterionId`) and get none.
            guard ["campaignBudgets", "campaigns", "adGroups"].contains(collection) else {
                ops.append(GoogleAdsOperation(key: c.key, localKey: localKey, kind: .create, member: member,
                                              body: .object([("create", .object(fields))]), temporaryName: nil))
                return
            }
            let temp = "\(prefix)/\(collection)/\(ids.take())"
            names[localKey] = temp
            ops.append(GoogleAdsOperation(key: c.key, localKey: localKey, kind: .create, member: member,
                                          body: .object([("create", .object([("resourceName", .string(temp))] + fields))]), temporaryName: temp))
        }
        func update(_ localKey: ObjectKey, _ member: String, _ fields: [(String, JSONValue)], mask: [String]) {
            guard let name = names[localKey] else { return }
            ops.append(GoogleAdsOperation(key: c.key, localKey: localKey, kind: .update, member: member,
                                          body: .object([("update", .object([("resourceName", .ref(name))] + fields)), ("updateMask", .string(mask.joined(separator: ",")))]),
                                          temporaryName: nil))
        }

        // Budget and campaign: create, or update the fields that changed.
        if names[.budget] == nil {
            create(.budget, "campaignBudgetOperation", "campaignBudgets", [
                ("name", .string("tfz \(c.key) budget")),
                ("amountMicros", .int64String(c.dailyBudget.micros)),
                ("deliveryMethod", .string("STANDARD")),
                ("explicitlyShared", .bool(false)),
            ])
        } else if let applied, applied.dailyBudgetMicros != c.dailyBudget.micros {
            update(.budget, "campaignBudgetOperation", [("amountMicros", .int64String(c.dailyBudget.micros))], mask: ["amountMicros"])
        }
        if names[.campaign] == nil {
            var fields: [(String, JSONValue)] = [
                ("name", .string(c.remoteName)),
                ("status", .string("PAUSED")),
                ("advertisingChannelType", .string("SEARCH")),
                ("campaignBudget", .ref(names[.budget]!)),
                ("networkSettings", .object([
                    ("targetGoogleSearch", .bool(true)), ("targetSearchNetwork", .bool(false)),
                    ("targetContentNetwork", .bool(false)), ("targetPartnerSearchNetwork", .bool(false)),
                ])),
                ("containsEuPoliticalAdvertising", .string("DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING")),
                ("targetSpend", bidding(c)),
            ]
            if let start = c.flight?.start { fields.append(("startDateTime", .string("\(start) 00:00:00"))) }
            if let end = c.flight?.end { fields.append(("endDateTime", .string("\(end) 23:59:59"))) }
            create(.campaign, "campaignOperation", "campaigns", fields)
        } else if let applied {
            var fields: [(String, JSONValue)] = [], mask: [String] = []
            if applied.name != c.remoteName || incomplete { fields.append(("name", .string(c.remoteName))); mask.append("name") }
            if applied.bidCeilingMicros != c.bidCeiling?.micros {
                fields.append(("targetSpend", bidding(c))); mask.append("targetSpend.cpcBidCeilingMicros")
            }
            if applied.flightStart != c.flight?.start?.description, let start = c.flight?.start {
                fields.append(("startDateTime", .string("\(start) 00:00:00"))); mask.append("startDateTime")
            }
            if applied.flightEnd != c.flight?.end?.description {
                fields.append(("endDateTime", c.flight?.end.map { .string("\($0) 23:59:59") } ?? .string("2037-12-30 23:59:59")))
                mask.append("endDateTime")
            }
            if !mask.isEmpty { update(.campaign, "campaignOperation", fields, mask: mask) }
        }
        let campaign = JSONValue.ref(names[.campaign]!)

        // Children: create what is missing, remove what is no longer wanted (ads are immutable: new ones first).
        for g in Self.geoItems(c) where names[.geo(g.key)] == nil {
            guard let criterion = geoCriterion(g) else { continue }
            create(.geo(g.key), "campaignCriterionOperation", "campaignCriteria", [("campaign", campaign), criterion])
        }
        for s in schedules(c) where names[.schedule(s.key)] == nil {
            create(.schedule(s.key), "campaignCriterionOperation", "campaignCriteria", [("campaign", campaign), ("adSchedule", .object([
                ("dayOfWeek", .string(s.day)),
                ("startHour", .int(Int64(s.from / 60))), ("startMinute", .string(Self.minute(s.from % 60))),
                ("endHour", .int(Int64(s.to / 60))), ("endMinute", .string(Self.minute(s.to % 60))),
            ]))])
        }
        for n in c.negatives where names[.negative(n.notation)] == nil {
            create(.negative(n.notation), "campaignCriterionOperation", "campaignCriteria",
                   [("campaign", campaign), ("negative", .bool(true)), ("keyword", keyword(n))])
        }
        for group in c.adGroups {
            if names[.adGroup(group.name)] == nil {
                create(.adGroup(group.name), "adGroupOperation", "adGroups", [
                    ("name", .string(group.name)), ("campaign", campaign), ("status", .string("ENABLED")), ("type", .string("SEARCH_STANDARD")),
                ])
            }
            let adGroup = JSONValue.ref(names[.adGroup(group.name)]!)
            for k in group.keywords where names[.keyword(group: group.name, notation: k.notation)] == nil {
                create(.keyword(group: group.name, notation: k.notation), "adGroupCriterionOperation", "adGroupCriteria",
                       [("adGroup", adGroup), ("status", .string("ENABLED")), ("keyword", keyword(k))])
            }
            for ad in c.ads where names[adKey(group: group.name, ad: ad, landingPage: c.landingPage)] == nil {
                create(adKey(group: group.name, ad: ad, landingPage: c.landingPage), "adGroupAdOperation", "adGroupAds", [
                    ("adGroup", adGroup), ("status", .string("ENABLED")),
                    ("ad", .object([
                        ("finalUrls", .array([.string(c.landingPage)])),
                        ("responsiveSearchAd", responsiveSearchAd(ad)),
                    ])),
                ])
            }
        }
        for object in recorded where !desiredKeys.contains(object.localKey) {
            let member: String
            switch object.localKey {
            case .adGroup: member = "adGroupOperation"
            case .keyword: member = "adGroupCriterionOperation"
            case .ad: member = "adGroupAdOperation"
            case .geo, .schedule, .negative, .criterion: member = "campaignCriterionOperation"
            // Always desired; a kind Google Ads does not have (a creative object); and an object of a kind this version does not know is kept, never acted on.
            case .budget, .campaign, .creative, .other: continue
            }
            // Keywords and ads of a removed ad group go with it.
            if let group = object.localKey.adGroup, !desiredKeys.contains(.adGroup(group)) { continue }
            ops.append(GoogleAdsOperation(key: c.key, localKey: object.localKey, kind: .remove, member: member,
                                          body: .object([("remove", .string(object.resourceName))]), temporaryName: nil))
        }
        return ops
    }

    /// An update of the campaign's status only (`updateMask: "status"`): enabling after creation, pause and resume.
    public func statusOperation(_ key: CampaignKey, campaign resourceName: String, status: String) -> GoogleAdsOperation {
        GoogleAdsOperation(key: key, localKey: .campaign, kind: .update, member: "campaignOperation",
                           body: .object([("update", .object([("resourceName", .ref(resourceName)), ("status", .string(status))])),
                                          ("updateMask", .string("status"))]), temporaryName: nil)
    }

    /// Maximize clicks with the bid ceiling as the CPC cap.
    func bidding(_ c: Campaign) -> JSONValue {
        .object(c.bidCeiling.map { [("cpcBidCeilingMicros", .int64String($0.micros))] } ?? [])
    }

    func keyword(_ k: Keyword) -> JSONValue {
        .object([("text", .string(k.text)), ("matchType", .string(k.matchType.rawValue.uppercased()))])
    }

    func responsiveSearchAd(_ ad: AdCopy) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("headlines", .array(ad.headlines.map { .object([("text", .string($0))]) })),
            ("descriptions", .array(ad.descriptions.map { .object([("text", .string($0))]) })),
        ]
        if let p1 = ad.path1 { fields.append(("path1", .string(p1))) }
        if let p2 = ad.path2 { fields.append(("path2", .string(p2))) }
        return .object(fields)
    }

    func geoCriterion(_ g: GeoItem) -> (String, JSONValue)? {
        switch g {
        case .proximity(let lat, let lon, let distance, let unit):
            return ("proximity", .object([
                ("geoPoint", .object([("longitudeInMicroDegrees", .int(lon)), ("latitudeInMicroDegrees", .int(lat))])),
                ("radius", .double(Double(distance))),
                ("radiusUnits", .string(unit == .miles ? "MILES" : "KILOMETERS")),
            ]))
        case .constant(let name):
            return ("location", .object([("geoTargetConstant", .string(name))]))
        case .county, .postalCode:
            guard let constant = geoConstants[g.key] else { return nil }
            return ("location", .object([("geoTargetConstant", .string(constant))]))
        }
    }

    static func minute(_ m: Int) -> String {
        switch m {
        case 15: "FIFTEEN"
        case 30: "THIRTY"
        case 45: "FORTY_FIVE"
        default: "ZERO"
        }
    }
}
