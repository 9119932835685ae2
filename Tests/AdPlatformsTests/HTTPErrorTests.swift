@testable import AdPlatforms
import Foundation
import Testing

@Suite struct HTTPErrorTests {
    @Test func aGoogleAdsErrorReadsAsOneSentenceWithTheMessages() {
        let error = HTTPError(request: .mutate(), response: HTTPResponse(status: 400, headers: ["request-id": "req-42"], body: Data(GoogleFixture.duplicateName.utf8)))
        #expect(error.platform == "google_ads")
        #expect(error.operation == "google_ads.campaigns:mutate")
        #expect(error.status == 400)
        #expect(error.errorDescription == "Google Ads answered HTTP 400 to campaigns:mutate: Request contains an invalid argument.; campaignError.DUPLICATE_CAMPAIGN_NAME: Campaign with the same name already exists. (request id req-42)")
    }

    @Test func theExcerptIsAtMost300Characters() {
        let body = String(repeating: "upstream connect error or disconnect/reset before headers. ", count: 40)
        let error = HTTPError(request: .search(), response: HTTPResponse(status: 503, body: Data(body.utf8)))
        #expect(error.excerpt.count == 300)
        #expect(error.excerpt.hasSuffix("…"))
    }

    @Test func theExcerptIsRedactedBeforeItIsCut() {
        let body = #"{"error":"server echoed client_secret=\#(Canary.clientSecret)&refresh_token=\#(Canary.refreshToken) and Authorization: Bearer \#(Canary.accessToken)"}"#
        let error = HTTPError(request: .search(), response: HTTPResponse(status: 500, body: Data(body.utf8)))
        #expect(error.errorDescription == "Google Ads answered HTTP 500 to googleAds:search: server echoed client_secret=<redacted>&refresh_token=<redacted> and Authorization: Bearer <redacted>")
    }

    @Test func aFailureWithoutAnswerNamesTheCause() {
        let error = HTTPError(request: .search(), cause: TransportError.cannotConnect("googleads.googleapis.com (the connection was refused)"))
        #expect(error.errorDescription
            == "Google Ads could not be reached for googleAds:search: could not connect to googleads.googleapis.com (the connection was refused)")
    }

    @Test func aPlainTextBodyIsQuoted() {
        let error = HTTPError(request: .search(), response: HTTPResponse(status: 502, body: Data("<html><body>502 Bad Gateway</body></html>".utf8)))
        #expect(error.errorDescription == "Google Ads answered HTTP 502 to googleAds:search: <html><body>502 Bad Gateway</body></html>")
    }
}
