import CampaignKit
import Foundation

/// Applies campaigns to one Microsoft Advertising account: creates what is missing (campaigns `Paused`, in as few calls
/// as the per-call limits allow), updates by difference, then enables the campaigns that are complete; pauses and
/// resumes.
///
/// Never a duplicate: each id is recorded as soon as its call answers. Before anything is sent for a campaign the store
/// does not know, or one whose last apply did not finish (a lost answer, a crash: its row is `incomplete`, and a
/// campaign is marked so before any write for it), the account's campaigns are read and those whose name carries the
/// key are adopted with their ad groups, keywords, ads, targets and negative keywords. After an `Add…` that got no
/// clear answer, what exists under its parent is read and recorded (ads by their text, keywords and negative keywords
/// by text and match type, targets by content) and only the rest is sent again; an answer that says the object is
/// already there sends the campaign to be looked up. A write the platform refused before applying it (throttling,
/// HTTP 429/503) is simply sent again. Never half-spent: a campaign is enabled only once every part of it exists.
struct MicrosoftAdsApplier: Sendable {
    var client: MicrosoftAdsClient
    var store: any StateRecorder
    var actor: String
    var now: @Sendable () -> String
    var progress: @Sendable (String) -> Void
    /// Waits before a look-up or a refused write is tried again (the adapter context's: a virtual clock in tests).
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    var limits = Limits()
    /// How many more times a read that failed for a transient reason, or a write refused before it was applied, is
    /// tried after the HTTP client's own attempts; and how many look-ups a call with no clear answer gets before its
    /// campaign is looked up whole.
    var patience = 3

    /// Objects per call (see ``PlatformDescriptor/microsoftAds``).
    struct Limits: Sendable {
        var campaigns = 100
        var criterions = 100
        var adGroups = 1_000
        var keywords = 1_000
        var ads = 50
        var negatives = 20_000
    }

    /// What one pass learned about each campaign.
    struct Pass {
        /// The campaigns of the pass, for the file locations of failures.
        var campaigns: [CampaignKey: Campaign] = [:]
        /// Campaigns the store knew before the pass (a failure of theirs is an update's).
        var known = Set<CampaignKey>()
        var failed: [CampaignKey: String] = [:]
        /// Campaigns whose write got no clear answer: looked up, then tried again.
        var retry = Set<CampaignKey>()
        var added: [CampaignKey: Int] = [:]
        var removed: [CampaignKey: Int] = [:]

        func isActive(_ key: CampaignKey) -> Bool { failed[key] == nil && !retry.contains(key) }
    }

    // MARK: Launch

    func launch(_ campaigns: [Campaign]) async throws -> ApplyReport {
        var report = ApplyReport()
        let byKey = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        var state = try store.remoteState()
        let mapper = MicrosoftAdsMapper(locationIds: try await locationIds(for: campaigns, report: &report), today: today)
        // Campaigns whose every geo target lacks a location id would run everywhere: they are not sent at all.
        var runnable: [Campaign] = []
        for c in campaigns {
            let items = MicrosoftAdsMapper.geoItems(c)
            if !c.geo.isEmpty, !items.contains(where: { mapper.criterionBody($0) != nil }),
               !(try store.objects(for: c.key)).contains(where: { $0.localKey.isGeo }) {
                let reason = items.isEmpty
                    ? "none of its geo targets can be used on Microsoft Advertising; it is not created, so that it does not show everywhere"
                    : "Microsoft Advertising has no location for \(items.map(\.key).joined(separator: ", ")); it is not created, so that it does not show everywhere"
                report.failed.append(.init(key: c.key, reason: reason, source: c.source))
                try log(.create, c.key, detail: "location targets", result: "failed: \(reason)")
                continue
            }
            runnable.append(c)
        }
        // Looked up before anything is sent: campaigns the store does not know (created before a crash, perhaps) and
        // those whose last apply did not finish (an answer lost, a crash after an answer): what exists is recorded.
        var unreachable: [CampaignKey: String] = [:]
        let lookUp = runnable.filter { c in state.campaigns[c.key].map { $0.remoteId == nil || $0.incomplete } ?? true }
        if !lookUp.isEmpty {
            unreachable = try await adopt(Set(lookUp.map(\.key)), campaigns: byKey, mapper: mapper, report: &report)
            state = try store.remoteState()
        }
        var pending = runnable.filter { unreachable[$0.key] == nil }
        for attempt in 0..<4 where !pending.isEmpty {
            if attempt > 0 {
                let missed = try await adopt(Set(pending.map(\.key)), campaigns: byKey, mapper: mapper, report: &report)
                unreachable.merge(missed) { first, _ in first }
                pending.removeAll { missed[$0.key] != nil }
                state = try store.remoteState()
            }
            pending = try await applyOnce(pending, mapper: mapper, state: state, report: &report)
        }
        for (key, reason) in unreachable.sorted(by: { $0.key < $1.key }) {
            report.failed.append(.init(key: key, reason: reason, source: byKey[key]?.source))
            try log(.lookup, key, detail: "look-up before sending", result: "failed: \(reason)")
        }
        for c in pending {
            report.failed.append(.init(key: c.key, reason: "gave up after repeated ambiguous failures; run tfz launch again", source: c.source))
        }
        // Enable what is complete and wanted active — created, updated or adopted alike (the rules of Google's step 4,
        // and never half-spent: only once every part is recorded).
        state = try store.remoteState()
        let failed = Set(report.failed.map(\.key))
        let toEnable = runnable.filter { c in
            guard c.status == .active, !failed.contains(c.key), let r = state.campaigns[c.key] else { return false }
            return r.status == .paused && r.remoteId != nil && !r.incomplete
        }
        if !toEnable.isEmpty {
            report.enabled = try await setStatus(toEnable.map(\.key), enabled: true, action: .enable, reason: "", state: state, report: &report)
        }
        return report
    }

    /// The account's today (UTC), from the injected clock.
    var today: CalendarDate? { CalendarDate(parsing: String(now().prefix(10))) }

