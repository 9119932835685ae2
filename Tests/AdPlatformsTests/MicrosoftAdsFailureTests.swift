@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Microsoft Advertising's error answers, in the reference's shapes: `PartialErrors` and `NestedPartialErrors` of an
/// HTTP 200 answer, and the `ApplicationFault` of a whole-request failure.
@Suite struct MicrosoftAdsFailureTests {
    static let apiFault = #"""
    {"Type":"ApiFaultDetail","TrackingId":"2b1d7a1c-6c8e-4c1b-9a7e-0f3b4c5d6e7f","BatchErrors":[{"Type":"BatchError","Code":1113,"ErrorCode":"CampaignServiceCannotChangeTimeZone","Index":1,"Message":"The time zone cannot be changed.","FieldPath":"Campaigns[1].TimeZone"}],"OperationErrors":[{"Code":1100,"ErrorCode":"CampaignServiceInvalidAccountId","Message":"The account ID is invalid.","Details":null}]}
    """#

    /// Carries the canary access token (`Canary.accessToken`, spelled in two parts so no file holds a token-shaped string).
    static let adApiFault = #"{"Type":"AdApiFaultDetail","TrackingId":"track-105","Errors":[{"Code":105,"ErrorCode":"InvalidCredentials","#
        + #""Message":"Authentication failed. Either supplied credentials are invalid or the account is inactive. Bearer "#
        + Canary.accessToken + #"","Detail":null}]}"#

    static let callRate = #"""
    {"Type":"ApiFaultDetail","TrackingId":"t-117","OperationErrors":[{"Code":117,"ErrorCode":"CallRateExceeded","Message":"You have exceeded the number of calls that you are allowed to make in a minute. Please reduce the number of calls that you make per minute."}],"BatchErrors":[]}
    """#

    @Test func applicationFaultIsOneErrorNamingEverything() throws {
        let fault = try #require(MicrosoftAdsFailure.decodeFault(Data(Self.apiFault.utf8), httpStatus: 400, operation: "AddCampaigns"))
        #expect(fault.faultType == "ApiFaultDetail")
        #expect(fault.trackingId == "2b1d7a1c-6c8e-4c1b-9a7e-0f3b4c5d6e7f")
        #expect(fault.codes.sorted() == [1100, 1113])
        let batch = try #require(fault.errors.first { $0.index != nil })
        #expect(batch.index == 1)
        #expect(batch.errorCode == "CampaignServiceCannotChangeTimeZone")
        #expect(batch.details == "Campaigns[1].TimeZone")
        #expect(fault.errorDescription == "Microsoft Advertising rejected AddCampaigns with HTTP 400 (ApiFaultDetail): 1100 CampaignServiceInvalidAccountId: "
            + "The account ID is invalid. and 1 more error(s) (tracking id 2b1d7a1c-6c8e-4c1b-9a7e-0f3b4c5d6e7f)")
        // Wrapped the way some SDK examples show it.
        let wrapped = try #require(MicrosoftAdsFailure.decodeFault(Data(#"{"ApplicationFault":\#(Self.apiFault)}"#.utf8), httpStatus: 400, operation: "AddCampaigns"))
        #expect(wrapped == fault)
        // Not a fault at all.
        #expect(MicrosoftAdsFailure.decodeFault(Data("<html>Bad gateway</html>".utf8), httpStatus: 502, operation: "AddCampaigns") == nil)
        #expect(MicrosoftAdsFailure.decodeFault(Data(#"{"CampaignIds":["1"]}"#.utf8), httpStatus: 400, operation: "AddCampaigns") == nil)
    }

    @Test func adApiFaultNeverShowsAToken() throws {
        let fault = try #require(MicrosoftAdsFailure.decodeFault(Data(Self.adApiFault.utf8), httpStatus: 401, operation: "GetCampaignsByAccountId"))
        #expect(fault.codes == [105])
        let texts = [fault.errorDescription ?? "", "\(fault)", String(reflecting: fault), fault.localizedDescription]
        for text in texts {
            #expect(text.contains("Microsoft Advertising"))
            #expect(text.contains("GetCampaignsByAccountId"))
            #expect(text.contains("HTTP 401"))
            #expect(text.contains("105 InvalidCredentials"))
        }
        Canary.expectNoLeak(texts)
    }

    @Test func partialErrorsPointAtTheirItems() throws {
        let answer = try #require(JSONValue.parse(Data(#"""
        {"CampaignIds":["501",null,"503"],"PartialErrors":[{"Type":"BatchError","Code":1129,"ErrorCode":"CampaignServiceCampaignNameNotUnique","Index":1,"Message":"The campaign name is already in use.","Details":null,"FieldPath":null}]}
        """#.utf8)))
        #expect(MicrosoftAdsClient.ids(answer["CampaignIds"]) == ["501", nil, "503"])
        let errors = MicrosoftAdsFailure.partialErrors(answer)
        #expect(errors == [MicrosoftAdsErrorItem(code: 1129, errorCode: "CampaignServiceCampaignNameNotUnique", message: "The campaign name is already in use.", index: 1)])
        #expect(errors[0].summary == "1129 CampaignServiceCampaignNameNotUnique: The campaign name is already in use.")
        #expect(MicrosoftAdsFailure.partialErrors(try #require(JSONValue.parse(Data(#"{"CampaignIds":["1"],"PartialErrors":null}"#.utf8)))).isEmpty)
    }

    @Test func nestedPartialErrorsCarryTheOuterIndex() throws {
        let answer = try #require(JSONValue.parse(Data(#"""
        {"NegativeKeywordIds":[{"Ids":["9001",null]}],"NestedPartialErrors":[{"Type":"BatchErrorCollection","Index":0,"Code":null,"ErrorCode":null,"Message":null,"BatchErrors":[{"Type":"BatchError","Code":4224,"ErrorCode":"CampaignServiceNegativeKeywordTooLong","Index":1,"Message":"The negative keyword is too long."}]},{"Type":"BatchErrorCollection","Index":2,"Code":1032,"ErrorCode":"CampaignServiceInvalidCriterion","Message":"The criterion is not valid.","BatchErrors":null}]}
        """#.utf8)))
        let errors = MicrosoftAdsFailure.nestedPartialErrors(answer)
        #expect(errors.count == 2)
        #expect(errors[0].index == 0)
        #expect(errors[0].nestedIndex == 1)
        #expect(errors[0].code == 4224)
        #expect(errors[1].index == 2)
        #expect(errors[1].nestedIndex == nil)
        #expect(errors[1].errorCode == "CampaignServiceInvalidCriterion")
        #expect(MicrosoftAdsClient.ids(answer["NegativeKeywordIds"]?.arrayValue.first?["Ids"]) == ["9001", nil])
    }

    @Test func theClientThrowsTheFaultAndMarksWritesNotIdempotent() async throws {
        let transport = FakeTransport([
            { request in
                #expect(request.method == "POST")
                #expect(request.operation == "microsoft_ads.AddCampaigns")
                #expect(!request.isIdempotent)
                #expect(request.header("content-type") == "application/json")
                return HTTPResponse(status: 400, headers: ["Content-Type": "application/json"], body: Data(Self.apiFault.utf8))
            },
            { request in
                #expect(request.operation == "microsoft_ads.GetCampaignsByAccountId")
                #expect(request.isIdempotent)
                return HTTPResponse(status: 502, body: Data("<html>bad gateway</html>".utf8))
            },
        ])
        let client = MicrosoftAdsClient(http: HTTPClient(transport: transport), baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!,
                                        accountId: "149876543")
        let fault = await #expect(throws: MicrosoftAdsFailure.self) { try await client.addCampaigns([.object([("Name", .string("x"))])]) }
        #expect(fault?.httpStatus == 400)
        #expect(fault?.operation == "AddCampaigns")
        let http = await #expect(throws: HTTPError.self) { try await client.campaigns() }
        #expect(http?.errorDescription == "Microsoft Advertising answered HTTP 502 to GetCampaignsByAccountId: <html>bad gateway</html>")
    }

    @Test func throttlingTellsTheRetryMiddlewareToWaitAMinute() {
        #expect(MicrosoftAdsRetryHint.classify(HTTPResponse(status: 429, body: Data(Self.callRate.utf8))) == .notApplied(retryAfter: .seconds(60)))
        #expect(PlatformDescriptor.microsoftAds.retryHint(HTTPResponse(status: 500, body: Data(Self.callRate.utf8))) == .notApplied(retryAfter: .seconds(60)))
        #expect(MicrosoftAdsRetryHint.classify(HTTPResponse(status: 400, body: Data(Self.callRate.utf8))) == .notApplied(retryAfter: .seconds(60)))
        let concurrent = #"{"Type":"ApiFaultDetail","OperationErrors":[{"Code":207,"ErrorCode":"ConcurrentRequestOverLimit","Message":"wait"}]}"#
        #expect(MicrosoftAdsRetryHint.classify(HTTPResponse(status: 429, body: Data(concurrent.utf8))) == .notApplied(retryAfter: .seconds(30)))
        #expect(MicrosoftAdsRetryHint.classify(HTTPResponse(status: 400, body: Data(Self.apiFault.utf8))) == nil)
        #expect(MicrosoftAdsRetryHint.classify(HTTPResponse(status: 200, body: Data(Self.callRate.utf8))) == nil)
    }

    @Test func aThrottledWriteIsSentAgainAfterTheDelay() async throws {
        let sleeps = SleepRecorder()
        let transport = FakeTransport([
            Answer.json(429, Self.callRate),
            Answer.json(200, #"{"CampaignIds":["777"],"PartialErrors":null}"#),
        ])
        let retry = RetryMiddleware(sleep: sleeps.sleep, classify: { MicrosoftAdsRetryHint.classify($0) })
        let client = MicrosoftAdsClient(http: HTTPClient(transport: transport, middlewares: [retry]),
                                        baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!, accountId: "149876543")
        let result = try await client.addCampaigns([.object([("Name", .string("x"))])])
        #expect(result.ids == ["777"])
        #expect(sleeps.delays == [.seconds(60)])
    }

    /// Throttling on HTTP 400 and 500 says the write was not applied: it is sent again, not reported as ambiguous.
    @Test(arguments: [400, 500])
    func aWriteThrottledOnAnotherStatusIsSentAgain(_ status: Int) async throws {
        let sleeps = SleepRecorder()
        let transport = FakeTransport([
            Answer.json(status, Self.callRate),
            Answer.json(200, #"{"CampaignIds":["778"],"PartialErrors":null}"#),
        ])
        let retry = RetryMiddleware(sleep: sleeps.sleep, classify: { MicrosoftAdsRetryHint.classify($0) })
        let client = MicrosoftAdsClient(http: HTTPClient(transport: transport, middlewares: [retry]),
                                        baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!, accountId: "149876543")
        let result = try await client.addCampaigns([.object([("Name", .string("x"))])])
        #expect(result.ids == ["778"])
        #expect(sleeps.delays == [.seconds(60)])
    }
}
