import CampaignKit
import Foundation

/// Applies campaigns to one Reddit ad account, one request at a time (Reddit has no batch call): per campaign a
/// campaign (created `PAUSED`), one ad group, and per ad copy a post (by the account's profile) and an ad
/// (``RedditMapper``).
///
/// Never a duplicate: before anything is sent for a campaign the store does not know, or one whose last apply did not
/// finish (its row is `incomplete`; a known campaign is marked so before any write for it), the account's objects whose
/// names carry the tfz key are read and recorded (``RedditAdoption``); each id is recorded the moment Reddit answers.
/// After a write with no clear answer (no answer, HTTP 500/502/504) the same look-up runs and only what is still missing
/// is sent. A write refused before it was applied (429 or 503 after the retry middleware's own tries, a connection that
/// never carried it) is sent again; so is one refused for a passing reason (409, the object being changed at the same
/// moment), within the same launch. Never half-spent: a campaign is enabled only once every part of it exists.
struct RedditApplier: Sendable {
    var client: RedditClient
    var store: any StateRecorder
    var actor: String
    var now: @Sendable () -> String
    var progress: @Sendable (String) -> Void
    var sleep: @Sendable (Duration) async throws -> Void
    /// Look-ups in a row (with no write answered between them) a campaign gets after requests with no clear answer before
    /// it fails for this launch.
    var patience = 3
    /// Sends of one campaign's requests refused before they were applied before it fails for this launch.
    var refusals = 12

    /// One write for one campaign.
    enum Step {
        case createCampaign, renameCampaign, createAdGroup, updateAdGroup(JSONValue)
        case createPost(AdCopy, String), createAd(AdCopy, String)
        case removeAd(RemoteObject)

        var isCreate: Bool {
            switch self {
            case .createCampaign, .createAdGroup, .createPost, .createAd: true
            default: false
            }
        }

        /// `creating the ad group`, for messages.
        var text: String {
            switch self {
            case .createCampaign: "creating the campaign"
            case .renameCampaign: "renaming the campaign"
            case .createAdGroup: "creating the ad group"
            case .updateAdGroup: "updating the ad group"
            case .createPost(let ad, _): "creating the post for \(ad.creative)"
            case .createAd(let ad, _): "creating the ad for \(ad.creative)"
            case .removeAd(let o): "removing ad \(o.resourceName)"
            }
        }
    }

    /// What a launch learned so far.
    struct Progress {
        var failed: [CampaignKey: String] = [:]
        var lookUps: [CampaignKey: Int] = [:]
        /// Campaigns whose ad group (or name) was updated in this launch: not updated again.
        var updated = Set<CampaignKey>()
        var renamed = Set<CampaignKey>()
        var touched = Set<CampaignKey>()
        var profile: String?
    }

    // MARK: Launch