    /// One pass over `campaigns`: each kind of object in as few calls as the limits allow, parents first. Returns the
    /// campaigns to look up and try again after a write that got no clear answer.
    private func applyOnce(_ campaigns: [Campaign], mapper: MicrosoftAdsMapper, state: RemoteState, report: inout ApplyReport) async throws -> [Campaign] {
        var pass = Pass()
        var work: [(c: Campaign, changes: MicrosoftAdsMapper.Changes)] = []
        for c in campaigns {
            let r = state.campaigns[c.key]
            let changes = mapper.changes(for: c, recorded: try store.objects(for: c.key), applied: r?.applied, incomplete: r?.incomplete ?? false)
            if changes.isEmpty {
                if let r, r.applied != c.snapshot || r.incomplete { try record(c, mapper: mapper, state: r) }
                continue
            }
            work.append((c, changes))
        }
        guard !work.isEmpty else { return [] }
        pass.campaigns = Dictionary(work.map { ($0.c.key, $0.c) }, uniquingKeysWith: { $1 })
        pass.known = Set(work.map(\.c.key).filter { state.campaigns[$0]?.remoteId != nil })
        // A campaign about to be written is marked incomplete first: should the launch stop before its answers are
        // recorded (a crash, a lost answer), the next launch looks it up before sending anything for it.
        for (c, _) in work {
            guard var r = state.campaigns[c.key], r.remoteId != nil, !r.incomplete else { continue }
            r.incomplete = true
            try store.record(campaign: r)
        }

        // 1. Campaigns, paused: up to 100 a call, across campaigns.
        let creates = work.filter(\.changes.createCampaign).map { (key: $0.c.key, item: $0.c) }
        for (key, c, id) in try await batched(creates, limit: limits.campaigns, action: "AddCampaigns", pass: &pass, report: &report,
                                              send: { let r = try await client.addCampaigns($0.map(mapper.campaign)); return (r.ids, r.errors) },
                                              lookup: { chunk, report in try await findCampaigns(chunk, report: &report) }) {
            try store.record(objects: [object(key, .campaign, id)])
            try store.record(campaign: RemoteCampaign(key: key, accountId: client.accountId, remoteId: id, status: .paused, applied: c.snapshot,
                                                      appliedAt: now(), incomplete: true))
            try log(.create, key, detail: "campaign \(id) created paused", result: "ok")
            report.created.append(key)
        }

        // 2. Campaign fields that changed: up to 100 a call.
        var updates: [(key: CampaignKey, item: MicrosoftAdsJSON)] = []
        for (c, changes) in work where !changes.campaignFields.isEmpty && pass.isActive(c.key) {
            guard let id = try campaignId(c.key) else { continue }
            updates.append((c.key, .object([("Id", .string(id))] + changes.campaignFields)))
        }
        try await batched(updates, limit: limits.campaigns, action: "UpdateCampaigns", pass: &pass, report: &report,
                          send: { items in Self.asIds(try await client.updateCampaigns(items), count: items.count) }, lookup: Self.sendAgain)

        // 3. Location, radius and day-and-time targets: up to 100 a call, across campaigns.
        let byKey = pass.campaigns
        var criteria: [(key: CampaignKey, item: (ObjectKey, MicrosoftAdsJSON))] = []
        for (c, changes) in work where pass.isActive(c.key) {
            guard !changes.addGeo.isEmpty || !changes.addSchedules.isEmpty, let id = try campaignId(c.key) else { continue }
            for g in changes.addGeo { if let json = mapper.criterion(g, campaignId: id) { criteria.append((c.key, (.geo(g.key), json))) } }
            for s in changes.addSchedules { criteria.append((c.key, (.schedule(s.key), mapper.criterion(s, campaignId: id)))) }
        }
        try await create(criteria, limit: limits.criterions, action: "AddCampaignCriterions", pass: &pass, report: &report,
                         find: { key, chunk, report in
            // Only the criterion types the call carried: target criterions are read one type at a time.
            let types = Set(chunk.compactMap { $0.1["Criterion"]?["Type"]?.text.map { String($0.dropLast("Criterion".count)) } })
            guard let id = try campaignId(key), let c = byKey[key] else { return [] }
            var rows: [JSONValue] = []
            for type in types.sorted() {
                rows += try await read("GetCampaignCriterionsByIds", report: &report) { try await client.campaignCriterions(campaignId: id, type: type) }
            }
            return MicrosoftAdsAdoption.criteria(rows, campaign: c, mapper: mapper)
        }) {
            try await client.addCampaignCriterions($0.map(\.1))
        }

        // 4. Negative keywords: one campaign a call.
        for (c, changes) in work where !changes.addNegatives.isEmpty && pass.isActive(c.key) {
            guard let id = try campaignId(c.key) else { continue }
            let items = changes.addNegatives.map { (key: c.key, item: (ObjectKey.negative($0.notation), mapper.negative($0))) }
            try await create(items, limit: limits.negatives, action: "AddNegativeKeywordsToEntities", pass: &pass, report: &report,
                             find: { _, _, report in
                MicrosoftAdsAdoption.negatives(try await read("GetNegativeKeywordsByEntityIds", report: &report) {
                    try await client.negativeKeywords(campaignId: id)
                }, campaign: c)
            }) {
                try await client.addNegativeKeywords(campaignId: id, $0.map(\.1))
            }
        }

        // 5. Ad groups: up to 1,000 a call, one campaign a call; the dates of the others when the flight changed.
        for (c, changes) in work where pass.isActive(c.key) {
            guard let id = try campaignId(c.key) else { continue }
            if changes.flightChanged {
                let existing = try store.objects(for: c.key).compactMap { o -> MicrosoftAdsJSON? in
                    guard case .adGroup = o.localKey else { return nil }
                    return mapper.adGroupFlightUpdate(c, adGroupId: o.resourceName)
                }
                let items = existing.map { (key: c.key, item: $0) }
                _ = try await batched(items, limit: limits.adGroups, action: "UpdateAdGroups", pass: &pass, report: &report,
                                      send: { batch in Self.asIds(try await client.updateAdGroups(campaignId: id, batch), count: batch.count) },
                                      lookup: Self.sendAgain)
            }
            guard !changes.addAdGroups.isEmpty, pass.isActive(c.key) else { continue }
            let items = changes.addAdGroups.map { (key: c.key, item: (ObjectKey.adGroup($0.name), mapper.adGroup($0, of: c))) }
            try await create(items, limit: limits.adGroups, action: "AddAdGroups", pass: &pass, report: &report,
                             find: { _, _, report in
                MicrosoftAdsAdoption.adGroups(try await read("GetAdGroupsByCampaignId", report: &report) { try await client.adGroups(campaignId: id) },
                                              keywords: [], ads: [], campaign: c)
            }) {
                try await client.addAdGroups(campaignId: id, $0.map(\.1))
            }
        }

        // 6. Keywords (1,000 a call) and ads (50 a call), one ad group a call.
        for (c, changes) in work where pass.isActive(c.key) && (!changes.addKeywords.isEmpty || !changes.addAds.isEmpty) {
            let groups = try adGroupIds(c.key)
            for group in c.adGroups.map(\.name) {
                guard pass.isActive(c.key), let groupId = groups[group] else { continue }
                let keywords = changes.addKeywords.filter { $0.group == group }
                    .map { (key: c.key, item: (ObjectKey.keyword(group: group, notation: $0.keyword.notation), mapper.keyword($0.keyword, of: c))) }
                try await create(keywords, limit: limits.keywords, action: "AddKeywords", pass: &pass, report: &report,
                                 find: { _, _, report in
                    let rows = try await read("GetKeywordsByAdGroupId", report: &report) { try await client.keywords(adGroupId: groupId) }
                    return MicrosoftAdsAdoption.adGroups([], keywords: [(group, rows)], ads: [], campaign: c)
                }) {
                    try await client.addKeywords(adGroupId: groupId, $0.map(\.1))
                }
                let ads = changes.addAds.filter { $0.group == group }
                    .map { (key: c.key, item: (MicrosoftAdsMapper.adKey(group: group, ad: $0.ad, landingPage: c.landingPage), mapper.ad($0.ad, of: c))) }
                guard pass.isActive(c.key) else { continue }
                try await create(ads, limit: limits.ads, action: "AddAds", pass: &pass, report: &report,
                                 find: { _, _, report in
                    let rows = try await read("GetAdsByAdGroupId", report: &report) { try await client.ads(adGroupId: groupId) }
                    return MicrosoftAdsAdoption.adGroups([], keywords: [], ads: [(group, rows)], campaign: c)
                }) {
                    try await client.addAds(adGroupId: groupId, $0.map(\.1))
                }
            }
        }

        // 7. What the files no longer have (new ads exist by now, so a replaced ad never leaves its group empty).
        for (c, changes) in work where !changes.remove.isEmpty && pass.isActive(c.key) {
            guard let id = try campaignId(c.key) else { continue }
            try await remove(changes.remove, campaignId: id, key: c.key, pass: &pass, report: &report)
        }

        // 8. The campaign rows: complete ones get the files' snapshot.
        for (c, changes) in work where pass.failed[c.key] == nil && !pass.retry.contains(c.key) {
            let r = try store.remoteState().campaigns[c.key]
            try record(c, mapper: mapper, state: r)
            let isNew = changes.createCampaign
            if !changes.createCampaign || changes.objectCount > 1 {
                try log(isNew ? .create : .update, c.key,
                        detail: "\(pass.added[c.key, default: 0]) objects added, \(pass.removed[c.key, default: 0]) removed"
                            + (changes.campaignFields.isEmpty ? "" : ", campaign settings updated"), result: "ok")
            }
            if !isNew, !report.updated.contains(c.key) { report.updated.append(c.key) }
        }
        for (c, _) in work where pass.failed[c.key] != nil {
            try record(c, mapper: mapper, state: try store.remoteState().campaigns[c.key], failed: true)
        }
        return work.map(\.c).filter { pass.retry.contains($0.key) && pass.failed[$0.key] == nil }
    }

