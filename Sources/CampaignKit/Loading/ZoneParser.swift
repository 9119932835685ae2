import Yams

/// Reads `Campaigns/zones/<id>.yaml`.
enum ZoneParser {
    static let keys = ["name", "county", "time_zone", "partners", "geo", "campaigns"]
    static let campaignKeys = ["template", "status", "budget", "bid_ceiling", "flight", "landing_page", "keywords", "platforms"]

    /// The zone, where its `name:` value is written, and the diagnostics.
    static func parse(_ file: SourceFile) -> (Zone?, SourceLocation?, [Diagnostic]) {
        let r = NodeReader(path: file.path)
        let id = RepoPath.stem(file.path)
        let start = SourceLocation(path: file.path, line: 1, column: 1)
        if !Identifier.isValid(id) {
            r.report(.error, "bad-id", "zone file name '\(id)' must use only lower-case letters, digits and '-' (it is the zone id)", at: start)
        }
        guard let root = r.document(file.contents),
              let obj = r.object(root, "zone", keys: keys, required: ["name", "county", "campaigns"])
        else { return (nil, nil, r.diagnostics) }

        let name = obj["name"].flatMap { r.string($0, "name") }
        let county = obj["county"].flatMap { r.string($0, "county") }
        if let county { checkCounty(county, zoneName: name?.value, r) }
        let timeZone = obj["time_zone"].flatMap { r.string($0, "time_zone") }
        let partners = obj["partners"].flatMap { r.strings($0, "partners") }?.map(\.value) ?? []
        var geo: [Located<GeoTarget>] = []
        var radii: [WrittenRadius] = []
        if let node = obj["geo"], let items = r.list(node, "geo") {
            geo = items.enumerated().compactMap { parseGeo($0.element, "geo[\($0.offset)]", r, radii: &radii) }
        }
        var campaigns: [ZoneCampaign] = []
        if let node = obj["campaigns"], let items = r.list(node, "campaigns") {
            if items.isEmpty { r.error("missing-value", "campaigns must list at least one template to run", at: node) }
            campaigns = items.enumerated().compactMap { parseCampaign($0.element, "campaigns[\($0.offset)]", r) }
        }
        guard let name, let county else { return (nil, nil, r.diagnostics) }
        let zone = Zone(id: id, path: file.path, name: name.value, county: county, timeZone: timeZone, partners: partners,
                        geo: geo, radii: radii, campaigns: campaigns, location: start)
        return (zone, name.location, r.diagnostics)
    }

    static func checkCounty(_ county: Located<String>, zoneName: String?, _ r: NodeReader) {
        let code = county.value
        guard code.count == 5, code.allSatisfy(\.isASCIIDigitOnly) else {
            r.report(.error, "bad-county", "county must be a 5-digit FIPS code (state + county, e.g. \"12057\"), not '\(code)'", at: county.location,
                     hints: code.count == 4 && code.allSatisfy(\.isASCIIDigitOnly) ? ["quote it to keep the leading zero: \"0\(code)\""] : [])
            return
        }
        if USCounties.name(fips: code) == nil {
            var hints: [String] = []
            if let zoneName, let guess = USCounties.guess(zoneName) { hints.append("did you mean \(guess.fips) (\(guess.name))?") }
            r.report(.error, "unknown-county", "\(code) is not a US county FIPS code (2020 census list)", at: county.location, hints: hints)
        }
    }

