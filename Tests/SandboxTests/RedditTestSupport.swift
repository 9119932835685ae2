import Foundation
import Testing

@testable import Sandbox

/// A Reddit Ads API v3 client for the in-process sandbox: a token from `/api/v1/access_token` (HTTP Basic, descriptive
/// `User-Agent`), JSON bodies `{"data": …}`, the bearer token and the agent on every call; answers parsed with
/// JSONSerialization.
struct RedditTestClient {
    let sandbox: RunningSandbox
    var token = ""
    var agent = "test:org.tfz.tests:1.0 (by /u/tfz_tests)"
    static let account = "a2_sandbox1"
    static let profile = "t2_sandbox1"

    static func basic(_ id: String = RedditSandboxModule.defaultClientId, _ secret: String = RedditSandboxModule.defaultClientSecret) -> String {
        "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    /// A refresh on the token endpoint; nil leaves the header out.
    static func refresh(
        _ sandbox: RunningSandbox, authorization: String? = basic(), agent: String? = "test:org.tfz.tests:1.0 (by /u/tfz_tests)",
        form: String = "grant_type=refresh_token&refresh_token=\(RedditSandboxModule.defaultRefreshToken)"
    ) async -> RedditReply {
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let authorization { headers.append(("Authorization", authorization)) }
        if let agent { headers.append(("User-Agent", agent)) }
        return RedditReply(await sandbox.respond(method: "POST", path: "/api/v1/access_token", headers: headers, body: Data(form.utf8)))
    }

    static func connect(_ sandbox: RunningSandbox) async throws -> RedditTestClient {
        let reply = await refresh(sandbox)
        let token = try #require(reply.object["access_token"] as? String, "\(reply.text)")
        return RedditTestClient(sandbox: sandbox, token: token)
    }

    static func configuration(seed: UInt64 = 7, directory: URL? = nil, faults: FaultPlan = .none) -> SandboxConfiguration {
        SandboxConfiguration(
            stateDirectory: directory, seed: seed, faults: faults,
            now: { Date(timeIntervalSince1970: Double(SandboxCalendar.day("2026-03-02")!) * 86_400 + 43_200) })
    }

    func send(_ method: String, _ path: String, query: String? = nil, body: Data = Data()) async -> RedditReply {
        RedditReply(await sandbox.respond(
            method: method, path: "/api/v3/\(path)", query: query,
            headers: [("Authorization", "Bearer \(token)"), ("User-Agent", agent), ("Content-Type", "application/json")], body: body))
    }

    static func envelope(_ data: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: ["data": data]) }

    func post(_ path: String, _ data: [String: Any], query: String? = nil) async -> RedditReply {
        await send("POST", path, query: query, body: Self.envelope(data))
    }

    func patch(_ path: String, _ data: [String: Any]) async -> RedditReply { await send("PATCH", path, body: Self.envelope(data)) }

    func get(_ path: String, query: String? = nil) async -> RedditReply { await send("GET", path, query: query) }

    /// Creates a campaign, an ad group (keywords, communities, geolocations, a daily budget, a flight in March), a post
    /// and an ad; returns their ids.
    func tree(name: String = "tfz fl-hillsborough/deterrence/reddit · Hillsborough", status: String = "PAUSED", budget: Int = 20_000_000)
        async throws -> (campaign: String, adGroup: String, post: String, ad: String)
    {
        let campaign = try await post("ad_accounts/\(Self.account)/campaigns", [
            "name": name, "objective": "CLICKS", "configured_status": status,
        ]).id()
        let adGroup = try await post("ad_accounts/\(Self.account)/ad_groups", [
            "name": "\(name) · ad group", "campaign_id": campaign, "configured_status": status,
            "goal_type": "DAILY_SPEND", "goal_value": budget, "bid_strategy": "MANUAL_BIDDING", "bid_type": "CPC", "bid_value": 1_500_000,
            "optimization_goal": "CLICKS", "start_time": "2026-03-02T00:00:00-05:00", "end_time": "2026-03-31T23:59:59-04:00",
            "targeting": [
                "keywords": ["human trafficking", "escort"], "communities": ["tampa", "florida"], "geolocations": ["US-FL", "US"],
            ],
        ]).id()
        let post = try await post("profiles/\(Self.profile)/posts", [
            "type": "IMAGE", "headline": "Buying sex fuels trafficking.", "allow_comments": false,
            "content": [["media_url": "https://example.org/a.png", "destination_url": "https://example.org/help", "call_to_action": "Learn More"]],
        ]).id()
        let ad = try await self.post("ad_accounts/\(Self.account)/ads", [
            "name": "\(name) · ad", "ad_group_id": adGroup, "post_id": post, "click_url": "https://example.org/help", "configured_status": status,
        ]).id()
        return (campaign, adGroup, post, ad)
    }

    /// A report with every page followed by its `next_url`, the body sent again each time.
    func report(_ request: [String: Any], pageSize: Int = 1000) async throws -> (rows: [[String: Any]], pages: [RedditReply]) {
        var query: String? = "page.size=\(pageSize)"
        var rows: [[String: Any]] = []
        var pages: [RedditReply] = []
        while let current = query {
            let page = await post("ad_accounts/\(Self.account)/reports", request, query: current)
            try #require(page.status == 200, "\(page.text)")
            pages.append(page)
            rows += (page.object["data"] as? [String: Any])?["metrics"] as? [[String: Any]] ?? []
            query = (page.pagination["next_url"] as? String).flatMap { URLComponents(string: $0)?.percentEncodedQuery }
            try #require(pages.count < 50)
        }
        return (rows, pages)
    }
}