    /// Adds keyed objects and records each id as soon as its call answers. After a call with no clear answer, `find`
    /// reads what one campaign of the call has under the call's parent now (`(key, id)` pairs, as adoption maps them);
    /// what it names is recorded and only the rest is sent again.
    private func create(_ items: [(key: CampaignKey, item: (ObjectKey, MicrosoftAdsJSON))], limit: Int, action: String, pass: inout Pass,
                        report: inout ApplyReport,
                        find: (CampaignKey, [(ObjectKey, MicrosoftAdsJSON)], inout ApplyReport) async throws -> [(ObjectKey, String)],
                        send: ([(ObjectKey, MicrosoftAdsJSON)]) async throws -> MicrosoftAdsClient.AddResult) async throws {
        guard !items.isEmpty else { return }
        let done = try await batched(items, limit: limit, action: action, pass: &pass, report: &report, send: { batch in
            let result = try await send(batch)
            return (result.ids, result.errors)
        }, lookup: { chunk, report in
            var found: [Int: String] = [:]
            for key in Set(chunk.map(\.key)).sorted() {
                let mine = chunk.indices.filter { chunk[$0].key == key }
                let recorded = Set(try store.objects(for: key).map(\.resourceName))
                let existing = try await find(key, mine.map { chunk[$0].item }, &report).filter { !recorded.contains($0.1) }
                // Each object found answers for one item: ads by group and text (two creatives may share a text).
                var claimed = Set<String>()
                for i in mine {
                    let identity = Self.identity(chunk[i].item.0)
                    guard let hit = existing.first(where: { Self.identity($0.0) == identity && !claimed.contains($0.1) }) else { continue }
                    claimed.insert(hit.1)
                    found[i] = hit.1
                }
            }
            return found
        }, record: { results in
            try store.record(objects: results.map { object($0.key, $0.item.0, $0.id) })
        })
        for (key, _, _) in done { pass.added[key, default: 0] += 1 }
    }

    /// What makes two object keys the same object on the platform: an ad's group and text (its creative's name is tfz's
    /// own), any other object's whole key.
    static func identity(_ key: ObjectKey) -> String {
        if case .ad(let group, _, let fingerprint) = key { return "ad:\(group)#\(fingerprint)" }
        return key.description
    }

    /// Looks up campaigns after an `AddCampaigns` with no clear answer: those of the account whose name carries the key of
    /// an item, and which the store does not know yet.
    private func findCampaigns(_ chunk: [(key: CampaignKey, item: Campaign)], report: inout ApplyReport) async throws -> [Int: String]? {
        let views = try await read("GetCampaignsByAccountId", report: &report) { try await client.campaigns() }.compactMap(Self.view)
        let recorded = Set(try store.remoteState().campaigns.values.compactMap(\.remoteId))
        var found: [Int: String] = [:]
        for (i, entry) in chunk.enumerated() {
            if let view = views.first(where: { $0.key == entry.key && $0.status != .removed && !recorded.contains($0.remoteId) }) { found[i] = view.remoteId }
        }
        return found
    }