    /// One `geo:` item; a radius is also added to `radii` as written (see ``WrittenRadius``).
    static func parseGeo(_ node: Node, _ what: String, _ r: NodeReader, radii: inout [WrittenRadius]) -> Located<GeoTarget>? {
        guard let g = r.object(node, what, keys: ["county", "radius", "postal_codes", "native"]) else { return nil }
        let loc = r.location(node)
        guard g.fields.count == 1, let (key, value) = g.fields.first else {
            if g.fields.count > 1 { r.error("geo-shape", "\(what) must have exactly one of county, radius, postal_codes or native; write each as its own list item", at: node) }
            else { r.error("geo-shape", "\(what) is empty: give one of county, radius, postal_codes or native", at: node) }
            return nil
        }
        switch key {
        case "county":
            guard let c = r.string(value, "county") else { return nil }
            checkCounty(c, zoneName: nil, r)
            return Located(.county(fips: c.value), at: loc)
        case "radius":
            guard let o = r.object(value, "radius", keys: ["latitude", "longitude", "miles", "km"], required: ["latitude", "longitude"]) else { return nil }
            let lat = o["latitude"].flatMap { coordinate($0, "latitude", limit: 90, r) }
            let lon = o["longitude"].flatMap { coordinate($0, "longitude", limit: 180, r) }
            var distance: (Int, GeoTarget.DistanceUnit)?
            if o["miles"] != nil, o["km"] != nil {
                r.error("geo-shape", "radius takes miles or km, not both", at: value)
            } else if let n = o["miles"] ?? o["km"] {
                let unit: GeoTarget.DistanceUnit = o["miles"] != nil ? .miles : .km
                let max = unit == .miles ? 500 : 800
                if case .scalar(let s) = n, s.style == .plain, s.string.contains("."), let exact = Money(parsing: s.string), exact.micros > 0 {
                    // A decimal: below 1 it is kept for each platform's minimum (reported by the expansion, which knows
                    // the platforms); 1 or more must be whole, as the platforms in tfz take whole miles or km.
                    let written = WrittenRadius(distanceMicros: exact.micros, unit: unit, location: r.location(n))
                    if exact.micros < 1_000_000 {
                        radii.append(written)
                    } else if exact.micros % 1_000_000 != 0 || exact.micros > Int64(max) * 1_000_000 {
                        r.error("bad-radius", "radius must be a whole number of \(unit.rawValue) between 1 and \(max), not \(s.string)", at: n,
                                hints: ["the search platforms take whole miles or km; for a smaller area give postal_codes"])
                    } else {
                        distance = (Int(exact.micros / 1_000_000), unit)
                    }
                } else if let d = r.int(n, unit.rawValue) {
                    if d < 1 || d > max { r.error("bad-radius", "radius must be between 1 and \(max) \(unit.rawValue), not \(d)", at: n) }
                    else { distance = (d, unit) }
                }
                if let distance { radii.append(WrittenRadius(distanceMicros: Int64(distance.0) * 1_000_000, unit: unit, location: r.location(n))) }
            } else {
                r.error("missing-key", "radius is missing the required key 'miles' (or 'km')", at: value)
            }
            guard let lat, let lon, let distance else { return nil }
            return Located(.radius(latitudeMicros: lat, longitudeMicros: lon, distance: distance.0, unit: distance.1), at: loc)
        case "postal_codes":
            guard let codes = r.strings(value, "postal_codes", allowSingle: true) else { return nil }
            for code in codes where !(code.value.count == 5 && code.value.allSatisfy(\.isASCIIDigitOnly)) {
                r.report(.error, "bad-postal-code", "'\(code.value)' is not a 5-digit US ZIP code", at: code.location)
            }
            return Located(.postalCodes(codes.map(\.value)), at: loc)
        default:
            guard let o = r.object(value, "native", keys: ["platform", "ids"], required: ["platform", "ids"]),
                  let platform = o["platform"].flatMap({ r.enumeration($0, "platform", Platform.self) }),
                  let ids = o["ids"].flatMap({ r.strings($0, "ids", allowSingle: true) }) else { return nil }
            return Located(.native(platform: platform.value, ids: ids.map(\.value)), at: loc)
        }
    }

    private static func coordinate(_ node: Node, _ what: String, limit: Int64, _ r: NodeReader) -> Int64? {
        guard let text = r.string(node, what) else { return nil }
        guard let value = Coordinate.parse(text.value), abs(value) <= limit * 1_000_000 else {
            r.error("bad-coordinate", "\(what) must be decimal degrees between -\(limit) and \(limit), not '\(text.value)'", at: node)
            return nil
        }
        return value
    }

    static func parseCampaign(_ node: Node, _ what: String, _ r: NodeReader) -> ZoneCampaign? {
        guard let c = r.object(node, "campaign entry", keys: campaignKeys, required: ["template"]),
              let template = c["template"].flatMap({ r.string($0, "template") }) else { return nil }
        let status = c["status"].flatMap { r.enumeration($0, "status", DesiredStatus.self)?.value } ?? .active
        let budget = c["budget"].flatMap { BudgetSyntax.daily($0, r) }
        let bid = c["bid_ceiling"].flatMap { r.money($0, "bid_ceiling") }
        let flight = c["flight"].flatMap { FlightSyntax.parse($0, r) }
        let landing = c["landing_page"].flatMap { r.string($0, "landing_page") }
        var add: [Located<KeywordEntry>] = [], remove: [Located<String>] = [], negatives: [Located<KeywordEntry>] = []
        if let node = c["keywords"], let k = r.object(node, "keywords", keys: ["add", "remove", "negatives_add"]) {
            add = k["add"].flatMap { keywordItems($0, "add", r) } ?? []
            negatives = k["negatives_add"].flatMap { keywordItems($0, "negatives_add", r) } ?? []
            remove = (k["remove"].flatMap { keywordItems($0, "remove", r) } ?? []).map { Located($0.value.text, at: $0.location) }
        }
        let platforms = c["platforms"].flatMap { r.list($0, "platforms", allowSingle: true) }?
            .compactMap { r.enumeration($0, "platforms", Platform.self) }
        return ZoneCampaign(template: template, status: status, dailyBudget: budget, bidCeiling: bid, flight: flight,
                            landingPage: landing, keywordsAdd: add, keywordsRemove: remove, negativesAdd: negatives,
                            platforms: platforms, location: r.location(node))
    }

    /// Keyword lines written inline in YAML, checked like lines of a keyword file.
    static func keywordItems(_ node: Node, _ what: String, _ r: NodeReader) -> [Located<KeywordEntry>]? {
        guard let items = r.strings(node, what, allowSingle: true) else { return nil }
        return items.compactMap { item in
            switch KeywordSyntax.parse(Substring(item.value)) {
            case .keyword(let entry, _):
                if let problem = KeywordSyntax.problem(entry.text) {
                    r.report(.error, problem.code, problem.message, at: item.location)
                    return nil
                }
                return Located(entry, at: item.location)
            case .invalid(let message, _):
                r.report(.error, "keyword-syntax", message, at: item.location)
                return nil
            case .empty:
                r.report(.error, "keyword-syntax", "empty keyword", at: item.location)
                return nil
            }
        }
    }
}
