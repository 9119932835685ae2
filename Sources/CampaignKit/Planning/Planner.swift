/// Compares the campaigns in the files with the known remote state.
///
/// Rules: a campaign not yet known is created; a known one is updated field by field; a campaign removed from
/// the files is paused, never deleted; `status: paused` in a file pauses, `active` resumes. An incomplete campaign
/// (``RemoteCampaign/incomplete``) is always an update, shown as a change of name from `(incomplete) <name>`.
public enum Planner {
    /// `accounts` names the accounts of campaigns that are no longer in the files.
    public static func plan(_ campaigns: [Campaign], remote: RemoteState, organization: String, currency: String,
                            accounts: [Account] = [], includeKeywords: Bool = true,
                            objectCounts: (Campaign) -> [ObjectCount]? = { _ in nil }) -> Plan {
        var actions: [PlanAction] = []
        var unchanged = 0
        var desired = Set<CampaignKey>()
        desired.reserveCapacity(campaigns.count)
        for c in campaigns {
            desired.insert(c.key)
            func action(_ kind: PlanAction.Kind, reason: String? = nil, changes: [Change] = [], create: NewCampaign? = nil) -> PlanAction {
                PlanAction(kind: kind, key: c.key, zone: c.key.zone, zoneName: c.zoneName, platform: c.key.platform, account: c.account.name,
                           accountId: c.account.accountId, reason: reason, changes: changes, create: create, source: c.source)
            }
            guard let r = remote.campaigns[c.key], r.status != .removed else {
                actions.append(action(.create, reason: c.status == .paused ? "created paused (status: paused in the files)" : nil,
                                      create: NewCampaign(c, currency: currency, includeKeywords: includeKeywords, objects: objectCounts(c))))
                continue
            }
            let changes = diff(r.incomplete ? r.applied.markedIncomplete : r.applied, c.snapshot, currency: currency)
            if !changes.isEmpty { actions.append(action(.update, changes: changes)) }
            switch (c.status, r.status) {
            case (.paused, .enabled): actions.append(action(.pause, reason: "status: paused in the files"))
            case (.active, .paused): actions.append(action(.resume, reason: "status: active in the files"))
            default: if changes.isEmpty { unchanged += 1 }
            }
        }
        let zoneNames = Dictionary(campaigns.map { ($0.key.zone, $0.zoneName) }, uniquingKeysWith: { a, _ in a })
        for r in remote.campaigns.values where !desired.contains(r.key) && r.status == .enabled {
            let account = accounts.first { $0.platform == r.key.platform && $0.accountId == r.accountId }?.name ?? r.accountId
            actions.append(PlanAction(kind: .pause, key: r.key, zone: r.key.zone, zoneName: zoneNames[r.key.zone] ?? "zone no longer in the files",
                                      platform: r.key.platform, account: account, accountId: r.accountId,
                                      reason: "no longer in the campaign files: paused, never deleted", changes: [], create: nil, source: nil))
        }
        actions.sort { ($0.platform, $0.accountId, $0.zone, $0.key, $0.kind.rawValue) < ($1.platform, $1.accountId, $1.zone, $1.key, $1.kind.rawValue) }
        return Plan(organization: organization, currency: currency, actions: actions, unchanged: unchanged)
    }

    static func diff(_ old: CampaignSnapshot, _ new: CampaignSnapshot, currency: String) -> [Change] {
        var out: [Change] = []
        func money(_ m: Int64?) -> String? { m.map { Money(micros: $0).formatted(currency) } }
        func scalar(_ field: String, _ a: String?, _ b: String?) {
            if a != b { out.append(Change(field: field, from: a, to: b)) }
        }
        func list(_ field: String, _ a: [String], _ b: [String]) {
            guard a != b else { return }
            let sa = Set(a), sb = Set(b)
            let added = b.filter { !sa.contains($0) }, removed = a.filter { !sb.contains($0) }
            if added.isEmpty && removed.isEmpty {
                out.append(Change(field: field, from: a.joined(separator: "; "), to: b.joined(separator: "; ")))
            } else {
                out.append(Change(field: field, added: added, removed: removed))
            }
        }
        scalar("name", old.name, new.name)
        scalar("daily budget", money(old.dailyBudgetMicros), money(new.dailyBudgetMicros))
        scalar("bid ceiling", money(old.bidCeilingMicros), money(new.bidCeilingMicros))
        scalar("flight start", old.flightStart, new.flightStart)
        scalar("flight end", old.flightEnd, new.flightEnd)
        scalar("landing page", old.landingPage, new.landingPage)
        list("geo", old.geo, new.geo)
        list("dayparts", old.dayparts, new.dayparts)
        list("interests", old.interests, new.interests)
        list("ad groups", old.adGroups.keys.sorted(), new.adGroups.keys.sorted())
        for group in new.adGroups.keys.sorted() {
            if let before = old.adGroups[group] { list("keywords in \(group)", before, new.adGroups[group]!) }
        }
        list("negative keywords", old.negatives, new.negatives)
        let oldAds = old.ads.map { "\($0.key)#\($0.value)" }.sorted(), newAds = new.ads.map { "\($0.key)#\($0.value)" }.sorted()
        if oldAds != newAds {
            let replaced = Set(old.ads.keys).intersection(new.ads.keys).filter { old.ads[$0] != new.ads[$0] }.sorted()
            let added = new.ads.keys.filter { old.ads[$0] == nil }.sorted(), removed = old.ads.keys.filter { new.ads[$0] == nil }.sorted()
            out.append(Change(field: "ads", added: added + replaced.map { "\($0) (new text)" }, removed: removed + replaced.map { "\($0) (old text)" }))
        }
        return out
    }
}

extension CampaignSnapshot {
    /// How a plan shows the base of an incomplete campaign: its name marked `(incomplete) `, so that the name differs from
    /// any real one and the campaign is planned as an update (which the launch then completes). Display only: the store
    /// keeps the flag (``RemoteCampaign/incomplete``), never this name.
    var markedIncomplete: CampaignSnapshot {
        var s = self
        s.name = "(incomplete) " + s.name
        return s
    }
}