    /// The look-up of a call that sets values or deletes: nothing to find, the whole call is sent again (an update sets the
    /// same values twice; a delete of what is gone already is taken as done).
    static func sendAgain<Item>(_: [(key: CampaignKey, item: Item)], _: inout ApplyReport) async throws -> [Int: String]? { [:] }

    /// Sends `items` in calls of at most `limit`, keeping a campaign's items together when they fit, and hands each call's
    /// answered items to `record` before the next call.
    ///
    /// - An item error fails its campaign (what was created stays recorded); one that says the object is there already
    ///   (a lost answer earlier) sends the campaign to be looked up and tried again.
    /// - A fault of the whole call (HTTP 400) fails the campaigns it names and the rest is sent again.
    /// - A call refused before it was applied (throttling, HTTP 429/503, no connection), after the HTTP client's own
    ///   attempts, is sent again up to `patience` times, then fails its campaigns for this launch.
    /// - A call with no clear answer: `lookup` says which items exist now (index → id; ``sendAgain`` for calls that set
    ///   values or delete); they are recorded and the rest is sent again, up to `patience` look-ups. When the look-up
    ///   cannot be made (it fails, or answers nil), the call's campaigns are sent to be looked up whole and tried again.
    ///
    /// Returns the items that got an id (or, for updates and deletes, succeeded).
    @discardableResult
    private func batched<Item>(_ items: [(key: CampaignKey, item: Item)], limit: Int, action: String, pass: inout Pass, report: inout ApplyReport,
                               send: ([Item]) async throws -> (ids: [String?], errors: [MicrosoftAdsErrorItem]),
                               lookup: ([(key: CampaignKey, item: Item)], inout ApplyReport) async throws -> [Int: String]?,
                               record: ([(key: CampaignKey, item: Item, id: String)]) throws -> Void = { _ in }) async throws
        -> [(key: CampaignKey, item: Item, id: String)] {
        var done: [(key: CampaignKey, item: Item, id: String)] = []
        for var chunk in Self.pack(items, limit: limit) {
            var refusals = 0, lookups = 0, passing = 0
            while true {
                chunk.removeAll { !pass.isActive($0.key) }
                guard !chunk.isEmpty else { break }
                let campaigns = Set(chunk.map(\.key))
                progress("microsoft_ads \(client.accountId): \(action) with \(chunk.count) item(s) for \(campaigns.count) campaign(s)")
                report.writeRequests += 1
                report.operations += chunk.count
                do {
                    let (ids, errors) = try await send(chunk.map(\.item))
                    var answered: [(key: CampaignKey, item: Item, id: String)] = []
                    var blamed: [CampaignKey: [String]] = [:]
                    var there = Set<CampaignKey>()
                    // When every error says an item was not applied for a passing reason (another operation was changing
                    // the same data, an internal error), the items without an id are sent again in this launch, up to
                    // `patience` times (an entity's error leaves all its nested items without one).
                    let refusals = errors.filter { !Self.isAlreadyThere($0) }
                    let passingOnly = !refusals.isEmpty && refusals.allSatisfy(Self.isPassing) && passing < patience
                    var again: [Int] = []
                    for error in errors where !passingOnly || Self.isAlreadyThere(error) {
                        guard let i = error.index, chunk.indices.contains(i) else {
                            for key in campaigns { blamed[key, default: []].append(error.summary) }
                            continue
                        }
                        if Self.isAlreadyThere(error) { there.insert(chunk[i].key) } else { blamed[chunk[i].key, default: []].append(error.summary) }
                    }
                    for (i, entry) in chunk.enumerated() {
                        if i < ids.count, let id = ids[i] {
                            answered.append((entry.key, entry.item, id))
                        } else if blamed[entry.key] == nil && !there.contains(entry.key) {
                            if passingOnly { again.append(i) } else { blamed[entry.key] = ["\(action) returned no id for an item"] }
                        }
                    }
                    try record(answered)
                    done += answered
                    for (key, reasons) in blamed.sorted(by: { $0.key < $1.key }) {
                        try fail(key, action, Self.reason(reasons), pass: &pass, report: &report)
                    }
                    if !again.isEmpty {
                        passing += 1
                        progress("microsoft_ads \(client.accountId): \(again.count) item(s) of \(action) were not applied for a passing "
                            + "reason (\(refusals[0].summary)); sending them again (\(passing) of \(patience))")
                        chunk = again.map { chunk[$0] }
                        try await sleep(.seconds(2 * passing))
                        continue
                    }
                    for key in there.sorted() where pass.failed[key] == nil {
                        // The platform has what the store does not: an answer was lost before. Look up, then try again.
                        try log(pass.known.contains(key) ? .update : .create, key, detail: action,
                                result: "failed: already on the platform but not recorded; will look up")
                        pass.retry.insert(key)
                    }
                    break
                } catch let error where Self.wasNotApplied(error) {
                    refusals += 1
                    guard refusals <= patience else {
                        let reason = "refused \(refusals) times before it was applied (\(HTTPError.describe(error))); run tfz launch again"
                        for key in campaigns.sorted() { try fail(key, action, reason, pass: &pass, report: &report) }
                        break
                    }
                    progress("microsoft_ads \(client.accountId): \(action) was refused before it was applied (\(HTTPError.describe(error))); sending it again")
                    try await sleep(.seconds(5 * refusals))
                } catch let fault as MicrosoftAdsFailure where fault.httpStatus == 400 && !fault.errors.isEmpty
                            && fault.errors.allSatisfy(Self.isPassing) && passing < patience {
                    // The whole call was refused for a passing reason: nothing was applied; send it again.
                    passing += 1
                    progress("microsoft_ads \(client.accountId): \(action) was refused for a passing reason (\(fault.errors[0].summary)); "
                        + "sending it again (\(passing) of \(patience))")
                    try await sleep(.seconds(2 * passing))
                } catch let fault as MicrosoftAdsFailure where fault.httpStatus == 400 {
                    // Nothing of the call was applied: fail the campaigns it names (all, if it names none), send the rest.
                    var blamed: [CampaignKey: [String]] = [:]
                    for error in fault.errors {
                        if let i = error.index, chunk.indices.contains(i) { blamed[chunk[i].key, default: []].append(error.summary) }
                    }
                    if blamed.isEmpty {
                        let reason = fault.errorDescription ?? "rejected"
                        for key in campaigns { blamed[key] = [reason] }
                    }
                    for (key, reasons) in blamed.sorted(by: { $0.key < $1.key }) {
                        try fail(key, action, Self.reason(reasons), pass: &pass, report: &report)
                    }
                } catch let error where Self.isAmbiguous(error) {
                    lookups += 1
                    if lookups <= patience {
                        progress("microsoft_ads \(client.accountId): no clear answer to \(action) (\(HTTPError.describe(error))); "
                            + "looking up what exists before sending the rest again")
                        do {
                            if let found = try await lookup(chunk, &report) {
                                let existing = found.keys.sorted().map { (key: chunk[$0].key, item: chunk[$0].item, id: found[$0]!) }
                                try record(existing)
                                done += existing
                                for key in Set(existing.map(\.key)).sorted() {
                                    try log(.lookup, key, detail: "\(action) had no clear answer",
                                            result: "ok: \(existing.filter { $0.key == key }.count) object(s) found and recorded, not sent again")
                                }
                                chunk = chunk.indices.filter { found[$0] == nil }.map { chunk[$0] }
                                continue
                            }
                        } catch let readError where Self.isTransient(readError) {
                            progress("microsoft_ads \(client.accountId): the look-up after \(action) failed (\(HTTPError.describe(readError)))")
                        }
                    }
                    progress("microsoft_ads \(client.accountId): no clear answer to \(action) (\(HTTPError.describe(error))); "
                        + "looking the campaigns up before trying again")
                    for key in campaigns.sorted() {
                        try log(pass.known.contains(key) ? .update : .create, key, detail: action, result: "failed: no answer; will look up")
                        pass.retry.insert(key)
                    }
                    break
                }
            }
        }
        return done
    }

