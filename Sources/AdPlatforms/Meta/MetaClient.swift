import CampaignKit
import Synchronization
import Foundation

/// The Meta Marketing API calls tfz makes (Graph API `v25.0`), over ``HTTPClient``.
///
/// Writes are `POST` with `application/x-www-form-urlencoded` bodies (``MetaMapper``); they are not idempotent (the retry
/// middleware never resends one that may have been applied; the caller looks the object up by name first). Reads are
/// `GET` with the fields, filters and cursors in the query string (JSON text where they are objects), and idempotent.
/// Lists are read page by page with the `after` cursor — not by following `paging.next`, whose URL Meta builds with the
/// access token in it. An answer with Meta's error envelope is thrown as ``MetaAPIError``. Meta's usage headers are
/// watched: when any limit passes ``slowDownAbove`` percent, the next calls wait (``usageWait``) so that Meta never has to
/// refuse.
public struct MetaClient: Sendable {
    public var http: HTTPClient
    /// `https://graph.facebook.com`, the sandbox's, or a test server's.
    public var baseURL: URL
    public var version: String
    /// `act_…`.
    public var accountId: String
    /// Waits before a call when Meta's usage is high (the adapter context's: a virtual clock in tests).
    var sleep: @Sendable (Duration) async throws -> Void
    var pacer = MetaPacer()

    /// Usage (percent of any limit) above which calls slow down.
    public static let slowDownAbove = 75.0

    public init(http: HTTPClient, baseURL: URL, version: String = "v25.0", accountId: String,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.http = http
        self.baseURL = baseURL
        self.version = version
        self.accountId = accountId.hasPrefix("act_") ? accountId : "act_" + accountId
        self.sleep = sleep
    }

    /// The wait before the next call at `percent` usage: none up to ``slowDownAbove``, then rising to 60 s at 100 %.
    public static func usageWait(_ percent: Double) -> Duration {
        guard percent > slowDownAbove else { return .zero }
        return .milliseconds(Int64(min(1, (percent - slowDownAbove) / (100 - slowDownAbove)) * 60_000))
    }

    // MARK: Writes

    /// `POST /act_{id}/<edge>` (`campaigns`, `adsets`, `adcreatives`, `ads`): the new node's id.
    func create(_ edge: String, _ fields: MetaMapper.Fields) async throws -> String {
        let answer = try await post("\(accountId)/\(edge)", fields, operation: "meta.\(edge):create")
        guard let id = Self.string(answer["id"]), !id.isEmpty else { throw MetaAPIError.unexpected(operation: "meta.\(edge):create", "no id in the answer") }
        return id
    }

    /// `POST /{id}`: changes fields of a node (`status`, `daily_budget`, …); true when Meta says `success`.
    func update(_ id: String, _ fields: MetaMapper.Fields, node: String) async throws {
        let answer = try await post(id, fields, operation: "meta.\(node):update")
        guard answer["success"] as? Bool == true else { throw MetaAPIError.unexpected(operation: "meta.\(node):update", "no success in the answer") }
    }

    /// `POST /act_{id}/adimages` with the image's bytes (base64): its hash, by which creatives use it. Uploading the same
    /// bytes again gives the same hash and no second image, so this may be resent.
    public func uploadImage(_ data: Data) async throws -> String {
        let answer = try await post("\(accountId)/adimages", [("bytes", data.base64EncodedString())],
                                    operation: "meta.adimages:upload", idempotent: true)
        guard let images = answer["images"] as? [String: Any],
              let hash = images.values.compactMap({ ($0 as? [String: Any])?["hash"] as? String }).first else {
            throw MetaAPIError.unexpected(operation: "meta.adimages:upload", "no image hash in the answer")
        }
        return hash
    }

    // MARK: Batches

    /// Requests one batch may carry (Meta's limit).
    public static let batchLimit = 50

