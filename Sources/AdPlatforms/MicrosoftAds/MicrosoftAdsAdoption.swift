import CampaignKit
import Foundation

/// Maps what a campaign found on Microsoft Advertising holds back to tfz's object keys, so that a campaign created
/// before a crash is recorded instead of created again. What matches nothing in the files gets a `remote` key, so the
/// next apply deletes it.
enum MicrosoftAdsAdoption {
    /// Location, radius and day-and-time criterions (`BiddableCampaignCriterion` with their `Criterion`).
    static func criteria(_ rows: [JSONValue], campaign c: Campaign, mapper: MicrosoftAdsMapper) -> [(ObjectKey, String)] {
        let items = MicrosoftAdsMapper.geoItems(c)
        return rows.compactMap { row in
            guard let id = row["Id"]?.stringValue, let criterion = row["Criterion"] else { return nil }
            let type = criterion["Type"]?.stringValue ?? ""
            if type.hasPrefix("Location"), !type.hasPrefix("LocationIntent"), let location = criterion["LocationId"]?.stringValue {
                let item = items.first { item in
                    if case .location(let l) = item { return l == location }
                    return mapper.locationIds[item.key] == location
                }
                return (.geo(item?.key ?? "remote \(id)"), id)
            }
            if type.hasPrefix("Radius") {
                let lat = degrees(criterion["LatitudeDegrees"]), lon = degrees(criterion["LongitudeDegrees"])
                let radius = criterion["Radius"]?.stringValue.flatMap { Double($0) }.map { Int($0.rounded()) } ?? 0
                let unit: GeoTarget.DistanceUnit = criterion["RadiusUnit"]?.stringValue == "Kilometers" ? .km : .miles
                let item = items.first { item in
                    guard case .radius(let la, let lo, let d, let u) = item, let lat, let lon else { return false }
                    // Degrees come back as floating point: a micro-degree either way is the same place.
                    return abs(la - lat) <= 1 && abs(lo - lon) <= 1 && d == radius && u == unit
                }
                return (.geo(item?.key ?? "remote \(id)"), id)
            }
            if type.hasPrefix("DayTime"), let day = criterion["Day"]?.stringValue {
                let from = hour(criterion["FromHour"]) * 60 + minute(criterion["FromMinute"]?.stringValue)
                let to = hour(criterion["ToHour"]) * 60 + minute(criterion["ToMinute"]?.stringValue)
                return (.schedule("\(day) \(MicrosoftAdsMapper.clock(from))–\(MicrosoftAdsMapper.clock(to))"), id)
            }
            return (.criterion("remote \(id)"), id)
        }
    }

    /// The campaign's negative keywords. A phrase negative stands for the files' broad one of the same text (tfz sends a
    /// broad negative as phrase, Microsoft having no broad negatives), unless the files have that phrase negative too.
    static func negatives(_ rows: [JSONValue], campaign c: Campaign) -> [(ObjectKey, String)] {
        let wanted = Set(c.negatives.map(\.notation))
        return rows.compactMap { row in
            guard let id = row["Id"]?.stringValue, let text = row["Text"]?.stringValue else { return nil }
            var found = notation(text, row["MatchType"]?.stringValue)
            let broad = Keyword(text: text, matchType: .broad).notation
            if row["MatchType"]?.stringValue == "Phrase", !wanted.contains(found), wanted.contains(broad) { found = broad }
            return (.negative(found), id)
        }
    }