    // MARK: Failures

    /// A failure that says the request was not applied, after the HTTP client's own attempts: Microsoft's throttling (on
    /// any status), HTTP 429 or 503, or a connection that never carried the request. Sending it again creates nothing twice.
    static func wasNotApplied(_ error: any Error) -> Bool {
        switch error {
        case let fault as MicrosoftAdsFailure:
            return fault.isThrottled || fault.isReportingBusy || RetryMiddleware.notAppliedStatuses.contains(fault.httpStatus)
        case let http as HTTPError:
            if let status = http.status { return RetryMiddleware.notAppliedStatuses.contains(status) }
            return (http.cause as? TransportError).map { !$0.mayHaveBeenSent } ?? false
        case let transport as TransportError:
            return !transport.mayHaveBeenSent
        default:
            return false
        }
    }

    /// A write that may or may not have been applied: no answer, or HTTP 500/502/504.
    static func isAmbiguous(_ error: any Error) -> Bool {
        switch error {
        case is AmbiguousMutationError: return true
        case let fault as MicrosoftAdsFailure: return [500, 502, 504].contains(fault.httpStatus)
        case let http as HTTPError:
            if let status = http.status { return [500, 502, 504].contains(status) }
            return (http.cause as? TransportError)?.mayHaveBeenSent ?? true
        case let transport as TransportError: return transport.mayHaveBeenSent
        default: return false
        }
    }

    /// An item error that says the item was not applied for a reason that passes: `4149
    /// CampaignServiceConcurrentStoreModification` (another operation was changing the same data) or `0 InternalError`.
    static func isPassing(_ error: MicrosoftAdsErrorItem) -> Bool {
        ["CampaignServiceConcurrentStoreModification", "InternalError"].contains(error.errorCode) || error.code == 4149
    }

    /// A failure that may pass: worth reading again (and, for a write, either of the two above).
    static func isTransient(_ error: any Error) -> Bool { wasNotApplied(error) || isAmbiguous(error) }

    /// An item error that says the object exists already (Microsoft refuses a second keyword of the same text and match
    /// type, a second equal target, a second negative keyword): the platform has what tfz did not record.
    static func isAlreadyThere(_ error: MicrosoftAdsErrorItem) -> Bool {
        [1115, 1214, 1542, 4345, 4521].contains(error.code ?? 0)
            || ["CampaignServiceCannotCreateDuplicateCampaign", "CampaignServiceCannotCreateDuplicateAdGroup",
                "CampaignServiceKeywordAndMatchTypeCombinationAlreadyExists", "CampaignServiceDuplicateNegativeKeyword",
                "DuplicateCampaignCriterion"].contains(error.errorCode)
    }

    /// A read, tried again up to `patience` times after a transient failure that outlasted the HTTP client's attempts.
    private func read<T>(_ operation: String, report: inout ApplyReport, _ body: () async throws -> T) async throws -> T {
        var failures = 0
        while true {
            report.otherRequests += 1
            do {
                return try await body()
            } catch where Self.isTransient(error) && failures < patience {
                failures += 1
                progress("microsoft_ads \(client.accountId): \(operation) failed (\(HTTPError.describe(error))); reading again")
                try await sleep(.seconds(5 * failures))
            }
        }
    }

    /// Fails a campaign of the pass (once): in the report, with its zone file entry, and in the change log.
    private func fail(_ key: CampaignKey, _ action: String, _ reason: String, pass: inout Pass, report: inout ApplyReport) throws {
        guard pass.failed[key] == nil else { return }
        pass.failed[key] = reason
        report.failed.append(.init(key: key, reason: reason, source: pass.campaigns[key]?.source))
        try log(pass.known.contains(key) ? .update : .create, key, detail: action, result: "failed: \(reason)")
    }