    /// `POST /v25.0/` with `batch=[…]` (`include_headers=false`): up to 50 requests in one call, answered one by one, in
    /// order. A request may use an earlier one's answer through `{result=<name>:$.id}`; every named request asks for its
    /// answer (`omit_response_on_success=false`: Meta leaves it out by default). Not idempotent: the whole call is one
    /// write for the retry middleware.
    func batch(_ requests: [MetaBatchRequest]) async throws -> [MetaBatchResult] {
        precondition(requests.count <= Self.batchLimit)
        let items: [JSONValue] = requests.map { r in
            var item: [(String, JSONValue)] = [("method", .string(r.method)), ("relative_url", .string("\(version)/\(r.path)"))]
            if !r.fields.isEmpty { item.append(("body", .string(MetaMapper.encode(r.fields)))) }
            if let name = r.name { item += [("name", .string(name)), ("omit_response_on_success", .bool(false))] }
            return .object(item)
        }
        let answer = try await postArray("", [("batch", MetaMapper.json(.array(items))), ("include_headers", "false")], operation: "meta.batch")
        return requests.indices.map { i in
            guard i < answer.count, let element = answer[i] as? [String: Any] else { return .notRun }
            let status = (element["code"] as? NSNumber)?.intValue ?? 0
            let body = (element["body"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any] ?? [:]
            if (200..<300).contains(status) { return .ok(body) }
            return .failed(status: status, MetaGraphError.decode(Data(((element["body"] as? String) ?? "").utf8)))
        }
    }

    // MARK: Reads

    /// Every node of an account edge (`campaigns`, `adsets`, `ads`, `adcreatives`) with `fields`, optionally filtered
    /// (`filtering=[{"field","operator","value"}]`), read page by page.
    public func list(_ edge: String, fields: [String], filtering: JSONValue? = nil, pageSize: Int = 500) async throws -> [[String: Any]] {
        var query = [("fields", fields.joined(separator: ","))]
        if let filtering { query.append(("filtering", MetaMapper.json(filtering))) }
        return try await pages("\(accountId)/\(edge)", query, pageSize: pageSize, operation: "meta.\(edge):list")
    }

    /// Every row of a list answer at `path` (an edge, insights, a report run's rows), page by page with `after`.
    func pages(_ path: String, _ base: [(String, String)], pageSize: Int = 500, operation: String) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = [], after: String?, seen = Set<String>()
        repeat {
            var query = base + [("limit", String(pageSize))]
            if let after { query.append(("after", after)) }
            let answer = try await get(path, query, operation: operation)
            rows += (answer["data"] as? [[String: Any]]) ?? []
            let paging = answer["paging"] as? [String: Any]
            let next = ((paging?["cursors"] as? [String: Any])?["after"] as? String).flatMap { paging?["next"] == nil ? nil : $0 }
            // A cursor seen before would loop for ever (a platform's answer is untrusted input).
            after = next.flatMap { seen.insert($0).inserted ? $0 : nil }
        } while after != nil
        return rows
    }

    /// `GET /{id}?fields=…`.
    public func node(_ id: String, fields: [String], node: String) async throws -> [String: Any] {
        try await get(id, [("fields", fields.joined(separator: ","))], operation: "meta.\(node):get")
    }

    // MARK: Transport

    func post(_ path: String, _ fields: MetaMapper.Fields, operation: String, idempotent: Bool = false) async throws -> [String: Any] {
        let request = HTTPRequest(method: "POST", url: url(path, []),
                                  headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                  body: Data(MetaMapper.encode(fields).utf8), operation: operation, isIdempotent: idempotent)
        return try await send(request)
    }

    /// A POST whose answer is a JSON array (a batch's).
    func postArray(_ path: String, _ fields: MetaMapper.Fields, operation: String) async throws -> [Any] {
        let request = HTTPRequest(method: "POST", url: url(path, []),
                                  headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                  body: Data(MetaMapper.encode(fields).utf8), operation: operation, isIdempotent: false)
        let response = try await exchange(request)
        guard let array = (try? JSONSerialization.jsonObject(with: response.body)) as? [Any] else {
            throw MetaAPIError.unexpected(operation: operation, "the answer is not a JSON array: "
                + HTTPError.clip(Redactor.redact(String(decoding: response.body.prefix(200), as: UTF8.self))))
        }
        return array
    }

