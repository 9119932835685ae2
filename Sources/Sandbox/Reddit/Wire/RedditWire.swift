import Foundation

/// Reddit's wire conventions: the `/api/v3/` prefix, the `{"data": …}` envelope, the error body, pages with `page.size`
/// / `page.token` and absolute `next_url`s, the descriptive `User-Agent`, ISO 8601 times and the `RateLimit` headers.
enum RedditWire {
    static let prefix = "/api/v3/"
    static let tokenPath = "/api/v1/access_token"

    // MARK: errors

    /// `{"error": {"code", "message", "fields": [{"field", "message"}]}}` (ErrorBody; `fields` only when given).
    static func error(
        _ status: Int, _ message: String, fields: [RedditSchema.Problem] = [], headers: [(name: String, value: String)] = []
    ) -> SandboxHTTPResponse {
        var detail: [String: SandboxJSON] = ["code": .int(Int64(status)), "message": .string(message)]
        if !fields.isEmpty {
            detail["fields"] = .array(fields.map { ["field": .string($0.field), "message": .string($0.message)] })
        }
        return .json(status, ["error": .object(detail)], headers: headers)
    }

    /// A refused body: HTTP 400, `message` "Bad Request" (as the reference's example), the field in `fields`.
    static func invalid(_ problem: RedditSchema.Problem) -> SandboxHTTPResponse {
        error(400, "Bad Request", fields: [problem])
    }

    static func invalid(_ field: String, _ message: String) -> SandboxHTTPResponse {
        invalid(RedditSchema.Problem(field: field, message: message))
    }

    /// The message of the sandbox's passing refusal (the `partialFailure` fault; UNCONFIRMED, see
    /// ``SandboxEngine/redditFault(_:slug:quota:now:write:)``).
    static let conflictMessage = "Conflict: the object is being changed by another request; try again"

    static func notFound(_ what: String) -> SandboxHTTPResponse { error(404, "Not Found: \(what)") }

    // MARK: requests

    /// The `data` object of a JSON body `{"data": {...}}`.
    static func data(_ body: Data) -> Result<[String: SandboxJSON], RedditSchema.Problem> {
        guard let json = SandboxJSON.parse(body), let object = json.objectValue else {
            return .failure(RedditSchema.Problem(field: "data", message: "The body must be a JSON object {\"data\": {...}}."))
        }
        guard let data = object["data"]?.objectValue else {
            return .failure(RedditSchema.Problem(field: "data", message: "Field data is required and must be an object: the body is {\"data\": {...}}."))
        }
        if let unknown = object.keys.sorted().first(where: { $0 != "data" }) {
            return .failure(RedditSchema.Problem(field: unknown, message: "Unknown field \(unknown): the body is {\"data\": {...}}."))
        }
        return .success(data)
    }

