@testable import AdPlatforms
import Foundation
import Testing

/// Meta's error bodies and usage headers, as the reference (gotcha 9) and Meta's rate-limiting documentation shape them.
@Suite struct MetaGraphErrorTests {
    @Test func decodesTheErrorEnvelope() throws {
        let body = #"{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_subcode":1885183,"error_user_title":"Ads creative post was created by an app that is in development mode","error_user_msg":"It must be in public to create this ad.","fbtrace_id":"AbCdEf123"}}"#
        let error = try #require(MetaGraphError.decode(Data(body.utf8)))
        #expect(error == MetaGraphError(message: "(#100) Invalid parameter", type: "OAuthException", code: 100, subcode: 1_885_183,
                                        userTitle: "Ads creative post was created by an app that is in development mode",
                                        userMessage: "It must be in public to create this ad.", traceId: "AbCdEf123"))
        #expect(error.description == "Ads creative post was created by an app that is in development mode: It must be in public to create this ad. (Meta error 100/1885183)")
        #expect(!error.isRateLimited && !error.isInvalidToken)
        #expect(MetaGraphError.decode(Data(#"{"data":[]}"#.utf8)) == nil)
        #expect(MetaGraphError.decode(Data("not json".utf8)) == nil)
    }

    @Test func usageHeadersGiveTheHighestPercentageAndTheWait() {
        let headers = [
            "x-business-use-case-usage": #"{"1234567890":[{"type":"ads_management","call_count":28,"total_cputime":91,"total_time":25,"estimated_time_to_regain_access":0}]}"#,
            "x-ad-account-usage": #"{"acc_id_util_pct":9.67,"reset_time_duration":0}"#,
        ]
        #expect(MetaUsage.read { headers[$0] } == MetaUsage(percent: 91, minutesToRegainAccess: 0))
        #expect(MetaUsage.read { _ in nil } == nil)
    }

    /// A throttled call was not applied: sent again (a write too) after Meta's wait, at least a minute; a wait of more
    /// than 15 minutes stops tfz with Meta's words. Other errors are left to the HTTP status.
    @Test func throttlingIsRetriedAfterMetasWait() {
        func answer(_ code: Int, minutes: Int) -> HTTPResponse {
            HTTPResponse(status: 400, headers: ["x-business-use-case-usage": #"{"1":[{"type":"ads_management","call_count":100,"total_cputime":40,"total_time":40,"estimated_time_to_regain_access":\#(minutes)}]}"#],
                         body: Data(#"{"error":{"message":"(#\#(code)) There have been too many calls to this ad-account. Wait a bit and try again.","type":"OAuthException","code":\#(code),"error_subcode":2446079,"fbtrace_id":"x"}}"#.utf8))
        }
        #expect(MetaRetryHint.classify(answer(80_004, minutes: 0)) == .notApplied(retryAfter: .seconds(60)))
        #expect(MetaRetryHint.classify(answer(17, minutes: 5)) == .notApplied(retryAfter: .seconds(300)))
        guard case .doNotRetry(let reason, nil) = MetaRetryHint.classify(answer(80_004, minutes: 40)) else {
            Issue.record("expected doNotRetry"); return
        }
        #expect(reason.hasPrefix("Meta throttled the ad account and asks for 40 minutes before the next call"))
        #expect(MetaRetryHint.classify(HTTPResponse(status: 400, body: Data(#"{"error":{"message":"bad","code":100}}"#.utf8))) == nil)
        #expect(MetaRetryHint.classify(HTTPResponse(status: 200, body: Data(#"{"error":{"message":"x","code":17}}"#.utf8))) == nil)
    }
}
