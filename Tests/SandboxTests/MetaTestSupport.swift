import Foundation
import Testing

@testable import Sandbox

/// A Meta Marketing API client for the in-process sandbox: form-encoded writes with JSON strings inside, the token in
/// `Authorization: Bearer`, `appsecret_proof` in the query; answers parsed with JSONSerialization.
struct MetaTestClient {
    let sandbox: RunningSandbox
    var token = "sandbox-meta-access-token"
    var secret = "sandbox-meta-app-secret"
    static let account = "act_1001"

    var proof: String { MetaDigest.hmacSHA256Hex(key: secret, message: token) }

    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(MetaWire.escape($0.0))=\(MetaWire.escape($0.1))" }.joined(separator: "&")
    }

    func post(_ path: String, _ form: [(String, String)], proof: String? = nil) async -> MetaReply {
        let reply = await sandbox.respond(
            method: "POST", path: "/v25.0/\(path)", query: Self.encode([("appsecret_proof", proof ?? self.proof)]),
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Data(Self.encode(form).utf8))
        return MetaReply(reply)
    }

    func get(_ path: String, _ query: [(String, String)] = []) async -> MetaReply {
        let reply = await sandbox.respond(
            method: "GET", path: "/v25.0/\(path)", query: Self.encode(query + [("appsecret_proof", proof)]),
            headers: [("Authorization", "Bearer \(token)")])
        return MetaReply(reply)
    }

    /// Creates a campaign, an ad set with ZIP and radius targeting, an image, a creative and an ad; returns their ids.
    func tree(name: String = "tfz fl-hillsborough/deterrence/meta · Hillsborough", status: String = "PAUSED", budget: String = "2000")
        async throws -> (campaign: String, adset: String, creative: String, ad: String, hash: String)
    {
        let campaign = try await post("\(Self.account)/campaigns", [
            ("name", name), ("objective", "OUTCOME_AWARENESS"), ("status", status), ("special_ad_categories", "[]"),
        ]).id()
        let adset = try await post("\(Self.account)/adsets", [
            ("name", "\(name) · ad set"), ("campaign_id", campaign), ("daily_budget", budget), ("billing_event", "IMPRESSIONS"),
            ("optimization_goal", "REACH"), ("bid_amount", "150"), ("status", status),
            ("targeting", #"{"geo_locations":{"zips":[{"key":"US:33510"},{"key":"US:33511"}],"custom_locations":[{"latitude":27.95,"longitude":-82.46,"radius":5,"distance_unit":"mile"}]},"age_min":18,"age_max":65}"#),
            ("start_time", "2026-03-02T00:00:00-0500"), ("end_time", "2026-03-31T23:59:59-0400"),
        ]).id()
        let image = await post("\(Self.account)/adimages", [("bytes", Data("sandbox image bytes".utf8).base64EncodedString())])
        let hash = try #require((image.object["images"] as? [String: Any])?["bytes"] as? [String: Any])["hash"] as? String ?? ""
        let creative = try await post("\(Self.account)/adcreatives", [
            ("name", "\(name) · creative"),
            ("object_story_spec", #"{"page_id":"555","link_data":{"link":"https://example.org/help","message":"Buying sex fuels trafficking.","name":"Get help","description":"Confidential","image_hash":"\#(hash)","call_to_action":{"type":"LEARN_MORE","value":{"link":"https://example.org/help"}}}}"#),
        ]).id()
        let ad = try await post("\(Self.account)/ads", [
            ("name", "\(name) · ad"), ("adset_id", adset), ("creative", #"{"creative_id":"\#(creative)"}"#), ("status", status),
        ]).id()
        return (campaign, adset, creative, ad, hash)
    }

    static func configuration(seed: UInt64 = 7, directory: URL? = nil, faults: FaultPlan = .none) -> SandboxConfiguration {
        SandboxConfiguration(
            stateDirectory: directory, seed: seed, faults: faults,
            now: { Date(timeIntervalSince1970: Double(SandboxCalendar.day("2026-03-02")!) * 86_400 + 43_200) })
    }
}

/// One answer: status, headers, body parsed as a JSON object.
struct MetaReply {
    let status: Int
    let headers: [(String, String)]
    let body: Data

    init(_ reply: SandboxReply) {
        guard case .response(let status, let headers, let body) = reply else {
            self.init(status: 0, headers: [], body: Data())
            return
        }
        self.init(status: status, headers: headers, body: body)
    }

    init(status: Int, headers: [(String, String)], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var error: [String: Any] { object["error"] as? [String: Any] ?? [:] }
    var data: [[String: Any]] { object["data"] as? [[String: Any]] ?? [] }
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    func id(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        try #require(status == 200, "\(text)", sourceLocation: sourceLocation)
        return try #require(object["id"] as? String, "\(text)", sourceLocation: sourceLocation)
    }
}

/// The reference node specs: `../shared/reference/meta-v25/` beside the repository when it is there, else the copy in
/// `Tests/Reference/meta-v25/` (for fresh clones).
enum MetaReference {
    static let directory: URL = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared/reference/meta-v25")
        return FileManager.default.fileExists(atPath: shared.appendingPathComponent("Campaign.json").path)
            ? shared : repo.appendingPathComponent("Tests/Reference/meta-v25")
    }()
    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("Campaign.json").path) }

    static func spec(_ node: String) -> [String: Any] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("\(node).json")) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// Field name → type of a node.
    static func fields(_ node: String) -> [String: String] {
        var out: [String: String] = [:]
        for field in spec(node)["fields"] as? [[String: Any]] ?? [] {
            if let name = field["name"] as? String, let type = field["type"] as? String { out[name] = type }
        }
        return out
    }

    static func enumValues(_ name: String) -> [String] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("enums-subset.json")),
            let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]]
        else { return [] }
        return list.first { $0["name"] as? String == name }?["values"] as? [String] ?? []
    }
}
