import CampaignKit
import Crypto
import Foundation

/// Applies campaigns to one Meta ad account: per campaign a campaign (created `PAUSED`), one ad set, one ad creative and
/// one ad per ad copy (ad sets and ads are created `ACTIVE`: under a paused campaign they deliver nothing, so the
/// campaign's status alone switches the whole campaign, and pause/resume is one update a campaign).
///
/// Requests go in batches of up to 50 (``MetaClient/batch(_:)``), whole campaigns together where they fit, a child
/// naming its parent created in the same batch by `{result=<name>:$.id}`; each id is recorded as soon as its batch
/// answers. Never a duplicate: before anything is sent for a campaign the store does not know, or one whose last apply
/// did not finish (its row is `incomplete`; a known campaign is marked so before any write for it), the account's
/// campaigns, ad sets, ads and creatives whose names carry the tfz key are read and recorded (``MetaAdoption``). After a
/// batch with no clear answer, or a request in it that did not run, the same look-up runs for its campaigns and only what
/// is still missing is sent again. Never half-spent: a campaign is enabled only once every part of it exists.
struct MetaApplier: Sendable {
    var client: MetaClient
    var store: any StateRecorder
    var actor: String
    var now: @Sendable () -> String
    var progress: @Sendable (String) -> Void
    var sleep: @Sendable (Duration) async throws -> Void
    /// Reads a workspace file by its path from the workspace root (the creative's image).
    var readFile: @Sendable (String) throws -> Data
    /// The Facebook Page the ads run as (`page_id` of the account).
    var pageId: String?
    /// Where the account is written in `tfz.yaml`, for an error about the account itself.
    var accountSource: SourceLocation?
    /// Look-ups a campaign gets after requests with no clear answer before it fails for this launch.
    var patience = 3

    /// One request of a batch and what it does for which campaign.
    struct Step {
        enum Kind {
            case createCampaign, renameCampaign, createAdSet, updateAdSet
            case create(ObjectKey)
            case delete(RemoteObject)
        }

        var key: CampaignKey
        var kind: Kind
        var request: MetaBatchRequest
    }

    /// What a launch learned so far, across batches.
    struct Progress {
        var failed: [CampaignKey: String] = [:]
        /// Campaigns whose requests got no clear answer (or did not run): looked up before the next batch.
        var lookUp = Set<CampaignKey>()
        var lookUps: [CampaignKey: Int] = [:]
        /// Campaigns whose ad set (or name) was updated in this launch: not updated again.
        var updated = Set<CampaignKey>()
        /// Campaigns a request was sent for.
        var touched = Set<CampaignKey>()
        var sends: [CampaignKey: Int] = [:]
        var names = 0
        /// Interest name in the files → Meta's interest.
        var interests: [String: MetaInterests.Interest] = [:]
    }

    // MARK: Launch

