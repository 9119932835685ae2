import CampaignKit
import Foundation

/// Maps a tfz campaign to Microsoft Advertising v13 objects (field names, `Type` values and enums from the REST
/// reference) and works out what takes the account from the recorded objects to what the files say.
///
/// One campaign carries its daily budget (Microsoft has no separate budget object) and Maximize clicks bidding
/// (`MaxClicks`, the bid ceiling as `MaxCpc`), created `Paused`; its geography and dayparts are campaign target
/// criterions; its negative keywords are entity negative keywords of the campaign; each keyword list is an ad group
/// with its keywords and one responsive search ad per creative.
public struct MicrosoftAdsMapper: Sendable {
    /// Location ids of county and postal-code targets, by ``GeoItem/key`` (`county 12057`), from
    /// ``MicrosoftAdsLocations``.
    public var locationIds: [String: String]
    /// The account's today: ad groups get a `StartDate` only when the flight starts later, and an `EndDate` only when it
    /// has not ended (Microsoft refuses dates in the past). Nil sends the flight's dates as they are.
    public var today: CalendarDate?

    public init(locationIds: [String: String] = [:], today: CalendarDate? = nil) {
        self.locationIds = locationIds
        self.today = today
    }

    // MARK: Parts of a campaign

    /// One location target: Microsoft takes one criterion per county, postal code, location id or radius.
    public enum GeoItem: Sendable, Hashable {
        case county(String)
        case postalCode(String)
        case location(String)
        case radius(latitudeMicros: Int64, longitudeMicros: Int64, distance: Int, unit: GeoTarget.DistanceUnit)

        /// The geo object key: `county 12057`, `postal 33602`, `location 190`, `5 miles around 27.95,-82.45`.
        public var key: String {
            switch self {
            case .county(let fips): GeoTarget.county(fips: fips).canonical
            case .postalCode(let code): "postal \(code)"
            case .location(let id): "location \(id)"
            case .radius(let lat, let lon, let d, let unit):
                GeoTarget.radius(latitudeMicros: lat, longitudeMicros: lon, distance: d, unit: unit).canonical
            }
        }
    }

    /// The campaign's geography as Microsoft criteria (native ids of other platforms are not Microsoft's, and are left out).
    public static func geoItems(_ c: Campaign) -> [GeoItem] {
        var seen = Set<GeoItem>()
        return c.geo.flatMap { g -> [GeoItem] in
            switch g {
            case .county(let fips): [.county(fips)]
            case .postalCodes(let codes): codes.map { .postalCode($0) }
            case .native(let platform, let ids): platform == .microsoftAds ? ids.map { .location($0) } : []
            case .radius(let lat, let lon, let d, let unit): [.radius(latitudeMicros: lat, longitudeMicros: lon, distance: d, unit: unit)]
            }
        }.filter { seen.insert($0).inserted }
    }

    /// One day-and-time criterion: Microsoft schedules one day at a time.
    public struct Schedule: Sendable, Hashable {
        /// `Monday 18:00–24:00`.
        public var key: String
        public var day: String
        public var from: Int
        public var to: Int
    }

    public static let dayNames: [Weekday: String] = [
        .mon: "Monday", .tue: "Tuesday", .wed: "Wednesday", .thu: "Thursday", .fri: "Friday", .sat: "Saturday", .sun: "Sunday",
    ]

    public static func schedules(_ c: Campaign) -> [Schedule] {
        var seen = Set<String>()
        var out: [Schedule] = []
        for part in c.dayparts {
            for day in part.days {
                let name = dayNames[day]!
                let key = "\(name) \(clock(part.fromMinute))–\(clock(part.toMinute))"
                if seen.insert(key).inserted { out.append(Schedule(key: key, day: name, from: part.fromMinute, to: part.toMinute)) }
            }
        }
        return out
    }

    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// The object key of an ad: its creative and the fingerprint of its text and landing page (either changing replaces
    /// the ad, as on Google Ads).
    public static func adKey(group: String, ad: AdCopy, landingPage: String) -> ObjectKey {
        .ad(group: group, creative: ad.creative, fingerprint: "\(ad.fingerprint)@\(shortHash(landingPage))")
    }

