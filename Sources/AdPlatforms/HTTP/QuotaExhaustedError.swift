import Foundation

/// The platform said that trying again cannot succeed until a quota resets; nothing more was sent.
public struct QuotaExhaustedError: LocalizedError, Sendable {
    /// The request's operation, e.g. `google_ads.googleAds:search`.
    public var operation: String
    /// The classifier's explanation, e.g. "the developer token's daily quota (…) is spent".
    public var reason: String
    /// When the quota resets, as the platform or the classifier put it (nil when unknown).
    public var resetsAt: String?

    public init(operation: String, reason: String, resetsAt: String?) {
        self.operation = operation
        self.reason = Redactor.redact(reason)
        self.resetsAt = resetsAt.map(Redactor.redact)
    }

    public var platform: String {
        operation.split(separator: ".", maxSplits: 1).first.map(String.init) ?? operation
    }

    public var errorDescription: String? {
        let reset = resetsAt.map { "it resets at \($0)" } ?? "it resets once a day"
        return "\(PlatformName.display(platform)) refused \(PlatformName.action(operation)): \(reason); \(reset); nothing more was sent"
    }
}