    /// Ad groups, and the keywords and responsive search ads of each (by the group's name).
    ///
    /// An ad is the files' ad of the same text and landing page (as tfz sends it: see ``sent(_:)``). Each ad of the
    /// files answers for one ad of a group: an ad `recorded` (id → key) keeps its key first, then the others take the
    /// free ads of their text in order; a second copy of an ad gets a `remote` key, so the next apply deletes it.
    static func adGroups(_ groups: [JSONValue], keywords: [(group: String, rows: [JSONValue])], ads: [(group: String, rows: [JSONValue])],
                         campaign c: Campaign, recorded: [String: ObjectKey] = [:]) -> [(ObjectKey, String)] {
        var out: [(ObjectKey, String)] = []
        for g in groups {
            guard let id = g["Id"]?.stringValue, let name = g["Name"]?.stringValue else { continue }
            out.append((.adGroup(name), id))
        }
        for (group, rows) in keywords {
            for k in rows {
                guard let id = k["Id"]?.stringValue, let text = k["Text"]?.stringValue else { continue }
                out.append((.keyword(group: group, notation: notation(text, k["MatchType"]?.stringValue)), id))
            }
        }
        let local = c.ads.map { (fingerprint: sent($0).fingerprint, ad: $0) }
        for (group, rows) in ads {
            var found: [(id: String, fingerprint: String?)] = []
            for a in rows {
                guard let id = a["Id"]?.stringValue else { continue }
                func texts(_ key: String) -> [String] { a[key]?.arrayValue.compactMap { $0["Asset"]?["Text"]?.stringValue } ?? [] }
                let remote = AdCopy(creative: "", headlines: texts("Headlines"), descriptions: texts("Descriptions"),
                                    path1: a["Path1"]?.stringValue, path2: a["Path2"]?.stringValue)
                let url = a["FinalUrls"]?.arrayValue.first?.stringValue ?? ""
                found.append((id, url == c.landingPage ? sent(remote).fingerprint : nil))
            }
            var claimed: [ObjectKey: String] = [:]
            var keyOf: [String: ObjectKey] = [:]
            // Recorded ads keep their keys, when their text still matches.
            for f in found {
                guard let key = recorded[f.id], case .ad(group, _, _) = key, !key.isRemoteAd, claimed[key] == nil,
                      local.contains(where: { $0.fingerprint == f.fingerprint && adKey(group, $0.ad, c) == key }) else { continue }
                claimed[key] = f.id
                keyOf[f.id] = key
            }
            for f in found where keyOf[f.id] == nil {
                if let match = local.first(where: { $0.fingerprint == f.fingerprint && claimed[adKey(group, $0.ad, c)] == nil }) {
                    let key = adKey(group, match.ad, c)
                    claimed[key] = f.id
                    keyOf[f.id] = key
                }
            }
            for f in found { out.append((keyOf[f.id] ?? .ad(group: group, creative: "remote", fingerprint: f.id), f.id)) }
        }
        return out
    }

    static func adKey(_ group: String, _ ad: AdCopy, _ c: Campaign) -> ObjectKey {
        MicrosoftAdsMapper.adKey(group: group, ad: ad, landingPage: c.landingPage)
    }

    /// An ad's text as tfz sends it (``MicrosoftAdsMapper/ad(_:of:)``) and reads it back: `Path2` goes only with a
    /// `Path1`; an empty path is no path.
    static func sent(_ ad: AdCopy) -> AdCopy {
        var copy = AdCopy(creative: "", headlines: ad.headlines, descriptions: ad.descriptions, path1: ad.path1, path2: ad.path2)
        if copy.path1?.isEmpty ?? true { copy.path1 = nil; copy.path2 = nil }
        if copy.path2?.isEmpty ?? false { copy.path2 = nil }
        return copy
    }

    /// Editor notation for a keyword and Microsoft's match type.
    static func notation(_ text: String, _ match: String?) -> String {
        Keyword(text: text, matchType: MatchType(rawValue: (match ?? "Broad").lowercased()) ?? .broad).notation
    }

    /// The keyword an editor notation stands for: `[text]` exact, `"text"` phrase, else broad.
    static func keyword(notation: String) -> Keyword {
        if notation.count >= 2, notation.hasPrefix("["), notation.hasSuffix("]") { return Keyword(text: String(notation.dropFirst().dropLast()), matchType: .exact) }
        if notation.count >= 2, notation.hasPrefix("\""), notation.hasSuffix("\"") { return Keyword(text: String(notation.dropFirst().dropLast()), matchType: .phrase) }
        return Keyword(text: notation, matchType: .broad)
    }

    static func degrees(_ value: JSONValue?) -> Int64? {
        switch value {
        case .int(let n)?: return n.multipliedReportingOverflow(by: 1_000_000).overflow ? nil : n * 1_000_000
        case .double(let d)? where d.isFinite && abs(d) <= 180: return Int64((d * 1_000_000).rounded())
        case .string(let s)?: return Double(s).flatMap { $0.isFinite && abs($0) <= 180 ? Int64(($0 * 1_000_000).rounded()) : nil }
        default: return nil
        }
    }

    static func hour(_ value: JSONValue?) -> Int {
        switch value {
        case .int(let n)?: Int(clamping: n)
        case .string(let s)?: Int(s) ?? 0
        default: 0
        }
    }

    static func minute(_ value: String?) -> Int {
        switch value {
        case "Fifteen": 15
        case "Thirty": 30
        case "FortyFive": 45
        default: 0
        }
    }
}
