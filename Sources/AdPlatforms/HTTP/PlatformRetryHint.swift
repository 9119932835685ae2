/// What a platform's error body says about trying again, read by a platform-specific classifier.
public enum PlatformRetryHint: Sendable, Equatable {
    /// Wait this long before the next attempt (Google's `quotaErrorDetails.retryDelay`).
    case retryAfter(Duration)
    /// Stop: trying again cannot succeed before `resetsAt` (a spent daily quota).
    case doNotRetry(reason: String, resetsAt: String?)
}