    /// Groups items into calls of at most `limit`, keeping each campaign's items in one call when they fit.
    static func pack<Item>(_ items: [(key: CampaignKey, item: Item)], limit: Int) -> [[(key: CampaignKey, item: Item)]] {
        var groups: [(CampaignKey, [(key: CampaignKey, item: Item)])] = []
        var at: [CampaignKey: Int] = [:]
        for entry in items {
            if let i = at[entry.key] { groups[i].1.append(entry) } else { at[entry.key] = groups.count; groups.append((entry.key, [entry])) }
        }
        var calls: [[(key: CampaignKey, item: Item)]] = []
        var current: [(key: CampaignKey, item: Item)] = []
        for (_, group) in groups {
            var rest = group[...]
            while !rest.isEmpty {
                let room = limit - current.count
                if rest.count > room, rest.count <= limit, !current.isEmpty {
                    calls.append(current); current = []
                    continue
                }
                let take = min(room, rest.count)
                current += rest.prefix(take)
                rest = rest.dropFirst(take)
                if current.count == limit { calls.append(current); current = [] }
            }
        }
        if !current.isEmpty { calls.append(current) }
        return calls
    }

    static func reason(_ reasons: [String]) -> String {
        var seen = Set<String>()
        let unique = reasons.filter { seen.insert($0).inserted }
        return unique.prefix(3).joined(separator: "; ") + (unique.count > 3 ? "; and \(unique.count - 3) more" : "")
    }

    /// Item errors of an update or delete call as the `(ids, errors)` of ``batched``: "ok" where the item succeeded.
    static func asIds(_ errors: [MicrosoftAdsErrorItem], count: Int) -> (ids: [String?], errors: [MicrosoftAdsErrorItem]) {
        let failed = Set(errors.compactMap(\.index))
        let whole = errors.contains { $0.index == nil }
        return ((0..<count).map { whole || failed.contains($0) ? nil : "ok" }, errors)
    }

    /// Deletes recorded objects the files no longer have: targets (100 a call), negative keywords, keywords (1,000 a
    /// call) and ads (50 a call) per ad group, then ad groups (1,000 a call). An object the platform no longer has is
    /// forgotten as if deleted.
    private func remove(_ objects: [RemoteObject], campaignId: String, key: CampaignKey, pass: inout Pass, report: inout ApplyReport) async throws {
        let groups = try adGroupIds(key)
        var criteria: [RemoteObject] = [], negatives: [RemoteObject] = [], adGroups: [RemoteObject] = []
        var keywords: [String: [RemoteObject]] = [:], ads: [String: [RemoteObject]] = [:]
        for o in objects {
            switch o.localKey {
            case .geo, .schedule, .criterion: criteria.append(o)
            case .negative: negatives.append(o)
            case .adGroup: adGroups.append(o)
            case .keyword(let group, _): if let id = groups[group] { keywords[id, default: []].append(o) }
            case .ad(let group, _, _): if let id = groups[group] { ads[id, default: []].append(o) }
            default: continue
            }
        }
        func run(_ list: [RemoteObject], limit: Int, action: String, pass: inout Pass, report: inout ApplyReport,
                 send: ([RemoteObject]) async throws -> [MicrosoftAdsErrorItem]) async throws {
            guard !list.isEmpty, pass.isActive(key) else { return }
            var gone: [RemoteObject] = []
            let done = try await batched(list.map { (key: key, item: $0) }, limit: limit, action: action, pass: &pass, report: &report,
                                         send: { batch in
                let errors = try await send(batch)
                // Already deleted on the platform: as good as deleted now.
                let missing = errors.filter(Self.isGone)
                for e in missing { if let i = e.index, batch.indices.contains(i) { gone.append(batch[i]) } }
                let rest = errors.filter { !Self.isGone($0) }
                var result = Self.asIds(rest, count: batch.count)
                if rest.contains(where: { $0.index == nil }) { result.ids = Array(repeating: nil, count: batch.count) }
                return result
            }, lookup: Self.sendAgain, record: { results in
                try store.forget(objects: results.map(\.item))
            })
            let forgotten = done.map(\.item) + gone
            try store.forget(objects: gone)
            // Keywords and ads of a deleted ad group went with it.
            let deletedGroups = Set(forgotten.compactMap { o -> String? in if case .adGroup(let name) = o.localKey { name } else { nil } })
            if !deletedGroups.isEmpty {
                try store.forget(objects: try store.objects(for: key).filter { $0.localKey.adGroup.map(deletedGroups.contains) ?? false })
            }
            pass.removed[key, default: 0] += forgotten.count
        }
        try await run(criteria, limit: limits.criterions, action: "DeleteCampaignCriterions", pass: &pass, report: &report) {
            try await client.deleteCampaignCriterions(campaignId: campaignId, ids: $0.map(\.resourceName))
        }
        let mapper = MicrosoftAdsMapper()
        try await run(negatives, limit: limits.negatives, action: "DeleteNegativeKeywordsFromEntities", pass: &pass, report: &report) { batch in
            try await client.deleteNegativeKeywords(campaignId: campaignId, batch.map { o in
                guard case .negative(let notation) = o.localKey else { return .object([("Type", .string("NegativeKeyword")), ("Id", .string(o.resourceName))]) }
                return mapper.negative(MicrosoftAdsAdoption.keyword(notation: notation), id: o.resourceName)
            })
        }
        for (groupId, list) in keywords.sorted(by: { $0.key < $1.key }) {
            try await run(list, limit: limits.keywords, action: "DeleteKeywords", pass: &pass, report: &report) {
                try await client.deleteKeywords(adGroupId: groupId, ids: $0.map(\.resourceName))
            }
        }
        for (groupId, list) in ads.sorted(by: { $0.key < $1.key }) {
            try await run(list, limit: limits.ads, action: "DeleteAds", pass: &pass, report: &report) {
                try await client.deleteAds(adGroupId: groupId, ids: $0.map(\.resourceName))
            }
        }
        try await run(adGroups, limit: limits.adGroups, action: "DeleteAdGroups", pass: &pass, report: &report) {
            try await client.deleteAdGroups(campaignId: campaignId, ids: $0.map(\.resourceName))
        }
    }

    /// An item error that says the object is not there (deleted in the web UI, say).
    static func isGone(_ error: MicrosoftAdsErrorItem) -> Bool {
        let code = error.errorCode
        return code.hasSuffix("IdInvalid") || code.hasSuffix("IdsInvalid") || code.contains("DoesNotExist") || code.contains("NotFound")
            || code.contains("AlreadyDeleted") || code.hasSuffix("Deleted")
    }

