import Yams

/// Reads `Campaigns/templates/<id>.yaml`. Nothing is required here: a template may inherit it (checked after `extends`).
enum TemplateParser {
    static let keys = ["extends", "name", "purpose", "audience", "channels", "keywords", "creative", "landing_page",
                       "dayparts", "budget", "bid_ceiling", "flight"]

    static func parse(_ file: SourceFile) -> (Template?, [Diagnostic]) {
        let r = NodeReader(path: file.path)
        let id = RepoPath.stem(file.path)
        let start = SourceLocation(path: file.path, line: 1, column: 1)
        if !Identifier.isValid(id) {
            r.report(.error, "bad-id", "template file name '\(id)' must use only lower-case letters, digits and '-' (it is the template id)", at: start)
        }
        guard let root = r.document(file.contents), let o = r.object(root, "template", keys: keys) else { return (nil, r.diagnostics) }
        var t = Template(id: id, path: file.path, location: start)
        t.declaredKeys = Set(o.fields.keys)
        t.extends = o["extends"].flatMap { r.string($0, "extends") }
        t.name = o["name"].flatMap { r.string($0, "name")?.value }
        t.purpose = o["purpose"].flatMap { r.enumeration($0, "purpose", Purpose.self) }
        t.audience = o["audience"].flatMap { r.enumeration($0, "audience", Audience.self) }
        if let node = o["channels"], let items = r.list(node, "channels") {
            if items.isEmpty { r.error("missing-value", "channels must list at least one platform", at: node) }
            t.channels = Located(items.enumerated().compactMap { parseChannel($0.element, "channels[\($0.offset)]", r) }, at: r.location(node))
        }
        if let node = o["keywords"], let k = r.object(node, "keywords", keys: ["lists", "match_type", "negatives"]) {
            t.keywordLists = k["lists"].flatMap { n in r.strings(n, "keywords.lists", allowSingle: true).map { Located($0, at: r.location(n)) } }
            t.matchType = k["match_type"].flatMap { r.enumeration($0, "match_type", MatchType.self) }
            t.negativeLists = k["negatives"].flatMap { n in r.strings(n, "keywords.negatives", allowSingle: true).map { Located($0, at: r.location(n)) } }
        }
        t.creative = o["creative"].flatMap { n in r.strings(n, "creative", allowSingle: true).map { Located($0, at: r.location(n)) } }
        t.landingPage = o["landing_page"].flatMap { r.string($0, "landing_page") }
        if let node = o["dayparts"], let items = r.list(node, "dayparts") {
            t.dayparts = Located(items.enumerated().compactMap { parseDaypart($0.element, "dayparts[\($0.offset)]", r) }, at: r.location(node))
        }
        t.dailyBudget = o["budget"].flatMap { BudgetSyntax.daily($0, r) }
        t.bidCeiling = o["bid_ceiling"].flatMap { r.money($0, "bid_ceiling") }
        t.flight = o["flight"].flatMap { FlightSyntax.parse($0, r) }
        return (t, r.diagnostics)
    }

    static func parseChannel(_ node: Node, _ what: String, _ r: NodeReader) -> Channel? {
        guard let c = r.object(node, what, keys: channelKeys, required: ["platform"]),
              let platform = c["platform"].flatMap({ r.enumeration($0, "platform", Platform.self) }) else { return nil }
        let account = c["account"].flatMap { r.string($0, "account") }
        let trigger = c["trigger"].flatMap { r.enumeration($0, "trigger", Trigger.self) }
        let interests = c["interests"].flatMap { r.strings($0, "interests", allowSingle: true) }?.map(\.value) ?? []
        let loc = r.location(node)
        let effective = trigger?.value ?? (platform.value == .meta ? .interests : .keywords)
        if platform.value.isSearch, effective == .interests {
            r.report(.error, "bad-trigger", "\(platform.value.displayName) ads are triggered by keywords, not interests", at: trigger?.location ?? loc)
        }
        if platform.value == .meta, effective == .keywords {
            r.report(.error, "bad-trigger", "Meta has no search-keyword targeting: use trigger: interests with an interests list",
                     at: trigger?.location ?? loc, hints: ["Meta's 'keywords' targeting field is not usable; target by interests and geography"])
        }
        if effective == .interests, interests.isEmpty {
            r.report(.error, "missing-key", "\(what) has trigger interests but no 'interests' list", at: loc)
        }
        return Channel(platform: platform, account: account, trigger: trigger.map { $0 } ?? Located(effective, at: loc),
                       interests: interests, location: loc, specialAds: specialAds(c, platform: platform.value, r))
    }

    static let channelKeys = ["platform", "account", "trigger", "interests"] + specialAdKeys
    static let specialAdKeys = ["special_ad_categories", "special_ad_category_country", "authorization_category", "paid_for_by"]

