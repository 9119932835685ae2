import CampaignKit
import Foundation

/// Applies campaigns to one Google Ads account: creates what is missing (PAUSED, in as few `googleAds:mutate`
/// requests as the 10,000-operation limit allows), updates by difference, then enables; pauses and resumes.
///
/// Never a duplicate: tfz's campaign key is in each campaign's name, and before creating anything the account
/// is searched for campaigns carrying the keys that the store does not know, which are adopted instead.
/// Never half-spent: a campaign is enabled only after every object of it exists.
public struct GoogleAdsApplier: Sendable {
    public var client: GoogleAdsClient
    public var store: any StateRecorder
    /// `user:<name>` or `scheduler`, for the change log.
    public var actor: String
    /// The current time as ISO 8601, injected.
    public var now: @Sendable () -> String
    public var maxOperationsPerRequest: Int
    /// One line per step, for the terminal.
    public var progress: @Sendable (String) -> Void
    /// Waits between tries (injected: tests do not wait).
    public var sleep: @Sendable (Duration) async throws -> Void
    /// How many times a request refused for a passing reason (`CONCURRENT_MODIFICATION`, `INTERNAL_ERROR`,
    /// `TRANSIENT_ERROR`, `DEADLINE_EXCEEDED`) is sent again within one launch before its campaigns fail.
    public var passingRetries = 3

    public init(client: GoogleAdsClient, store: any StateRecorder, actor: String, now: @escaping @Sendable () -> String,
                maxOperationsPerRequest: Int = 10_000, progress: @escaping @Sendable (String) -> Void = { _ in },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.client = client
        self.store = store
        self.actor = actor
        self.now = now
        self.maxOperationsPerRequest = maxOperationsPerRequest
        self.progress = progress
        self.sleep = sleep
    }

    /// What a launch did.
    public struct Report: Sendable {
        public var created: [CampaignKey] = []
        public var updated: [CampaignKey] = []
        public var adopted: [CampaignKey] = []
        public var enabled: [CampaignKey] = []
        public var paused: [CampaignKey] = []
        public var failed: [(key: CampaignKey, reason: String, source: SourceLocation?)] = []
        public var mutateRequests = 0
        public var operations = 0
        public var otherRequests = 0
    }

    // MARK: Launch

    /// Brings every campaign to what the files say, then enables those whose status is active.
    public func launch(_ campaigns: [Campaign]) async throws -> Report {
        var report = Report()
        let byKey = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        var state = try store.remoteState()
        // 1. Geo target constants for county and postal-code criteria not yet recorded.
        let geo = try await geoConstants(for: campaigns, report: &report)
        let mapper = GoogleAdsCampaignMapper(customerId: client.customerId, geoConstants: geo)
        // 2. Adopt campaigns that exist remotely but not in the store (a crash after the platform answered).
        let unknown = campaigns.filter { state.campaigns[$0.key]?.remoteId == nil }
        if !unknown.isEmpty {
            try await adopt(Set(unknown.map(\.key)), campaigns: byKey, geo: geo, report: &report)
            state = try store.remoteState()
        }
        // 3. Create and update, request by request; after an ambiguous failure, look up and rebuild.
        var pending = campaigns
        for attempt in 0..<4 where !pending.isEmpty {
            if attempt > 0 {
                try await adopt(Set(pending.map(\.key)), campaigns: byKey, geo: geo, report: &report)
                state = try store.remoteState()
            }
            pending = try await applyOnce(pending, mapper: mapper, state: state, report: &report)
        }
        for c in pending { report.failed.append((c.key, "gave up after repeated ambiguous failures; run tfz launch again", c.source)) }
        // 4. Enable what is complete and wanted active.
        state = try store.remoteState()
        let failed = Set(report.failed.map(\.key))
        let toEnable = campaigns.filter { c in
            c.status == .active && !failed.contains(c.key) && state.campaigns[c.key]?.status == .paused && state.campaigns[c.key]?.remoteId != nil
        }
        if !toEnable.isEmpty {
            report.enabled = try await setStatus(toEnable.map(\.key), enabled: true, action: .enable, state: state, report: &report)
        }
        return report
    }