    func get(_ path: String, _ query: [(String, String)], operation: String) async throws -> [String: Any] {
        try await send(HTTPRequest(method: "GET", url: url(path, query), headers: ["Accept": "application/json"], operation: operation, isIdempotent: true))
    }

    func url(_ path: String, _ query: [(String, String)]) -> URL {
        var text = baseURL.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        text += "/\(version)/\(path)"
        if !query.isEmpty { text += "?" + MetaMapper.encode(query) }
        return URL(string: text)!
    }

    /// Sends after the usage wait, reads the usage headers, throws Meta's error envelope.
    private func exchange(_ request: HTTPRequest) async throws -> HTTPResponse {
        let wait = pacer.wait()
        if wait > .zero { try await sleep(wait) }
        let response = try await http.send(request)
        if let usage = MetaUsage.read({ response.headers[$0] }) { pacer.observe(usage.percent) }
        guard (200..<300).contains(response.status) else {
            if let error = MetaGraphError.decode(response.body) { throw MetaAPIError.graph(operation: request.operation, status: response.status, error) }
            throw HTTPError(request: request, response: response)
        }
        return response
    }

    private func send(_ request: HTTPRequest) async throws -> [String: Any] {
        let response = try await exchange(request)
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            throw MetaAPIError.unexpected(operation: request.operation, "the answer is not a JSON object: "
                + HTTPError.clip(Redactor.redact(String(decoding: response.body.prefix(200), as: UTF8.self))))
        }
        return object
    }

    /// A node id: Meta writes ids as strings; a number is accepted too.
    static func string(_ value: Any?) -> String? { (value as? String) ?? (value as? NSNumber)?.stringValue }
}

/// The last usage Meta reported, shared by the copies of one client.
final class MetaPacer: Sendable {
    private let percent = Mutex<Double>(0)

    func observe(_ value: Double) { percent.withLock { $0 = value } }
    func wait() -> Duration { MetaClient.usageWait(percent.withLock { $0 }) }
}

/// A Meta call that failed with Meta's error envelope, or answered something tfz cannot read.
public enum MetaAPIError: Error, LocalizedError, Sendable {
    case graph(operation: String, status: Int, MetaGraphError)
    case unexpected(operation: String, String)

    /// What the operator does about a refused credential.
    static func advice(_ error: MetaGraphError) -> String {
        if error.isInvalidToken {
            return ". The access token of this Meta account was refused (expired, revoked, or not a token of this app): generate a new "
                + "system-user token with ads_management in Meta's Business settings and put it in the credentials (the _ACCESS_TOKEN "
                + "variable or access_token in the credentials file)"
        }
        if error.message.contains("appsecret_proof") {
            return ". The app secret does not match the access token's app: check the _APP_SECRET variable or app_secret in the credentials file"
        }
        return ""
    }

    public var graphError: MetaGraphError? {
        if case .graph(_, _, let error) = self { return error }
        return nil
    }

    public var errorDescription: String? {
        switch self {
        case .graph(let operation, let status, let error):
            "Meta answered HTTP \(status) to \(PlatformName.action(operation)): \(Redactor.redact(error.description))" + Self.advice(error)
        case .unexpected(let operation, let what):
            "Meta's answer to \(PlatformName.action(operation)) could not be read: \(what)"
        }
    }
}

/// One request of a batch: `POST`/`GET`/`DELETE` of a path under the version, its form fields, and a name when a later
/// request uses its answer (`{result=<name>:$.id}` inside a field or the path).
struct MetaBatchRequest: Sendable {
    var method: String
    var path: String
    var fields: MetaMapper.Fields = []
    var name: String? = nil

    /// The text that stands for a named request's id in a later request of the same batch.
    static func reference(_ name: String) -> String { "{result=\(name):$.id}" }
}

/// The answer to one request of a batch.
enum MetaBatchResult: @unchecked Sendable {
    case ok([String: Any])
    case failed(status: Int, MetaGraphError?)
    /// `null`: not run (a request it depends on failed, or the batch timed out before it). It may have been applied only
    /// in the timeout case, which Meta documents as possible for unfinished work: look up before sending it again.
    case notRun
}
