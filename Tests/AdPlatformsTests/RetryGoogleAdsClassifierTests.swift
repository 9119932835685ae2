@testable import AdPlatforms
import Foundation
import Testing

@Suite struct RetryGoogleAdsClassifierTests {
    let classifier = GoogleAdsRetryClassifier(now: { Date(timeIntervalSince1970: 1_700_000_000) })

    func classify(_ status: Int, _ body: String) -> PlatformRetryHint? {
        classifier.classify(HTTPResponse(status: status, body: Data(body.utf8)))
    }

    @Test func aRateLimitRetryDelayIsHonoured() {
        #expect(classify(429, GoogleFixture.quotaError(retryDelay: "30s")) == .retryAfter(.seconds(30)))
        #expect(classify(429, GoogleFixture.quotaError(quotaError: "RESOURCE_TEMPORARILY_EXHAUSTED", retryDelay: "1.5s")) == .retryAfter(.milliseconds(1500)))
    }

    @Test func aLongRetryDelayMeansTheDailyQuotaIsSpent() {
        let hint = classify(429, GoogleFixture.quotaError(rateScope: "ACCOUNT", rateName: "Requests per account", retryDelay: "43200s"))
        #expect(hint == .doNotRetry(reason: "the account's daily Google Ads API quota (Requests per account) is spent",
                                    resetsAt: "2023-11-15 10:13 UTC (in about 12 hours)"))
    }

    @Test func aRateNameThatNamesADayMeansTheDailyQuotaIsSpent() {
        let hint = classify(429, GoogleFixture.quotaError(rateName: "Operations per developer per day", retryDelay: nil))
        #expect(hint == .doNotRetry(reason: "the developer token's daily Google Ads API quota (Operations per developer per day) is spent", resetsAt: nil))
    }

    @Test func aShortDelayOnAPerDayBucketIsStillDaily() {
        // The name decides even when the delay is short: trying again would spend another request for nothing.
        let hint = classify(429, GoogleFixture.quotaError(rateName: "Requests per day", retryDelay: "40s"))
        guard case .doNotRetry = hint else { Issue.record("expected doNotRetry, got \(String(describing: hint))"); return }
    }

    @Test func theBasicAccessOperationsQuotaIsDailyEvenJustBeforeMidnight() {
        // Found by a run at 23:07 UTC: the reset was 53 minutes away, under the one-hour threshold.
        let hint = classify(429, GoogleFixture.quotaError(rateScope: "DEVELOPER", rateName: "Number of operations for basic access", retryDelay: "3144s"))
        #expect(hint == .doNotRetry(reason: "the developer token's daily Google Ads API quota (Number of operations for basic access) is spent",
                                    resetsAt: "2023-11-14 23:05 UTC (in about 52 minutes)"))
    }

    @Test func anErrorWrappedInAnArrayIsRead() {
        // searchStream answers errors inside a JSON array.
        #expect(classify(429, "[" + GoogleFixture.quotaError(retryDelay: "45s") + "]") == .retryAfter(.seconds(45)))
    }

    @Test func standardRetryInfoIsHonoured() {
        let body = #"{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"}]}}"#
        #expect(classify(503, body) == .retryAfter(.seconds(3)))
    }

    @Test func otherErrorsGiveNoHint() {
        #expect(classify(400, GoogleFixture.duplicateName) == nil)
        #expect(classify(500, GoogleFixture.internalError) == nil)
        let badRequest = #"{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"startDate\" at 'operations[0].create': Cannot find field.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"operations[0].create","description":"Invalid JSON payload received. Unknown name \"startDate\" at 'operations[0].create': Cannot find field."}]}]}}"#
        #expect(classify(400, badRequest) == nil)
        #expect(classify(502, "<html>Bad Gateway</html>") == nil)
        #expect(classify(200, GoogleFixture.quotaError()) == nil)
    }
}
