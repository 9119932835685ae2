import AdPlatforms
import CampaignKit
import Dispatch
import Foundation

/// Platform answers through the code that reads them in tfz: the adapters' clients over ``AnswerTransport`` (which
/// answers every request with the input), the metrics sources, the failure decoders, the retry classifiers, and the
/// descriptions a user would read. Errors thrown are the expected outcome for most inputs; their text is built too,
/// since building it reads the answer again (excerpts, redaction).
enum PlatformFuzz {
    static let base = URL(string: "https://fuzz.invalid")!
    /// The error statuses an answer is tried with (the decoders read 400 and 500 bodies alike; 429 also reaches the
    /// retry classifiers' throttling rules).
    static let errorStatuses = [429]

    static func googleStream(_ data: Data) {
        blocking {
            let source = GoogleAdsMetricsSource(client: google(200, data))
            if let rows = try? await source.client.searchStream(GoogleAdsMetricsSource.query(.keyword, since: "2027-01-01", until: "2027-01-31")) {
                for grain in MetricGrain.allCases { _ = GoogleAdsMetricsSource.metricRows(rows, grain: grain, accountId: "1234567890") }
            } else {
                await describe { try await source.fetch(.campaign, since: "2027-01-01", until: "2027-01-31") }
            }
            for status in errorStatuses {
                await describe { try await google(status, data).searchStream("SELECT campaign.id FROM campaign") }
                _ = GoogleAdsRetryClassifier(now: { Date(timeIntervalSince1970: 1_800_000_000) }).classify(HTTPResponse(status: status, body: data))
            }
        }
    }

    static func googleMutate(_ data: Data) {
        blocking {
            let ok = google(200, data)
            let operations: [JSONValue] = [.object([("campaignBudgetOperation", .object([("create", .object([("name", .string("fuzz"))]))]))])]
            await describe {
                let result = try await ok.mutate(operations, partialFailure: true)
                _ = result.partialFailure?.errorDescription
                return result.resourceNames
            }
            await describe { try await ok.search("SELECT campaign.id FROM campaign") }
            await describe { try await ok.suggestGeoTargets(["Orange County, Florida"], targetType: "County") }
            for status in errorStatuses {
                await describe { try await google(status, data).mutate(operations) }
                _ = GoogleAdsRetryClassifier(now: { Date(timeIntervalSince1970: 1_800_000_000) }).classify(HTTPResponse(status: status, body: data))
                let request = HTTPRequest(method: "POST", url: base, operation: "google_ads.googleAds:mutate", isIdempotent: false)
                _ = HTTPError(request: request, response: HTTPResponse(status: status, headers: ["request-id": "fuzz"], body: data)).errorDescription
            }
        }
    }

    static func microsoftJSON(_ data: Data) {
        blocking {
            let ok = microsoft(200, data)
            let item: MicrosoftAdsJSON = .object([("Name", .string("fuzz"))])
            await describe { try await ok.addCampaigns([item]) }
            await describe { try await ok.updateCampaigns([item]) }
            await describe { try await ok.campaigns() }
            await describe { try await ok.addAdGroups(campaignId: "1", [item]) }
            await describe { try await ok.addKeywords(adGroupId: "2", [item]) }
            await describe { try await ok.addCampaignCriterions([item]) }
            await describe { try await ok.addNegativeKeywords(campaignId: "1", [item]) }
            await describe { try await ok.negativeKeywords(campaignId: "1") }
            await describe { try await ok.submitReport(item) }
            await describe { try await ok.pollReport("3") }
            // The whole pull: submit, poll (the same answer each time), download (the same bytes).
            let source = MicrosoftAdsMetricsSource(client: ok, pollDelays: [.zero], maxPolls: 3, sleep: { _ in })
            await describe { try await source.fetch(.keyword, since: "2027-01-01", until: "2027-01-31") }
            for status in errorStatuses {
                await describe { try await microsoft(status, data).addCampaigns([item]) }
                _ = MicrosoftAdsRetryHint.classify(HTTPResponse(status: status, body: data))
                if let fault = MicrosoftAdsFailure.decodeFault(data, httpStatus: status, operation: "AddCampaigns") {
                    _ = fault.errorDescription
                    _ = fault.codes
                }
            }
            if let answer = JSONValue.parse(data) {
                _ = MicrosoftAdsFailure.partialErrors(answer).map(\.summary)
                _ = MicrosoftAdsFailure.nestedPartialErrors(answer).map(\.summary)
            }
        }
    }

    static func microsoftReport(_ data: Data) {
        for grain in MetricGrain.allCases {
            do { _ = try MicrosoftAdsMetricsSource.rows(csv: data, grain: grain, accountId: "9") } catch { _ = text(error) }
        }
    }

    static func microsoftZip(_ data: Data) {
        for grain in [MetricGrain.keyword, .campaign] {
            do { _ = try MicrosoftAdsMetricsSource.rows(fromArchive: data, grain: grain, accountId: "9") } catch { _ = text(error) }
        }
    }

    static func microsoftLocations(_ data: Data) {
        do {
            let locations = try MicrosoftAdsLocations(file: data)
            _ = locations.county(fips: "12095")
            _ = locations.county(fips: "12057")
            _ = locations.postalCode("33602")
        } catch {
            _ = text(error)
        }
    }

    static func oauthToken(_ data: Data) {
        blocking {
            for status in [200] + errorStatuses {
                for spec in [CredentialSpec.googleAds, .microsoftAds] {
                    let credentials = OAuthCredentials(clientId: "fuzz-client", clientSecret: Secret("fuzz-secret"), refreshToken: Secret("fuzz-refresh"),
                                                       tokenURL: base)
                    let provider = OAuthTokenProvider(credentials: credentials, client: HTTPClient(transport: AnswerTransport(status: status, body: data)),
                                                      spec: spec, now: { Date(timeIntervalSince1970: 1_800_000_000) })
                    await describe { try await provider.accessToken().isEmpty }
                }
            }
        }
    }

    // MARK: Plumbing

    static func google(_ status: Int, _ data: Data) -> GoogleAdsClient {
        GoogleAdsClient(http: HTTPClient(transport: AnswerTransport(status: status, body: data)), baseURL: base, customerId: "1234567890")
    }

    static func microsoft(_ status: Int, _ data: Data) -> MicrosoftAdsClient {
        MicrosoftAdsClient(http: HTTPClient(transport: AnswerTransport(status: status, body: data)), baseURL: base, accountId: "9")
    }

    /// Runs `body`; builds the user-facing text of what it threw.
    static func describe<T>(_ body: () async throws -> T) async {
        do { _ = try await body() } catch { _ = text(error) }
    }

    /// What the CLI prints for an error (its `description` is the same text for the adapters' errors, and redacting it
    /// twice — regular expressions — halved the Microsoft target's speed).
    static func text(_ error: any Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? String(describing: error)
    }

    /// Runs async work to its end from libFuzzer's synchronous callback.
    static func blocking(_ body: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await body()
            done.signal()
        }
        done.wait()
    }
}

/// Answers every request with one status and body, as a platform (or anything pretending to be one) could.
struct AnswerTransport: HTTPTransport {
    var status: Int
    var body: Data

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        HTTPResponse(status: status, headers: ["content-type": "application/json"], body: body)
    }
}