    /// Decodes a query string (`page.size=2&page.token=…`; `+` is a space).
    static func query(_ text: String?) -> [(String, String)] {
        (text ?? "").split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Whether a `User-Agent` is the descriptive kind Reddit asks for, `platform:app id:version (by /u/username)` (the
    /// same test tfz's credentials apply to `user_agent`).
    static func isDescriptive(userAgent: String?) -> Bool {
        guard let userAgent else { return false }
        return userAgent.contains(":") && userAgent.contains("(by /u/")
    }

    // MARK: pages

    /// An opaque `page.token` for a position in a list.
    static func token(_ offset: Int) -> String { Data("reddit:\(offset)".utf8).base64EncodedString() }

    static func offset(_ token: String) -> Int? {
        guard let data = Data(base64Encoded: token) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return text.hasPrefix("reddit:") ? Int(text.dropFirst(7)).flatMap { $0 >= 0 ? $0 : nil } : nil
    }

    /// The page the query asks for: `page.size` (default 100, UNCONFIRMED; at most `maximum`) and `page.token`.
    static func page(_ query: [(String, String)], maximum: Int = 1000) -> Result<(offset: Int, size: Int), RedditSchema.Problem> {
        var size = min(100, maximum)
        var offset = 0
        if let raw = query.last(where: { $0.0 == "page.size" })?.1 {
            guard let value = Int(raw), value >= 1, value <= maximum else {
                return .failure(RedditSchema.Problem(field: "page.size", message: "page.size must be an integer from 1 to \(maximum)."))
            }
            size = value
        }
        if let raw = query.last(where: { $0.0 == "page.token" })?.1 {
            guard let value = Self.offset(raw) else {
                return .failure(RedditSchema.Problem(field: "page.token", message: "page.token is not a token this API handed out."))
            }
            offset = value
        }
        return .success((offset, size))
    }

    /// `{next_url, previous_url}` for one page: the request's URL with `page.token` replaced, absolute on the sandbox's
    /// base URL; null where there is no such page.
    static func pagination(
        total: Int, offset: Int, size: Int, baseURL: URL, path: String, query: [(String, String)]
    ) -> [String: SandboxJSON] {
        func url(_ offset: Int) -> SandboxJSON {
            var items = query.filter { $0.0 != "page.token" }
            if offset > 0 { items.append(("page.token", token(offset))) }
            var components = URLComponents(url: baseURL.appendingPathComponent(String(path.dropFirst())), resolvingAgainstBaseURL: false)!
            components.percentEncodedQuery = items.isEmpty ? nil : items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
            return .string(components.url!.absoluteString)
        }
        return [
            "next_url": offset + size < total ? url(offset + size) : .null,
            "previous_url": offset > 0 ? url(max(0, offset - size)) : .null,
        ]
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: times

    /// `2026-03-02T12:00:00+00:00` for seconds since 1970 (UTC).
    static func timestamp(_ seconds: Int64) -> String {
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - Int64(day) * 86_400
        return String(format: "%@T%02lld:%02lld:%02lld+00:00", SandboxCalendar.string(day), rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// Whether an entity `start_time` / `end_time` is ISO 8601 with a time and an offset (`Z` or `±hh:mm`).
    static func isDatetime(_ text: String) -> Bool {
        SandboxCalendar.day(String(text.prefix(10))) != nil
            && text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"#, options: .regularExpression) != nil
    }

    /// The calendar day of a datetime as written (in its own offset).
    static func day(_ text: String?) -> Int? { text.flatMap { SandboxCalendar.day(String($0.prefix(10))) } }

    /// A report bound: exactly `YYYY-MM-DDTHH:00:00Z`; the hour since 1970, else nil.
    static func reportHour(_ text: String) -> Int? {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$"#, options: .regularExpression) != nil,
            let day = SandboxCalendar.day(String(text.prefix(10))), let hour = Int(text.dropFirst(11).prefix(2)), hour < 24
        else { return nil }
        return day * 24 + hour
    }

    // MARK: rate limits

    /// The policy (slug, quota per 60 s) that counts a call, from the reference's `rateLimitPolicies`.
    static func policy(method: String, segments: [String]) -> (slug: String, quota: Int) {
        if segments.last == "reports" { return ("ads-reporting", 60) }
        if segments.first == "posts" || segments.last == "posts" { return ("ads-creative-management", 200) }
        if segments.last == "profiles" { return ("ads-business-manager", 100) }
        return method == "GET" ? ("ads-campaign-management-read", 400) : ("ads-campaign-management-write", 200)
    }

    /// `RateLimit-Policy: "<slug>";q=<quota>;w=60` and `RateLimit: "<slug>";r=<remaining>;t=<seconds to reset>`.
    static func rateLimitHeaders(slug: String, quota: Int, remaining: Int, reset: Int) -> [(name: String, value: String)] {
        [("RateLimit-Policy", "\"\(slug)\";q=\(quota);w=60"), ("RateLimit", "\"\(slug)\";r=\(max(0, remaining));t=\(max(0, reset))")]
    }
}