    func launch(_ campaigns: [Campaign]) async throws -> ApplyReport {
        var report = ApplyReport()
        var run = Progress()
        guard let pageId, !pageId.isEmpty else {
            let reason = "the Meta account \(campaigns.first?.account.name ?? "") in tfz.yaml has no page_id: Meta ads run as a Facebook Page; "
                + "add page_id: \"<the Page's id>\" to the account (Business settings → Pages shows it); nothing was sent"
            report.failed = campaigns.map { .init(key: $0.key, reason: reason, source: accountSource ?? $0.source) }
            return report
        }
        let mapper = MetaMapper(pageId: pageId)
        // Images first: a file that cannot be used fails its campaigns before anything is sent for them.
        var images = MetaImages(readFile: readFile)
        for c in campaigns {
            for ad in c.ads {
                guard let path = ad.image else { continue }
                if let problem = images.check(path) {
                    run.failed[c.key] = problem
                    try log(.create, c.key, detail: "image \(path)", result: "failed: \(problem)")
                }
            }
        }
        // Interests by id, one targeting search per distinct name; a campaign with a name Meta does not know is not sent.
        let names = Set(campaigns.filter { run.failed[$0.key] == nil }.flatMap(\.interests))
        if !names.isEmpty {
            do {
                let outcomes = try await MetaInterests.resolve(names, client: client, report: &report)
                for c in campaigns where run.failed[c.key] == nil {
                    if let problem = MetaInterests.problem(c, outcomes) {
                        run.failed[c.key] = problem
                        try log(.create, c.key, detail: "interests", result: "failed: \(problem)")
                    }
                }
                for case let (name, .found(interest)) in outcomes { run.interests[name] = interest }
            } catch where Self.wasNotApplied(error) || Self.isAmbiguous(error) {
                let reason = "Meta's interests could not be looked up (\(HTTPError.describe(error))); nothing was sent; run tfz launch again"
                for c in campaigns where run.failed[c.key] == nil && !c.interests.isEmpty { run.failed[c.key] = reason }
            }
        }
        let runnable = campaigns.filter { run.failed[$0.key] == nil }
        let byKey = Dictionary(runnable.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        var state = try store.remoteState()
        let firstLook = runnable.filter { c in state.campaigns[c.key].map { $0.remoteId == nil || $0.incomplete } ?? true }.map(\.key)
        if !firstLook.isEmpty {
            try await lookUp(Set(firstLook), campaigns: byKey, run: &run, report: &report)
        }

        var pending = runnable.map(\.key).filter { run.failed[$0] == nil }
        while !pending.isEmpty {
            if !run.lookUp.isEmpty {
                let keys = run.lookUp
                run.lookUp = []
                try await lookUp(keys, campaigns: byKey, run: &run, report: &report)
            }
            state = try store.remoteState()
            var batch: [Step] = []
            var done: [CampaignKey] = []
            for key in pending {
                guard run.failed[key] == nil, let c = byKey[key] else { continue }
                let steps = try self.steps(c, mapper: mapper, state: state, images: images, run: &run)
                if steps.isEmpty { done.append(key); continue }
                if batch.count + steps.count > MetaClient.batchLimit {
                    // Parents come before children, so a prefix refers only to what it holds or what is recorded.
                    if batch.isEmpty { batch = Array(steps.prefix(MetaClient.batchLimit)) }
                    break
                }
                batch += steps
            }
            for key in done { try finish(byKey[key]!, run: run, report: &report) }
            pending.removeAll { done.contains($0) || run.failed[$0] != nil }
            guard !batch.isEmpty else { continue }
            // Images of the creatives about to be made: uploaded (by bytes; the same bytes give the same hash, so an
            // upload is safe to repeat) and the batch made again with their hashes.
            let needed = Set(batch.flatMap { step -> [String] in
                guard case .create(.creative(_)) = step.kind, let c = byKey[step.key] else { return [] }
                return c.ads.compactMap(\.image).filter { images.hash(of: $0) == nil }
            })
            if !needed.isEmpty {
                for path in needed.sorted() {
                    do {
                        report.writeRequests += 1
                        try await images.upload(path, client: client)
                    } catch {
                        let reason = "the image \(path) could not be uploaded: \(HTTPError.describe(error))"
                        for key in Set(batch.map(\.key)) where byKey[key]?.ads.contains(where: { $0.image == path }) == true {
                            run.failed[key] = reason
                        }
                    }
                }
                continue
            }
            for step in batch where run.touched.insert(step.key).inserted {
                // Marked before the write: should the launch stop before the answer is recorded, the next one looks it up.
                if var r = state.campaigns[step.key], r.remoteId != nil, !r.incomplete {
                    r.incomplete = true
                    try store.record(campaign: r)
                }
            }
            for key in Set(batch.map(\.key)) {
                run.sends[key, default: 0] += 1
                if run.sends[key]! > 12 { run.failed[key] = "gave up after repeated requests without a clear answer; run tfz launch again" }
            }
            try await send(batch, campaigns: byKey, run: &run, report: &report)
            pending.removeAll { run.failed[$0] != nil }
        }
        for (key, reason) in run.failed.sorted(by: { $0.key < $1.key }) {
            let c = campaigns.first { $0.key == key }
            report.failed.append(.init(key: key, reason: reason, source: c?.source))
            if let r = try store.remoteState().campaigns[key], r.remoteId != nil, let c {
                var r = r
                r.incomplete = true
                r.applied.name = c.remoteName
                try store.record(campaign: r)
            }
        }
        // Enable what is complete and wanted active.
        state = try store.remoteState()
        let toEnable = runnable.filter { c in
            guard c.status == .active, run.failed[c.key] == nil, let r = state.campaigns[c.key] else { return false }
            return r.status == .paused && r.remoteId != nil && !r.incomplete
        }
        if !toEnable.isEmpty {
            report.enabled = try await setStatus(toEnable.map(\.key), enabled: true, action: .enable, reason: "", report: &report)
        }
        return report
    }

    /// The requests that bring one campaign to its files, parents first, from what the store records now.
    private func steps(_ c: Campaign, mapper: MetaMapper, state: RemoteState, images: MetaImages, run: inout Progress) throws -> [Step] {
        let objects = try store.objects(for: c.key)
        let ids = Dictionary(objects.map { ($0.localKey, $0.resourceName) }, uniquingKeysWith: { first, _ in first })
        let r = state.campaigns[c.key]
        var steps: [Step] = []
        func name() -> String { run.names += 1; return "r\(run.names)" }
        let interests = c.interests.compactMap { run.interests[$0] }

        var campaignId = ids[.campaign]
        if campaignId == nil {
            let n = name()
            steps.append(Step(key: c.key, kind: .createCampaign, request: MetaBatchRequest(method: "POST", path: "\(client.accountId)/campaigns",
                                                                                               fields: mapper.campaign(c), name: n)))
            campaignId = MetaBatchRequest.reference(n)
        } else if let r, r.applied.name != c.remoteName, !run.updated.contains(c.key) {
            steps.append(Step(key: c.key, kind: .renameCampaign, request: MetaBatchRequest(method: "POST", path: campaignId!, fields: [("name", c.remoteName)])))
        }
        let group = MetaMapper.adSetGroup(c)
        var adSetId = ids[.adGroup(group)]
        if adSetId == nil {
            let n = name()
            steps.append(Step(key: c.key, kind: .createAdSet, request: MetaBatchRequest(method: "POST", path: "\(client.accountId)/adsets",
                                                                                        fields: mapper.adSet(c, campaignId: campaignId!, interests: interests), name: n)))
            adSetId = MetaBatchRequest.reference(n)
        } else if !run.updated.contains(c.key), r.map({ $0.incomplete || MetaMapper.adSetChanged($0.applied, c.snapshot) }) ?? true {
            steps.append(Step(key: c.key, kind: .updateAdSet, request: MetaBatchRequest(method: "POST", path: adSetId!, fields: mapper.adSetUpdate(c, interests: interests))))
        }
        var wanted = Set<ObjectKey>()
        for ad in c.ads {
            let hash = ad.image.flatMap { images.hash(of: $0) }
            let fingerprint = mapper.fingerprint(c, ad: ad, imageDigest: ad.image.flatMap { images.digest(of: $0) })
            let creativeKey = MetaMapper.creativeKey(ad, fingerprint), adKey = MetaMapper.adKey(c, ad, fingerprint)
            wanted.formUnion([creativeKey, adKey])
            var creativeId = ids[creativeKey]
            if creativeId == nil {
                let n = name()
                steps.append(Step(key: c.key, kind: .create(creativeKey), request: MetaBatchRequest(
                    method: "POST", path: "\(client.accountId)/adcreatives", fields: mapper.creative(c, ad: ad, imageHash: hash, fingerprint: fingerprint), name: n)))
                creativeId = MetaBatchRequest.reference(n)
            }
            if ids[adKey] == nil {
                steps.append(Step(key: c.key, kind: .create(adKey), request: MetaBatchRequest(
                    method: "POST", path: "\(client.accountId)/ads",
                    fields: mapper.ad(c, ad: ad, adSetId: adSetId!, creativeId: creativeId!, fingerprint: fingerprint), name: name())))
            }
        }
        // What the files no longer have: ads first, then their creatives (after the new ones, so the ad set is never empty).
        let stale = objects.filter { o in
            switch o.localKey {
            case .ad, .creative: !wanted.contains(o.localKey)
            default: false
            }
        }.sorted { a, b in a.localKey.isCreative == b.localKey.isCreative ? a.resourceName < b.resourceName : !a.localKey.isCreative }
        for o in stale {
            steps.append(Step(key: c.key, kind: .delete(o), request: MetaBatchRequest(method: "DELETE", path: o.resourceName)))
        }
        return steps
    }

    /// Sends one batch and records what each request did.
    private func send(_ batch: [Step], campaigns: [CampaignKey: Campaign], run: inout Progress, report: inout ApplyReport) async throws {
        report.writeRequests += 1
        report.operations += batch.count
        let results: [MetaBatchResult]
        do {
            results = try await client.batch(batch.map(\.request))
        } catch {
            let keys = Set(batch.map(\.key))
            if Self.wasNotApplied(error) {
                // Refused before anything ran: sent again as it is (after the middleware's own waits).
                progress("meta \(client.accountId): a batch was refused before it ran (\(HTTPError.describe(error))); sending it again")
                try await sleep(.seconds(5))
            } else if Self.isAmbiguous(error) {
                progress("meta \(client.accountId): no clear answer to a batch of \(batch.count) requests (\(HTTPError.describe(error))); "
                    + "looking up \(keys.count) campaign(s) before sending anything again")
                run.lookUp.formUnion(keys)
            } else {
                for key in keys { run.failed[key] = failure(error, campaigns[key]) }
            }
            return
        }
        var notRun = 0
        defer {
            if notRun > 0 {
                progress("meta \(client.accountId): \(notRun) request(s) of a batch were not run, a passing reason (Meta stopped the batch part way); "
                    + "looking their campaigns up, then sending what is missing again")
            }
        }
        for (step, result) in zip(batch, results) {
            guard run.failed[step.key] == nil else { continue }
            switch result {
            case .ok(let body):
                try record(step, body: body, campaign: campaigns[step.key]!, run: &run, report: &report)
            case .notRun:
                run.lookUp.insert(step.key)
                notRun += 1
            case .failed(let status, let error):
                if let error, error.isRateLimited {
                    // Not applied: the next batch sends it again, after a wait.
                    try await sleep(.seconds(60))
                } else if let error, error.isTransient || status >= 500 {
                    run.lookUp.insert(step.key)
                } else if case .delete(let o) = step.kind, let error, error.code == 100, error.subcode == 33 {
                    try store.forget(objects: [o])
                } else {
                    run.failed[step.key] = reason(step, status: status, error, campaigns[step.key])
                    try log(step.kind.isCreate ? .create : .update, step.key, detail: step.kind.text, result: "failed: \(run.failed[step.key]!)")
                }
            }
        }
    }

    private func record(_ step: Step, body: [String: Any], campaign c: Campaign, run: inout Progress, report: inout ApplyReport) throws {
        let id = MetaClient.string(body["id"])
        switch step.kind {
        case .createCampaign:
            guard let id else { run.lookUp.insert(c.key); return }
            try store.record(objects: [object(c.key, .campaign, id)])
            try store.record(campaign: RemoteCampaign(key: c.key, accountId: client.accountId, remoteId: id, status: .paused, applied: c.snapshot,
                                                      appliedAt: now(), incomplete: true))
            try log(.create, c.key, detail: "campaign \(id) created paused", result: "ok")
            report.created.append(c.key)
        case .createAdSet:
            guard let id else { run.lookUp.insert(c.key); return }
            try store.record(objects: [object(c.key, .adGroup(MetaMapper.adSetGroup(c)), id)])
            // Made from the files just now: nothing to update on it in this launch.
            run.updated.insert(c.key)
        case .create(let key):
            guard let id else { run.lookUp.insert(c.key); return }
            try store.record(objects: [object(c.key, key, id)])
        case .renameCampaign, .updateAdSet:
            run.updated.insert(c.key)
        case .delete(let o):
            try store.forget(objects: [o])
        }
    }

    /// A campaign whose every part exists: its row gets the files' snapshot.
    private func finish(_ c: Campaign, run: Progress, report: inout ApplyReport) throws {
        let r = try store.remoteState().campaigns[c.key]
        guard let r, let id = r.remoteId else { return }
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

    /// `POST /{campaign id}` with `status` only, 50 to a batch. A status sets a value and creates nothing: after a batch
    /// with no clear answer it is sent once more; a second miss stops with what tfz did (``StatusChangeUnanswered``).
    private func setStatus(_ keys: [CampaignKey], enabled: Bool, action: ChangeAction, reason: String,
                           report: inout ApplyReport) async throws -> [CampaignKey] {
        let state = try store.remoteState()
        let known = keys.compactMap { key in state.campaigns[key].flatMap { r in r.remoteId.map { (r, $0) } } }
        let status = enabled ? "ACTIVE" : "PAUSED"
        var done: [CampaignKey] = []
        for start in stride(from: 0, to: known.count, by: MetaClient.batchLimit) {
            let chunk = Array(known[start..<min(start + MetaClient.batchLimit, known.count)])
            report.operations += chunk.count
            // Index in `chunk` → its answer; requests not run (the batch stopped part way) are sent again.
            var results: [Int: MetaBatchResult] = [:]
            var first: String?
            for attempt in 1...4 {
                let open = chunk.indices.filter { i in results[i].map { if case .notRun = $0 { true } else { false } } ?? true }
                guard !open.isEmpty else { break }
                if attempt > 1, first == nil {
                    progress("meta \(client.accountId): \(open.count) status change(s) of a batch were not run, a passing reason "
                        + "(Meta stopped the batch part way); a status change is safe to repeat: sending them again")
                }
                report.writeRequests += 1
                do {
                    let answers = try await client.batch(open.map { MetaBatchRequest(method: "POST", path: chunk[$0].1, fields: [("status", status)]) })
                    for (i, answer) in zip(open, answers) { results[i] = answer }
                } catch where Self.wasNotApplied(error) && attempt < 4 {
                    try await sleep(.seconds(5))
                } catch where Self.isAmbiguous(error) {
                    let why = HTTPError.describe(error)
                    guard let earlier = first else {
                        first = why
                        progress("meta \(client.accountId): no clear answer to a status change (\(why)); a status change is safe to repeat: sending it again")
                        continue
                    }
                    throw StatusChangeUnanswered(platform: "meta", campaigns: chunk.count, enabled: enabled, first: earlier, second: why)
                }
            }
            for (i, (r, id)) in chunk.enumerated() {
                let detail = "status \(status)" + (reason.isEmpty ? "" : " (\(reason))")
                let problem: String? = switch results[i] ?? .notRun {
                case .ok: nil
                case .notRun: "Meta did not run the status change of campaign \(id) after several tries; run the command again"
                case .failed(let code, let error): error.map { Redactor.redact($0.description) } ?? "HTTP \(code)"
                }
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
        }
        return done
    }

    // MARK: Looking up

    /// Every campaign of the account whose name carries a tfz key, with `effective_status` as its status.
    func remoteCampaigns() async throws -> [RemoteCampaignView] {
        try await MetaAdoption.campaigns(client).compactMap(MetaAdoption.view)
    }

    /// Reads what exists for `keys` and records it (see ``MetaAdoption``); a campaign that cannot be read fails for this
    /// launch with nothing sent for it, and one looked up too often gives up.
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
        do {
            let found = try await MetaAdoption.read(keys, client: client, campaigns: campaigns, report: &report)
            let previous = try store.remoteState()
            for key in keys.sorted() {
                guard let c = campaigns[key], let remote = found[key] else { continue }
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

    /// Refused before anything was applied: Meta's throttling, HTTP 429/503, a connection that never carried the request.
    static func wasNotApplied(_ error: any Error) -> Bool {
        if let meta = error as? MetaAPIError { return meta.graphError?.isRateLimited ?? false }
        return WriteFailure.wasNotApplied(error)
    }

    /// May or may not have been applied: no answer, HTTP 500/502/504, or Meta's transient errors.
    static func isAmbiguous(_ error: any Error) -> Bool {
        if let meta = error as? MetaAPIError {
            guard case .graph(_, let status, let e) = meta else { return false }
            return e.isTransient || WriteFailure.isAmbiguous(status: status)
        }
        return WriteFailure.isAmbiguous(error)
    }

    private func failure(_ error: any Error, _ c: Campaign?) -> String {
        if let e = (error as? MetaAPIError)?.graphError, let c, MetaMapper.isSocialIssueRefusal(e) { return c.socialIssueRefusal + " (\(e.description))" }
        return HTTPError.describe(error)
    }

    /// Meta's refusal of one request, in the operator's words: what was refused and Meta's reason (its words for users).
    private func reason(_ step: Step, status: Int, _ error: MetaGraphError?, _ c: Campaign?) -> String {
        guard let error else { return "Meta answered HTTP \(status) to \(step.kind.text)" }
        if let c, MetaMapper.isSocialIssueRefusal(error) { return c.socialIssueRefusal + " (\(Redactor.redact(error.description)))" }
        return "Meta refused \(step.kind.text): \(Redactor.redact(error.description))"
    }

    // MARK: Records

    func object(_ key: CampaignKey, _ local: ObjectKey, _ id: String) -> RemoteObject { RemoteObject(key: key, localKey: local, resourceName: id) }

    private func log(_ action: ChangeAction, _ key: CampaignKey, detail: String, result: String) throws {
        try store.log(ChangeLogEntry(at: now(), actor: actor, action: action, key: key, platform: .meta, detail: detail, result: Redactor.redact(result)))
    }
}

extension MetaApplier.Step.Kind {
    var isCreate: Bool {
        switch self {
        case .createCampaign, .createAdSet, .create: true
        default: false
        }
    }

    /// `creating the ad set`, for messages.
    var text: String {
        switch self {
        case .createCampaign: "creating the campaign"
        case .renameCampaign: "renaming the campaign"
        case .createAdSet: "creating the ad set"
        case .updateAdSet: "updating the ad set"
        case .create(let key): key.isCreative ? "creating the ad creative" : "creating the ad"
        case .delete(let o): "deleting \(o.localKey.isCreative ? "ad creative" : "ad") \(o.resourceName)"
        }
    }
}
