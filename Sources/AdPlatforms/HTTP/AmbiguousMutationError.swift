import Foundation

/// A request that is not safe to send twice got no clear answer: it may or may not have been applied.
///
/// The retry middleware throws this instead of resending a mutate after a timeout, a lost connection, or HTTP 500, 502
/// or 504. The caller looks the object up (by the id tfz put in it) before creating it again.
public struct AmbiguousMutationError: LocalizedError, Sendable {
    /// The request's operation, e.g. `google_ads.googleAds:mutate`.
    public var operation: String
    /// The HTTP status when there was an answer (500, 502, 504), nil after a timeout or a lost connection.
    public var status: Int?
    /// The redacted failure: "the request timed out", "HTTP 502: …".
    public var reason: String
    /// The attempt that failed (1 for the first send).
    public var attempt: Int
    /// The underlying error, if any.
    public var cause: (any Error)?

    public init(operation: String, status: Int? = nil, reason: String, attempt: Int = 1, cause: (any Error)? = nil) {
        self.operation = operation
        self.status = status
        self.reason = Redactor.redact(reason)
        self.attempt = attempt
        self.cause = cause
    }

    public var platform: String {
        operation.split(separator: ".", maxSplits: 1).first.map(String.init) ?? operation
    }

    public var errorDescription: String? {
        "\(PlatformName.display(platform)) may or may not have applied \(PlatformName.action(operation)) (\(reason)); "
            + "tfz did not send it again and looks the objects up before creating them again"
    }
}

/// A status change (pause, resume, enable) got no clear answer twice: tfz sent it twice, which is safe for a status, and
/// stopped; whether the platform applied it is unknown until it is read back.
public struct StatusChangeUnanswered: LocalizedError, Sendable {
    public var platform: String
    public var campaigns: Int
    public var enabled: Bool
    public var first: String
    public var second: String

    public init(platform: String, campaigns: Int, enabled: Bool, first: String, second: String) {
        self.platform = platform
        self.campaigns = campaigns
        self.enabled = enabled
        self.first = Redactor.redact(first)
        self.second = Redactor.redact(second)
    }

    public var errorDescription: String? {
        "\(PlatformName.display(platform)) gave no clear answer to \(enabled ? "enabling" : "pausing") \(campaigns) campaign(s), twice "
            + "(\(first); then \(second)); tfz sent the status change twice and stopped. The platform may or may not have applied it: "
            + "`tfz status` shows what it has, and running the same command again finishes the change"
    }
}
