import Foundation

/// A plan as terminal text, Markdown (for a pull-request comment) or JSON.
public enum PlanRenderer {
    /// Text grouped by platform and account, then by zone. `detail` lists every keyword.
    public static func text(_ plan: Plan, stateNote: String, detail: Bool = false) -> String {
        var out = "tfz plan · \(plan.organization)\n\(stateNote)\n"
        if plan.actions.isEmpty {
            out += "\nNo changes: the platforms match the campaign files (\(plan.unchanged) campaign\(plan.unchanged == 1 ? "" : "s") up to date).\n"
            return out
        }
        for (account, actions) in groupedByAccount(plan) {
            out += "\n\(account.platform.displayName) · account \(account.name) (\(account.id))\n"
            for (zone, zoneActions) in groupedByZone(actions) {
                out += "  \(zone.id) — \(zone.name)\n"
                for a in zoneActions { out += actionText(a, detail: detail) }
            }
        }
        out += "\n" + summaryLine(plan) + "\n"
        return out
    }

    static func actionText(_ a: PlanAction, detail: Bool) -> String {
        let symbol = ["create": "+", "update": "~", "pause": "‖", "resume": "▶"][a.kind.rawValue]!
        var out = "    \(symbol) \(a.kind.rawValue) \(a.key)"
        if let reason = a.reason { out += "  (\(reason))" }
        out += "\n"
        if let c = a.create {
            out += "        \(c.purpose.rawValue) · \(c.dailyBudget)/day" + (c.bidCeiling.map { " · max CPC \($0)" } ?? "")
                + " · flight \(c.flight ?? "from launch, open-ended")\n"
            out += "        geo: \(c.geo.joined(separator: "; "))\n"
            if let note = c.geoNote { out += "        geo used: \(note)\n" }
            if !c.dayparts.isEmpty { out += "        dayparts: \(c.dayparts.joined(separator: "; "))\n" }
            if !c.interests.isEmpty { out += "        interests: \(c.interests.joined(separator: ", "))\n" }
            out += "        landing page: \(c.landingPage)\n"
            for g in c.adGroups {
                out += "        ad group \(g.name): \(g.keywordCount == 0 ? "interest targeting" : "\(g.keywordCount) keywords"), \(c.ads.count) ad\(c.ads.count == 1 ? "" : "s") (\(c.ads.joined(separator: ", ")))\n"
                if detail, !g.keywords.isEmpty { out += wrap(g.keywords, indent: "            ") }
            }
            if !c.negatives.isEmpty {
                out += "        negative keywords: \(c.negatives.count)\n"
                if detail { out += wrap(c.negatives, indent: "            ") }
            }
            out += "        objects: \(c.objectCount) (\(c.objectCounts.map(\.text).joined(separator: ", ")))\n"
        }
        for change in a.changes {
            if let from = change.from ?? change.to.map({ _ in "—" }), change.added.isEmpty, change.removed.isEmpty {
                out += "        \(change.field): \(from) → \(change.to ?? "—")\n"
            } else {
                for item in change.added { out += "        + \(change.field): \(item)\n" }
                for item in change.removed { out += "        - \(change.field): \(item)\n" }
            }
        }
        return out
    }

    public static func summaryLine(_ plan: Plan) -> String {
        let s = plan.summary
        var line = "Plan: \(s.create) to create, \(s.update) to change, \(s.pause) to pause, \(s.resume) to resume"
        if s.unchanged > 0 { line += ", \(s.unchanged) unchanged" }
        if s.create > 0 { line += ". New objects: \(s.adGroups) ad groups, \(s.keywords) keywords, \(s.ads) ads" }
        return line + "."
    }

    /// GitHub-flavoured Markdown for a pull-request comment.
    public static func markdown(_ plan: Plan, stateNote: String) -> String {
        let s = plan.summary
        var out = "### tfz plan · \(plan.organization)\n\n\(stateNote)\n\n"
        out += "| create | change | pause | resume | unchanged |\n|---:|---:|---:|---:|---:|\n| \(s.create) | \(s.update) | \(s.pause) | \(s.resume) | \(s.unchanged) |\n"
        for (account, actions) in groupedByAccount(plan) {
            out += "\n#### \(account.platform.displayName) · `\(account.name)` (\(account.id))\n"
            for (zone, zoneActions) in groupedByZone(actions) {
                out += "\n**\(zone.id)** — \(zone.name)\n\n| | campaign | details |\n|---|---|---|\n"
                for a in zoneActions {
                    var details: [String] = []
                    if let reason = a.reason { details.append(reason) }
                    if let c = a.create {
                        details.append("\(c.dailyBudget)/day, \(count(c.adGroups.count, "ad group")), \(count(c.adGroups.reduce(0) { $0 + $1.keywordCount }, "keyword")), \(count(c.adGroups.count * c.ads.count, "ad"))")
                        if let note = c.geoNote { details.append("geo used: \(note)") }
                    }
                    for change in a.changes {
                        if !change.added.isEmpty || !change.removed.isEmpty {
                            details.append("\(change.field): +\(change.added.count) −\(change.removed.count)")
                        } else {
                            details.append("\(change.field): \(change.from ?? "—") → \(change.to ?? "—")")
                        }
                    }
                    out += "| \(a.kind.rawValue) | `\(a.key)` | \(details.joined(separator: "<br>").replacingAll("|", "\\|")) |\n"
                }
            }
        }
        out += "\n" + summaryLine(plan) + "\n"
        return out
    }

    public static func json(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        struct Output: Encodable { var summary: Plan.Summary; var organization: String; var currency: String; var actions: [PlanAction] }
        let data = (try? encoder.encode(Output(summary: plan.summary, organization: plan.organization, currency: plan.currency, actions: plan.actions))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    struct AccountGroup: Hashable { var platform: Platform; var name: String; var id: String }
    struct ZoneGroup: Hashable { var id: String; var name: String }

    static func groupedByAccount(_ plan: Plan) -> [(AccountGroup, [PlanAction])] {
        var order: [AccountGroup] = []
        var groups: [AccountGroup: [PlanAction]] = [:]
        for a in plan.actions {
            let g = AccountGroup(platform: a.platform, name: a.account, id: a.accountId)
            if groups[g] == nil { order.append(g) }
            groups[g, default: []].append(a)
        }
        return order.map { ($0, groups[$0]!) }
    }

    static func groupedByZone(_ actions: [PlanAction]) -> [(ZoneGroup, [PlanAction])] {
        var order: [ZoneGroup] = []
        var groups: [ZoneGroup: [PlanAction]] = [:]
        for a in actions {
            let g = ZoneGroup(id: a.zone, name: a.zoneName)
            if groups[g] == nil { order.append(g) }
            groups[g, default: []].append(a)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// `1 ad group`, `3 ad groups`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func wrap(_ items: [String], indent: String, width: Int = 100) -> String {
        var out = "", line = indent
        for item in items {
            if line.count + item.count + 2 > width, line != indent { out += line + "\n"; line = indent }
            line += (line == indent ? "" : ", ") + item
        }
        return line == indent ? out : out + line + "\n"
    }
}