    /// Sends the operations for `campaigns`; returns the campaigns to try again after an ambiguous failure.
    private func applyOnce(_ campaigns: [Campaign], mapper: GoogleAdsCampaignMapper, state: RemoteState, report: inout Report) async throws -> [Campaign] {
        let ids = GoogleAdsCampaignMapper.TemporaryIds()
        var perCampaign: [(Campaign, [GoogleAdsOperation])] = []
        for c in campaigns {
            let recorded = try store.objects(for: c.key)
            let r = state.campaigns[c.key]
            let ops = mapper.operations(for: c, recorded: recorded, applied: r?.applied, incomplete: r?.incomplete ?? false, ids: ids)
            if ops.isEmpty {
                if let r, r.applied != c.snapshot || r.incomplete { try record(c, state: r, status: r.status) }
                continue
            }
            perCampaign.append((c, ops))
        }
        var resolved: [String: String] = [:]   // temporary name → real name, across requests
        var retry: [Campaign] = []
        var dropped = Set<CampaignKey>()
        for var batch in pack(perCampaign) {
            batch.removeAll { dropped.contains($0.0.key) }
            var passing = 0
            while !batch.isEmpty {
                let ops = batch.flatMap(\.1)
                progress("google_ads \(client.customerId): sending \(ops.count) operations for \(batch.count) campaign(s)")
                do {
                    report.mutateRequests += 1
                    report.operations += ops.count
                    let result = try await client.mutate(ops.map(\.mutateOperation), resolve: { resolved[$0] ?? $0 })
                    for (op, name) in zip(ops, result.resourceNames) where op.temporaryName != nil && !name.isEmpty { resolved[op.temporaryName!] = name }
                    try recordResults(batch, names: result.resourceNames, resolved: resolved, state: state, report: &report)
                    break
                } catch let failure as GoogleAdsFailure where [400, 409].contains(failure.httpStatus) && !failure.items.isEmpty
                            && failure.items.allSatisfy(\.isPassing) && passing < passingRetries {
                    // The mutate is atomic: refused, nothing of it was applied. The reason passes; send it again.
                    passing += 1
                    let item = failure.items[0]
                    progress("google_ads \(client.customerId): the mutate was refused for a passing reason (\(item.code) \(item.value)); "
                        + "nothing was applied; sending it again (\(passing) of \(passingRetries))")
                    try await sleep(.seconds(2 * passing))
                } catch let failure as GoogleAdsFailure where [400, 409].contains(failure.httpStatus) {
                    // Reject the campaigns whose operations failed; send the others again.
                    var offsets: [Int: Campaign] = [:]
                    var i = 0
                    for (c, ops) in batch { for _ in ops { offsets[i] = c; i += 1 } }
                    let guilty = Set(failure.items.compactMap { $0.operationIndex.flatMap { offsets[$0]?.key } })
                    let blame = guilty.isEmpty ? Set(batch.map(\.0.key)) : guilty
                    for (c, _) in batch where blame.contains(c.key) {
                        let reasons = Array(Set(failure.items.filter { $0.operationIndex.flatMap { offsets[$0]?.key } == c.key || guilty.isEmpty }
                            .map { "\($0.code) \($0.value): \($0.message)" })).sorted()
                        let reason = reasons.isEmpty ? (failure.errorDescription ?? "rejected")
                            : reasons.prefix(3).joined(separator: "; ") + (reasons.count > 3 ? "; and \(reasons.count - 3) more" : "")
                        report.failed.append((c.key, reason, c.source))
                        try log(.create, c.key, detail: "\(ops.count) operations", result: "failed: \(reason)")
                        dropped.insert(c.key)
                    }
                    batch.removeAll { blame.contains($0.0.key) }
                } catch let error as AmbiguousMutationError {
                    // The request may have been applied: never send it blindly again; look up first (caller).
                    progress("google_ads \(client.customerId): no answer to a mutate (\(error.localizedDescription)); looking the campaigns up before trying again")
                    for (c, _) in batch { try log(.create, c.key, detail: "\(ops.count) operations", result: "failed: no answer; will look up") }
                    retry += batch.map(\.0)
                    dropped.formUnion(batch.map(\.0.key))
                    break
                }
            }
        }
        return retry
    }