    func launch(_ campaigns: [Campaign]) async throws -> ApplyReport {
        var report = ApplyReport()
        var run = Progress()
        let byKey = Dictionary(campaigns.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        let state = try store.remoteState()
        let firstLook = campaigns.filter { c in state.campaigns[c.key].map { $0.remoteId == nil || $0.incomplete } ?? true }.map(\.key)
        if !firstLook.isEmpty { try await lookUp(Set(firstLook), campaigns: byKey, run: &run, report: &report) }
        for c in campaigns where run.failed[c.key] == nil {
            try await bring(c, campaigns: byKey, run: &run, report: &report)
        }
        for (key, reason) in run.failed.sorted(by: { $0.key < $1.key }) {
            let c = byKey[key]
            report.failed.append(.init(key: key, reason: reason, source: c?.source))
            if var r = try store.remoteState().campaigns[key], r.remoteId != nil, let c {
                r.incomplete = true
                r.applied.name = c.remoteName
                try store.record(campaign: r)
            }
        }
        // Enable what is complete and wanted active.
        let after = try store.remoteState()
        let toEnable = campaigns.filter { c in
            guard c.status == .active, run.failed[c.key] == nil, let r = after.campaigns[c.key] else { return false }
            return r.status == .paused && r.remoteId != nil && !r.incomplete
        }
        if !toEnable.isEmpty {
            report.enabled = try await setStatus(toEnable.map(\.key), enabled: true, action: .enable, reason: "", report: &report)
        }
        return report
    }

    /// Sends one campaign's writes, one at a time, each chosen from what the store records now, until none is left.
    private func bring(_ c: Campaign, campaigns: [CampaignKey: Campaign], run: inout Progress, report: inout ApplyReport) async throws {
        var refused = 0, writes = 0
        let most = 12 + 6 * c.ads.count
        while run.failed[c.key] == nil {
            guard let (step, ids) = try nextStep(c, run: run) else {
                try finish(c, run: run, report: &report)
                return
            }
            if run.touched.insert(c.key).inserted, var r = try store.remoteState().campaigns[c.key], r.remoteId != nil, !r.incomplete {
                // Marked before the write: should the launch stop before the answer is recorded, the next one looks it up.
                r.incomplete = true
                try store.record(campaign: r)
            }
            writes += 1
            guard writes <= most else {
                run.failed[c.key] = "gave up after \(most) requests without finishing the campaign; run tfz launch again"
                return
            }
            report.writeRequests += 1
            report.operations += 1
            do {
                try await send(step, c, ids: ids, run: &run, report: &report)
                // Progress: the look-ups still allowed count again from here (a campaign is several writes in a row,
                // each of which may lose its answer).
                run.lookUps[c.key] = 0
            } catch let error as RedditAPIError where error.isPassingConflict {
                refused += 1
                guard refused <= refusals else { run.failed[c.key] = "gave up after \(refusals) refusals: \(HTTPError.describe(error))"; return }
                progress("reddit \(client.accountId): \(step.text) of \(c.key) was refused for a passing reason (\(HTTPError.describe(error))); "
                    + "it was not applied: sending it again")
                try await sleep(.seconds(1))
            } catch where Self.wasNotApplied(error) {
                refused += 1
                guard refused <= refusals else { run.failed[c.key] = "gave up after \(refusals) refusals: \(HTTPError.describe(error))"; return }
                progress("reddit \(client.accountId): \(step.text) of \(c.key) was refused before it was applied (\(HTTPError.describe(error))); sending it again")
                try await sleep(.seconds(5))
            } catch where Self.isAmbiguous(error) {
                progress("reddit \(client.accountId): no clear answer to \(step.text) of \(c.key) (\(HTTPError.describe(error))); "
                    + "looking it up before sending anything again")
                try await lookUp([c.key], campaigns: campaigns, run: &run, report: &report)
            } catch {
                let reason = Self.reason(step, error)
                run.failed[c.key] = reason
                try log(step.isCreate ? .create : .update, c.key, detail: step.text, result: "failed: \(reason)")
            }
        }
    }

    /// The next write the campaign needs, parents first, with the ids recorded for it; nil when it is complete.
    private func nextStep(_ c: Campaign, run: Progress) throws -> (Step, [ObjectKey: String])? {
        let objects = try store.objects(for: c.key)
        let ids = Dictionary(objects.map { ($0.localKey, $0.resourceName) }, uniquingKeysWith: { first, _ in first })
        let r = try store.remoteState().campaigns[c.key]
        guard ids[.campaign] != nil else { return (.createCampaign, ids) }
        if let r, r.applied.name != c.remoteName, !run.renamed.contains(c.key) { return (.renameCampaign, ids) }
        guard ids[.adGroup(RedditMapper.group)] != nil else { return (.createAdGroup, ids) }
        if !run.updated.contains(c.key) {
            // Incomplete: what the platform has is not known field by field, so every field is sent.
            let applied = r.flatMap { $0.incomplete ? nil : $0.applied }
            if let body = RedditMapper.adGroupUpdate(c, applied: applied), applied == nil ? true : applied != c.snapshot {
                return (.updateAdGroup(body), ids)
            }
        }
        var wanted = Set<ObjectKey>()
        for ad in c.ads {
            let fingerprint = RedditMapper.fingerprint(c, ad)
            let postKey = RedditMapper.postKey(ad, fingerprint), adKey = RedditMapper.adKey(ad, fingerprint)
            wanted.formUnion([postKey, adKey])
            if ids[postKey] == nil { return (.createPost(ad, fingerprint), ids) }
            if ids[adKey] == nil { return (.createAd(ad, fingerprint), ids) }
        }
        // What the files no longer have: ads are removed (PATCH DELETED); their posts, which cannot be deleted, are forgotten.
        if let stale = objects.first(where: { o in if case .ad = o.localKey { !wanted.contains(o.localKey) } else { false } }) {
            return (.removeAd(stale), ids)
        }
        let stalePosts = objects.filter { o in if case .creative = o.localKey { !wanted.contains(o.localKey) } else { false } }
        if !stalePosts.isEmpty { try store.forget(objects: stalePosts) }
        return nil
    }

    /// Sends one step and records what it made the moment Reddit answers.
    private func send(_ step: Step, _ c: Campaign, ids: [ObjectKey: String], run: inout Progress, report: inout ApplyReport) async throws {
        let account = client.accountId
        switch step {
        case .createCampaign:
            let (id, _) = try await client.create("ad_accounts/\(account)/campaigns", RedditMapper.campaign(c), operation: "reddit.campaigns:create")
            try store.record(objects: [object(c.key, .campaign, id)])
            try store.record(campaign: RemoteCampaign(key: c.key, accountId: account, remoteId: id, status: .paused, applied: c.snapshot,
                                                      appliedAt: now(), incomplete: true))
            try log(.create, c.key, detail: "campaign \(id) created paused", result: "ok")
            report.created.append(c.key)
            // A new campaign's ad group gets its fields on create.
            run.updated.insert(c.key)
            run.renamed.insert(c.key)
        case .renameCampaign:
            try await client.patch("campaigns", ids[.campaign]!, RedditMapper.campaignRename(c), operation: "reddit.campaigns:update")
            run.renamed.insert(c.key)
        case .createAdGroup:
            let (id, _) = try await client.create("ad_accounts/\(account)/ad_groups", RedditMapper.adGroup(c, campaignId: ids[.campaign]!),
                                                  operation: "reddit.ad_groups:create")
            try store.record(objects: [object(c.key, .adGroup(RedditMapper.group), id)])
            run.updated.insert(c.key)
        case .updateAdGroup(let body):
            try await client.patch("ad_groups", ids[.adGroup(RedditMapper.group)]!, body, operation: "reddit.ad_groups:update")
            run.updated.insert(c.key)
        case .createPost(let ad, let fingerprint):
            if run.profile == nil {
                report.otherRequests += 1
                run.profile = try await client.profileId()
            }
            let (id, _) = try await client.create("profiles/\(run.profile!)/posts", RedditMapper.post(ad), operation: "reddit.posts:create")
            try store.record(objects: [object(c.key, RedditMapper.postKey(ad, fingerprint), id)])
        case .createAd(let ad, let fingerprint):
            let body = RedditMapper.ad(c, ad, fingerprint: fingerprint, adGroupId: ids[.adGroup(RedditMapper.group)]!,
                                       postId: ids[RedditMapper.postKey(ad, fingerprint)]!)
            let (id, _) = try await client.create("ad_accounts/\(account)/ads", body, operation: "reddit.ads:create")
            try store.record(objects: [object(c.key, RedditMapper.adKey(ad, fingerprint), id)])
        case .removeAd(let o):
            do {
                try await client.patch("ads", o.resourceName, RedditMapper.status("DELETED"), operation: "reddit.ads:update")
            } catch let error as RedditAPIError where error.status == 404 {
                // Already gone.
            }
            try store.forget(objects: [o])
        }
    }

    /// A campaign whose every part exists: its row gets the files' snapshot.
    private func finish(_ c: Campaign, run: Progress, report: inout ApplyReport) throws {
        guard let r = try store.remoteState().campaigns[c.key], let id = r.remoteId else { return }
        guard r.incomplete || r.applied != c.snapshot else { return }
        try store.record(campaign: RemoteCampaign(key: c.key, accountId: client.accountId, remoteId: id, status: r.status, applied: c.snapshot,
                                                  appliedAt: now(), incomplete: false))
        if run.touched.contains(c.key), !report.created.contains(c.key) {
            try log(.update, c.key, detail: "campaign \(id) brought to the files", result: "ok")
            if !report.updated.contains(c.key) { report.updated.append(c.key) }
        }
    }

    // MARK: Pause and resume

    func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String) async throws -> ApplyReport {
        var report = ApplyReport()
        let done = try await setStatus(keys, enabled: enabled, action: enabled ? .resume : .pause, reason: reason, report: &report)
        if enabled { report.enabled = done } else { report.paused = done }
        return report
    }