    /// Writes the campaign row once its objects have been answered. Complete (every object recorded but geo targets
    /// without a location id), the applied snapshot is the files' and the row is no longer incomplete; otherwise the row
    /// keeps what it had, and a campaign recorded for the first time is incomplete.
    private func record(_ c: Campaign, mapper: MicrosoftAdsMapper, state: RemoteCampaign?, failed: Bool = false) throws {
        let objects = try store.objects(for: c.key)
        guard let campaign = objects.first(where: { $0.localKey == .campaign }) else { return }
        let complete = !failed && Set(mapper.desiredKeys(c)).subtracting(objects.map(\.localKey)).isEmpty
        try store.record(campaign: RemoteCampaign(key: c.key, accountId: client.accountId, remoteId: campaign.resourceName,
                                                  status: state?.status ?? .paused,
                                                  applied: complete ? c.snapshot : (state?.applied ?? c.snapshot), appliedAt: now(),
                                                  incomplete: complete ? false : true))
    }

    private func campaignId(_ key: CampaignKey) throws -> String? {
        try store.objects(for: key).first { $0.localKey == .campaign }?.resourceName
    }

    private func adGroupIds(_ key: CampaignKey) throws -> [String: String] {
        var out: [String: String] = [:]
        for o in try store.objects(for: key) { if case .adGroup(let name) = o.localKey { out[name] = o.resourceName } }
        return out
    }

    // MARK: Locations

    /// Location ids for the county and postal-code targets not yet recorded, from Microsoft's locations file (read once).
    private func locationIds(for campaigns: [Campaign], report: inout ApplyReport) async throws -> [String: String] {
        var wanted: [MicrosoftAdsMapper.GeoItem] = []
        var seen = Set<MicrosoftAdsMapper.GeoItem>()
        for c in campaigns {
            let recorded = Set(try store.objects(for: c.key).map(\.localKey))
            for item in MicrosoftAdsMapper.geoItems(c) where !recorded.contains(.geo(item.key)) && seen.insert(item).inserted {
                switch item {
                case .county, .postalCode: wanted.append(item)
                default: break
                }
            }
        }
        guard !wanted.isEmpty else { return [:] }
        progress("microsoft_ads \(client.accountId): reading Microsoft's locations file for \(wanted.count) county and postal-code target(s)")
        report.otherRequests += 1   // the download; `read` counts the GetGeoLocationsFileUrl calls
        let file = try await read("GetGeoLocationsFileUrl", report: &report) { try await client.geoLocationsFile() }
        let found = try MicrosoftAdsLocations(file: file).ids(for: wanted)
        let missing = wanted.map(\.key).filter { found[$0] == nil }
        if !missing.isEmpty { progress("microsoft_ads: no Microsoft Advertising location for \(missing.joined(separator: ", ")); those targets are skipped") }
        return found
    }

    // MARK: Pause and resume