    /// A Meta channel's special ad categories and "Paid for by" disclaimer (nil when it gives none).
    static func specialAds(_ c: Object, platform: Platform, _ r: NodeReader) -> SpecialAdSettings? {
        let given = specialAdKeys.filter { c[$0] != nil }
        guard !given.isEmpty else { return nil }
        guard platform == .meta else {
            for key in given {
                r.error("meta-only-key", "\(key) is a Meta setting; a \(platform.displayName) channel does not take it", at: c.keyNodes[key] ?? c.node,
                        hints: ["move it to this template's platform: meta channel, or remove it"])
            }
            return nil
        }
        var categories: [SpecialAdCategory] = []
        if let node = c["special_ad_categories"], let items = r.list(node, "special_ad_categories", allowSingle: true) {
            categories = items.compactMap { r.enumeration($0, "special_ad_categories", SpecialAdCategory.self)?.value }
            if categories.contains(.NONE), categories.count > 1 {
                r.error("bad-value", "special_ad_categories cannot combine NONE with other categories", at: node,
                        hints: ["write NONE alone (or leave the key out) when no category applies"])
            }
        }
        var countries: [String] = []
        if let node = c["special_ad_category_country"], let items = r.strings(node, "special_ad_category_country", allowSingle: true) {
            for item in items where !(item.value.count == 2 && item.value.utf8.allSatisfy { (65...90).contains($0) }) {
                r.report(.error, "bad-value", "special_ad_category_country takes two-letter country codes in capitals, such as US, not '\(item.value.clipped)'",
                         at: item.location)
            }
            countries = items.map(\.value)
        }
        let authorization = c["authorization_category"].flatMap { r.enumeration($0, "authorization_category", AuthorizationCategory.self) }
        var paidForBy: Located<String>?
        if let node = c["paid_for_by"], let text = r.string(node, "paid_for_by") {
            if text.value.trimmingSpaces.isEmpty { r.error("missing-value", "paid_for_by is empty: give the name of who pays for the ads", at: node) }
            else { paidForBy = text }
        }
        let social = categories.contains(.ISSUES_ELECTIONS_POLITICS)
        if social, paidForBy == nil, c["paid_for_by"] == nil {
            r.error("missing-disclaimer",
                    "Meta runs ISSUES_ELECTIONS_POLITICS ads only with a \"Paid for by\" disclaimer: add paid_for_by: to this channel",
                    at: c["special_ad_categories"] ?? c.node,
                    hints: ["for example: paid_for_by: TraffickingFree Zone Florida",
                            "the ad account must also be authorised for ads about social issues in Meta's Business settings"])
        }
        if !social {
            for key in ["paid_for_by", "authorization_category"] where c[key] != nil {
                r.report(.warning, "unused-disclaimer", "\(key) is only sent with ads about social issues; this channel's special_ad_categories has no ISSUES_ELECTIONS_POLITICS",
                         at: r.location(c.keyNodes[key] ?? c.node), hints: ["add ISSUES_ELECTIONS_POLITICS to special_ad_categories, or remove \(key)"])
            }
        }
        return SpecialAdSettings(categories: categories.filter { $0 != .NONE }, countries: countries,
                                 authorizationCategory: authorization?.value ?? (social ? .POLITICAL : nil), paidForBy: paidForBy?.value)
    }

    static func parseDaypart(_ node: Node, _ what: String, _ r: NodeReader) -> Located<Daypart>? {
        guard let d = r.object(node, what, keys: ["days", "from", "to"], required: ["days", "from", "to"]) else { return nil }
        var days: [Weekday]?
        if let n = d["days"] {
            if case .scalar(let s) = n, ["every_day", "weekdays", "weekends"].contains(s.string) {
                days = s.string == "every_day" ? Weekday.allCases : s.string == "weekdays" ? [.mon, .tue, .wed, .thu, .fri] : [.sat, .sun]
            } else if let items = r.list(n, "days", allowSingle: true) {
                let parsed = items.compactMap { item -> Weekday? in
                    guard let text = r.string(item, "days") else { return nil }
                    guard let day = Weekday(rawValue: text.value.lowercased()) else {
                        let names = Weekday.allCases.map(\.rawValue) + ["every_day", "weekdays", "weekends"]
                        r.error("bad-value", "days must be mon, tue, wed, thu, fri, sat, sun, or one of every_day, weekdays, weekends; not '\(text.value)'",
                                at: item, hints: Suggestions.hint(String(text.value.lowercased().prefix(3)), names))
                        return nil
                    }
                    return day
                }
                if parsed.count == items.count { days = Array(Set(parsed)).sorted() }
            }
        }
        let from = d["from"].flatMap { clock($0, "from", r) }
        let to = d["to"].flatMap { clock($0, "to", r) }
        guard let days, let from, let to else { return nil }
        if to <= from {
            r.error("reversed-daypart", "daypart ends (\(Daypart.clock(to))) at or before it starts (\(Daypart.clock(from)))", at: d["to"] ?? node,
                    hints: ["to run past midnight, write two dayparts: \(Daypart.clock(from))–24:00 and 00:00–\(Daypart.clock(to))"])
            return nil
        }
        return Located(Daypart(days: days, fromMinute: from, toMinute: to), at: r.location(node))
    }

    /// `HH:MM` on a quarter hour, 00:00–24:00, as minutes since midnight.
    private static func clock(_ node: Node, _ what: String, _ r: NodeReader) -> Int? {
        guard let text = r.string(node, what) else { return nil }
        let parts = text.value.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else {
            r.error("bad-time", "\(what) must be a time HH:MM between 00:00 and 24:00, not '\(text.value)'", at: node)
            return nil
        }
        if m % 15 != 0 {
            r.error("bad-time", "\(what) must fall on a quarter hour (:00, :15, :30, :45), as the ad platforms schedule in 15-minute steps", at: node)
            return nil
        }
        return h * 60 + m
    }
}