    /// `PATCH /campaigns/{id}` with `configured_status` only, one campaign at a time. A status sets a value and creates
    /// nothing: after a request with no clear answer it is sent once more; a second miss stops with what tfz did
    /// (``StatusChangeUnanswered``). A refusal before it was applied (429/503/409) is sent again.
    private func setStatus(_ keys: [CampaignKey], enabled: Bool, action: ChangeAction, reason: String,
                           report: inout ApplyReport) async throws -> [CampaignKey] {
        let state = try store.remoteState()
        let known = keys.compactMap { key in state.campaigns[key].flatMap { r in r.remoteId.map { (r, $0) } } }
        let status = enabled ? "ACTIVE" : "PAUSED"
        let detail = "status \(status)" + (reason.isEmpty ? "" : " (\(reason))")
        var done: [CampaignKey] = []
        for (r, id) in known {
            var first: String?, problem: String?, sent = false
            for attempt in 1...(refusals + 2) where !sent && problem == nil {
                report.writeRequests += 1
                report.operations += 1
                do {
                    try await client.patch("campaigns", id, RedditMapper.status(status), operation: "reddit.campaigns:update")
                    sent = true
                } catch let error as RedditAPIError where error.isPassingConflict && attempt <= refusals {
                    progress("reddit \(client.accountId): the status change of campaign \(id) was refused for a passing reason "
                        + "(\(HTTPError.describe(error))); a status change is safe to repeat: sending it again")
                    try await sleep(.seconds(1))
                } catch where Self.wasNotApplied(error) && attempt <= refusals {
                    try await sleep(.seconds(5))
                } catch where Self.isAmbiguous(error) {
                    let why = HTTPError.describe(error)
                    guard let earlier = first else {
                        first = why
                        progress("reddit \(client.accountId): no clear answer to a status change (\(why)); a status change is safe to repeat: sending it again")
                        continue
                    }
                    throw StatusChangeUnanswered(platform: "reddit", campaigns: 1, enabled: enabled, first: earlier, second: why)
                } catch {
                    problem = (error as? RedditAPIError)?.body.map { "Reddit refused the status change: \(Redactor.redact($0.description))" }
                        ?? HTTPError.describe(error)
                }
            }
            if !sent, problem == nil { problem = "Reddit did not take the status change of campaign \(id) after several tries; run the command again" }
            if let problem {
                report.failed.append(.init(key: r.key, reason: problem, source: nil))
                try log(action, r.key, detail: detail, result: "failed: \(problem)")
                continue
            }
            var updated = r
            updated.status = enabled ? .enabled : .paused
            updated.appliedAt = now()
            try store.record(campaign: updated)
            try log(action, r.key, detail: detail, result: "ok")
            done.append(r.key)
        }
        return done
    }

