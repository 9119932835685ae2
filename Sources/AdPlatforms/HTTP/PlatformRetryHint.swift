/// What a platform's error body says about trying again, read by a platform-specific classifier.
public enum PlatformRetryHint: Sendable, Equatable {
    /// Wait this long before the next attempt (Google's `quotaErrorDetails.retryDelay`). The HTTP status still decides
    /// whether the request is retried at all, and whether a write may be sent again.
    case retryAfter(Duration)
    /// The platform says the request was refused before it was applied (Microsoft's `117 CallRateExceeded`, which may
    /// come on HTTP 400 or 500): wait this long, then send it again — a write too, whatever the HTTP status.
    case notApplied(retryAfter: Duration)
    /// Stop: trying again cannot succeed before `resetsAt` (a spent daily quota).
    case doNotRetry(reason: String, resetsAt: String?)
}
