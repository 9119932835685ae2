import CampaignKit

/// Maps the children of a campaign found on Google Ads back to tfz's local keys, so that a campaign created
/// before a crash is recorded instead of created again. What matches nothing in the files gets a `remote` key,
/// so the next apply removes it.
enum GoogleAdsAdoption {
    static func criteria(_ rows: [JSONValue], campaign c: Campaign, geoConstants: [String: String]) -> [RemoteObject] {
        let items = GoogleAdsCampaignMapper.geoItems(c)
        return rows.compactMap { row in
            guard let cc = row["campaignCriterion"], let name = cc["resourceName"]?.stringValue else { return nil }
            let localKey: ObjectKey
            if let keyword = cc["keyword"], let text = keyword["text"]?.stringValue {
                localKey = .negative(notation(text, keyword["matchType"]?.stringValue))
            } else if let constant = cc["location"]?["geoTargetConstant"]?.stringValue {
                let item = items.first { item in
                    if case .constant(let c) = item { return c == constant }
                    return geoConstants[item.key] == constant
                }
                localKey = .geo(item?.key ?? "remote \(name)")
            } else if let p = cc["proximity"], let point = p["geoPoint"] {
                let lat = point["latitudeInMicroDegrees"]?.stringValue.flatMap { Int64($0) } ?? 0
                let lon = point["longitudeInMicroDegrees"]?.stringValue.flatMap { Int64($0) } ?? 0
                let radius = Int(p["radius"]?.stringValue.flatMap { Double($0) } ?? 0)
                let unit: GeoTarget.DistanceUnit = p["radiusUnits"]?.stringValue == "KILOMETERS" ? .km : .miles
                localKey = .geo(GoogleAdsCampaignMapper.GeoItem.proximity(latitudeMicros: lat, longitudeMicros: lon, distance: radius, unit: unit).key)
            } else if let s = cc["adSchedule"], let day = s["dayOfWeek"]?.stringValue {
                let from = (s["startHour"]?.stringValue.flatMap { Int($0) } ?? 0) * 60 + minute(s["startMinute"]?.stringValue)
                let to = (s["endHour"]?.stringValue.flatMap { Int($0) } ?? 0) * 60 + minute(s["endMinute"]?.stringValue)
                localKey = .schedule("\(day) \(from)-\(to)")
            } else {
                localKey = .criterion("remote \(name)")
            }
            return RemoteObject(key: c.key, localKey: localKey, resourceName: name)
        }
    }

    static func adGroups(_ groups: [JSONValue], keywords: [JSONValue], ads: [JSONValue], campaign c: Campaign) -> [RemoteObject] {
        var out: [RemoteObject] = []
        for row in groups {
            guard let g = row["adGroup"], let name = g["name"]?.stringValue, let resource = g["resourceName"]?.stringValue else { continue }
            out.append(RemoteObject(key: c.key, localKey: .adGroup(name), resourceName: resource))
        }
        for row in keywords {
            guard let group = row["adGroup"]?["name"]?.stringValue, let k = row["adGroupCriterion"], let resource = k["resourceName"]?.stringValue,
                  let text = k["keyword"]?["text"]?.stringValue else { continue }
            out.append(RemoteObject(key: c.key, localKey: .keyword(group: group, notation: notation(text, k["keyword"]?["matchType"]?.stringValue)),
                                    resourceName: resource))
        }
        let mapper = GoogleAdsCampaignMapper(customerId: "", geoConstants: [:])
        for row in ads {
            guard let group = row["adGroup"]?["name"]?.stringValue, let a = row["adGroupAd"], let resource = a["resourceName"]?.stringValue else { continue }
            let rsa = a["ad"]?["responsiveSearchAd"]
            let remote = AdCopy(creative: "", headlines: rsa?["headlines"]?.arrayValue.compactMap { $0["text"]?.stringValue } ?? [],
                                descriptions: rsa?["descriptions"]?.arrayValue.compactMap { $0["text"]?.stringValue } ?? [],
                                path1: rsa?["path1"]?.stringValue, path2: rsa?["path2"]?.stringValue)
            let url = a["ad"]?["finalUrls"]?.arrayValue.first?.stringValue ?? ""
            let match = url == c.landingPage ? c.ads.first { $0.fingerprint == remote.fingerprint } : nil
            out.append(RemoteObject(key: c.key, localKey: match.map { mapper.adKey(group: group, ad: $0, landingPage: c.landingPage) }
                                        ?? .ad(group: group, creative: "remote", fingerprint: resource),
                                    resourceName: resource))
        }
        return out
    }

    static func notation(_ text: String, _ match: String?) -> String {
        Keyword(text: text, matchType: MatchType(rawValue: (match ?? "BROAD").lowercased()) ?? .broad).notation
    }

    static func minute(_ value: String?) -> Int {
        switch value {
        case "FIFTEEN": 15
        case "THIRTY": 30
        case "FORTY_FIVE": 45
        default: 0
        }
    }
}