    func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String) async throws -> ApplyReport {
        var report = ApplyReport()
        let state = try store.remoteState()
        let done = try await setStatus(keys, enabled: enabled, action: enabled ? .resume : .pause, reason: reason, state: state, report: &report)
        if enabled { report.enabled = done } else { report.paused = done }
        return report
    }

    /// `UpdateCampaigns` with the status only, 100 a call. A status update sets a value and creates nothing, so after a
    /// call with no clear answer, or one refused before it was applied, it is simply sent again (up to `patience` times;
    /// then its campaigns fail for this launch).
    private func setStatus(_ keys: [CampaignKey], enabled: Bool, action: ChangeAction, reason: String, state: RemoteState,
                           report: inout ApplyReport) async throws -> [CampaignKey] {
        let mapper = MicrosoftAdsMapper()
        let known = keys.compactMap { key in state.campaigns[key].flatMap { r in r.remoteId.map { (r, $0) } } }
        var done: [CampaignKey] = []
        for start in stride(from: 0, to: known.count, by: limits.campaigns) {
            let chunk = Array(known[start..<min(start + limits.campaigns, known.count)])
            let items = chunk.map { mapper.statusUpdate(campaignId: $0.1, active: enabled) }
            report.operations += items.count
            var errors: [MicrosoftAdsErrorItem] = []
            var failures = 0
            while true {
                report.writeRequests += 1
                do {
                    errors = try await client.updateCampaigns(items)
                    break
                } catch where Self.isTransient(error) {
                    failures += 1
                    guard failures <= patience else {
                        errors = [MicrosoftAdsErrorItem(code: nil, errorCode: "", message: "no clear answer after \(failures) tries ("
                            + HTTPError.describe(error) + "); run the command again")]
                        break
                    }
                    progress("microsoft_ads \(client.accountId): no clear answer to a status change (\(HTTPError.describe(error))); sending it again")
                    try await sleep(.seconds(5 * failures))
                }
            }
            let failedAt = Dictionary(errors.compactMap { e in e.index.map { ($0, e.summary) } }, uniquingKeysWith: { a, b in a + "; " + b })
            let whole = errors.filter { $0.index == nil }.map(\.summary)
            let status = enabled ? "Active" : "Paused"
            for (i, (r, _)) in chunk.enumerated() {
                if let problem = failedAt[i] ?? (whole.isEmpty ? nil : whole.joined(separator: "; ")) {
                    report.failed.append(.init(key: r.key, reason: problem, source: nil))
                    try log(action, r.key, detail: "status \(status)" + (reason.isEmpty ? "" : " (\(reason))"), result: "failed: \(problem)")
                    continue
                }
                var updated = r
                updated.status = enabled ? .enabled : .paused
                updated.appliedAt = now()
                try store.record(campaign: updated)
                try log(action, r.key, detail: "status \(status)" + (reason.isEmpty ? "" : " (\(reason))"), result: "ok")
                done.append(r.key)
            }
        }
        return done
    }

    // MARK: Looking up

    /// Every campaign of the account whose name carries a tfz key.
    func remoteCampaigns() async throws -> [RemoteCampaignView] {
        try await client.campaigns().compactMap(Self.view)
    }

    static func view(_ json: JSONValue) -> RemoteCampaignView? {
        guard let name = json["Name"]?.stringValue, let key = RemoteCampaignView.key(inName: name), let id = json["Id"]?.stringValue else { return nil }
        let text = json["Status"]?.stringValue ?? "Unknown"
        let status: RemoteCampaignView.Status = switch text {
        case "Active": .enabled
        case "Paused": .paused
        case "Deleted": .removed
        default: .other(text)
        }
        return RemoteCampaignView(key: key, remoteId: id, name: name, status: status, statusText: text, dailyBudget: money(json["DailyBudget"]))
    }

    /// A decimal amount of an answer (`20.5`) as money, to the micro.
    static func money(_ value: JSONValue?) -> Money? {
        switch value {
        case .int(let n)?: return n.multipliedReportingOverflow(by: 1_000_000).overflow ? nil : Money(micros: n * 1_000_000)
        case .double(let d)? where d.isFinite && d >= 0 && d < 9e12: return Money(micros: Int64((d * 1_000_000).rounded()))
        case .string(let s)?: return Money(parsing: s)
        default: return nil
        }
    }

    /// Records campaigns that exist on the platform (found by the key in their name) with everything under them, so that
    /// nothing is created twice: campaigns the store does not know (adopted) and known ones whose last apply did not
    /// finish (their objects recorded again). Returns the keys that could not be looked up, with why: nothing is sent for
    /// those in this launch.
    private func adopt(_ keys: Set<CampaignKey>, campaigns: [CampaignKey: Campaign], mapper: MicrosoftAdsMapper,
                       report: inout ApplyReport) async throws -> [CampaignKey: String] {
        func unreachable(_ error: any Error) -> String {
            "could not be looked up before sending (\(HTTPError.describe(error))); nothing was sent for it; run tfz launch again"
        }
        let listed: [RemoteCampaignView]
        do {
            listed = try await read("GetCampaignsByAccountId", report: &report) { try await client.campaigns() }.compactMap(Self.view)
        } catch where Self.isTransient(error) {
            let reason = unreachable(error)
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, reason) })
        }
        let previous = try store.remoteState()
        // One campaign per key: the one the store knows, if the account has several.
        var found: [CampaignKey: RemoteCampaignView] = [:]
        for view in listed where keys.contains(view.key) && view.status != .removed {
            if found[view.key] == nil || previous.campaigns[view.key]?.remoteId == view.remoteId { found[view.key] = view }
        }
        var failed: [CampaignKey: String] = [:]
        for view in found.values.sorted(by: { $0.key < $1.key }) {
            guard let c = campaigns[view.key] else { continue }
            do {
                try await adopt(view, c, mapper: mapper, previous: previous.campaigns[c.key], report: &report)
            } catch where Self.isTransient(error) {
                failed[c.key] = unreachable(error)
            }
        }
        return failed
    }

    /// Reads one campaign's targets, negative keywords, ad groups, keywords and ads, and records them.
    private func adopt(_ view: RemoteCampaignView, _ c: Campaign, mapper: MicrosoftAdsMapper, previous: RemoteCampaign?,
                       report: inout ApplyReport) async throws {
        let id = view.remoteId
        var criteria: [JSONValue] = []
        for type in ["Location", "Radius", "DayTime"] {
            criteria += try await read("GetCampaignCriterionsByIds", report: &report) { try await client.campaignCriterions(campaignId: id, type: type) }
        }
        let negatives = try await read("GetNegativeKeywordsByEntityIds", report: &report) { try await client.negativeKeywords(campaignId: id) }
        let groups = try await read("GetAdGroupsByCampaignId", report: &report) { try await client.adGroups(campaignId: id) }
        var keywords: [(group: String, rows: [JSONValue])] = [], ads: [(group: String, rows: [JSONValue])] = []
        for g in groups {
            guard let groupId = g["Id"]?.stringValue, let name = g["Name"]?.stringValue else { continue }
            keywords.append((name, try await read("GetKeywordsByAdGroupId", report: &report) { try await client.keywords(adGroupId: groupId) }))
            ads.append((name, try await read("GetAdsByAdGroupId", report: &report) { try await client.ads(adGroupId: groupId) }))
        }
        let recorded = try store.objects(for: c.key)
        var objects = [object(c.key, .campaign, id)]
        objects += MicrosoftAdsAdoption.criteria(criteria, campaign: c, mapper: mapper).map { object(c.key, $0.0, $0.1) }
        objects += MicrosoftAdsAdoption.negatives(negatives, campaign: c).map { object(c.key, $0.0, $0.1) }
        objects += MicrosoftAdsAdoption.adGroups(groups, keywords: keywords, ads: ads, campaign: c,
                                                 recorded: Dictionary(recorded.map { ($0.resourceName, $0.localKey) }, uniquingKeysWith: { first, _ in first }))
            .map { object(c.key, $0.0, $0.1) }
        // An object already recorded keeps its key (its location id may not have been looked up this time).
        let known = Dictionary(recorded.map { ($0.resourceName, $0.localKey) }, uniquingKeysWith: { first, _ in first })
        objects = objects.map { o in
            var o = o
            if o.localKey != .campaign, let localKey = known[o.resourceName] { o.localKey = localKey }
            return o
        }
        try store.record(objects: objects)
        let status: RemoteCampaign.Status = view.status == .enabled ? .enabled : .paused
        var applied = previous?.applied ?? c.snapshot
        if let budget = view.dailyBudget { applied.dailyBudgetMicros = budget.micros }
        try store.record(campaign: RemoteCampaign(key: c.key, accountId: client.accountId, remoteId: id, status: status, applied: applied,
                                                  appliedAt: now(), incomplete: true))
        if previous?.remoteId == id {
            try log(.lookup, c.key, detail: "looked up campaign \(id): \(objects.count) objects", result: "ok: recorded, not created again")
        } else {
            try log(.lookup, c.key, detail: "found campaign \(id) with \(objects.count) objects", result: "ok: adopted, not created again")
            if !report.adopted.contains(c.key) { report.adopted.append(c.key) }
        }
    }

    // MARK: Records

    /// The one place that turns an object key and an id into what the store keeps.
    func object(_ key: CampaignKey, _ local: ObjectKey, _ id: String) -> RemoteObject {
        RemoteObject(key: key, localKey: local, resourceName: id)
    }

    private func log(_ action: ChangeAction, _ key: CampaignKey, detail: String, result: String) throws {
        try store.log(ChangeLogEntry(at: now(), actor: actor, action: action, key: key, platform: .microsoftAds, detail: detail,
                                     result: Redactor.redact(result)))
    }
}
