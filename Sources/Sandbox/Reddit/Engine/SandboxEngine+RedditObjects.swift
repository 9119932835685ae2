import Foundation

/// Campaigns, ad groups, ads and posts: create (POST, 201), read one (GET), list (GET with the reference's filters and
/// pages), update the fields given (PATCH); the ad account and its profile.
extension SandboxEngine {
    func redditDispatch(_ call: RedditCall) -> SandboxHTTPResponse {
        let s = call.segments
        switch (call.method, s.count, s.first) {
        case ("GET", 2, "ad_accounts"): return redditAccountOf(s[1]).map(redditAccount) ?? redditUnknownAccount(s[1])
        case (_, 3, "ad_accounts"):
            guard let accountId = redditAccountOf(s[1]) else { return redditUnknownAccount(s[1]) }
            switch (call.method, s[2]) {
            case ("GET", "profiles"): return redditProfiles(accountId, call)
            case ("POST", "campaigns"): return redditCreate(.campaign, account: accountId, call)
            case ("POST", "ad_groups"): return redditCreate(.adGroup, account: accountId, call)
            case ("POST", "ads"): return redditCreate(.ad, account: accountId, call)
            case ("GET", "campaigns"): return redditList(.campaign, account: accountId, call)
            case ("GET", "ad_groups"): return redditList(.adGroup, account: accountId, call)
            case ("GET", "ads"): return redditList(.ad, account: accountId, call)
            case ("POST", "reports"): return redditReport(account: accountId, call)
            case (_, "profiles"), (_, "campaigns"), (_, "ad_groups"), (_, "ads"), (_, "reports"): return redditMethodNotAllowed(call)
            default: return RedditWire.notFound(call.path)
            }
        case (_, 2, "campaigns"), (_, 2, "ad_groups"), (_, 2, "ads"):
            let kind: RedditKind = s[0] == "campaigns" ? .campaign : s[0] == "ad_groups" ? .adGroup : .ad
            switch call.method {
            case "GET": return redditGet(kind, id: s[1])
            // No DELETE verb: PATCH configured_status DELETED removes (reference `statuses.remove`).
            case "PATCH": return redditUpdate(kind, id: s[1], call)
            default: return redditMethodNotAllowed(call)
            }
        case (_, 3, "profiles") where s[2] == "posts":
            guard s[1].range(of: #"^t2_[0-9a-z]+$"#, options: .regularExpression) != nil else { return RedditWire.notFound("profile \(s[1])") }
            switch call.method {
            case "GET": return redditListPosts(profile: s[1], call)
            case "POST": return redditCreatePost(profile: s[1], call)
            default: return redditMethodNotAllowed(call)
            }
        case (_, 2, "posts"):
            switch call.method {
            case "GET": return redditGet(.post, id: s[1])
            case "PATCH": return redditUpdate(.post, id: s[1], call)
            default: return redditMethodNotAllowed(call)
            }
        default:
            return RedditWire.notFound(call.path)
        }
    }

    private func redditMethodNotAllowed(_ call: RedditCall) -> SandboxHTTPResponse {
        RedditWire.error(405, "Method Not Allowed: \(call.method) \(call.path)")
    }

    /// The account an `a2_…` (or `t2_…`, the reference's pattern `^(t2|a2)_.*`) id names, made on first use (like the
    /// Meta module's accounts); nil for another shape.
    private func redditAccountOf(_ id: String) -> String? {
        guard id.range(of: #"^(t2|a2)_[0-9a-z]+$"#, options: .regularExpression) != nil else { return nil }
        if reddit.accounts[id] == nil {
            var state = reddit
            state.accounts[id] = RedditAccount()
            reddit = state
        }
        return id
    }

    private func redditUnknownAccount(_ id: String) -> SandboxHTTPResponse { RedditWire.notFound("ad account \(id)") }

    /// The profile that authors an account's posts: `t2_` and the account's own suffix.
    static func redditProfileId(ofAccount accountId: String) -> String { "t2_" + accountId.dropFirst(3) }

    private func redditAccount(_ accountId: String) -> SandboxHTTPResponse {
        .json(200, ["data": [
            "id": .string(accountId), "name": .string("Sandbox ad account \(accountId)"), "currency": "USD",
            // The sandbox's days are UTC days (its clock has no zones), so its accounts say so: a client that
            // reports in the account's zone gets whole sandbox days.
            "time_zone_id": "Etc/UTC", "type": "SELF_SERVE",
        ]])
    }

    private func redditProfiles(_ accountId: String, _ call: RedditCall) -> SandboxHTTPResponse {
        let profile = Self.redditProfileId(ofAccount: accountId)
        let row: SandboxJSON = [
            "id": .string(profile), "name": .string("sandbox_\(accountId.dropFirst(3))"), "reddit_user_id": .string(profile),
            "modified_at": .string(RedditWire.timestamp(call.now)),
        ]
        return redditPage([row], call)
    }

    // MARK: writes

    private func redditCreate(_ kind: RedditKind, account accountId: String, _ call: RedditCall) -> SandboxHTTPResponse {
        var data: [String: SandboxJSON]
        switch RedditWire.data(call.body) {
        case .success(let object): data = object
        case .failure(let problem): return RedditWire.invalid(problem)
        }
        let model = kind.model + "Create"
        if let problem = RedditSchema.problem(write: data, model: model) { return RedditWire.invalid(problem) }
        var state = reddit
        let account = state.accounts[accountId] ?? RedditAccount()
        switch kind {
        case .campaign:
            // configured_status is required with the default ACTIVE (reference); created without it, a campaign is ACTIVE.
            data["configured_status"] = data["configured_status"] ?? .string(RedditSchema.field(model, "configured_status")?.defaultValue ?? "ACTIVE")
        case .adGroup:
            // Neither schema marks campaign_id required; it is "required in practice" (reference note).
            if data["campaign_id"] == nil || data["campaign_id"] == .null { return RedditWire.invalid("campaign_id", "Field campaign_id is required.") }
            guard let parent = account.objects[data["campaign_id"]?.stringValue ?? ""], parent.kind == .campaign, parent.configuredStatus != "DELETED" else {
                return RedditWire.invalid("campaign_id", "Campaign \(data["campaign_id"]?.stringValue ?? "") is not a campaign of ad account \(accountId).")
            }
            // An ad group without configured_status: ACTIVE like a campaign (the reference gives no default; UNCONFIRMED).
            data["configured_status"] = data["configured_status"] ?? "ACTIVE"
        case .ad:
            guard let group = account.objects[data["ad_group_id"]?.stringValue ?? ""], group.kind == .adGroup, group.configuredStatus != "DELETED" else {
                return RedditWire.invalid("ad_group_id", "Ad group \(data["ad_group_id"]?.stringValue ?? "") is not an ad group of ad account \(accountId).")
            }
            data["campaign_id"] = group.fields["campaign_id"]
        case .post:
            break
        }
        if let problem = redditRuleProblem(kind, data, account: account) { return RedditWire.invalid(problem) }
        let id = state.nextId(kind)
        var fields = data.filter { $0.value != .null }
        fields["id"] = .string(id)
        fields["ad_account_id"] = .string(accountId)
        fields["created_at"] = .string(RedditWire.timestamp(call.now))
        fields["modified_at"] = fields["created_at"]
        let object = RedditObject(kind: kind, fields: fields)
        state.accounts[accountId, default: RedditAccount()].objects[id] = object
        reddit = state
        persistReddit()
        return .json(201, ["data": redditRender(object)])
    }

    /// `POST /profiles/{t2_id}/posts`: the ad's creative. TEXT posts need a headline and a body; IMAGE, VIDEO and
    /// CAROUSEL posts a headline and `content` items with `media_url` (and, for IMAGE and CAROUSEL, `destination_url`),
    /// as the reference's notes say; `type` is required by the sandbox (the schemas mark nothing required; UNCONFIRMED).
    private func redditCreatePost(profile: String, _ call: RedditCall) -> SandboxHTTPResponse {
        let data: [String: SandboxJSON]
        switch RedditWire.data(call.body) {
        case .success(let object): data = object
        case .failure(let problem): return RedditWire.invalid(problem)
        }
        if let problem = RedditSchema.problem(write: data, model: "PostCreate") { return RedditWire.invalid(problem) }
        guard let type = data["type"]?.stringValue else { return RedditWire.invalid("type", "Field type is required.") }
        guard let headline = data["headline"]?.stringValue, !headline.isEmpty else { return RedditWire.invalid("headline", "Field headline is required.") }
        let content = data["content"]?.arrayValue ?? []
        switch type {
        case "TEXT":
            if (data["body"]?.stringValue ?? "").isEmpty { return RedditWire.invalid("body", "A TEXT post needs a body.") }
        default:
            if content.isEmpty { return RedditWire.invalid("content", "A\(type == "IMAGE" ? "n" : "") \(type) post needs content with media_url.") }
            if type != "CAROUSEL", content.count > 1 { return RedditWire.invalid("content", "A\(type == "IMAGE" ? "n" : "") \(type) post has one content item.") }
            for (index, item) in content.enumerated() {
                if (item["media_url"]?.stringValue ?? "").isEmpty {
                    return RedditWire.invalid("content[\(index)].media_url", "Field media_url is required for \(type) posts.")
                }
                if type != "VIDEO", (item["destination_url"]?.stringValue ?? "").isEmpty {
                    return RedditWire.invalid("content[\(index)].destination_url", "Field destination_url is required for \(type) posts.")
                }
            }
        }
        var state = reddit
        let id = state.nextId(.post)
        var fields = data.filter { $0.value != .null }
        fields["id"] = .string(id)
        fields["profile_id"] = .string(profile)
        fields["created_at"] = .string(RedditWire.timestamp(call.now))
        fields["post_url"] = .string("https://www.reddit.com/comments/\(id.dropFirst(3))/")
        let post = RedditObject(kind: .post, fields: fields)
        state.posts[id] = post
        reddit = state
        persistReddit()
        return .json(201, ["data": redditRender(post)])
    }

    private func redditUpdate(_ kind: RedditKind, id: String, _ call: RedditCall) -> SandboxHTTPResponse {
        var state = reddit
        let found: (account: String?, object: RedditObject)? =
            kind == .post ? state.posts[id].map { (nil, $0) } : state.object(id).flatMap { $0.object.kind == kind ? ($0.account, $0.object) : nil }
        guard let (accountId, object) = found else { return RedditWire.notFound("\(kind.rawValue) \(id)") }
        let data: [String: SandboxJSON]
        switch RedditWire.data(call.body) {
        case .success(let object): data = object
        case .failure(let problem): return RedditWire.invalid(problem)
        }
        if let problem = RedditSchema.problem(write: data, model: kind.model + "Update") { return RedditWire.invalid(problem) }
        var updated = object
        for (key, value) in data { updated.fields[key] = value == .null ? nil : value }
        if let accountId {
            let account = state.accounts[accountId]!
            // AdGroupUpdate lists campaign_id; moving an ad group to another campaign is refused (whether Reddit allows
            // it is UNCONFIRMED; its ads would change campaign with it).
            if kind == .adGroup, let campaignId = data["campaign_id"], campaignId.stringValue != object.campaignId {
                return RedditWire.invalid("campaign_id", "An ad group stays in its campaign \(object.campaignId ?? ""): campaign_id cannot change.")
            }
            if let problem = redditRuleProblem(kind, updated.fields, account: account) { return RedditWire.invalid(problem) }
            updated.fields["modified_at"] = .string(RedditWire.timestamp(call.now))
            state.accounts[accountId]?.objects[id] = updated
        } else {
            state.posts[id] = updated
        }
        reddit = state
        persistReddit()
        return .json(200, ["data": redditRender(updated)])
    }

    /// The checks beyond the schema, on an object as it would stand after the write:
    /// - campaigns, ad groups and ads have a name;
    /// - start/end times are ISO 8601 with an offset, an ad group's `start_time` is required with an `end_time`, the end
    ///   after the start;
    /// - `goal_type` and `goal_value` go together; an ad group under a campaign with a budget (campaign budget
    ///   optimization) has none of its own;
    /// - CPM bids are 3.50–100.00 (in micros; reference `limits.bid_value.CPM`);
    /// - keywords are plain strings (no match-type quotes, brackets or `+`), communities names without `r/`,
    ///   geolocations ids of the documented shapes (`US`, `US-FL`, `CA:6167865`, `3852263`; DMA and postal formats are
    ///   UNCONFIRMED, `XX:…` ids are let through);
    /// - an ad's `post_id` is a post the sandbox holds; a `click_url` is http(s).
    private func redditRuleProblem(_ kind: RedditKind, _ fields: [String: SandboxJSON], account: RedditAccount) -> RedditSchema.Problem? {
        func problem(_ field: String, _ message: String) -> RedditSchema.Problem { RedditSchema.Problem(field: field, message: message) }
        // Campaigns, ad groups and ads are named, 3-500 characters (reference limits; the campaign schema lets name be
        // null and the ad group one does not require it).
        if kind != .post, fields["name"]?.stringValue == nil { return problem("name", "Field name is required (3-500 characters).") }
        for key in ["start_time", "end_time"] {
            if let text = fields[key]?.stringValue, !RedditWire.isDatetime(text) {
                return problem(key, "Field \(key) must be an ISO 8601 date-time with an offset, e.g. 2026-03-02T00:00:00-05:00.")
            }
        }
        if kind == .adGroup, fields["end_time"] != nil, fields["start_time"] == nil {
            return problem("start_time", "Field start_time is required when end_time is set.")
        }
        if let start = RedditWire.day(fields["start_time"]?.stringValue), let end = RedditWire.day(fields["end_time"]?.stringValue), end < start {
            return problem("end_time", "end_time must be after start_time.")
        }
        if kind == .campaign || kind == .adGroup {
            if fields["goal_type"] != nil, fields["goal_value"] == nil { return problem("goal_value", "goal_value is required with goal_type.") }
            if fields["goal_value"] != nil, fields["goal_type"] == nil { return problem("goal_type", "goal_type is required with goal_value.") }
        }
        if kind == .adGroup, fields["goal_value"] != nil, let campaign = fields["campaign_id"]?.stringValue.flatMap({ account.objects[$0] }),
            campaign.fields["goal_value"] != nil
        {
            return problem("goal_value", "The campaign has a budget (campaign budget optimization): its ad groups send goal_type and goal_value null.")
        }
        if fields["bid_type"]?.stringValue == "CPM", let bid = fields["bid_value"]?.int64Value, !(3_500_000...100_000_000).contains(bid) {
            return problem("bid_value", "A CPM bid must be between 3.50 and 100.00 (3500000 to 100000000 in micros).")
        }
        if let targeting = fields["targeting"] {
            for (index, keyword) in (targeting["keywords"]?.arrayValue ?? []).enumerated() {
                let text = keyword.stringValue ?? ""
                let matchType = text.first.map { "\"[+".contains($0) } == true || text.last.map { "\"]".contains($0) } == true
                if text.trimmingCharacters(in: .whitespaces).isEmpty || matchType {
                    return problem("targeting.keywords[\(index)]", "Keywords are plain strings without match types: \(text) is not one.")
                }
            }
            for key in ["communities", "excluded_communities"] {
                for (index, community) in (targeting[key]?.arrayValue ?? []).enumerated() {
                    let text = community.stringValue ?? ""
                    // A subreddit name: letters, digits and underscores (so `r/…` and `/r/…` are refused).
                    if text.range(of: #"^[A-Za-z0-9_]{2,21}$"#, options: .regularExpression) == nil {
                        return problem("targeting.\(key)[\(index)]", "Communities are subreddit names without r/: \(text) is not one.")
                    }
                }
            }
            for key in ["geolocations", "excluded_geolocations"] {
                for (index, location) in (targeting[key]?.arrayValue ?? []).enumerated() {
                    let text = location.stringValue ?? ""
                    if text.range(of: #"^([A-Z]{2}(-[A-Z0-9]{1,3})?|[A-Z]{2}:[A-Za-z0-9]+|[0-9]+)$"#, options: .regularExpression) == nil {
                        return problem("targeting.\(key)[\(index)]", "\(text) is not a geolocation id (e.g. US, US-FL, CA:6167865).")
                    }
                }
            }
        }
        if kind == .ad {
            if let postId = fields["post_id"]?.stringValue, reddit.posts[postId] == nil {
                return problem("post_id", "Post \(postId) does not exist: create it with POST /profiles/{profile_id}/posts first.")
            }
            if let url = fields["click_url"]?.stringValue, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                return problem("click_url", "click_url must be an http(s) URL.")
            }
        }
        return nil
    }

    // MARK: reads

    /// `effective_status`: the configured status unless it is ACTIVE; then CAMPAIGN_PAUSED / AD_GROUP_PAUSED when a
    /// parent is not ACTIVE, COMPLETED once the flight (the ad group's, else the campaign's `end_time`) has ended.
    func redditEffectiveStatus(_ object: RedditObject, in account: RedditAccount, today: Int) -> String {
        guard object.configuredStatus == "ACTIVE" else { return object.configuredStatus }
        let campaign = object.kind == .campaign ? object : object.campaignId.flatMap { account.objects[$0] }
        let group = object.kind == .ad ? object.adGroupId.flatMap { account.objects[$0] } : object.kind == .adGroup ? object : nil
        if object.kind != .campaign, let campaign, campaign.configuredStatus != "ACTIVE" { return "CAMPAIGN_PAUSED" }
        if object.kind == .ad, let group, group.configuredStatus != "ACTIVE" { return "AD_GROUP_PAUSED" }
        let end = RedditWire.day(group?.fields["end_time"]?.stringValue) ?? RedditWire.day(campaign?.fields["end_time"]?.stringValue)
        if let end, end < today { return "COMPLETED" }
        return "ACTIVE"
    }

    /// An object as a read gives it: its stored fields and the derived ones, only keys of its reference model.
    func redditRender(_ object: RedditObject) -> SandboxJSON {
        var row = object.fields
        if object.kind != .post, let accountId = row["ad_account_id"]?.stringValue, let account = reddit.accounts[accountId] {
            row["effective_status"] = .string(redditEffectiveStatus(object, in: account, today: today))
            let campaign = object.kind == .campaign ? object : object.campaignId.flatMap { account.objects[$0] }
            switch object.kind {
            case .campaign:
                row["is_campaign_budget_optimization"] = .bool(object.fields["goal_value"] != nil)
                row["is_max"] = false
            case .adGroup:
                row["campaign_objective_type"] = campaign?.fields["objective"]
                row["is_campaign_budget_optimization"] = .bool(campaign?.fields["goal_value"] != nil)
            case .ad:
                row["campaign_objective_type"] = campaign?.fields["objective"]
                row["post_url"] = object.fields["post_id"]?.stringValue.flatMap { reddit.posts[$0]?.fields["post_url"] }
            case .post:
                break
            }
        }
        let known = RedditSchema.models[object.kind.model] ?? [:]
        return .object(row.filter { known[$0.key] != nil })
    }

    private func redditGet(_ kind: RedditKind, id: String) -> SandboxHTTPResponse {
        let object = kind == .post ? reddit.posts[id] : reddit.object(id)?.object
        guard let object, object.kind == kind else { return RedditWire.notFound("\(kind.rawValue) \(id)") }
        return .json(200, ["data": redditRender(object)])
    }

    /// One page of rows: `{"data": [...], "pagination": {"next_url", "previous_url"}}`.
    private func redditPage(_ rows: [SandboxJSON], _ call: RedditCall, maximum: Int = 1000) -> SandboxHTTPResponse {
        switch RedditWire.page(call.query, maximum: maximum) {
        case .failure(let problem):
            return RedditWire.invalid(problem)
        case .success(let page):
            let slice = Array(rows.dropFirst(page.offset).prefix(page.size))
            let pagination = RedditWire.pagination(total: rows.count, offset: page.offset, size: page.size, baseURL: baseURL, path: call.path, query: call.query)
            return .json(200, ["data": .array(slice), "pagination": .object(pagination)])
        }
    }

    /// A list, oldest first, with the reference's filters: `id` (comma-separated, at most 200) on every list;
    /// `campaign_id` on ad groups; `ad_group_id`, `campaign_id`, `configured_status`, `effective_status` on ads. Deleted
    /// objects are left out unless a status filter asks for them (whether Reddit lists them is UNCONFIRMED).
    private func redditList(_ kind: RedditKind, account accountId: String, _ call: RedditCall) -> SandboxHTTPResponse {
        let account = reddit.accounts[accountId] ?? RedditAccount()
        var objects = account.objects(kind)
        let allowed: [String: String?] =
            switch kind {
            case .campaign: ["id": nil]
            case .adGroup: ["id": nil, "campaign_id": nil]
            default: ["id": nil, "ad_group_id": nil, "campaign_id": nil, "configured_status": "ConfiguredStatus", "effective_status": "AdEffectiveStatus"]
            }
        var statusFiltered = false
        for (name, raw) in call.query where !name.hasPrefix("page.") {
            guard let enumName = allowed[name] else { return RedditWire.invalid(name, "Unknown query parameter \(name).") }
            let values = raw.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard values.count <= 200 else { return RedditWire.invalid(name, "At most 200 values in \(name).") }
            if let enumName, let known = RedditSchema.enums[enumName], let bad = values.first(where: { !known.contains($0) }) {
                return RedditWire.invalid(name, "\(bad) is not one of \(known.joined(separator: ", ")).")
            }
            let wanted = Set(values)
            switch name {
            case "id": objects = objects.filter { wanted.contains($0.id) }
            case "campaign_id": objects = objects.filter { wanted.contains($0.campaignId ?? "") }
            case "ad_group_id": objects = objects.filter { wanted.contains($0.adGroupId ?? "") }
            case "configured_status":
                statusFiltered = true
                objects = objects.filter { wanted.contains($0.configuredStatus) }
            default:
                statusFiltered = true
                objects = objects.filter { wanted.contains(redditEffectiveStatus($0, in: account, today: call.today)) }
            }
        }
        if !statusFiltered { objects = objects.filter { $0.configuredStatus != "DELETED" } }
        return redditPage(objects.map(redditRender), call)
    }

    /// A profile's posts, newest first (at most the 1000 newest), filtered by `type`; `page.size` at most 100.
    private func redditListPosts(profile: String, _ call: RedditCall) -> SandboxHTTPResponse {
        var posts = reddit.posts.values.filter { $0.fields["profile_id"]?.stringValue == profile }
            .sorted { (Int64($0.id.dropFirst(3), radix: 36) ?? 0) > (Int64($1.id.dropFirst(3), radix: 36) ?? 0) }
        for (name, value) in call.query where !name.hasPrefix("page.") {
            switch name {
            case "type":
                guard let known = RedditSchema.enums["PostType"], known.contains(value) else {
                    return RedditWire.invalid("type", "type must be one of \((RedditSchema.enums["PostType"] ?? []).joined(separator: ", ")).")
                }
                posts = posts.filter { $0.fields["type"]?.stringValue == value }
            case "source":
                // PostSource's values are not in the reference: accepted, not applied.
                continue
            default:
                return RedditWire.invalid(name, "Unknown query parameter \(name).")
            }
        }
        return redditPage(posts.prefix(1000).map(redditRender), call, maximum: 100)
    }
}
