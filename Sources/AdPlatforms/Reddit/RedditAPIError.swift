import Foundation

/// Reddit's error body, `{"error":{"code","message","fields":[{"field","message"}]}}` (reference gotcha 1): the HTTP
/// status rides along, as `code` is not always present (spec2026 marks only `message` required).
public struct RedditErrorBody: Sendable, Equatable {
    /// One field Reddit names as wrong, with its message (`targeting.keywords[2]`, `goal_value`).
    public struct FieldProblem: Sendable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var code: Int?
    public var message: String
    public var fields: [FieldProblem]

    public init(code: Int?, message: String, fields: [FieldProblem] = []) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    /// The error of an answer body, or nil when it is not Reddit's shape. A legacy `{"errors":[…]}` list (which some
    /// third-party clients tolerate) is read as its first element.
    public static func decode(_ body: Data) -> RedditErrorBody? {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return nil }
        let object = (root["error"] as? [String: Any]) ?? ((root["errors"] as? [Any])?.first as? [String: Any])
        guard let e = object, let message = e["message"] as? String else { return nil }
        let fields = (e["fields"] as? [Any] ?? []).compactMap { item -> FieldProblem? in
            guard let f = item as? [String: Any], let field = f["field"] as? String else { return nil }
            return FieldProblem(field: field, message: f["message"] as? String ?? "")
        }
        let code = (e["code"] as? NSNumber)?.intValue ?? (e["code"] as? String).flatMap { Int($0) }
        return RedditErrorBody(code: code, message: message, fields: fields)
    }

    /// `Bad Request: targeting.keywords[0]: Keywords are plain strings… (Reddit error 400)`.
    public var description: String {
        let details = fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return (details.isEmpty ? message : "\(message): \(details)") + (code.map { " (Reddit error \($0))" } ?? "")
    }
}

/// A Reddit call that failed with Reddit's error envelope, or answered something tfz cannot read.
public enum RedditAPIError: Error, LocalizedError, Sendable {
    case api(operation: String, status: Int, RedditErrorBody)
    case unexpected(operation: String, String)

    public var status: Int? {
        if case .api(_, let status, _) = self { return status }
        return nil
    }

    public var body: RedditErrorBody? {
        if case .api(_, _, let body) = self { return body }
        return nil
    }

    /// Refused for a passing reason before it was applied: 409, the object being changed by another request at the same
    /// moment (UNCONFIRMED: the reference documents no 409; the sandbox answers its `partialFailure` fault so). Sent
    /// again within the same launch.
    public var isPassingConflict: Bool { status == 409 }

    public var errorDescription: String? {
        switch self {
        case .api(let operation, let status, let body):
            "Reddit answered HTTP \(status) to \(PlatformName.action(operation)): \(Redactor.redact(body.description))"
        case .unexpected(let operation, let what):
            "Reddit's answer to \(PlatformName.action(operation)) could not be read: \(what)"
        }
    }
}

/// Reads Reddit's throttling answers for ``RetryMiddleware``: a 429 was not applied, so it is sent again — a write
/// too. Reddit documents no `Retry-After`; its `RateLimit` header (`"<policy>";r=0;t=<seconds to reset>`) says when
/// the exhausted policy resets, and tfz waits that long (at most 60 s); without it, a fixed 60 s, the length of every
/// campaign-management policy's window. Anything else: nil, and the middleware's own rules apply.
public enum RedditRetryHint {
    /// The wait when Reddit says nothing about it: one policy window.
    public static let fixedWait: Duration = .seconds(60)

    public static func classify(_ response: HTTPResponse) -> PlatformRetryHint? {
        guard response.status == 429 else { return nil }
        return .notApplied(retryAfter: resetSeconds(response.headers["ratelimit"]).map { .seconds(max(1, min(60, $0))) } ?? fixedWait)
    }

    /// The largest `t=` of a `RateLimit` header whose `r=` is 0 (else the largest `t=`), or nil.
    static func resetSeconds(_ header: String?) -> Int? {
        guard let header else { return nil }
        var exhausted: [Int] = [], all: [Int] = []
        for entry in header.split(separator: ",") {
            var remaining: Int?, reset: Int?
            for part in entry.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if part.hasPrefix("r=") { remaining = Int(part.dropFirst(2)) }
                if part.hasPrefix("t=") { reset = Int(part.dropFirst(2)) }
            }
            guard let reset else { continue }
            all.append(reset)
            if remaining == 0 { exhausted.append(reset) }
        }
        return (exhausted.isEmpty ? all : exhausted).max()
    }
}
