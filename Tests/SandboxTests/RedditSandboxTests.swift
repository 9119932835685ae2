import CampaignKit
import Foundation
import Testing

@testable import Sandbox

/// The Reddit Ads API v3 module: routing, the token endpoint and API auth, writes and their validation, reads, lists
/// and pages, reports, delivery and restatement, faults, persistence and the neutral views. Wire shapes are checked key
/// by key against the reference digest (`reddit-ads-v3.json`), read with Foundation's decoder.
@Suite struct RedditSandboxTests {
    private func client(seed: UInt64 = 7, directory: URL? = nil, faults: FaultPlan = .none) async throws -> RedditTestClient {
        try await RedditTestClient.connect(try await RunningSandbox.inProcess(RedditTestClient.configuration(seed: seed, directory: directory, faults: faults)))
    }

    private let account = RedditTestClient.account

    /// `/api/v3/…` is Reddit's API, `/api/v1/access_token` its token endpoint; a 413 there has Reddit's error body.
    @Test func pathsGoToTheRedditModule() async throws {
        #expect(SandboxModules.claim("/api/v3/ad_accounts/a2_1/campaigns")?.module.platform == .reddit)
        #expect(RedditSandboxModule().classify("/api/v1/access_token") == .token)
        #expect(RedditSandboxModule().classify("/api/v3/campaigns/1") == .api)
        #expect(RedditSandboxModule().classify("/v25.0/act_1/campaigns") == nil && RedditSandboxModule().classify("/api/v2/x") == nil)
        let sandbox = try await RunningSandbox.inProcess(SandboxConfiguration(maxBodyBytes: 16))
        let reply = RedditReply(await sandbox.respond(method: "POST", path: "/api/v3/ad_accounts/a2_1/campaigns", body: Data(String(repeating: "x", count: 17).utf8)))
        #expect(reply.status == 413 && reply.error["code"] as? Int == 413 && reply.error["message"] is String, "\(reply.text)")
        RedditReference.check(reply.body, at: [], model: "ErrorBody")
    }

