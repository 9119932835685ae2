import CampaignKit
import Foundation

/// The Reddit Ads API v3 calls tfz makes, over ``HTTPClient`` (auth — the bearer token and the descriptive
/// `User-Agent` — retry, rate limit and the redacting log are its middlewares).
///
/// Bodies and answers are JSON `{"data": …}` (reference gotcha 1); ids are strings (`a2_…`, `t2_…`, `t3_…`, numbers as
/// text). Writes (`POST` creates, `PATCH` updates) are not idempotent for the retry middleware: it never resends one
/// that may have been applied, and the applier looks up before sending again. Reads are idempotent. Lists are read
/// page by page (`page.size`, at most 1000; posts 100) by following `pagination.next_url` exactly as given (gotcha 8),
/// never by building URLs from a token; a report's next page gets the same body again. An answer with Reddit's error
/// envelope is thrown as ``RedditAPIError``, its `fields` named.
public struct RedditClient: Sendable {
    public var http: HTTPClient
    /// `https://ads-api.reddit.com`, the sandbox's, or a test server's; paths carry `/api/<version>/`.
    public var baseURL: URL
    public var version: String
    /// `a2_…`.
    public var accountId: String

    public init(http: HTTPClient, baseURL: URL, version: String = "v3", accountId: String) {
        self.http = http
        self.baseURL = baseURL
        self.version = version
        self.accountId = accountId.hasPrefix("a2_") || accountId.hasPrefix("t2_") ? accountId : "a2_" + accountId
    }

    // MARK: Writes

    /// `POST /ad_accounts/{a2_id}/<edge>` (`campaigns`, `ad_groups`, `ads`) or `POST /profiles/{t2_id}/posts`: the new
    /// object's `data`, which carries its id.
    func create(_ path: String, _ data: JSONValue, operation: String) async throws -> (id: String, data: [String: Any]) {
        let answer = try await send("POST", url(path), body: data, operation: operation, idempotent: false)
        guard let object = answer["data"] as? [String: Any], let id = Self.string(object["id"]), !id.isEmpty else {
            throw RedditAPIError.unexpected(operation: operation, "no data.id in the answer")
        }
        return (id, object)
    }

    /// `PATCH /<kind>/{id}` (`campaigns`, `ad_groups`, `ads`) with the fields given.
    func patch(_ kind: String, _ id: String, _ data: JSONValue, operation: String) async throws {
        _ = try await send("PATCH", url("\(kind)/\(id)"), body: data, operation: operation, idempotent: false)
    }

    // MARK: Reads

    /// Every row of a list at `path` (`ad_accounts/{a2_id}/campaigns`, …) with `query`, page by page.
    func list(_ path: String, _ query: [(String, String)] = [], pageSize: Int = 1000, operation: String) async throws -> [[String: Any]] {
        try await pages(first: url(path, query + [("page.size", String(pageSize))]), method: "GET", body: nil, operation: operation)
    }

    /// The account's rows of an edge (`campaigns`, `ad_groups`, `ads`).
    public func list(_ edge: String, _ query: [(String, String)] = []) async throws -> [[String: Any]] {
        try await list("ad_accounts/\(accountId)/\(edge)", query, operation: "reddit.\(edge):list")
    }

    /// The profile (`t2_…`) that authors the account's posts: the first of `GET /ad_accounts/{a2_id}/profiles`.
    func profileId() async throws -> String {
        let rows = try await list("ad_accounts/\(accountId)/profiles", operation: "reddit.profiles:list")
        guard let id = rows.lazy.compactMap({ Self.string($0["id"]) }).first else {
            throw RedditAPIError.unexpected(operation: "reddit.profiles:list", "the ad account has no profile to author its posts")
        }
        return id
    }

    /// `POST /ad_accounts/{a2_id}/reports`: the `metrics` rows of every page (the body sent again with each `next_url`).
    func report(_ data: JSONValue) async throws -> [[String: Any]] {
        try await pages(first: url("ad_accounts/\(accountId)/reports", [("page.size", "1000")]), method: "POST", body: data,
                        operation: "reddit.reports:run")
    }

    /// Follows `pagination.next_url` from `first` until it is null or absent (or repeats: an answer is untrusted input).
    private func pages(first: URL, method: String, body: JSONValue?, operation: String) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = [], next: URL? = first, seen = Set<String>()
        while let page = next {
            let answer = try await send(method, page, body: body, operation: operation, idempotent: true)
            let data = answer["data"]
            rows += (data as? [[String: Any]]) ?? ((data as? [String: Any])?["metrics"] as? [[String: Any]]) ?? []
            next = ((answer["pagination"] as? [String: Any])?["next_url"] as? String).flatMap { text in
                seen.insert(text).inserted ? URL(string: text) : nil
            }
        }
        return rows
    }

    // MARK: Transport

    func url(_ path: String, _ query: [(String, String)] = []) -> URL {
        var text = baseURL.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        text += "/api/\(version)/\(path)"
        if !query.isEmpty { text += "?" + query.map { "\($0)=\(OAuthTokenProvider.formEncode($1))" }.joined(separator: "&") }
        return URL(string: text)!
    }

    /// Sends one request; a non-2xx answer is thrown as Reddit's error (or ``HTTPError`` when it is not Reddit's shape).
    private func send(_ method: String, _ url: URL, body: JSONValue?, operation: String, idempotent: Bool) async throws -> [String: Any] {
        var headers = ["Accept": "application/json"]
        if body != nil { headers["Content-Type"] = "application/json" }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body.map { $0.serialized() } ?? Data(),
                                  operation: operation, isIdempotent: idempotent)
        let response = try await http.send(request)
        guard (200..<300).contains(response.status) else {
            if let error = RedditErrorBody.decode(response.body) { throw RedditAPIError.api(operation: operation, status: response.status, error) }
            throw HTTPError(request: request, response: response)
        }
        if response.body.isEmpty { return [:] }
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            throw RedditAPIError.unexpected(operation: operation, "the answer is not a JSON object: "
                + HTTPError.clip(Redactor.redact(String(decoding: response.body.prefix(200), as: UTF8.self))))
        }
        return object
    }

    /// An id: Reddit writes ids as strings; a number is accepted too.
    static func string(_ value: Any?) -> String? { (value as? String) ?? (value as? NSNumber)?.stringValue }
}