/// One answer: status, headers, body parsed as a JSON object.
struct RedditReply {
    let status: Int
    let headers: [(String, String)]
    let body: Data

    init(_ reply: SandboxReply) {
        guard case .response(let status, let headers, let body) = reply else {
            (self.status, self.headers, self.body) = (0, [], Data())
            return
        }
        (self.status, self.headers, self.body) = (status, headers, body)
    }

    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var data: [String: Any] { object["data"] as? [String: Any] ?? [:] }
    var list: [[String: Any]] { object["data"] as? [[String: Any]] ?? [] }
    var pagination: [String: Any] { object["pagination"] as? [String: Any] ?? [:] }
    var error: [String: Any] { object["error"] as? [String: Any] ?? [:] }
    /// The first entry of `error.fields`: the field a refusal names.
    var field: String? { (error["fields"] as? [[String: Any]])?.first?["field"] as? String }
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    func id(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        try #require(status == 201, "\(text)", sourceLocation: sourceLocation)
        return try #require(data["id"] as? String, "\(text)", sourceLocation: sourceLocation)
    }
}

/// The reference digest: `../shared/reference/reddit-ads-v3.json` beside the repository when it is there, else the copy
/// in `Tests/Reference/reddit-ads-v3.json` (for fresh clones).
enum RedditReference {
    static let file: URL = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared/reference/reddit-ads-v3.json")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : repo.appendingPathComponent("Tests/Reference/reddit-ads-v3.json")
    }()

    /// Read once; never mutated.
    nonisolated(unsafe) static let digest: [String: Any] = {
        guard let data = try? Data(contentsOf: file) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }()

    /// Field name → the reference's field entry of a model.
    static func fields(_ model: String) -> [String: [String: Any]] {
        let entries = ((digest["models"] as? [String: Any])?[model] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
        var out: [String: [String: Any]] = [:]
        for entry in entries { if let name = entry["name"] as? String { out[name] = entry } }
        return out
    }

    static func enumValues(_ name: String) -> [String] {
        ((digest["enums"] as? [String: Any])?[name] as? [String: Any])?["values"] as? [String] ?? []
    }

    /// Checks every key of a JSON object against `model`, key by key: the key is a field of the model, the value has the
    /// field's JSON type (decoded with Foundation's JSONDecoder, which keeps `true` and `1` apart; null only where
    /// nullable), an enum value is one of the enum's, a pattern matches; nested models are checked the same way.
    static func check(_ json: Data, at path: [String] = ["data"], model: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard var value = try? JSONDecoder().decode(WireValue.self, from: json) else {
            Issue.record("not JSON", sourceLocation: sourceLocation)
            return
        }
        for key in path {
            guard case .object(let object) = value, let next = object[key] else {
                Issue.record("no \(path) in the answer", sourceLocation: sourceLocation)
                return
            }
            value = next
        }
        switch value {
        case .object: check(value, type: model, field: [:], path: model, sourceLocation: sourceLocation)
        case .array(let rows): for (index, row) in rows.enumerated() { check(row, type: model, field: [:], path: "\(model)[\(index)]", sourceLocation: sourceLocation) }
        default: Issue.record("\(path) is not an object or array", sourceLocation: sourceLocation)
        }
    }

    private static func check(_ value: WireValue, type: String, field: [String: Any], path: String, sourceLocation: Testing.SourceLocation) {
        func fail(_ what: String) { Issue.record("\(path) should be \(what): \(value)", sourceLocation: sourceLocation) }
        if case .null = value {
            #expect(field["nullable"] as? Bool == true, "\(path) is null but not nullable", sourceLocation: sourceLocation)
            return
        }
        switch (type, value) {
        case ("string", .string(let text)):
            if let name = field["enum"] as? String {
                #expect(enumValues(name).contains(text), "\(path) = \(text) is not in \(name)", sourceLocation: sourceLocation)
            }
            if let pattern = (field["constraints"] as? [String: Any])?["pattern"] as? String {
                #expect(text.range(of: pattern, options: .regularExpression) != nil, "\(path) = \(text) does not match \(pattern)", sourceLocation: sourceLocation)
            }
        case ("integer", .int), ("number", .int), ("number", .double), ("boolean", .bool), ("object", .object), ("any", _):
            break
        case ("array", .array(let elements)):
            for (index, element) in elements.enumerated() {
                check(element, type: field["items"] as? String ?? "any", field: ["enum": field["enum"] as Any], path: "\(path)[\(index)]", sourceLocation: sourceLocation)
            }
        case (_, .object(let object)) where !["string", "integer", "number", "boolean", "array"].contains(type):
            let reference = fields(type)
            #expect(!reference.isEmpty, "no model \(type) in the reference", sourceLocation: sourceLocation)
            for (key, nested) in object {
                guard let entry = reference[key] else {
                    Issue.record("\(type).\(key) is not in the reference (at \(path))", sourceLocation: sourceLocation)
                    continue
                }
                check(nested, type: entry["type"] as? String ?? "any", field: entry, path: "\(path).\(key)", sourceLocation: sourceLocation)
            }
        default:
            fail(type)
        }
    }
}

/// A JSON value as Foundation's decoder reads it, independent of the sandbox's encoder.
indirect enum WireValue: Decodable, CustomStringConvertible {
    case null, bool(Bool), int(Int64), double(Double), string(String), array([WireValue]), object([String: WireValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([WireValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: WireValue].self)) }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let value): "\(value)"
        case .object(let value): "\(value)"
        }
    }
}
