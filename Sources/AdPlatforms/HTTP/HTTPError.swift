import Foundation

/// A request that failed at the HTTP boundary: the platform answered with an error status, or could not be reached.
///
/// The description is one short sentence plus an excerpt of the answer. The excerpt is redacted and at most
/// 300 characters; no header value and no token ever appears in it.
public struct HTTPError: LocalizedError, Sendable {
    /// `google_ads`, `meta`, `oauth`, … (the first part of the request's operation).
    public var platform: String
    /// The request's operation, e.g. `google_ads.campaigns:mutate`.
    public var operation: String
    /// The HTTP status, or nil when no answer arrived.
    public var status: Int?
    /// The redacted start of the answer (messages picked out of a JSON error body where there is one).
    public var excerpt: String
    /// The platform's request id (`request-id`, `x-fb-trace-id`, `TrackingId` headers) for support tickets.
    public var requestId: String?
    /// The underlying error, such as a `TransportError`.
    public var cause: (any Error)?

    public static let maxExcerptLength = 300

    public init(platform: String, operation: String, status: Int?, excerpt: String, requestId: String? = nil, cause: (any Error)? = nil) {
        self.platform = platform
        self.operation = operation
        self.status = status
        self.excerpt = Self.clip(Redactor.redact(excerpt))
        self.requestId = requestId
        self.cause = cause
    }

    /// The error for an answer with an error status.
    public init(request: HTTPRequest, response: HTTPResponse, cause: (any Error)? = nil) {
        let requestId = ["request-id", "x-request-id", "x-fb-trace-id", "trackingid"].lazy.compactMap { response.headers[$0] }.first
        self.init(platform: request.platform, operation: request.operation, status: response.status,
                  excerpt: ResponseExcerpt.make(response.body), requestId: requestId, cause: cause)
    }

    /// The error for a request that got no answer.
    public init(request: HTTPRequest, cause: any Error) {
        self.init(platform: request.platform, operation: request.operation, status: nil, excerpt: "", cause: cause)
    }

    public var errorDescription: String? {
        let name = PlatformName.display(platform)
        let action = PlatformName.action(operation)
        var sentence: String
        if let status {
            sentence = "\(name) answered HTTP \(status) to \(action)"
        } else if let cause {
            sentence = "\(name) could not be reached for \(action): \(Self.describe(cause))"
        } else {
            sentence = "\(name) could not be reached for \(action)"
        }
        if !excerpt.isEmpty { sentence += ": \(excerpt)" }
        if let requestId, !requestId.isEmpty { sentence += " (request id \(Redactor.redact(requestId)))" }
        return sentence
    }

    /// A redacted one-line description of any error.
    /// The error in a few words for a line that says itself what tfz does next: an unanswered mutation gives only
    /// what happened ("the request timed out"), not its own advice.
    static func describe(_ error: any Error) -> String {
        if let ambiguous = error as? AmbiguousMutationError { return ambiguous.reason }
        return Redactor.redact((error as? LocalizedError)?.errorDescription ?? String(describing: type(of: error)))
    }

    static func clip(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard collapsed.count > maxExcerptLength else { return collapsed }
        return String(collapsed.prefix(maxExcerptLength - 1)) + "…"
    }
}

/// Names platforms and operations the way a campaign manager reads them.
enum PlatformName {
    static func display(_ platform: String) -> String {
        switch platform {
        case "google_ads": "Google Ads"
        case "microsoft_ads": "Microsoft Advertising"
        case "meta": "Meta"
        case "reddit": "Reddit Ads"
        case "oauth": "The OAuth token endpoint"
        case "sandbox": "The sandbox"
        default: platform
        }
    }

    /// `campaigns:mutate` out of `google_ads.campaigns:mutate`.
    static func action(_ operation: String) -> String {
        if operation == "oauth.token" { return "the token refresh" }
        guard let dot = operation.firstIndex(of: ".") else { return operation }
        return String(operation[operation.index(after: dot)...])
    }
}

/// Picks the human-readable messages out of an error body, or falls back to its text.
enum ResponseExcerpt {
    static func make(_ body: Data) -> String {
        guard !body.isEmpty else { return "" }
        if let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) {
            var messages: [String] = []
            collect(json, into: &messages)
            var seen = Set<String>()
            let unique = messages.filter { seen.insert($0).inserted }
            if !unique.isEmpty { return Redactor.redact(unique.prefix(4).joined(separator: "; ")) }
        }
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        return Redactor.redact(text)
    }

    private static let messageKeys = ["message", "Message", "error_description", "error_user_msg"]

    private static func collect(_ value: Any, into messages: inout [String]) {
        if let array = value as? [Any] {
            for item in array { collect(item, into: &messages) }
        } else if let object = value as? [String: Any] {
            // Google Ads: {"errorCode":{"campaignError":"DUPLICATE_CAMPAIGN_NAME"},"message":"…"}
            let code = (object["errorCode"] as? [String: Any])?.first.map { "\($0.key).\($0.value)" }
            for key in messageKeys {
                if let message = object[key] as? String, !message.isEmpty {
                    messages.append(code.map { "\($0): \(message)" } ?? message)
                }
            }
            if object["error_description"] == nil, let error = object["error"] as? String {
                messages.append(error)  // OAuth: {"error":"invalid_client"}
            }
            for key in object.keys.sorted() where !messageKeys.contains(key) {
                if let nested = object[key], nested is [Any] || nested is [String: Any] { collect(nested, into: &messages) }
            }
        }
    }
}