    // MARK: Looking up

    /// Every campaign of the account whose name carries a tfz key, with `effective_status` as its status.
    func remoteCampaigns() async throws -> [RemoteCampaignView] { try await RedditAdoption.campaigns(client) }

    /// Reads what exists for `keys` and records it (see ``RedditAdoption``); a campaign that cannot be read fails for
    /// this launch with nothing sent for it, and one looked up too often gives up.
    private func lookUp(_ keys: Set<CampaignKey>, campaigns: [CampaignKey: Campaign], run: inout Progress, report: inout ApplyReport) async throws {
        var keys = keys.filter { run.failed[$0] == nil }
        for key in keys {
            run.lookUps[key, default: 0] += 1
            if run.lookUps[key]! > patience + 1 {
                run.failed[key] = "gave up after \(patience) look-ups after requests without a clear answer; run tfz launch again"
                keys.remove(key)
            }
        }
        guard !keys.isEmpty else { return }
        var profile = run.profile
        do {
            let client = client
            let found = try await RedditAdoption.read(keys, client: client, campaigns: campaigns, profile: {
                if let profile { return profile }
                profile = try await client.profileId()
                return profile!
            }, report: &report)
            run.profile = profile
            let previous = try store.remoteState()
            for key in keys.sorted() {
                guard let c = campaigns[key], let remote = found[key] else { continue }
                // What the store holds for the campaign is replaced by what exists (an id recorded but not found is gone).
                let stale = try store.objects(for: key).filter { o in !remote.objects.contains { $0.key == o.localKey } }
                if !stale.isEmpty { try store.forget(objects: stale) }
                try store.record(objects: remote.objects.map { object(key, $0.key, $0.id) })
                let status: RemoteCampaign.Status = remote.view.status == .enabled ? .enabled : .paused
                let before = previous.campaigns[key]
                try store.record(campaign: RemoteCampaign(key: key, accountId: client.accountId, remoteId: remote.view.remoteId, status: status,
                                                          applied: before?.applied ?? c.snapshot, appliedAt: now(), incomplete: true))
                if before?.remoteId == remote.view.remoteId {
                    try log(.lookup, key, detail: "looked up campaign \(remote.view.remoteId): \(remote.objects.count) objects", result: "ok: recorded, not created again")
                } else {
                    try log(.lookup, key, detail: "found campaign \(remote.view.remoteId) with \(remote.objects.count) objects", result: "ok: adopted, not created again")
                    if !report.adopted.contains(key) && !report.created.contains(key) { report.adopted.append(key) }
                }
            }
        } catch where Self.wasNotApplied(error) || Self.isAmbiguous(error) {
            let reason = "could not be looked up before sending (\(HTTPError.describe(error))); nothing was sent for it; run tfz launch again"
            for key in keys { run.failed[key] = reason; try log(.lookup, key, detail: "look-up before sending", result: "failed: \(reason)") }
        }
    }

