import CampaignKit
import Foundation
import Testing

@testable import Sandbox

/// The Meta Marketing API v25.0 module: routing, auth, writes and their validation, reads, insights, delivery, faults,
/// persistence and the neutral views. Wire shapes are checked against the reference node specs.
@Suite struct MetaSandboxTests {
    private func client(seed: UInt64 = 7, directory: URL? = nil) async throws -> MetaTestClient {
        MetaTestClient(sandbox: try await RunningSandbox.inProcess(MetaTestClient.configuration(seed: seed, directory: directory)))
    }

    @Test func digestsMatchPublishedVectors() {
        #expect(MetaDigest.hex(MetaDigest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // RFC 4231 test case 2.
        #expect(MetaDigest.hmacSHA256Hex(key: "Jefe", message: "what do ya want for nothing?") == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // RFC 1321.
        #expect(MetaDigest.md5Hex([]) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MetaDigest.md5Hex(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(MetaDigest.md5Hex(Array("12345678901234567890123456789012345678901234567890123456789012345678901234567890".utf8)) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    /// `/v25.0/` is Meta's, `/v25/` Google's; a 413 on a Meta path has Meta's envelope.
    @Test func versionedPathsGoToTheirOwnModules() async throws {
        #expect(GoogleSandboxModule().classify("/v25.0/act_1/campaigns") == nil)
        #expect(MetaSandboxModule().classify("/v25/customers/1/googleAds:search") == nil)
        #expect(SandboxModules.claim("/v25.0/act_1/campaigns")?.module.platform == .meta)
        #expect(SandboxModules.claim("/v25/customers/1/googleAds:search")?.module.platform == .googleAds)
        let sandbox = try await RunningSandbox.inProcess(SandboxConfiguration(maxBodyBytes: 16))
        let reply = MetaReply(await sandbox.respond(method: "POST", path: "/v25.0/act_1/campaigns", body: Data(String(repeating: "x", count: 17).utf8)))
        #expect(reply.status == 413)
        #expect(reply.error["type"] as? String == "OAuthException" && reply.error["fbtrace_id"] is String, "\(reply.text)")
    }

    /// Meta's API paths are counted for faults (and get Meta's fault bodies), like every module's API paths.
    @Test func metaPathsAreCountedForFaults() async throws {
        let meta = MetaTestClient(sandbox: try await RunningSandbox.inProcess(MetaTestClient.configuration(faults: FaultPlan(script: [2: .unavailable]))))
        #expect(await meta.get("\(MetaTestClient.account)/campaigns").status == 200)
        let second = await meta.get("\(MetaTestClient.account)/campaigns")
        #expect(second.status == 500 && second.error["code"] as? Int == 2, "\(second.text)")
        let numbers = await meta.sandbox.receivedRequests().map(\.faultNumber)
        #expect(numbers == [1, 2])
    }

    /// Over real HTTP on loopback: a form-encoded write, a paged read whose `next` URL is followed as given (the
    /// sandbox's host and port), and the usage headers.
    @Test func overLoopbackHTTP() async throws {
        let sandbox = try await startSandbox(MetaTestClient.configuration())
        defer { Task { await sandbox.stop() } }
        let meta = MetaTestClient(sandbox: sandbox)
        let http = SandboxHTTPClient(sandbox)
        let auth = ["Authorization": "Bearer \(meta.token)"]
        for index in 1...3 {
            let form = MetaTestClient.encode([("name", "tfz zone-\(index)/t/meta"), ("objective", "OUTCOME_AWARENESS"), ("status", "PAUSED"), ("special_ad_categories", "[]"), ("daily_budget", "2500")])
            let created = try await http.send(
                "POST", "/v25.0/\(MetaTestClient.account)/campaigns?appsecret_proof=\(meta.proof)", body: Data(form.utf8),
                headers: auth.merging(["Content-Type": "application/x-www-form-urlencoded"]) { a, _ in a })
            #expect(created.status == 200 && created.object["id"] is String, "\(created.text)")
            #expect(created.headers["x-business-use-case-usage"] != nil)
        }
        let first = try await http.send("GET", "/v25.0/\(MetaTestClient.account)/campaigns?fields=name,daily_budget&limit=2&appsecret_proof=\(meta.proof)", headers: auth)
        #expect((first.object["data"] as? [[String: Any]])?.first?["daily_budget"] as? String == "2500", "\(first.text)")
        let next = try #require(((first.object["paging"] as? [String: Any])?["next"] as? String))
        #expect(next.hasPrefix(sandbox.baseURL.absoluteString))
        let second = try await http.send("GET", String(next.dropFirst(sandbox.baseURL.absoluteString.count)), headers: auth)
        #expect((second.object["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["tfz zone-1/t/meta"], "\(second.text)")
    }

    /// A state file that cannot be read is kept aside, never overwritten.
    @Test func anUnreadableStateFileIsKeptAside() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-meta-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: directory.appendingPathComponent("meta.json"))
        let meta = try await client(directory: directory)
        _ = try await meta.post("\(MetaTestClient.account)/campaigns", [("name", "tfz x"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", "[]")]).id()
        #expect(try String(contentsOf: directory.appendingPathComponent("meta.json.unreadable"), encoding: .utf8) == "not json")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("meta.json").path))
    }

    @Test func authenticationAndAppsecretProof() async throws {
        let meta = try await client()
        let path = "/v25.0/\(MetaTestClient.account)/campaigns"
        let none = MetaReply(await meta.sandbox.respond(method: "GET", path: path))
        #expect(none.status == 400 && none.error["code"] as? Int == 104, "\(none.text)")
        let wrong = MetaReply(await meta.sandbox.respond(method: "GET", path: path, headers: [("Authorization", "Bearer nope")]))
        #expect(wrong.status == 400 && wrong.error["code"] as? Int == 190 && wrong.error["type"] as? String == "OAuthException", "\(wrong.text)")
        #expect(wrong.error["message"] as? String == "Invalid OAuth access token - Cannot parse access token")
        let noProof = MetaReply(await meta.sandbox.respond(method: "GET", path: path, headers: [("Authorization", "Bearer \(meta.token)")]))
        #expect(noProof.status == 400 && noProof.error["code"] as? Int == 100 && noProof.error["type"] as? String == "GraphMethodException", "\(noProof.text)")
        let badProof = MetaReply(await meta.sandbox.respond(method: "GET", path: path, query: "appsecret_proof=abc", headers: [("Authorization", "Bearer \(meta.token)")]))
        #expect(badProof.error["message"] as? String == "Invalid appsecret_proof provided in the API argument", "\(badProof.text)")
        #expect(badProof.status == 400 && badProof.error["type"] as? String == "GraphMethodException")
        // The token as a query parameter, the proof as a form field.
        let byQuery = MetaReply(await meta.sandbox.respond(method: "GET", path: path, query: "access_token=\(meta.token)&appsecret_proof=\(meta.proof)"))
        #expect(byQuery.status == 200, "\(byQuery.text)")
        let byForm = MetaReply(await meta.sandbox.respond(
            method: "POST", path: path, headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Data(MetaTestClient.encode([("access_token", meta.token), ("appsecret_proof", meta.proof), ("name", "x"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", "[]")]).utf8)))
        #expect(byForm.status == 200, "\(byForm.text)")
    }

    @Test func credentialsAndReplacedSecrets() async throws {
        var configuration = MetaTestClient.configuration()
        let defaults = try #require(configuration.credentials(for: .meta))
        #expect(defaults.values == ["access_token": "sandbox-meta-access-token", "app_secret": "sandbox-meta-app-secret"])
        #expect(defaults.clientSecret == "sandbox-meta-app-secret" && defaults.tokenPath == "")
        configuration.replaceSecrets(for: .meta, clientSecret: "canary-secret", refreshToken: "canary-token")
        #expect(configuration.credentials(for: .meta)?.values == ["access_token": "canary-token", "app_secret": "canary-secret"])
        var meta = MetaTestClient(sandbox: try await RunningSandbox.inProcess(configuration))
        #expect(await meta.get("\(MetaTestClient.account)/campaigns").status == 400)
        meta.token = "canary-token"
        meta.secret = "canary-secret"
        #expect(await meta.get("\(MetaTestClient.account)/campaigns").status == 200)
    }

    /// Every write answers `{"id"}`; reads give back only requested fields, each of them a field of the node in the
    /// reference; budgets as strings of cents; the image hash is the MD5 of the bytes.
    @Test func writesAndReadsHaveTheReferenceShapes() async throws {
        let meta = try await client()
        let ids = try await meta.tree()
        #expect(ids.hash == MetaDigest.md5Hex(Array("sandbox image bytes".utf8)))
        #expect(Set([ids.campaign, ids.adset, ids.creative, ids.ad]).count == 4 && ids.campaign.allSatisfy(\.isNumber))
        let checks: [(String, String, String)] = [
            ("Campaign", ids.campaign, "id,name,objective,status,configured_status,effective_status,special_ad_categories,daily_budget,buying_type,created_time,account_id"),
            ("AdSet", ids.adset, "id,name,campaign_id,daily_budget,billing_event,optimization_goal,bid_amount,targeting,start_time,end_time,status,effective_status,campaign"),
            ("AdCreative", ids.creative, "id,name,object_story_spec,image_hash,status,body,title"),
            ("Ad", ids.ad, "id,name,adset_id,campaign_id,creative,status,effective_status,adset"),
        ]
        for (node, id, fields) in checks {
            let reply = await meta.get(id, [("fields", fields)])
            #expect(reply.status == 200, "\(reply.text)")
            let reference = MetaReference.fields(node)
            for key in reply.object.keys { #expect(reference[key] != nil, "\(node).\(key) is not in \(node).json") }
            #expect(Set(reply.object.keys).isSubset(of: Set(fields.split(separator: ",").map(String.init))))
        }
        let campaign = await meta.get(ids.campaign, [("fields", "created_time,daily_budget,special_ad_categories,effective_status")]).object
        #expect(campaign["created_time"] as? String == "2026-03-02T12:00:00+0000", "Meta's datetime: offset without a colon")
        #expect(campaign["daily_budget"] == nil && (campaign["special_ad_categories"] as? [Any])?.isEmpty == true)
        #expect(campaign["effective_status"] as? String == "PAUSED")
        let adset = await meta.get(ids.adset, [("fields", "daily_budget,bid_amount,targeting")]).object
        #expect(adset["daily_budget"] as? String == "2000" && adset["bid_amount"] as? Int == 150)
        let targeting = try #require(adset["targeting"] as? [String: Any])
        let zips = (targeting["geo_locations"] as? [String: Any])?["zips"] as? [[String: Any]]
        #expect(zips?.compactMap { $0["key"] as? String } == ["US:33510", "US:33511"])
        let creative = await meta.get(ids.creative, [("fields", "object_story_spec")]).object
        let link = (creative["object_story_spec"] as? [String: Any])?["link_data"] as? [String: Any]
        #expect(link?["image_hash"] as? String == ids.hash && link?["name"] as? String == "Get help")
        let ad = await meta.get(ids.ad, [("fields", "creative")]).object
        #expect((ad["creative"] as? [String: Any])?["id"] as? String == ids.creative)
        // Updates: {"success": true}.
        let update = await meta.post(ids.campaign, [("status", "ACTIVE"), ("name", "tfz renamed")])
        #expect(update.status == 200 && update.object["success"] as? Bool == true, "\(update.text)")
        #expect(await meta.get(ids.campaign, [("fields", "status,name")]).object["name"] as? String == "tfz renamed")
        let budget = await meta.post(ids.adset, [("daily_budget", "3500"), ("end_time", "2026-04-30T23:59:59-0400")])
        #expect(budget.status == 200, "\(budget.text)")
        #expect(await meta.get(ids.adset, [("fields", "daily_budget")]).object["daily_budget"] as? String == "3500")
        // Multipart upload keyed by the file name.
        let boundary = "tfzboundary"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"banner.png\"; filename=\"banner.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body.append(Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]))
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let upload = MetaReply(await meta.sandbox.respond(
            method: "POST", path: "/v25.0/\(MetaTestClient.account)/adimages", query: "appsecret_proof=\(meta.proof)",
            headers: [("Authorization", "Bearer \(meta.token)"), ("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body))
        let image = (upload.object["images"] as? [String: Any])?["banner.png"] as? [String: Any]
        #expect(image?["hash"] as? String == MetaDigest.md5Hex([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]), "\(upload.text)")
    }

    /// Unknown fields, bad enum values, missing required params, dangling parents and JSON bodies are error 100 with
    /// the param named.
    @Test func invalidWritesNameTheParam() async throws {
        let meta = try await client()
        let account = MetaTestClient.account
        func expectError(_ reply: MetaReply, naming param: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            #expect(reply.status == 400, "\(reply.text)", sourceLocation: sourceLocation)
            #expect(reply.error["code"] as? Int == 100 && reply.error["type"] as? String == "OAuthException", "\(reply.text)", sourceLocation: sourceLocation)
            #expect((reply.error["message"] as? String ?? "").contains(param), "\(reply.text)", sourceLocation: sourceLocation)
            #expect((reply.error["error_user_msg"] as? String ?? "").contains(param), "\(reply.text)", sourceLocation: sourceLocation)
            #expect(reply.error["error_subcode"] is Int && reply.error["error_user_title"] is String && reply.error["fbtrace_id"] is String, sourceLocation: sourceLocation)
        }
        let base = [("name", "tfz x"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", "[]")]
        expectError(await meta.post("\(account)/campaigns", base + [("colour", "red")]), naming: "colour")
        expectError(await meta.post("\(account)/campaigns", [("name", "tfz x"), ("objective", "CLICKS"), ("special_ad_categories", "[]")]), naming: "objective")
        expectError(await meta.post("\(account)/campaigns", [("name", "tfz x"), ("objective", "OUTCOME_TRAFFIC")]), naming: "special_ad_categories")
        expectError(await meta.post("\(account)/campaigns", base + [("daily_budget", "12.5")]), naming: "daily_budget")
        expectError(await meta.post("\(account)/campaigns", [("name", "tfz x"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", #"["GAMBLING"]"#)]), naming: "special_ad_categories[0]")
        let campaign = try await meta.post("\(account)/campaigns", base).id()
        let adset = [("name", "s"), ("daily_budget", "1000"), ("billing_event", "IMPRESSIONS"), ("optimization_goal", "REACH")]
        expectError(await meta.post("\(account)/adsets", adset + [("campaign_id", "999"), ("targeting", #"{"geo_locations":{"countries":["US"]}}"#)]), naming: "campaign_id")
        expectError(await meta.post("\(account)/adsets", adset + [("campaign_id", campaign), ("targeting", #"{"geo_locations":{"zipz":[]}}"#)]), naming: "zipz")
        expectError(await meta.post("\(account)/adsets", adset + [("campaign_id", campaign), ("targeting", #"{"geo_locations":{"custom_locations":[{"latitude":1,"longitude":2,"radius":5,"distance_unit":"furlong"}]}}"#)]), naming: "distance_unit")
        expectError(await meta.post("\(account)/adsets", adset + [("campaign_id", campaign), ("targeting", #"{"age_min":18}"#)]), naming: "geo_locations")
        expectError(await meta.post("\(account)/ads", [("name", "a"), ("adset_id", "123"), ("creative", #"{"creative_id":"1"}"#)]), naming: "adset_id")
        expectError(await meta.post(campaign, [("status", "RUNNING")]), naming: "status")
        // A JSON body is refused.
        let json = MetaReply(await meta.sandbox.respond(
            method: "POST", path: "/v25.0/\(account)/campaigns", query: "appsecret_proof=\(meta.proof)",
            headers: [("Authorization", "Bearer \(meta.token)"), ("Content-Type", "application/json")], body: Data(#"{"name":"x"}"#.utf8)))
        #expect(json.status == 400 && json.error["code"] as? Int == 100, "\(json.text)")
        // Reading a field the node does not have.
        let field = await meta.get(campaign, [("fields", "name,colour")])
        #expect(field.status == 400 && (field.error["message"] as? String ?? "").contains("(colour)"), "\(field.text)")
        // An unknown object.
        let unknown = await meta.get("987654321", [("fields", "name")])
        #expect(unknown.status == 400 && unknown.error["error_subcode"] as? Int == 33, "\(unknown.text)")
    }

    /// The bodies tfz's Meta mapper writes (main, `MetaMapper`): bid cap, location types, radius, interests in a
    /// flexible spec, a political special ad category with its country, authorization category and disclaimer.
    @Test func acceptsTheMappersBodies() async throws {
        let meta = try await client()
        let account = MetaTestClient.account
        let campaign = try await meta.post("\(account)/campaigns", [
            ("name", "tfz fl-hillsborough/outreach/meta · Help"), ("objective", "OUTCOME_TRAFFIC"), ("status", "PAUSED"),
            ("special_ad_categories", #"["ISSUES_ELECTIONS_POLITICS"]"#), ("special_ad_category_country", #"["US"]"#),
        ]).id()
        let adset = try await meta.post("\(account)/adsets", [
            ("name", "tfz fl-hillsborough/outreach/meta · Help · audience"), ("campaign_id", campaign), ("daily_budget", "1500"),
            ("billing_event", "IMPRESSIONS"), ("optimization_goal", "LINK_CLICKS"), ("bid_strategy", "LOWEST_COST_WITH_BID_CAP"), ("bid_amount", "250"),
            ("targeting", #"{"geo_locations":{"zips":[{"key":"US:33602"}],"custom_locations":[{"latitude":27.9506,"longitude":-82.4572,"radius":2,"distance_unit":"mile"}],"cities":[{"key":"2418779"}],"location_types":["home","recent"]},"age_min":18,"age_max":65,"flexible_spec":[{"interests":[{"id":"6003139266461","name":"Volunteering"}]}]}"#),
            ("start_time", "2026-03-02T00:00:00-0500"), ("end_time", "2026-03-31T23:59:59-0400"), ("status", "PAUSED"),
        ]).id()
        let image = await meta.post("\(account)/adimages", [("bytes", Data([1, 2, 3, 4]).base64EncodedString())])
        let hash = try #require(((image.object["images"] as? [String: Any])?["bytes"] as? [String: Any])?["hash"] as? String)
        let creative = try await meta.post("\(account)/adcreatives", [
            ("name", "tfz fl-hillsborough/outreach/meta · Help · help-1"),
            ("object_story_spec", #"{"page_id":"1234","link_data":{"link":"https://example.org/help","message":"You are not alone.","name":"Confidential help","description":"24/7","image_hash":"\#(hash)","call_to_action":{"type":"LEARN_MORE","value":{"link":"https://example.org/help"}}}}"#),
            ("authorization_category", "POLITICAL"), ("ad_disclaimer_spec", #"{"title":"Paid for by TraffickingFree Zone"}"#),
        ]).id()
        _ = try await meta.post("\(account)/ads", [
            ("name", "tfz fl-hillsborough/outreach/meta · Help · help-1"), ("adset_id", adset), ("creative", #"{"creative_id":"\#(creative)"}"#), ("status", "PAUSED"),
        ]).id()
        let stored = await meta.get(adset, [("fields", "bid_strategy,bid_amount,targeting")]).object
        #expect(stored["bid_strategy"] as? String == "LOWEST_COST_WITH_BID_CAP" && stored["bid_amount"] as? Int == 250)
    }

    @Test func listsPageWithCursorsAndFilter() async throws {
        let meta = try await client()
        for index in 1...5 {
            _ = try await meta.post("\(MetaTestClient.account)/campaigns", [("name", "tfz zone-\(index)/t/meta"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", "[]")]).id()
        }
        _ = try await meta.post("\(MetaTestClient.account)/campaigns", [("name", "someone else's"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", "[]")]).id()
        var names: [String] = []
        var query: [(String, String)] = [("fields", "name,effective_status"), ("limit", "2"), ("filtering", #"[{"field":"name","operator":"CONTAIN","value":"tfz "}]"#)]
        var pages = 0
        while true {
            let page = await meta.get("\(MetaTestClient.account)/campaigns", query)
            #expect(page.status == 200, "\(page.text)")
            pages += 1
            names += page.data.compactMap { $0["name"] as? String }
            let paging = try #require(page.object["paging"] as? [String: Any])
            let cursors = try #require(paging["cursors"] as? [String: Any])
            #expect(cursors["before"] is String && cursors["after"] is String)
            guard let next = paging["next"] as? String else { break }
            let url = try #require(URLComponents(string: next))
            #expect(url.path == "/v25.0/\(MetaTestClient.account)/campaigns" && next.hasPrefix("http"))
            query = (url.queryItems ?? []).filter { $0.name != "appsecret_proof" }.map { ($0.name, $0.value ?? "") }
            #expect(pages < 5)
        }
        #expect(pages == 3)
        #expect(names == (1...5).reversed().map { "tfz zone-\($0)/t/meta" })
    }

    @Test func effectiveStatusFollowsParents() async throws {
        let meta = try await client()
        let ids = try await meta.tree(status: "ACTIVE")
        func effective(_ id: String) async -> String? { await meta.get(id, [("fields", "effective_status")]).object["effective_status"] as? String }
        #expect(await effective(ids.ad) == "ACTIVE")
        _ = await meta.post(ids.campaign, [("status", "PAUSED")])
        #expect(await effective(ids.campaign) == "PAUSED")
        #expect(await effective(ids.adset) == "CAMPAIGN_PAUSED")
        #expect(await effective(ids.ad) == "CAMPAIGN_PAUSED")
        _ = await meta.post(ids.campaign, [("status", "ACTIVE")])
        _ = await meta.post(ids.adset, [("status", "PAUSED")])
        #expect(await effective(ids.ad) == "ADSET_PAUSED")
        for value in ["CAMPAIGN_PAUSED", "ADSET_PAUSED"] { #expect(MetaReference.enumValues("Ad_effective_status").contains(value)) }
        #expect(MetaReference.enumValues("AdSet_effective_status").contains("CAMPAIGN_PAUSED"))
        let paused = await meta.get("\(MetaTestClient.account)/ads", [("fields", "name"), ("effective_status", #"["ADSET_PAUSED"]"#)])
        #expect(paused.data.count == 1, "\(paused.text)")
        // Deleted objects leave the default lists.
        _ = await meta.sandbox.respond(method: "DELETE", path: "/v25.0/\(ids.ad)", query: "appsecret_proof=\(meta.proof)", headers: [("Authorization", "Bearer \(meta.token)")])
        #expect(await meta.get("\(MetaTestClient.account)/ads", [("fields", "name")]).data.isEmpty)
    }

    /// Delivery: only ACTIVE trees inside the ad set's flight; insights rows are strings with dollars and percent; old
    /// days equal the final delivery view (cost in micros); the same seed gives the same rows.
    @Test func deliveryAndSyncInsights() async throws {
        func run(seed: UInt64) async throws -> (rows: [[String: Any]], meta: MetaTestClient, ids: (campaign: String, adset: String, creative: String, ad: String, hash: String)) {
            let meta = try await client(seed: seed)
            let ids = try await meta.tree(status: "ACTIVE")
            _ = try await meta.tree(name: "tfz paused/one/meta", status: "PAUSED")
            try await meta.sandbox.advance(days: 8)
            var rows: [[String: Any]] = []
            var query: [(String, String)] = [
                ("level", "ad"), ("time_increment", "1"), ("time_range", #"{"since":"2026-02-20","until":"2026-03-12"}"#),
                ("fields", "ad_id,adset_id,campaign_id,impressions,reach,clicks,spend,ctr,date_start,date_stop"), ("limit", "3"),
            ]
            while true {
                let page = await meta.get("\(MetaTestClient.account)/insights", query)
                #expect(page.status == 200, "\(page.text)")
                rows += page.data
                guard let next = (page.object["paging"] as? [String: Any])?["next"] as? String else { break }
                query = (URLComponents(string: next)?.queryItems ?? []).filter { $0.name != "appsecret_proof" }.map { ($0.name, $0.value ?? "") }
            }
            return (rows, meta, ids)
        }
        let first = try await run(seed: 7)
        #expect(first.rows.count == 8, "one row per day 2026-03-02 … 03-09 for the active ad")
        let reference = MetaReference.fields("AdsInsights")
        for row in first.rows {
            for (key, value) in row {
                #expect(reference[key] != nil, "\(key)")
                #expect(value is String, "\(key) should be a string")
            }
            #expect(row["ad_id"] as? String == first.ids.ad)
            let impressions = Int(row["impressions"] as? String ?? "") ?? 0
            let reach = Int(row["reach"] as? String ?? "") ?? 0
            let clicks = Int(row["clicks"] as? String ?? "") ?? 0
            #expect(impressions > 500 && reach <= impressions && clicks < impressions / 50, "\(row)")
            let spend = try #require(Double(row["spend"] as? String ?? ""))
            #expect(spend <= 20.0 && spend > 0, "spend within the $20 budget: \(row)")
            let ctr = try #require(Double(row["ctr"] as? String ?? ""))
            #expect(abs(ctr - Double(clicks) * 100 / Double(impressions)) < 0.001)
            #expect(row["date_start"] as? String == row["date_stop"] as? String)
        }
        // Final days (four or more days before today, 2026-03-10) equal the delivery view, cost in micros.
        let view = await first.meta.sandbox.deliveryByDay(platform: .meta, through: "2026-03-06")
        for row in first.rows where (row["date_start"] as? String ?? "") <= "2026-03-06" {
            let date = row["date_start"] as! String
            let day = try #require(view[date])
            #expect(String(day.impressions) == row["impressions"] as? String)
            #expect(String(day.clicks) == row["clicks"] as? String)
            #expect(MetaWire.dollars(day.costMicros / 10_000) == row["spend"] as? String)
            #expect(day.costMicros % 10_000 == 0)
        }
        let again = try await run(seed: 7)
        #expect(NSArray(array: again.rows).isEqual(to: first.rows))
        let other = try await run(seed: 8)
        #expect(!NSArray(array: other.rows).isEqual(to: first.rows))
        // Campaign level, all days: one row, integer sums.
        let total = await first.meta.get("\(MetaTestClient.account)/insights", [("level", "campaign"), ("time_range", #"{"since":"2026-03-02","until":"2026-03-09"}"#), ("fields", "campaign_id,impressions,clicks,spend")])
        #expect(total.data.count == 1)
        let sum = first.rows.reduce(0) { $0 + (Int($1["impressions"] as? String ?? "") ?? 0) }
        #expect(total.data.first?["impressions"] as? String == String(sum))
        // A breakdown is refused, not ignored.
        let breakdown = await first.meta.get("\(MetaTestClient.account)/insights", [("fields", "impressions"), ("breakdowns", #"["publisher_platform"]"#)])
        #expect(breakdown.status == 400 && (breakdown.error["message"] as? String ?? "").contains("breakdowns"), "\(breakdown.text)")
        // An unknown insights field.
        let bad = await first.meta.get("\(MetaTestClient.account)/insights", [("fields", "impressions,colour")])
        #expect(bad.status == 400 && (bad.error["message"] as? String ?? "").contains("colour"))
    }

    @Test func asyncInsightsLifecycle() async throws {
        let meta = try await client()
        _ = try await meta.tree(status: "ACTIVE")
        try await meta.sandbox.advance(days: 5)
        let params = [("level", "ad"), ("time_increment", "1"), ("time_range", #"{"since":"2026-03-01","until":"2026-03-06"}"#), ("fields", "ad_id,impressions,clicks,spend,date_start,date_stop")]
        let started = await meta.post("\(MetaTestClient.account)/insights", params)
        let runId = try #require(started.object["report_run_id"] as? String, "\(started.text)")
        let early = await meta.get("\(runId)/insights")
        #expect(early.status == 400, "\(early.text)")
        let poll1 = await meta.get(runId)
        #expect(poll1.object["async_status"] as? String == "Job Running", "\(poll1.text)")
        let poll2 = await meta.get(runId)
        #expect(poll2.object["async_status"] as? String == "Job Completed" && poll2.object["async_percent_completion"] as? Int == 100)
        let reference = MetaReference.fields("AdReportRun")
        for key in poll2.object.keys { #expect(reference[key] != nil, "AdReportRun.\(key)") }
        let rows = await meta.get("\(runId)/insights")
        #expect(rows.status == 200 && rows.data.count == 5, "\(rows.text)")
        let sync = await meta.get("\(MetaTestClient.account)/insights", params)
        #expect(NSArray(array: rows.data).isEqual(to: sync.data))
    }

    @Test func faultsHaveMetasBodiesAndHeaders() async throws {
        let meta = try await client()
        let path = "\(MetaTestClient.account)/campaigns"
        // Usage headers rise with calls.
        let first = await meta.get(path)
        let second = await meta.get(path)
        let usage1 = try #require(first.header("x-ad-account-usage"))
        let usage2 = try #require(second.header("x-ad-account-usage"))
        func percent(_ header: String) -> Double { ((try? JSONSerialization.jsonObject(with: Data(header.utf8))) as? [String: Any])?["acc_id_util_pct"] as? Double ?? -1 }
        #expect(percent(usage2) >= percent(usage1) && percent(usage1) >= 0)
        for _ in 0..<10 { _ = await meta.get(path) }
        #expect(percent(try #require(await meta.get(path).header("x-ad-account-usage"))) > percent(usage1))
        let business = try #require(first.header("x-business-use-case-usage"))
        let entry = (((try JSONSerialization.jsonObject(with: Data(business.utf8))) as? [String: Any])?["1001"] as? [[String: Any]])?.first
        #expect(entry?["call_count"] is Int && entry?["total_cputime"] is Int && entry?["total_time"] is Int && entry?["estimated_time_to_regain_access"] is Int, "\(business)")

        await meta.sandbox.enqueueFaults([.rateLimited(retryDelay: "90s"), .dailyQuotaExhausted, .unavailable, .internalError])
        let throttled = await meta.get(path)
        #expect(throttled.status == 400 && throttled.error["code"] as? Int == 80004 && throttled.error["error_subcode"] as? Int == 2_446_079, "\(throttled.text)")
        #expect((throttled.error["message"] as? String ?? "").hasPrefix("(#80004) There have been too many calls to this ad-account. Wait a bit and try again."))
        let regain = (((try JSONSerialization.jsonObject(with: Data((throttled.header("x-business-use-case-usage") ?? "{}").utf8))) as? [String: Any])?["1001"] as? [[String: Any]])?.first
        #expect(regain?["estimated_time_to_regain_access"] as? Int == 2 && regain?["call_count"] as? Int == 100)
        #expect(throttled.header("x-ad-account-usage") != nil)
        let quota = await meta.get(path)
        #expect(quota.status == 400 && quota.error["code"] as? Int == 17 && quota.error["message"] as? String == "(#17) User request limit reached", "\(quota.text)")
        let unavailable = await meta.get(path)
        #expect(unavailable.status == 500 && unavailable.error["code"] as? Int == 2 && unavailable.error["is_transient"] as? Bool == true, "\(unavailable.text)")
        let serverError = await meta.get(path)
        #expect(serverError.status == 500 && serverError.error["code"] as? Int == 1 && serverError.error["is_transient"] as? Bool == true, "\(serverError.text)")
        #expect(serverError.error["message"] as? String == "An unknown error occurred")
        // A write dropped after applying is applied.
        await meta.sandbox.enqueueFaults([.dropAfterApplying])
        #expect(await meta.sandbox.respond(
            method: "POST", path: "/v25.0/\(path)", query: "appsecret_proof=\(meta.proof)",
            headers: [("Authorization", "Bearer \(meta.token)")], body: Data("name=tfz%20dropped&objective=OUTCOME_TRAFFIC&special_ad_categories=%5B%5D".utf8)).status == nil)
        #expect(await meta.get(path, [("fields", "name")]).data.compactMap { $0["name"] as? String } == ["tfz dropped"])
    }

    @Test func stateSurvivesARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-meta-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let meta = try await client(directory: directory)
        let ids = try await meta.tree(status: "ACTIVE")
        try await meta.sandbox.advance(days: 3)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("meta.json").path))
        let before = await meta.get(ids.adset, [("fields", "name,targeting,daily_budget,effective_status")])
        let insightsQuery = [("level", "ad"), ("time_increment", "1"), ("time_range", #"{"since":"2026-03-01","until":"2026-03-04"}"#), ("fields", "ad_id,impressions,spend")]
        let insightsBefore = await meta.get("\(MetaTestClient.account)/insights", insightsQuery)
        let reopened = try await client(directory: directory)
        let after = await reopened.get(ids.adset, [("fields", "name,targeting,daily_budget,effective_status")])
        #expect(after.status == 200 && after.body == before.body, "\(after.text)")
        #expect(await reopened.get("\(MetaTestClient.account)/insights", insightsQuery).body == insightsBefore.body)
        let next = try await reopened.post("\(MetaTestClient.account)/campaigns", [("name", "tfz later"), ("objective", "OUTCOME_TRAFFIC"), ("special_ad_categories", "[]")]).id()
        #expect(!Set([ids.campaign, ids.adset, ids.ad, ids.creative]).contains(next))
    }

    @Test func neutralViews() async throws {
        let meta = try await client()
        let active = try await meta.tree(name: "tfz fl-hillsborough/deterrence/meta · A", status: "ACTIVE")
        _ = try await meta.tree(name: "tfz fl-pinellas/deterrence/meta · B", status: "PAUSED")
        let deleted = try await meta.tree(name: "tfz fl-pasco/deterrence/meta · C", status: "PAUSED")
        _ = await meta.post(deleted.campaign, [("status", "DELETED")])
        let views = await meta.sandbox.tfzCampaigns(.meta)
        #expect(views.map(\.name) == ["tfz fl-hillsborough/deterrence/meta · A", "tfz fl-pinellas/deterrence/meta · B"])
        #expect(views.map(\.status) == [.enabled, .paused])
        #expect(views.first?.remoteId == active.campaign)
        #expect(await meta.sandbox.duplicateObjects(.meta).isEmpty)
        _ = try await meta.post("\(MetaTestClient.account)/ads", [("name", "tfz fl-hillsborough/deterrence/meta · A · ad"), ("adset_id", active.adset), ("creative", #"{"creative_id":"\#(active.creative)"}"#)]).id()
        let duplicates = await meta.sandbox.duplicateObjects(.meta)
        #expect(duplicates.count == 1 && duplicates.first?.hasPrefix("ad ×2") == true, "\(duplicates)")
    }

    /// The generated tables say what the reference says (spot checks; the generator reads the files directly).
    @Test func generatedTablesMatchTheReference() throws {
        try #require(MetaReference.available)
        let account = MetaReference.spec("AdAccount")["apis"] as? [[String: Any]] ?? []
        for edge in ["campaigns", "adsets", "ads", "adcreatives", "adimages"] {
            let api = account.first { $0["method"] as? String == "POST" && $0["endpoint"] as? String == edge }
            let names = Set((api?["params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(Set(MetaSchema.endpointParams["AdAccount POST \(edge)"]?.keys ?? [:].keys) == names, "\(edge)")
        }
        #expect(Set(MetaSchema.nodeFields["Campaign"]?.keys ?? [:].keys) == Set(MetaReference.fields("Campaign").keys))
        #expect(MetaSchema.enums["adaccountcampaigns_objective_enum_param"] == MetaReference.enumValues("adaccountcampaigns_objective_enum_param"))
    }
}
