import Foundation

/// Reads Google Ads quota errors for `RetryMiddleware`.
///
/// A quota error is `errorCode.quotaError` inside a `GoogleAdsFailure` detail, with
/// `details.quotaErrorDetails {rateScope: ACCOUNT|DEVELOPER, rateName, retryDelay: "30s"}`. A short `retryDelay` is a
/// rate limit: wait that long (`.retryAfter`). A spent daily quota is `RESOURCE_EXHAUSTED` with a `retryDelay` over
/// `dailyThreshold`, a `rateName` that names a day, or a developer-token access-level quota (the v25 `QuotaRateScope` enum has no DAILY value, so the scope
/// alone cannot tell): that is `.doNotRetry`, with the reset time computed from `retryDelay` and `now`. A standard
/// `google.rpc.RetryInfo` detail is honoured too. Anything else: nil, and the middleware's own rules apply.
public struct GoogleAdsRetryClassifier: Sendable {
    private let now: @Sendable () -> Date
    /// A `retryDelay` longer than this means the quota is spent for the day.
    public var dailyThreshold: Duration

    public init(now: @escaping @Sendable () -> Date = { Date() }, dailyThreshold: Duration = .seconds(3600)) {
        self.now = now
        self.dailyThreshold = dailyThreshold
    }

    public func classify(_ response: HTTPResponse) -> PlatformRetryHint? {
        guard response.status >= 400, let details = Self.details(response.body) else { return nil }
        var delays: [Duration] = []
        var exhausted: (scope: String?, name: String?, delay: Duration?)?
        for detail in details {
            let type = detail["@type"] as? String ?? ""
            if type.hasSuffix("google.rpc.RetryInfo"), let delay = Self.duration(detail["retryDelay"]) {
                delays.append(delay)
            }
            guard type.hasSuffix(".GoogleAdsFailure"), let errors = detail["errors"] as? [[String: Any]] else { continue }
            for error in errors {
                guard let quotaError = (error["errorCode"] as? [String: Any])?["quotaError"] as? String else { continue }
                let quota = (error["details"] as? [String: Any])?["quotaErrorDetails"] as? [String: Any]
                let delay = Self.duration(quota?["retryDelay"])
                if let delay { delays.append(delay) }
                let name = quota?["rateName"] as? String
                let scope = quota?["rateScope"] as? String
                if quotaError == "RESOURCE_EXHAUSTED", (delay.map { $0 > dailyThreshold } ?? false) || Self.namesADay(name) || Self.namesADay(scope)
                    || Self.namesAnAccessLevelQuota(name) {
                    exhausted = (scope, name, delay)
                }
            }
        }
        if let exhausted {
            var reason = switch exhausted.scope {
            case "ACCOUNT": "the account's daily Google Ads API quota"
            case "DEVELOPER": "the developer token's daily Google Ads API quota"
            default: "the daily Google Ads API quota"
            }
            if let name = exhausted.name, !name.isEmpty { reason += " (\(name))" }
            reason += " is spent"
            return .doNotRetry(reason: reason, resetsAt: exhausted.delay.map { Self.describeReset(after: $0, now: now()) })
        }
        return delays.max().map(PlatformRetryHint.retryAfter)
    }

    /// The `details` of `{"error":{…}}`, also when the error arrives wrapped in an array (searchStream).
    private static func details(_ body: Data) -> [[String: Any]]? {
        guard let json = try? JSONSerialization.jsonObject(with: body) else { return nil }
        let envelope = (json as? [String: Any]) ?? (json as? [[String: Any]])?.first
        return (envelope?["error"] as? [String: Any])?["details"] as? [[String: Any]]
    }

    /// A protobuf Duration in JSON: `"30s"`, `"1.5s"`.
    static func duration(_ value: Any?) -> Duration? {
        guard let text = value as? String, text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0, seconds.isFinite else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Google's developer-token quotas of operations a day are named after the token's access level ("Number of operations
    /// for basic access"): spent for the day whatever the delay says — near midnight the delay is short.
    private static func namesAnAccessLevelQuota(_ text: String?) -> Bool {
        guard let text = text?.lowercased() else { return false }
        return text.contains("operations for") && text.contains("access")
    }

    private static func namesADay(_ text: String?) -> Bool {
        guard let text = text?.lowercased() else { return false }
        return text.contains("daily") || text.contains("per day") || text.contains("day")
    }

    static func describeReset(after delay: Duration, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        let hours = delay.seconds / 3600
        let relative = hours >= 1.5 ? "in about \(Int(hours.rounded())) hours" : "in about \(max(1, Int((delay.seconds / 60).rounded()))) minutes"
        return "\(formatter.string(from: now.addingTimeInterval(delay.seconds))) (\(relative))"
    }
}