    // MARK: Errors

    /// Refused before anything was applied: Reddit's 429/503 (after the retry middleware's tries), or what
    /// ``WriteFailure`` says.
    static func wasNotApplied(_ error: any Error) -> Bool {
        if let reddit = error as? RedditAPIError { return reddit.status.map { RetryMiddleware.notAppliedStatuses.contains($0) } ?? false }
        return WriteFailure.wasNotApplied(error)
    }

    /// May or may not have been applied: Reddit's 500/502/504, or what ``WriteFailure`` says (no answer).
    static func isAmbiguous(_ error: any Error) -> Bool {
        if let reddit = error as? RedditAPIError { return reddit.status.map(WriteFailure.isAmbiguous(status:)) ?? false }
        return WriteFailure.isAmbiguous(error)
    }

    /// Reddit's refusal of one write, in the operator's words: what was refused, and Reddit's message with the fields
    /// it names.
    static func reason(_ step: Step, _ error: any Error) -> String {
        if let body = (error as? RedditAPIError)?.body { return "Reddit refused \(step.text): \(Redactor.redact(body.description))" }
        return HTTPError.describe(error)
    }

    // MARK: Records

    func object(_ key: CampaignKey, _ local: ObjectKey, _ id: String) -> RemoteObject { RemoteObject(key: key, localKey: local, resourceName: id) }

    private func log(_ action: ChangeAction, _ key: CampaignKey, detail: String, result: String) throws {
        try store.log(ChangeLogEntry(at: now(), actor: actor, action: action, key: key, platform: .reddit, detail: detail, result: Redactor.redact(result)))
    }
}