    /// Over real HTTP on loopback, as tfz's client sends them: the token request (Basic, agent, form), JSON writes, a
    /// PATCH, and a list whose absolute `next_url` (the sandbox's host and port) is followed as given.
    @Test func overLoopbackHTTP() async throws {
        let sandbox = try await startSandbox(RedditTestClient.configuration())
        defer { Task { await sandbox.stop() } }
        let http = SandboxHTTPClient(sandbox)
        let agent = "web:org.tfz.tests:1.0 (by /u/tfz_tests)"
        let token = try await http.send(
            "POST", "/api/v1/access_token", body: Data("grant_type=refresh_token&refresh_token=\(RedditSandboxModule.defaultRefreshToken)".utf8),
            headers: ["Authorization": RedditTestClient.basic(), "User-Agent": agent, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"])
        let bearer = try #require(token.object["access_token"] as? String, "\(token.text)")
        let headers = ["Authorization": "Bearer \(bearer)", "User-Agent": agent, "Content-Type": "application/json"]
        var ids: [String] = []
        for index in 1...3 {
            let created = try await http.send(
                "POST", "/api/v3/ad_accounts/\(account)/campaigns",
                body: RedditTestClient.envelope(["name": "tfz zone-\(index)/t/reddit", "objective": "CLICKS", "configured_status": "PAUSED"]), headers: headers)
            #expect(created.status == 201 && created.headers["ratelimit-policy"] != nil, "\(created.text)")
            ids.append(try #require((created.object["data"] as? [String: Any])?["id"] as? String))
        }
        let patched = try await http.send("PATCH", "/api/v3/campaigns/\(ids[0])", body: RedditTestClient.envelope(["configured_status": "ACTIVE"]), headers: headers)
        #expect((patched.object["data"] as? [String: Any])?["configured_status"] as? String == "ACTIVE", "\(patched.text)")
        let first = try await http.send("GET", "/api/v3/ad_accounts/\(account)/campaigns?page.size=2", headers: headers)
        let next = try #require((first.object["pagination"] as? [String: Any])?["next_url"] as? String, "\(first.text)")
        #expect(next.hasPrefix(sandbox.baseURL.absoluteString))
        let second = try await http.send("GET", String(next.dropFirst(sandbox.baseURL.absoluteString.count)), headers: headers)
        #expect((second.object["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[2]], "\(second.text)")
        #expect((second.object["pagination"] as? [String: Any])?["next_url"] is NSNull)
    }

    @Test func tokenRefreshWithBasicAndUserAgent() async throws {
        let sandbox = try await RunningSandbox.inProcess(RedditTestClient.configuration())
        let ok = await RedditTestClient.refresh(sandbox)
        #expect(ok.status == 200, "\(ok.text)")
        RedditReference.check(ok.body, at: [], model: "TokenResponse")
        #expect(ok.object["token_type"] as? String == "bearer" && ok.object["expires_in"] as? Int == 3600)
        #expect((ok.object["access_token"] as? String)?.isEmpty == false)
        // The form must not carry the client; the secret must be right; the agent must be descriptive.
        let wrongSecret = await RedditTestClient.refresh(sandbox, authorization: RedditTestClient.basic(RedditSandboxModule.defaultClientId, "nope"))
        #expect(wrongSecret.status == 401 && wrongSecret.object["error"] as? String == "invalid_client", "\(wrongSecret.text)")
        let inTheForm = await RedditTestClient.refresh(
            sandbox, authorization: nil,
            form: "grant_type=refresh_token&refresh_token=\(RedditSandboxModule.defaultRefreshToken)&client_id=\(RedditSandboxModule.defaultClientId)&client_secret=\(RedditSandboxModule.defaultClientSecret)")
        #expect(inTheForm.status == 401, "\(inTheForm.text)")
        let noAgent = await RedditTestClient.refresh(sandbox, agent: nil)
        #expect(noAgent.status == 429 && noAgent.error["code"] as? Int == 429 && (noAgent.error["message"] as? String ?? "").contains("User-Agent"), "\(noAgent.text)")
        let generic = await RedditTestClient.refresh(sandbox, agent: "python-requests/2.32.3")
        #expect(generic.status == 429, "\(generic.text)")
        let wrongToken = await RedditTestClient.refresh(sandbox, form: "grant_type=refresh_token&refresh_token=other")
        #expect(wrongToken.status == 400 && wrongToken.object["error"] as? String == "invalid_grant", "\(wrongToken.text)")
        let wrongGrant = await RedditTestClient.refresh(sandbox, form: "grant_type=password&refresh_token=x")
        #expect(wrongGrant.object["error"] as? String == "unsupported_grant_type", "\(wrongGrant.text)")
        for reply in [wrongSecret, wrongToken, wrongGrant] { RedditReference.check(reply.body, at: [], model: "TokenError") }
        // The token request's body is redacted in the recording.
        let recorded = await sandbox.receivedRequests().first { $0.path == "/api/v1/access_token" }
        #expect(!(recorded.map { String(decoding: $0.body, as: UTF8.self) } ?? "").contains(RedditSandboxModule.defaultRefreshToken))

        // API calls: bearer token and agent on every one.
        var reddit = RedditTestClient(sandbox: sandbox, token: try #require(ok.object["access_token"] as? String))
        #expect(await reddit.get("ad_accounts/\(account)/campaigns").status == 200)
        reddit.agent = "Swift/6.3 URLSession"
        let genericCall = await reddit.get("ad_accounts/\(account)/campaigns")
        #expect(genericCall.status == 429, "\(genericCall.text)")
        reddit.agent = RedditTestClient(sandbox: sandbox).agent
        reddit.token = "sandbox-reddit-at-unknown"
        let unauthorized = await reddit.get("ad_accounts/\(account)/campaigns")
        #expect(unauthorized.status == 401 && unauthorized.error["code"] as? Int == 401, "\(unauthorized.text)")
        RedditReference.check(unauthorized.body, at: [], model: "ErrorBody")
    }

    /// A token lives `expires_in` (3600) seconds: after that the API answers 401 and a refresh gives a new one.
    @Test func tokensExpire() async throws {
        let clock = MutableClock()
        let sandbox = try await RunningSandbox.inProcess(SandboxConfiguration(now: { clock.now }))
        var reddit = try await RedditTestClient.connect(sandbox)
        clock.advance(by: 3_599)
        #expect(await reddit.get("ad_accounts/\(account)/campaigns").status == 200)
        clock.advance(by: 2)
        let expired = await reddit.get("ad_accounts/\(account)/campaigns")
        #expect(expired.status == 401 && expired.error["code"] as? Int == 401, "\(expired.text)")
        let fresh = try await RedditTestClient.connect(sandbox)
        #expect(fresh.token != reddit.token)
        reddit.token = fresh.token
        #expect(await reddit.get("ad_accounts/\(account)/campaigns").status == 200)
    }

    @Test func credentialsAndReplacedSecrets() async throws {
        var configuration = RedditTestClient.configuration()
        let defaults = try #require(configuration.credentials(for: .reddit))
        #expect(defaults.tokenPath == "api/v1/access_token" && defaults.clientId == "sandbox-reddit-client-id")
        #expect(defaults.clientSecret == "sandbox-reddit-client-secret" && defaults.refreshToken == "sandbox-reddit-refresh-token")
        #expect(RedditWire.isDescriptive(userAgent: defaults.values["user_agent"]))
        configuration.replaceSecrets(for: .reddit, clientSecret: "canary-secret", refreshToken: "canary-token")
        let replaced = try #require(configuration.credentials(for: .reddit))
        #expect(replaced.clientSecret == "canary-secret" && replaced.refreshToken == "canary-token" && replaced.values == defaults.values)
        let sandbox = try await RunningSandbox.inProcess(configuration)
        #expect(await RedditTestClient.refresh(sandbox).status == 401)
        let canary = await RedditTestClient.refresh(
            sandbox, authorization: RedditTestClient.basic(replaced.clientId, "canary-secret"), form: "grant_type=refresh_token&refresh_token=canary-token")
        #expect(canary.status == 200, "\(canary.text)")
    }

    /// Every object is created (201) and read back in the reference's response shapes, key by key; ids are shaped as
    /// the reference says; money stays in micros; campaigns default to ACTIVE, ads must send `configured_status`.
    @Test func createAndReadEveryObject() async throws {
        let reddit = try await client()
        let ids = try await reddit.tree()
        #expect(ids.campaign.allSatisfy(\.isNumber) && ids.adGroup.allSatisfy(\.isNumber) && ids.ad.allSatisfy(\.isNumber))
        #expect(ids.post.hasPrefix("t3_") && Set([ids.campaign, ids.adGroup, ids.ad]).count == 3)
        for (path, model) in [("campaigns/\(ids.campaign)", "Campaign"), ("ad_groups/\(ids.adGroup)", "AdGroup"), ("ads/\(ids.ad)", "Ad"), ("posts/\(ids.post)", "Post")] {
            let reply = await reddit.get(path)
            #expect(reply.status == 200, "\(reply.text)")
            RedditReference.check(reply.body, model: model)
        }
        let group = await reddit.get("ad_groups/\(ids.adGroup)").data
        #expect(group["goal_value"] as? Int == 20_000_000 && group["goal_type"] as? String == "DAILY_SPEND" && group["bid_value"] as? Int == 1_500_000)
        #expect(group["campaign_id"] as? String == ids.campaign && group["ad_account_id"] as? String == account)
        #expect(group["effective_status"] as? String == "PAUSED" && group["campaign_objective_type"] as? String == "CLICKS")
        let targeting = try #require(group["targeting"] as? [String: Any])
        #expect(targeting["keywords"] as? [String] == ["human trafficking", "escort"] && targeting["communities"] as? [String] == ["tampa", "florida"])
        #expect(targeting["geolocations"] as? [String] == ["US-FL", "US"])
        let ad = await reddit.get("ads/\(ids.ad)").data
        #expect(ad["post_id"] as? String == ids.post && ad["click_url"] as? String == "https://example.org/help" && ad["campaign_id"] as? String == ids.campaign)
        let post = await reddit.get("posts/\(ids.post)").data
        #expect(post["profile_id"] as? String == RedditTestClient.profile && post["headline"] as? String == "Buying sex fuels trafficking.")
        #expect(((post["content"] as? [[String: Any]])?.first?["call_to_action"] as? String) == "Learn More")
        // A TEXT post.
        let text = await reddit.post("profiles/\(RedditTestClient.profile)/posts", ["type": "TEXT", "headline": "Need help?", "body": "Call the hotline."])
        #expect(text.status == 201, "\(text.text)")
        RedditReference.check(text.body, model: "Post")
        // Defaults: a campaign without configured_status is ACTIVE; an ad must send it (required in the reference).
        let active = await reddit.post("ad_accounts/\(account)/campaigns", ["name": "tfz default/status/reddit", "objective": "CLICKS"])
        #expect(active.status == 201 && active.data["configured_status"] as? String == "ACTIVE" && active.data["effective_status"] as? String == "ACTIVE", "\(active.text)")
        RedditReference.check(active.body, model: "Campaign")
        #expect(RedditReference.fields("CampaignCreate")["configured_status"]?["constraints"].flatMap { ($0 as? [String: Any])?["default"] as? String } == "ACTIVE")
        let noStatus = await reddit.post("ad_accounts/\(account)/ads", ["name": "tfz ad", "ad_group_id": ids.adGroup, "post_id": ids.post])
        #expect(noStatus.status == 400 && noStatus.field == "configured_status", "\(noStatus.text)")
        // The account and its profile.
        let accountReply = await reddit.get("ad_accounts/\(account)")
        RedditReference.check(accountReply.body, model: "AdAccount")
        let profiles = await reddit.get("ad_accounts/\(account)/profiles")
        #expect(profiles.list.first?["id"] as? String == RedditTestClient.profile, "\(profiles.text)")
        RedditReference.check(profiles.body, model: "Profile")
        RedditReference.check(profiles.body, at: ["pagination"], model: "Pagination")
        // Unknown ids are 404 with Reddit's error body.
        let missing = await reddit.get("campaigns/1")
        #expect(missing.status == 404 && missing.error["code"] as? Int == 404, "\(missing.text)")
    }

    /// PATCH writes the fields given; `configured_status` drives `effective_status` down the tree; read-only fields are
    /// refused; there is no DELETE.
    @Test func updateByPatch() async throws {
        let reddit = try await client()
        let ids = try await reddit.tree(status: "ACTIVE")
        func effective(_ path: String) async -> String? { await reddit.get(path).data["effective_status"] as? String }
        #expect(await effective("ads/\(ids.ad)") == "ACTIVE")
        let paused = await reddit.patch("campaigns/\(ids.campaign)", ["configured_status": "PAUSED"])
        #expect(paused.status == 200 && paused.data["configured_status"] as? String == "PAUSED" && paused.data["name"] as? String != nil, "\(paused.text)")
        RedditReference.check(paused.body, model: "Campaign")
        #expect(await effective("ad_groups/\(ids.adGroup)") == "CAMPAIGN_PAUSED")
        #expect(await effective("ads/\(ids.ad)") == "CAMPAIGN_PAUSED")
        _ = await reddit.patch("campaigns/\(ids.campaign)", ["configured_status": "ACTIVE"])
        let group = await reddit.patch("ad_groups/\(ids.adGroup)", ["configured_status": "PAUSED", "goal_value": 35_000_000, "targeting": ["keywords": ["sex buyer"], "geolocations": ["US-FL"]]])
        #expect(group.status == 200 && group.data["goal_value"] as? Int == 35_000_000 && group.data["bid_value"] as? Int == 1_500_000, "\(group.text)")
        #expect(await effective("ads/\(ids.ad)") == "AD_GROUP_PAUSED")
        let renamed = await reddit.patch("ads/\(ids.ad)", ["name": "tfz renamed ad", "click_url": "https://example.org/other"])
        #expect(renamed.status == 200 && renamed.data["name"] as? String == "tfz renamed ad" && renamed.data["post_id"] as? String == ids.post, "\(renamed.text)")
        for (path, body, field) in [
            ("campaigns/\(ids.campaign)", ["effective_status": "PAUSED"], "effective_status"),
            ("ads/\(ids.ad)", ["ad_group_id": ids.adGroup], "ad_group_id"),
            ("ad_groups/\(ids.adGroup)", ["campaign_id": "1700000000000000999"], "campaign_id"),
            ("ad_groups/\(ids.adGroup)", ["campaign_id": NSNull()], "campaign_id"),
            ("campaigns/\(ids.campaign)", ["name": NSNull()], "name"),
            ("campaigns/\(ids.campaign)", ["spend_cap": -1, "colour": "red"], "colour"),
            ("ad_groups/\(ids.adGroup)", ["configured_status": "RUNNING"], "configured_status"),
            ("posts/\(ids.post)", ["headline": "changed"], "headline"),
        ] as [(String, [String: Any], String)] {
            let refused = await reddit.patch(path, body)
            #expect(refused.status == 400 && refused.field == field, "\(path): \(refused.text)")
        }
        let comments = await reddit.patch("posts/\(ids.post)", ["allow_comments": true])
        #expect(comments.status == 200 && comments.data["allow_comments"] as? Bool == true, "\(comments.text)")
        // No DELETE verb: PATCH configured_status DELETED, and the object leaves the lists.
        #expect(await reddit.send("DELETE", "ads/\(ids.ad)").status == 405)
        #expect(await reddit.patch("ads/\(ids.ad)", ["configured_status": "DELETED"]).status == 200)
        #expect(await reddit.get("ad_accounts/\(account)/ads").list.isEmpty)
        #expect(await reddit.get("ad_accounts/\(account)/ads", query: "configured_status=DELETED").list.count == 1)
    }

    /// Refused bodies are HTTP 400 with Reddit's error body and the field named in `error.fields`.
    @Test func refusedBodiesNameTheField() async throws {
        let reddit = try await client()
        let ids = try await reddit.tree()
        let base: [String: Any] = ["name": "tfz x/y/reddit", "objective": "CLICKS", "configured_status": "PAUSED"]
        func group(_ extra: [String: Any]) -> [String: Any] {
            ["name": "tfz group", "campaign_id": ids.campaign, "configured_status": "PAUSED", "goal_type": "DAILY_SPEND", "goal_value": 10_000_000].merging(extra) { _, new in new }
        }
        let cases: [(String, [String: Any], String)] = [
            ("ad_accounts/\(account)/campaigns", base.merging(["colour": "red"]) { a, _ in a }, "colour"),
            ("ad_accounts/\(account)/campaigns", base.merging(["objective": "OUTCOME_TRAFFIC"]) { _, b in b }, "objective"),
            ("ad_accounts/\(account)/campaigns", base.merging(["name": "ab"]) { _, b in b }, "name"),
            ("ad_accounts/\(account)/campaigns", ["name": "tfz no objective", "configured_status": "PAUSED"], "objective"),
            ("ad_accounts/\(account)/campaigns", base.merging(["spend_cap": "100"]) { _, b in b }, "spend_cap"),
            ("ad_accounts/\(account)/campaigns", base.merging(["id": "1"]) { _, b in b }, "id"),
            ("ad_accounts/\(account)/campaigns", base.merging(["special_ad_categories": ["NONE"]]) { _, b in b }, "special_ad_categories"),
            ("ad_accounts/\(account)/ad_groups", group(["campaign_id": "42"]), "campaign_id"),
            ("ad_accounts/\(account)/ad_groups", ["campaign_id": ids.campaign, "configured_status": "PAUSED"], "name"),
            ("ad_accounts/\(account)/campaigns", base.merging(["name": NSNull()]) { _, b in b }, "name"),
            ("ad_accounts/\(account)/ad_groups", group(["goal_value": 12.5]), "goal_value"),
            ("ad_accounts/\(account)/ad_groups", group(["targeting": ["keywords": ["\"exact phrase\""]]]), "targeting.keywords[0]"),
            ("ad_accounts/\(account)/ad_groups", group(["targeting": ["communities": ["r/tampa"]]]), "targeting.communities[0]"),
            ("ad_accounts/\(account)/ad_groups", group(["targeting": ["geolocations": ["US", "Florida"]]]), "targeting.geolocations[1]"),
            ("ad_accounts/\(account)/ad_groups", group(["targeting": ["keywords": (0...1000).map { "k\($0)" }]]), "targeting.keywords"),
            ("ad_accounts/\(account)/ad_groups", group(["targeting": ["zips": ["33602"]]]), "targeting.zips"),
            ("ad_accounts/\(account)/ad_groups", group(["start_time": "2026-03-02"]), "start_time"),
            ("ad_accounts/\(account)/ad_groups", group(["end_time": "2026-03-31T00:00:00Z"]), "start_time"),
            ("ad_accounts/\(account)/ad_groups", group(["bid_type": "CPM", "bid_value": 1_000_000]), "bid_value"),
            ("ad_accounts/\(account)/ad_groups", group(["schedule": [["start_day": 7, "start_hour": 0, "end_day": 1, "end_hour": 23]]]), "schedule[0].start_day"),
            ("ad_accounts/\(account)/ads", ["name": "tfz ad", "ad_group_id": ids.adGroup, "configured_status": "PAUSED", "post_id": "t3_zzzzzzz"], "post_id"),
            ("ad_accounts/\(account)/ads", ["name": "tfz ad", "ad_group_id": ids.adGroup, "configured_status": "PAUSED", "post_id": "1"], "post_id"),
            ("ad_accounts/\(account)/ads", ["name": "tfz ad", "configured_status": "PAUSED", "post_id": ids.post], "ad_group_id"),
            ("ad_accounts/\(account)/ads", ["name": "tfz ad", "ad_group_id": ids.adGroup, "configured_status": "PAUSED", "click_url": String(repeating: "x", count: 5001)], "click_url"),
            ("profiles/\(RedditTestClient.profile)/posts", ["type": "IMAGE", "headline": "h", "content": [["media_url": "https://example.org/a.png"]]], "content[0].destination_url"),
            ("profiles/\(RedditTestClient.profile)/posts", ["type": "TEXT", "headline": "h", "body": "b", "content": [["call_to_action": "DONATE_NOW"]]], "content[0].call_to_action"),
        ]
        for (path, body, field) in cases {
            let reply = await reddit.post(path, body)
            #expect(reply.status == 400 && reply.error["code"] as? Int == 400 && reply.field == field, "\(field): \(reply.text)")
            RedditReference.check(reply.body, at: [], model: "ErrorBody")
        }
        // A body without the {"data": …} envelope.
        let bare = await reddit.send("POST", "ad_accounts/\(account)/campaigns", body: try JSONSerialization.data(withJSONObject: base))
        #expect(bare.status == 400 && bare.field == "data", "\(bare.text)")
        let notJSON = await reddit.send("POST", "ad_accounts/\(account)/campaigns", body: Data("name=tfz".utf8))
        #expect(notJSON.status == 400 && notJSON.field == "data", "\(notJSON.text)")
        // Under campaign budget optimization an ad group has no budget of its own.
        let cbo = try await reddit.post("ad_accounts/\(account)/campaigns", base.merging(["goal_type": "DAILY_SPEND", "goal_value": 50_000_000]) { _, b in b }).id()
        #expect(await reddit.get("campaigns/\(cbo)").data["is_campaign_budget_optimization"] as? Bool == true)
        let own = await reddit.post("ad_accounts/\(account)/ad_groups", group(["campaign_id": cbo]))
        #expect(own.status == 400 && own.field == "goal_value", "\(own.text)")
    }

    /// Lists page with `page.size` / `page.token` and an absolute `next_url` followed as given; filters narrow them.
    @Test func listsFilterAndPage() async throws {
        let reddit = try await client()
        var created: [String] = []
        for index in 1...5 {
            created.append(try await reddit.post("ad_accounts/\(account)/campaigns", ["name": "tfz zone-\(index)/t/reddit", "objective": "CLICKS", "configured_status": "PAUSED"]).id())
        }
        var names: [String] = []
        var query: String? = "page.size=2"
        var pages = 0
        while let current = query {
            let page = await reddit.get("ad_accounts/\(account)/campaigns", query: current)
            #expect(page.status == 200, "\(page.text)")
            RedditReference.check(page.body, model: "Campaign")
            RedditReference.check(page.body, at: ["pagination"], model: "Pagination")
            pages += 1
            names += page.list.compactMap { $0["name"] as? String }
            let next = page.pagination["next_url"] as? String
            if let next {
                let url = try #require(URLComponents(string: next))
                #expect(next.hasPrefix("http") && url.path == "/api/v3/ad_accounts/\(account)/campaigns")
                #expect(url.queryItems?.contains { $0.name == "page.token" } == true && url.queryItems?.contains { $0.name == "page.size" && $0.value == "2" } == true)
            }
            query = next.flatMap { URLComponents(string: $0)?.percentEncodedQuery }
            #expect(pages < 5)
        }
        #expect(pages == 3 && names == (1...5).map { "tfz zone-\($0)/t/reddit" })
        let picked = await reddit.get("ad_accounts/\(account)/campaigns", query: "id=\(created[1]),\(created[3])")
        #expect(picked.list.compactMap { $0["id"] as? String } == [created[1], created[3]])
        #expect(await reddit.get("ad_accounts/\(account)/campaigns", query: "page.size=1001").field == "page.size")
        #expect(await reddit.get("ad_accounts/\(account)/campaigns", query: "page.token=nonsense").field == "page.token")
        #expect(await reddit.get("ad_accounts/\(account)/campaigns", query: "colour=red").field == "colour")
        // Ad groups by campaign, ads by ad group and effective status, posts by type (page.size at most 100).
        let one = try await reddit.tree(name: "tfz a/b/reddit", status: "ACTIVE")
        let two = try await reddit.tree(name: "tfz c/d/reddit", status: "PAUSED")
        #expect(await reddit.get("ad_accounts/\(account)/ad_groups", query: "campaign_id=\(one.campaign)").list.compactMap { $0["id"] as? String } == [one.adGroup])
        #expect(await reddit.get("ad_accounts/\(account)/ads", query: "ad_group_id=\(two.adGroup)").list.compactMap { $0["id"] as? String } == [two.ad])
        #expect(await reddit.get("ad_accounts/\(account)/ads", query: "effective_status=ACTIVE").list.compactMap { $0["id"] as? String } == [one.ad])
        #expect(await reddit.get("ad_accounts/\(account)/ads", query: "effective_status=RUNNING").field == "effective_status")
        let posts = await reddit.get("profiles/\(RedditTestClient.profile)/posts", query: "type=IMAGE&page.size=1")
        #expect(posts.list.compactMap { $0["id"] as? String } == [two.post] && posts.pagination["next_url"] is String, "\(posts.text)")
        RedditReference.check(posts.body, model: "Post")
        #expect(await reddit.get("profiles/\(RedditTestClient.profile)/posts", query: "page.size=101").field == "page.size")
    }

    /// Delivery: only ACTIVE trees inside the flight; a report by ad and day (every page re-sending the body) has the
    /// reference's row keys, spend in micros, and the final figures for settled days; the same seed gives the same rows.
    @Test func reportByDayMatchesDelivery() async throws {
        func run(seed: UInt64) async throws -> (rows: [[String: Any]], reddit: RedditTestClient, ids: (campaign: String, adGroup: String, post: String, ad: String)) {
            let reddit = try await client(seed: seed)
            let ids = try await reddit.tree(status: "ACTIVE")
            _ = try await reddit.tree(name: "tfz paused/one/reddit", status: "PAUSED")
            try await reddit.sandbox.advance(days: 8)
            let request: [String: Any] = [
                "starts_at": "2026-02-20T00:00:00Z", "ends_at": "2026-03-13T00:00:00Z", "breakdowns": ["AD_ID", "DATE"],
                "fields": ["IMPRESSIONS", "REACH", "CLICKS", "SPEND", "CTR", "CPC", "ECPM", "FREQUENCY", "CONVERSION_SIGN_UP_CLICKS"],
            ]
            let report = try await reddit.report(request, pageSize: 3)
            #expect(report.pages.count == 3)
            for page in report.pages {
                RedditReference.check(page.body, at: ["data", "metrics"], model: "ReportMetricRow")
                RedditReference.check(page.body, at: ["data"], model: "ReportData")
                RedditReference.check(page.body, at: ["pagination"], model: "ReportPagination")
                #expect(page.pagination["total_count"] as? Int == 8)
            }
            return (report.rows, reddit, ids)
        }
        let first = try await run(seed: 7)
        #expect(first.rows.map { $0["date"] as? String ?? "" } == (0..<8).map { SandboxCalendar.string(SandboxCalendar.day("2026-03-02")! + $0) })
        for row in first.rows {
            #expect(row["ad_id"] as? String == first.ids.ad)
            let impressions = try #require(row["impressions"] as? Int)
            let clicks = try #require(row["clicks"] as? Int)
            let spend = try #require(row["spend"] as? Int)
            #expect(impressions > 300 && (row["reach"] as? Int ?? .max) <= impressions && clicks < impressions / 50, "\(row)")
            #expect(spend > 0 && spend <= 20_000_000, "spend in micros within the 20.00 budget: \(row)")
            #expect(abs((row["ecpm"] as? Double ?? 0) - Double(spend) * 1_000 / Double(impressions)) < 0.01)
            #expect(row["conversion_sign_up_clicks"] == nil)
        }
        // Settled days (three or more days before today, 2026-03-10) equal the delivery view, cost in micros.
        let view = await first.reddit.sandbox.deliveryByDay(platform: .reddit, through: "2026-03-07")
        #expect(view.count == 6)
        for row in first.rows where (row["date"] as? String ?? "") <= "2026-03-07" {
            let day = try #require(view[row["date"] as! String])
            #expect(Int64(row["impressions"] as! Int) == day.impressions && Int64(row["clicks"] as! Int) == day.clicks && Int64(row["spend"] as! Int) == day.costMicros)
        }
        let again = try await run(seed: 7)
        #expect(NSArray(array: again.rows).isEqual(to: first.rows))
        let other = try await run(seed: 8)
        #expect(!NSArray(array: other.rows).isEqual(to: first.rows))
        // By campaign over the whole range: one row, the sums of the daily rows.
        let total = try await first.reddit.report(["starts_at": "2026-03-01T00:00:00Z", "ends_at": "2026-03-10T00:00:00Z", "breakdowns": ["CAMPAIGN_ID"], "fields": ["IMPRESSIONS", "SPEND"]])
        #expect(total.rows.count == 1 && total.rows.first?["campaign_id"] as? String == first.ids.campaign)
        #expect(total.rows.first?["impressions"] as? Int == first.rows.reduce(0) { $0 + ($1["impressions"] as! Int) })
        // A range shifted by a zone's offset (05:00Z … 05:00Z) counts 19 hours of one day and 5 of the next.
        let shifted = try await first.reddit.report(["starts_at": "2026-03-03T05:00:00Z", "ends_at": "2026-03-04T05:00:00Z", "breakdowns": ["DATE"], "fields": ["IMPRESSIONS"]])
        let third = try #require(view["2026-03-03"]), fourth = try #require(view["2026-03-04"])
        #expect(shifted.rows.compactMap { $0["impressions"] as? Int } == [Int(third.impressions * 19 / 24), Int(fourth.impressions * 5 / 24)], "\(shifted.rows)")
        // A filter, and an empty range (metrics [] with 200).
        let filtered = try await first.reddit.report(["starts_at": "2026-03-01T00:00:00Z", "ends_at": "2026-03-10T00:00:00Z", "fields": ["IMPRESSIONS"], "filter": "campaign:name=@paused"])
        #expect(filtered.rows.isEmpty)
        let empty = try await first.reddit.report(["starts_at": "2025-01-01T00:00:00Z", "ends_at": "2025-01-02T00:00:00Z", "fields": ["IMPRESSIONS"]])
        #expect(empty.rows.isEmpty && empty.pages.first?.status == 200)
    }

    /// The delivery stops outside the flight and while a parent is paused.
    @Test func deliveryOnlyWithinFlightAndWhileActive() async throws {
        let reddit = try await client()
        let ids = try await reddit.tree(status: "ACTIVE")
        _ = await reddit.patch("ad_groups/\(ids.adGroup)", ["end_time": "2026-03-04T23:59:59-05:00"])
        try await reddit.sandbox.advance(days: 6)
        #expect(await reddit.sandbox.deliveryByDay(platform: .reddit, through: "2026-03-31").keys.sorted() == ["2026-03-02", "2026-03-03", "2026-03-04"])
        #expect(await reddit.get("ads/\(ids.ad)").data["effective_status"] as? String == "COMPLETED")
        let other = try await client()
        let tree = try await other.tree(status: "ACTIVE")
        _ = await other.patch("campaigns/\(tree.campaign)", ["configured_status": "PAUSED"])
        try await other.sandbox.advance(days: 3)
        #expect(await other.sandbox.deliveryByDay(platform: .reddit, through: "2026-03-31").isEmpty)
    }

    /// A campaign's lifetime `spend_cap` (micros) stops its delivery once spent.
    @Test func spendCapStopsDelivery() async throws {
        let reddit = try await client()
        let ids = try await reddit.tree(status: "ACTIVE")
        let cap = 8_000_000
        #expect(await reddit.patch("campaigns/\(ids.campaign)", ["spend_cap": cap]).status == 200)
        try await reddit.sandbox.advance(days: 6)
        let days = await reddit.sandbox.deliveryByDay(platform: .reddit, through: "2026-03-31")
        #expect(days.values.reduce(0) { $0 + $1.costMicros } <= Int64(cap))
        #expect(days.count >= 1 && days.count < 6, "the cap (8.00, a few days' spend) ends delivery: \(days.mapValues(\.costMicros))")
    }

    /// Yesterday and the day before are served below their final figures, and settle once older.
    @Test func recentDaysAreRestated() async throws {
        let reddit = try await client()
        _ = try await reddit.tree(status: "ACTIVE")
        try await reddit.sandbox.advance(days: 5)
        let request: [String: Any] = ["starts_at": "2026-03-02T00:00:00Z", "ends_at": "2026-03-07T00:00:00Z", "breakdowns": ["DATE"], "fields": ["IMPRESSIONS", "CLICKS", "SPEND"]]
        let early = try await reddit.report(request).rows
        let final = await reddit.sandbox.deliveryByDay(platform: .reddit, through: "2026-03-06")
        for row in early {
            let date = row["date"] as! String
            let impressions = Int64(row["impressions"] as! Int)
            if date >= "2026-03-05" {
                #expect(impressions < final[date]!.impressions, "\(date) is restated")
            } else {
                #expect(impressions == final[date]!.impressions, "\(date) is final")
            }
        }
        try await reddit.sandbox.advance(days: 3)
        let settled = try await reddit.report(request).rows
        for row in settled { #expect(Int64(row["impressions"] as! Int) == final[row["date"] as! String]!.impressions) }
    }

    @Test func reportRequestRules() async throws {
        let reddit = try await client()
        let good: [String: Any] = ["starts_at": "2026-03-01T00:00:00Z", "ends_at": "2026-03-02T00:00:00Z", "fields": ["IMPRESSIONS"]]
        let cases: [([String: Any], String)] = [
            (["starts_at": "2026-03-01T00:30:00Z"], "starts_at"),
            (["ends_at": "2026-03-02T00:00:00+00:00"], "ends_at"),
            (["ends_at": "2026-02-28T00:00:00Z"], "ends_at"),
            (["fields": ["IMPRESSIONS", "COLOUR"]], "fields[1]"),
            (["breakdowns": ["AD_ID", "DATE", "CAMPAIGN_ID", "AD_GROUP_ID"]], "breakdowns"),
            (["breakdowns": ["KEYWORD"]], "breakdowns[0]"),
            (["filter": "campaign:colour==red"], "filter"),
            (["time_zone_id": "Mars/Olympus"], "time_zone_id"),
            (["level": "AD"], "level"),
        ]
        for (change, field) in cases {
            let reply = await reddit.post("ad_accounts/\(account)/reports", good.merging(change) { _, new in new })
            #expect(reply.status == 400 && reply.field == field, "\(field): \(reply.text)")
        }
        let zone = await reddit.post("ad_accounts/\(account)/reports", good.merging(["time_zone_id": "America/New_York"]) { _, new in new })
        #expect(zone.status == 200, "\(zone.text)")
    }

    @Test func faultsHaveRedditsBodiesAndHeaders() async throws {
        let reddit = try await client()
        let path = "ad_accounts/\(account)/campaigns"
        let normal = await reddit.get(path)
        #expect(normal.header("RateLimit-Policy") == "\"ads-campaign-management-read\";q=400;w=60", "\(normal.headers)")
        #expect(normal.header("RateLimit")?.hasPrefix("\"ads-campaign-management-read\";r=399;t=") == true)
        let write = await reddit.post(path, ["name": "tfz write/x/reddit", "objective": "CLICKS", "configured_status": "PAUSED"])
        #expect(write.header("RateLimit-Policy") == "\"ads-campaign-management-write\";q=200;w=60")
        await reddit.sandbox.enqueueFaults([.rateLimited(retryDelay: "90s"), .dailyQuotaExhausted, .unavailable, .internalError])
        let throttled = await reddit.get(path)
        #expect(throttled.status == 429 && throttled.error["code"] as? Int == 429 && throttled.error["message"] as? String == "Too Many Requests", "\(throttled.text)")
        #expect(throttled.header("RateLimit") == "\"ads-campaign-management-read\";r=0;t=90" && throttled.header("Retry-After") == nil)
        let quota = await reddit.get(path)
        #expect(quota.status == 429 && quota.header("RateLimit")?.contains("r=0") == true)
        let unavailable = await reddit.get(path)
        #expect(unavailable.status == 503 && unavailable.error["code"] as? Int == 503, "\(unavailable.text)")
        let server = await reddit.get(path)
        #expect(server.status == 500 && server.error["code"] as? Int == 500, "\(server.text)")
        for reply in [throttled, quota, unavailable, server] { RedditReference.check(reply.body, at: [], model: "ErrorBody") }
        // A write dropped after applying is applied.
        await reddit.sandbox.enqueueFaults([.dropAfterApplying])
        let dropped = await reddit.sandbox.respond(
            method: "POST", path: "/api/v3/\(path)",
            headers: [("Authorization", "Bearer \(reddit.token)"), ("User-Agent", reddit.agent)],
            body: RedditTestClient.envelope(["name": "tfz dropped/x/reddit", "objective": "CLICKS", "configured_status": "PAUSED"]))
        #expect(dropped.status == nil)
        #expect(await reddit.get(path).list.compactMap { $0["name"] as? String }.contains("tfz dropped/x/reddit"))
        // Counted for faults: a scripted fault on the second API call; the token endpoint only when the plan says so.
        let scripted = try await client(faults: FaultPlan(script: [2: .unavailable]))
        #expect(await scripted.get(path).status == 200)
        #expect(await scripted.get(path).status == 503)
        let tokenSandbox = try await RunningSandbox.inProcess(RedditTestClient.configuration(faults: FaultPlan(script: [1: .rateLimited(retryDelay: "5s")], includeTokenEndpoint: true)))
        let refused = await RedditTestClient.refresh(tokenSandbox)
        #expect(refused.status == 429 && refused.error["code"] as? Int == 429, "\(refused.text)")
        #expect(await RedditTestClient.refresh(tokenSandbox).status == 200)
    }

    @Test func stateSurvivesARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-reddit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let reddit = try await client(directory: directory)
        let ids = try await reddit.tree(status: "ACTIVE")
        try await reddit.sandbox.advance(days: 3)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("reddit.json").path))
        let request: [String: Any] = ["starts_at": "2026-03-01T00:00:00Z", "ends_at": "2026-03-05T00:00:00Z", "breakdowns": ["AD_ID", "DATE"], "fields": ["IMPRESSIONS", "SPEND"]]
        let before = (group: await reddit.get("ad_groups/\(ids.adGroup)"), post: await reddit.get("posts/\(ids.post)"), report: try await reddit.report(request).rows)
        // The same token still works on the reopened sandbox (tokens are part of the state).
        var reopened = RedditTestClient(sandbox: try await RunningSandbox.inProcess(RedditTestClient.configuration(directory: directory)))
        reopened.token = reddit.token
        let group = await reopened.get("ad_groups/\(ids.adGroup)")
        #expect(group.status == 200 && group.body == before.group.body, "\(group.text)")
        #expect(await reopened.get("posts/\(ids.post)").body == before.post.body)
        #expect(NSArray(array: try await reopened.report(request).rows).isEqual(to: before.report))
        let next = try await reopened.post("ad_accounts/\(account)/campaigns", ["name": "tfz later/x/reddit", "objective": "CLICKS"]).id()
        #expect(!Set([ids.campaign, ids.adGroup, ids.ad]).contains(next))
        // An unreadable file is kept aside, never overwritten.
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-reddit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: broken) }
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: broken.appendingPathComponent("reddit.json"))
        _ = try await client(directory: broken)
        #expect(try String(contentsOf: broken.appendingPathComponent("reddit.json.unreadable"), encoding: .utf8) == "not json")
        #expect(FileManager.default.fileExists(atPath: broken.appendingPathComponent("reddit.json").path))
    }

    @Test func neutralViews() async throws {
        let reddit = try await client()
        let active = try await reddit.tree(name: "tfz fl-hillsborough/deterrence/reddit · A", status: "ACTIVE")
        _ = try await reddit.tree(name: "tfz fl-pinellas/deterrence/reddit · B", status: "PAUSED")
        let deleted = try await reddit.tree(name: "tfz fl-pasco/deterrence/reddit · C", status: "PAUSED")
        _ = await reddit.patch("campaigns/\(deleted.campaign)", ["configured_status": "DELETED"])
        let views = await reddit.sandbox.tfzCampaigns(.reddit)
        #expect(views.map(\.name) == ["tfz fl-hillsborough/deterrence/reddit · A", "tfz fl-pinellas/deterrence/reddit · B"])
        #expect(views.map(\.status) == [.enabled, .paused] && views.first?.remoteId == active.campaign)
        #expect(await reddit.sandbox.duplicateObjects(.reddit).isEmpty)
        _ = try await reddit.post("ad_accounts/\(account)/ads", [
            "name": "tfz fl-hillsborough/deterrence/reddit · A · ad", "ad_group_id": active.adGroup, "post_id": active.post, "configured_status": "PAUSED",
        ]).id()
        let duplicates = await reddit.sandbox.duplicateObjects(.reddit)
        #expect(duplicates.count == 1 && duplicates.first?.hasPrefix("ad ×2") == true, "\(duplicates)")
    }

    /// The generated tables say what the reference says, model by model and field by field (the generator reads the
    /// digest; this reads the copy the tests use).
    @Test func generatedTablesMatchTheReference() throws {
        try #require(!RedditReference.digest.isEmpty)
        for (model, fields) in RedditSchema.models {
            let reference = RedditReference.fields(model)
            #expect(Set(fields.keys) == Set(reference.keys), "\(model)")
            for (name, field) in fields {
                let entry = reference[name] ?? [:]
                #expect(field.type == entry["type"] as? String && field.items == entry["items"] as? String && field.enumName == entry["enum"] as? String, "\(model).\(name)")
                #expect(field.required == (entry["required"] as? Bool ?? false) && field.readOnly == (entry["readOnly"] as? Bool ?? false), "\(model).\(name)")
                #expect(field.nullable == (entry["nullable"] as? Bool ?? false), "\(model).\(name)")
                let constraints = entry["constraints"] as? [String: Any] ?? [:]
                #expect(field.maxLength == constraints["maxLength"] as? Int && field.maxItems == constraints["maxItems"] as? Int, "\(model).\(name)")
            }
        }
        for (name, values) in RedditSchema.enums { #expect(values == RedditReference.enumValues(name), "\(name)") }
        // The copy in Tests/Reference (for fresh clones) is the steering folder's file, when that is beside the repository.
        let copy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Reference/reddit-ads-v3.json")
        if RedditReference.file != copy { #expect(try Data(contentsOf: copy) == Data(contentsOf: RedditReference.file)) }
    }
}