    /// Groups campaigns into requests of at most `maxOperationsPerRequest` operations, keeping a campaign whole when it fits.
    func pack(_ items: [(Campaign, [GoogleAdsOperation])]) -> [[(Campaign, [GoogleAdsOperation])]] {
        var batches: [[(Campaign, [GoogleAdsOperation])]] = []
        var current: [(Campaign, [GoogleAdsOperation])] = []
        var count = 0
        for (c, ops) in items {
            var rest = ops[...]
            while !rest.isEmpty {
                let room = maxOperationsPerRequest - count
                if rest.count > room, rest.count <= maxOperationsPerRequest, !current.isEmpty {
                    batches.append(current); current = []; count = 0
                    continue
                }
                let take = min(room, rest.count)
                current.append((c, Array(rest.prefix(take))))
                count += take
                rest = rest.dropFirst(take)
                if count == maxOperationsPerRequest { batches.append(current); current = []; count = 0 }
            }
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private func recordResults(_ batch: [(Campaign, [GoogleAdsOperation])], names: [String], resolved: [String: String], state: RemoteState,
                               report: inout Report) throws {
        var index = 0
        for (c, ops) in batch {
            var created: [RemoteObject] = [], removed: [RemoteObject] = []
            for op in ops {
                let name = index < names.count ? names[index] : ""
                index += 1
                switch op.kind {
                case .create where !name.isEmpty: created.append(RemoteObject(key: c.key, localKey: op.localKey, resourceName: name))
                case .remove:
                    if case .object(let pairs) = op.body, let n = pairs.first?.1.stringValue {
                        removed.append(RemoteObject(key: c.key, localKey: op.localKey, resourceName: n))
                    }
                default: break
                }
            }
            try store.record(objects: created)
            try store.forget(objects: removed)
            let isNew = ops.contains { $0.localKey == .campaign && $0.kind == .create }
            let existing = state.campaigns[c.key]
            try record(c, state: existing, status: isNew ? .paused : (existing?.status ?? .paused))
            try log(isNew ? .create : .update, c.key, detail: "\(ops.count) operations", result: "ok")
            if isNew { report.created.append(c.key) } else if !report.updated.contains(c.key) { report.updated.append(c.key) }
        }
    }

    /// Writes the campaign row once every operation for it has been answered. Complete (every object recorded but geo
    /// criteria without a geo target), the applied snapshot is the files' version and the row is no longer incomplete;
    /// otherwise the row keeps what it had, and a campaign recorded for the first time is incomplete.
    private func record(_ c: Campaign, state: RemoteCampaign?, status: RemoteCampaign.Status) throws {
        let objects = try store.objects(for: c.key)
        guard let campaign = objects.first(where: { $0.localKey == .campaign }) else { return }
        let complete = Set(GoogleAdsCampaignMapper(customerId: client.customerId, geoConstants: [:]).desiredObjects(c).map(\.localKey))
            .subtracting(objects.map(\.localKey)).allSatisfy(\.isGeo)
        try store.record(campaign: RemoteCampaign(key: c.key, accountId: client.customerId, remoteId: campaign.resourceName, status: status,
                                                  applied: complete ? c.snapshot : (state?.applied ?? c.snapshot), appliedAt: now(),
                                                  incomplete: complete ? false : (state?.incomplete ?? true)))
    }

    // MARK: Pause and resume

    /// Pauses or enables campaigns that tfz has created (`updateMask: "status"`), in as few requests as possible.
    public func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String = "") async throws -> Report {
        var report = Report()
        let state = try store.remoteState()
        let done = try await setStatus(keys, enabled: enabled, action: enabled ? .resume : .pause, state: state, report: &report)
        if enabled { report.enabled = done } else { report.paused = done }
        return report
    }

    private func setStatus(_ keys: [CampaignKey], enabled: Bool, action: ChangeAction, state: RemoteState, report: inout Report) async throws -> [CampaignKey] {
        let mapper = GoogleAdsCampaignMapper(customerId: client.customerId, geoConstants: [:])
        let known = keys.compactMap { key in state.campaigns[key].flatMap { r in r.remoteId.map { (r, $0) } } }
        var done: [CampaignKey] = []
        for chunk in stride(from: 0, to: known.count, by: maxOperationsPerRequest).map({ Array(known[$0..<min($0 + maxOperationsPerRequest, known.count)]) }) {
            let ops = chunk.map { mapper.statusOperation($0.0.key, campaign: $0.1, status: enabled ? "ENABLED" : "PAUSED") }
            report.mutateRequests += 1
            report.operations += ops.count
            do {
                _ = try await client.mutate(ops.map(\.mutateOperation))
            } catch let error as AmbiguousMutationError {
                // A status update is safe to send again: it sets a value, it does not create one.
                progress("google_ads \(client.customerId): no clear answer to a status change (\(error.reason)); "
                    + "a status change is safe to repeat: sending it again")
                report.mutateRequests += 1
                do {
                    _ = try await client.mutate(ops.map(\.mutateOperation))
                } catch let again as AmbiguousMutationError {
                    throw StatusChangeUnanswered(platform: "google_ads", campaigns: chunk.count, enabled: enabled, first: error.reason, second: again.reason)
                }
            }
            for (r, _) in chunk {
                var updated = r
                updated.status = enabled ? .enabled : .paused
                updated.appliedAt = now()
                try store.record(campaign: updated)
                try log(action, r.key, detail: "status \(enabled ? "ENABLED" : "PAUSED")", result: "ok")
                done.append(r.key)
            }
        }
        return done
    }

    // MARK: Looking up

    /// A tfz campaign as the account has it now.
    public struct RemoteView: Sendable {
        public var key: CampaignKey
        public var resourceName: String
        public var name: String
        public var status: String
        public var budgetMicros: Int64?
    }

    /// Every campaign in the account whose name carries a tfz key (not removed).
    public func remoteCampaigns() async throws -> [RemoteView] {
        let rows = try await client.search(
            "SELECT campaign.resource_name, campaign.name, campaign.status, campaign_budget.amount_micros FROM campaign WHERE campaign.name LIKE 'tfz %' AND campaign.status != 'REMOVED'")
        return rows.compactMap { row in
            guard let c = row["campaign"], let name = c["name"]?.stringValue, let key = Self.key(inName: name),
                  let resource = c["resourceName"]?.stringValue else { return nil }
            return RemoteView(key: key, resourceName: resource, name: name, status: c["status"]?.stringValue ?? "UNKNOWN",
                              budgetMicros: row["campaignBudget"]?["amountMicros"]?.stringValue.flatMap { Int64($0) })
        }
    }

    /// The campaign key in a remote name `tfz <zone>/<template>/<platform> · …`.
    static func key(inName name: String) -> CampaignKey? {
        guard name.hasPrefix("tfz ") else { return nil }
        let rest = name.dropFirst(4)
        return CampaignKey(String(rest.prefix { $0 != " " }))
    }

    /// Records campaigns that exist remotely (found by the key in their name) with their children, so nothing is created twice.
    private func adopt(_ keys: Set<CampaignKey>, campaigns: [CampaignKey: Campaign], geo: [String: String], report: inout Report) async throws {
        report.otherRequests += 1
        let found = try await remoteCampaigns().filter { keys.contains($0.key) }
        guard !found.isEmpty else { return }
        let resources = found.map { "'\($0.resourceName)'" }.joined(separator: ",")
        report.otherRequests += 3
        let criteria = try await client.search(
            "SELECT campaign.resource_name, campaign_criterion.resource_name, campaign_criterion.negative, campaign_criterion.keyword.text, campaign_criterion.keyword.match_type, campaign_criterion.location.geo_target_constant, campaign_criterion.ad_schedule.day_of_week, campaign_criterion.ad_schedule.start_hour, campaign_criterion.ad_schedule.start_minute, campaign_criterion.ad_schedule.end_hour, campaign_criterion.ad_schedule.end_minute, campaign_criterion.proximity.radius, campaign_criterion.proximity.radius_units, campaign_criterion.proximity.geo_point.latitude_in_micro_degrees, campaign_criterion.proximity.geo_point.longitude_in_micro_degrees FROM campaign_criterion WHERE campaign.resource_name IN (\(resources))")
        let groups = try await client.search(
            "SELECT campaign.resource_name, ad_group.resource_name, ad_group.name FROM ad_group WHERE campaign.resource_name IN (\(resources)) AND ad_group.status != 'REMOVED'")
        let keywords = try await client.search(
            "SELECT campaign.resource_name, ad_group.name, ad_group_criterion.resource_name, ad_group_criterion.keyword.text, ad_group_criterion.keyword.match_type FROM ad_group_criterion WHERE campaign.resource_name IN (\(resources)) AND ad_group_criterion.status != 'REMOVED'")
        let ads = try await client.search(
            "SELECT campaign.resource_name, ad_group.name, ad_group_ad.resource_name, ad_group_ad.ad.final_urls, ad_group_ad.ad.responsive_search_ad.headlines, ad_group_ad.ad.responsive_search_ad.descriptions, ad_group_ad.ad.responsive_search_ad.path1, ad_group_ad.ad.responsive_search_ad.path2 FROM ad_group_ad WHERE campaign.resource_name IN (\(resources)) AND ad_group_ad.status != 'REMOVED'")
        report.otherRequests += 1
        let previous = try store.remoteState()
        for view in found {
            guard let c = campaigns[view.key] else { continue }
            func mine(_ row: JSONValue) -> Bool { row["campaign"]?["resourceName"]?.stringValue == view.resourceName }
            var objects = [RemoteObject(key: c.key, localKey: .campaign, resourceName: view.resourceName)]
            if let budget = try? await budgetName(view.resourceName) { objects.append(RemoteObject(key: c.key, localKey: .budget, resourceName: budget)) }
            objects += GoogleAdsAdoption.criteria(criteria.filter(mine), campaign: c, geoConstants: geo)
            objects += GoogleAdsAdoption.adGroups(groups.filter(mine), keywords: keywords.filter(mine), ads: ads.filter(mine), campaign: c)
            // An object already recorded keeps its local key: the geo constants of recorded criteria are not looked up
            // again, so without this a county criterion tfz made would come back as `geo:remote …` and be removed.
            let known = Dictionary(try store.objects(for: c.key).map { ($0.resourceName, $0.localKey) }, uniquingKeysWith: { first, _ in first })
            objects = objects.map { object in
                var object = object
                if let localKey = known[object.resourceName] { object.localKey = localKey }
                return object
            }
            try store.record(objects: objects)
            let status: RemoteCampaign.Status = view.status == "ENABLED" ? .enabled : .paused
            // What the account holds is what tfz last recorded (a change whose mutate got no answer may not have been
            // applied, so it must be sent again), or the files for a campaign never recorded; the budget as read. Incomplete
            // until a launch has recorded every part of it.
            var applied = previous.campaigns[c.key]?.applied ?? c.snapshot
            if let micros = view.budgetMicros { applied.dailyBudgetMicros = micros }
            try store.record(campaign: RemoteCampaign(key: c.key, accountId: client.customerId, remoteId: view.resourceName, status: status,
                                                      applied: applied, appliedAt: now(), incomplete: true))
            try log(.lookup, c.key, detail: "found \(view.resourceName) with \(objects.count) objects", result: "ok: adopted, not created again")
            if !report.adopted.contains(c.key) { report.adopted.append(c.key) }
        }
    }

    private func budgetName(_ campaign: String) async throws -> String? {
        let rows = try await client.search("SELECT campaign.resource_name, campaign.campaign_budget FROM campaign WHERE campaign.resource_name = '\(campaign)'")
        return rows.first?["campaign"]?["campaignBudget"]?.stringValue
    }

    private func geoConstants(for campaigns: [Campaign], report: inout Report) async throws -> [String: String] {
        var wanted: [String: (term: String, type: String)] = [:]
        for c in campaigns {
            let recorded = Set(try store.objects(for: c.key).map(\.localKey))
            for item in GoogleAdsCampaignMapper.geoItems(c) where !recorded.contains(.geo(item.key)) {
                switch item {
                case .county(let fips): wanted[item.key] = (USCounties.name(fips: fips) ?? fips, "County")
                case .postalCode(let zip): wanted[item.key] = (zip, "Postal Code")
                default: break
                }
            }
        }
        guard !wanted.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for type in ["County", "Postal Code"] {
            let terms = wanted.filter { $0.value.type == type }
            guard !terms.isEmpty else { continue }
            report.otherRequests += (terms.count + 24) / 25
            let found = try await client.suggestGeoTargets(terms.map(\.value.term), targetType: type)
            for (key, value) in terms { if let constant = found[value.term] { out[key] = constant } }
        }
        let missing = wanted.keys.filter { out[$0] == nil }.sorted()
        if !missing.isEmpty { progress("google_ads: no geo target found for \(missing.joined(separator: ", ")); those criteria are skipped") }
        return out
    }

    private func log(_ action: ChangeAction, _ key: CampaignKey, detail: String, result: String) throws {
        try store.log(ChangeLogEntry(at: now(), actor: actor, action: action, key: key, platform: .googleAds, detail: detail, result: result))
    }
}
