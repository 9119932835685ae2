import Foundation

/// Reads Microsoft Advertising's throttling answers for ``RetryMiddleware``.
///
/// Campaign Management counts each user's calls in a sliding 60-second window; over the limit it answers error code
/// 117 `CallRateExceeded` — on HTTP 429, but also on 400 or 500 — and the request, which was not applied, may be sent
/// again after 60 seconds (Microsoft's guides/services-protocol.md, "Handle Throttling"). Reporting answers 207
/// `ConcurrentRequestOverLimit` while too many reports are being generated: wait for them (30 seconds here). Both are
/// `.notApplied`, so that a write is sent again whatever the status. Anything else: nil, and the middleware's own rules
/// apply.
public enum MicrosoftAdsRetryHint {
    public static func classify(_ response: HTTPResponse) -> PlatformRetryHint? {
        guard response.status >= 400,
              let fault = MicrosoftAdsFailure.decodeFault(response.body, httpStatus: response.status, operation: "") else { return nil }
        if fault.isThrottled { return .notApplied(retryAfter: .seconds(60)) }
        if fault.isReportingBusy { return .notApplied(retryAfter: .seconds(30)) }
        return nil
    }
}

extension MicrosoftAdsErrorItem {
    /// `117 CallRateExceeded`: the call was refused, not applied.
    var isThrottling: Bool { code == 117 || errorCode == "CallRateExceeded" }
    /// `207 ConcurrentRequestOverLimit`: too many reports are being generated; the request was not taken.
    var isReportingBusy: Bool { code == 207 || errorCode == "ConcurrentRequestOverLimit" }
}

extension MicrosoftAdsFailure {
    /// Microsoft's throttling (`117 CallRateExceeded`), on whatever status it came.
    var isThrottled: Bool { errors.contains(where: \.isThrottling) }
    var isReportingBusy: Bool { errors.contains(where: \.isReportingBusy) }
}