    static func shortHash(_ s: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in s.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 16)
    }

    /// Every object the campaign should have, by key, parents first. Geo targets without a location id are left out
    /// (they cannot be made).
    public func desiredKeys(_ c: Campaign) -> [ObjectKey] {
        var keys: [ObjectKey] = [.campaign]
        for g in Self.geoItems(c) where criterionBody(g) != nil { keys.append(.geo(g.key)) }
        for s in Self.schedules(c) { keys.append(.schedule(s.key)) }
        for n in c.negatives { keys.append(.negative(n.notation)) }
        for group in c.adGroups {
            keys.append(.adGroup(group.name))
            for k in group.keywords { keys.append(.keyword(group: group.name, notation: k.notation)) }
            for ad in c.ads { keys.append(Self.adKey(group: group.name, ad: ad, landingPage: c.landingPage)) }
        }
        return keys
    }

    // MARK: Wire objects

    /// The campaign to add: paused, its budget and bidding, its time zone and language.
    public func campaign(_ c: Campaign) -> MicrosoftAdsJSON {
        .object([
            ("Name", .string(c.remoteName)),
            ("Status", .string("Paused")),
            ("BudgetType", .string("DailyBudgetStandard")),
            ("DailyBudget", .money(c.dailyBudget)),
            ("BiddingScheme", bidding(c)),
            ("TimeZone", .string(MicrosoftAdsTimeZone.value(forIANA: c.timeZone) ?? "EasternTimeUSCanada")),
            ("Languages", .array([.string("English")])),
            ("CampaignType", .string("Search")),
        ])
    }

    /// Maximize clicks, capped at the bid ceiling when there is one.
    public func bidding(_ c: Campaign) -> MicrosoftAdsJSON {
        var fields: [(String, MicrosoftAdsJSON)] = [("Type", .string("MaxClicks"))]
        if let ceiling = c.bidCeiling { fields.append(("MaxCpc", .object([("Amount", .money(ceiling))]))) }
        return .object(fields)
    }

    /// The fields of the campaign that differ from what was last applied, for `UpdateCampaigns` (without its `Id`); nil
    /// when nothing differs. An incomplete campaign gets its name again.
    public func campaignUpdate(_ c: Campaign, applied: CampaignSnapshot?, incomplete: Bool) -> [(String, MicrosoftAdsJSON)]? {
        guard let applied else { return nil }
        var fields: [(String, MicrosoftAdsJSON)] = []
        if applied.name != c.remoteName || incomplete { fields.append(("Name", .string(c.remoteName))) }
        if applied.dailyBudgetMicros != c.dailyBudget.micros {
            fields.append(("DailyBudget", .money(c.dailyBudget)))
            fields.append(("BudgetType", .string("DailyBudgetStandard")))
        }
        if applied.bidCeilingMicros != c.bidCeiling?.micros {
            var scheme: [(String, MicrosoftAdsJSON)] = [("Type", .string("MaxClicks"))]
            scheme.append(("MaxCpc", c.bidCeiling.map { .object([("Amount", .money($0))]) } ?? .null))
            fields.append(("BiddingScheme", .object(scheme)))
        }
        return fields.isEmpty ? nil : fields
    }

    /// `{"Id": …, "Status": "Active"}` for enabling, pausing and resuming.
    public func statusUpdate(campaignId: String, active: Bool) -> MicrosoftAdsJSON {
        .object([("Id", .string(campaignId)), ("Status", .string(active ? "Active" : "Paused"))])
    }

    /// A location or radius target of a campaign; nil for a county or postal code without a known location id.
    public func criterion(_ g: GeoItem, campaignId: String) -> MicrosoftAdsJSON? {
        criterionBody(g).map { biddable(campaignId, $0) }
    }

    func criterionBody(_ g: GeoItem) -> MicrosoftAdsJSON? {
        switch g {
        case .county, .postalCode:
            guard let id = locationIds[g.key] else { return nil }
            return .object([("Type", .string("LocationCriterion")), ("LocationId", .string(id))])
        case .location(let id):
            return .object([("Type", .string("LocationCriterion")), ("LocationId", .string(id))])
        case .radius(let lat, let lon, let distance, let unit):
            return .object([
                ("Type", .string("RadiusCriterion")),
                ("Radius", .string(String(distance))),
                ("RadiusUnit", .string(unit == .km ? "Kilometers" : "Miles")),
                ("LatitudeDegrees", .number(MicrosoftAdsJSON.decimal(micros: lat))),
                ("LongitudeDegrees", .number(MicrosoftAdsJSON.decimal(micros: lon))),
            ])
        }
    }

    /// A day-and-time target of a campaign (a daypart ending at midnight ends at `ToHour` 24, `ToMinute` `Zero`).
    public func criterion(_ s: Schedule, campaignId: String) -> MicrosoftAdsJSON {
        biddable(campaignId, .object([
            ("Type", .string("DayTimeCriterion")),
            ("Day", .string(s.day)),
            ("FromHour", .int(s.from / 60)), ("FromMinute", .string(Self.minute(s.from % 60))),
            ("ToHour", .int(s.to / 60)), ("ToMinute", .string(Self.minute(s.to % 60))),
        ]))
    }

    private func biddable(_ campaignId: String, _ criterion: MicrosoftAdsJSON) -> MicrosoftAdsJSON {
        .object([
            ("Type", .string("BiddableCampaignCriterion")),
            ("CampaignId", .string(campaignId)),
            ("Criterion", criterion),
            ("CriterionBid", .object([("Type", .string("BidMultiplier")), ("Multiplier", .number("0"))])),
        ])
    }

    static func minute(_ m: Int) -> String {
        switch m {
        case 15: "Fifteen"
        case 30: "Thirty"
        case 45: "FortyFive"
        default: "Zero"
        }
    }

    /// A campaign negative keyword. Microsoft's negative keywords are exact or phrase match only: a broad one in the
    /// files is sent as phrase, which blocks every search that contains it.
    public func negative(_ k: Keyword, id: String? = nil) -> MicrosoftAdsJSON {
        var fields: [(String, MicrosoftAdsJSON)] = [("Type", .string("NegativeKeyword"))]
        if let id { fields.append(("Id", .string(id))) }
        fields.append(("Text", .string(k.text)))
        fields.append(("MatchType", .string(k.matchType == .exact ? "Exact" : "Phrase")))
        return .object(fields)
    }

    /// An ad group of the campaign, active (the paused campaign holds it back), on Microsoft's own search sites only
    /// (Bing, Yahoo and AOL; no syndicated partners, as the Google campaigns leave out search partners).
    public func adGroup(_ group: AdGroup, of c: Campaign) -> MicrosoftAdsJSON {
        var fields: [(String, MicrosoftAdsJSON)] = [
            ("Name", .string(group.name)),
            ("Status", .string("Active")),
            ("Network", .string("OwnedAndOperatedOnly")),
        ]
        if let ceiling = c.bidCeiling { fields.append(("CpcBid", .object([("Amount", .money(ceiling))]))) }
        fields += flightDates(c, update: false)
        return .object(fields)
    }

    /// `StartDate` and `EndDate` of an ad group from the flight. On update, an end date that went away is set to
    /// 2050-01-02, which Microsoft reads as "no end date".
    func flightDates(_ c: Campaign, update: Bool) -> [(String, MicrosoftAdsJSON)] {
        var fields: [(String, MicrosoftAdsJSON)] = []
        if let start = c.flight?.start, today.map({ start > $0 }) ?? true { fields.append(("StartDate", .date(start))) }
        if let end = c.flight?.end {
            if today.map({ end >= $0 }) ?? true { fields.append(("EndDate", .date(end))) }
        } else if update {
            fields.append(("EndDate", .date(CalendarDate(year: 2050, month: 1, day: 2))))
        }
        return fields
    }

    /// The ad group fields to send when the flight changed (with the `Id`); nil when nothing would change.
    public func adGroupFlightUpdate(_ c: Campaign, adGroupId: String) -> MicrosoftAdsJSON? {
        let dates = flightDates(c, update: true)
        return dates.isEmpty ? nil : .object([("Id", .string(adGroupId))] + dates)
    }

    public func keyword(_ k: Keyword, of c: Campaign) -> MicrosoftAdsJSON {
        var fields: [(String, MicrosoftAdsJSON)] = [
            ("Text", .string(k.text)),
            ("MatchType", .string(Self.matchType(k.matchType))),
            ("Status", .string("Active")),
        ]
        if let ceiling = c.bidCeiling { fields.append(("Bid", .object([("Amount", .money(ceiling))]))) }
        return .object(fields)
    }

    static func matchType(_ m: MatchType) -> String {
        switch m {
        case .exact: "Exact"
        case .phrase: "Phrase"
        case .broad: "Broad"
        }
    }

    /// A responsive search ad: headlines and descriptions as text asset links, the paths, the landing page.
    public func ad(_ ad: AdCopy, of c: Campaign) -> MicrosoftAdsJSON {
        func assets(_ texts: [String]) -> MicrosoftAdsJSON {
            .array(texts.map { .object([("Asset", .object([("Type", .string("TextAsset")), ("Text", .string($0))]))]) })
        }
        var fields: [(String, MicrosoftAdsJSON)] = [
            ("Type", .string("ResponsiveSearch")),
            ("Headlines", assets(ad.headlines)),
            ("Descriptions", assets(ad.descriptions)),
        ]
        if let p1 = ad.path1 { fields.append(("Path1", .string(p1))) }
        if let p1 = ad.path1, !p1.isEmpty, let p2 = ad.path2 { fields.append(("Path2", .string(p2))) }
        fields.append(("FinalUrls", .array([.string(c.landingPage)])))
        fields.append(("Status", .string("Active")))
        return .object(fields)
    }

    // MARK: Differences

    /// What takes one campaign from its recorded objects to the files.
    public struct Changes: Sendable {
        /// No campaign is recorded: it is to be added (paused).
        public var createCampaign = false
        /// Fields of the campaign to update.
        public var campaignFields: [(String, MicrosoftAdsJSON)] = []
        /// The flight changed: the ad groups' dates are to be set again.
        public var flightChanged = false
        public var addGeo: [GeoItem] = []
        public var addSchedules: [Schedule] = []
        public var addNegatives: [Keyword] = []
        public var addAdGroups: [AdGroup] = []
        public var addKeywords: [(group: String, keyword: Keyword)] = []
        public var addAds: [(group: String, ad: AdCopy)] = []
        /// Recorded objects that the files no longer have (keywords and ads of a removed ad group go with it).
        public var remove: [RemoteObject] = []

        public var isEmpty: Bool {
            !createCampaign && campaignFields.isEmpty && !flightChanged && addGeo.isEmpty && addSchedules.isEmpty && addNegatives.isEmpty
                && addAdGroups.isEmpty && addKeywords.isEmpty && addAds.isEmpty && remove.isEmpty
        }

        /// Objects to add or remove, for the change log.
        public var objectCount: Int {
            (createCampaign ? 1 : 0) + addGeo.count + addSchedules.count + addNegatives.count + addAdGroups.count + addKeywords.count
                + addAds.count + remove.count
        }
    }

    /// The differences between the files and the `recorded` objects (and the `applied` snapshot). Nothing differs, no
    /// change: a campaign whose objects are all recorded and whose fields were applied sends nothing.
    public func changes(for c: Campaign, recorded: [RemoteObject], applied: CampaignSnapshot?, incomplete: Bool) -> Changes {
        let have = Set(recorded.map(\.localKey))
        var changes = Changes()
        changes.createCampaign = !have.contains(.campaign)
        if !changes.createCampaign {
            changes.campaignFields = campaignUpdate(c, applied: applied, incomplete: incomplete) ?? []
            if let applied, applied.flightStart != c.flight?.start?.description || applied.flightEnd != c.flight?.end?.description {
                changes.flightChanged = true
            }
        }
        changes.addGeo = Self.geoItems(c).filter { !have.contains(.geo($0.key)) && criterionBody($0) != nil }
        changes.addSchedules = Self.schedules(c).filter { !have.contains(.schedule($0.key)) }
        var seenNegatives = Set<String>()
        changes.addNegatives = c.negatives.filter { !have.contains(.negative($0.notation)) && seenNegatives.insert($0.notation).inserted }
        for group in c.adGroups {
            if !have.contains(.adGroup(group.name)) { changes.addAdGroups.append(group) }
            var seen = Set<String>()
            for k in group.keywords where !have.contains(.keyword(group: group.name, notation: k.notation)) && seen.insert(k.notation).inserted {
                changes.addKeywords.append((group.name, k))
            }
            for ad in c.ads where !have.contains(Self.adKey(group: group.name, ad: ad, landingPage: c.landingPage)) {
                changes.addAds.append((group.name, ad))
            }
        }
        let desired = Set(desiredKeys(c))
        // Geo targets still in the files but without a location id now stay as they are.
        let wantedGeo = Set(Self.geoItems(c).map { ObjectKey.geo($0.key) })
        let groups = Set(c.adGroups.map(\.name))
        for object in recorded where !desired.contains(object.localKey) && !wantedGeo.contains(object.localKey) {
            switch object.localKey {
            case .campaign, .budget, .other: continue
            case .keyword(let group, _), .ad(let group, _, _):
                if !groups.contains(group) { continue }   // goes with its ad group
            default: break
            }
            changes.remove.append(object)
        }
        return changes
    }
}
