import AdPlatforms
import Foundation
import Logging
import Synchronization
import Testing

/// Secrets that must never appear in a log line, an error description or an HTTPError.
enum Canary {
    static let clientId = "1234-canaryclient.apps.googleusercontent.com"
    static let clientSecret = "canary-CLIENT-SECRET-do-not-log"
    static let refreshToken = "1//" + "0-canary-REFRESH-do-not-log"
    static let accessToken = "ya29." + "canary-ACCESS-do-not-log"
    static let developerToken = "canary-DEVTOKEN-do-not-log"
    /// Every secret value; `clientId` is not secret.
    static let secrets = [clientSecret, refreshToken, accessToken, developerToken]
    /// A fragment that every secret contains, to catch partial leaks too.
    static let marker = "canary-"

    static var credentials: OAuthCredentials {
        OAuthCredentials(clientId: clientId, clientSecret: Secret(clientSecret), refreshToken: Secret(refreshToken),
                         tokenURL: URL(string: "https://oauth2.googleapis.com/token")!,
                         developerToken: Secret(developerToken), loginCustomerId: "1112223333")
    }

    /// Fails the test when any text holds a secret or a piece of one.
    static func expectNoLeak(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in secrets { #expect(!text.contains(secret), "leaked \(secret) in: \(text)", sourceLocation: sourceLocation) }
            #expect(!text.contains("do-not-log"), "leaked part of a secret in: \(text)", sourceLocation: sourceLocation)
        }
    }
}

/// One scripted step of a fake transport: check the request, then answer or fail.
typealias FakeStep = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// A transport that answers from a script, one step per request, and records every request it saw.
final class FakeTransport: HTTPTransport {
    private let state: Mutex<(steps: [FakeStep], requests: [HTTPRequest])>

    init(_ steps: [FakeStep]) {
        state = Mutex((steps, []))
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let step = state.withLock { state -> FakeStep? in
            state.requests.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        guard let step else {
            Issue.record("unexpected request \(request.method) \(request.url)")
            return HTTPResponse(status: 599)
        }
        return try await step(request)
    }
}

/// Scripted answers.
enum Answer {
    static func status(_ status: Int, _ body: String = "", headers: [String: String] = [:]) -> FakeStep {
        { _ in HTTPResponse(status: status, headers: headers, body: Data(body.utf8)) }
    }

    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> FakeStep {
        { _ in HTTPResponse(status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: Data(body.utf8)) }
    }

    static func fail(_ error: TransportError) -> FakeStep {
        { _ in throw error }
    }
}

/// Wait durations a middleware asked for, recorded instead of slept.
final class SleepRecorder: Sendable {
    private let slept = Mutex<[Duration]>([])
    var delays: [Duration] { slept.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.slept.withLock { $0.append(duration) } }
    }
}

/// A hand-moved wall clock and monotonic clock.
final class ManualClock: Sendable {
    private let state: Mutex<(date: Date, elapsed: Duration)>

    init(_ date: Date = Date(timeIntervalSince1970: 1_700_000_000)) {  // 2023-11-14 22:13:20 UTC
        state = Mutex((date, .zero))
    }

    var date: Date { state.withLock { $0.date } }
    var elapsed: Duration { state.withLock { $0.elapsed } }
    var now: @Sendable () -> Date { { self.date } }
    var monotonic: @Sendable () -> Duration { { self.elapsed } }

    func advance(_ duration: Duration) {
        state.withLock { state in
            state.date = state.date.addingTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            state.elapsed += duration
        }
    }
}

/// Keeps every log line with its metadata, rendered as text.
final class LogCapture: Sendable {
    private let store = Mutex<[String]>([])
    var lines: [String] { store.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let line = "\(event.level) \(event.message)" + (rendered.isEmpty ? "" : " [\(rendered)]")
            capture.store.withLock { $0.append(line) }
        }
    }
}

/// Google Ads error bodies in the shape the REST API sends them.
enum GoogleFixture {
    static func quotaError(quotaError: String = "RESOURCE_EXHAUSTED", rateScope: String = "DEVELOPER",
                           rateName: String = "Requests per developer per minute", retryDelay: String? = "30s") -> String {
        let delay = retryDelay.map { #","retryDelay":"\#($0)""# } ?? ""
        return #"""
        {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure","errors":[{"errorCode":{"quotaError":"\#(quotaError)"},"message":"Too many requests. Retry in \#(retryDelay ?? "a while").","details":{"quotaErrorDetails":{"rateScope":"\#(rateScope)","rateName":"\#(rateName)"\#(delay)}}}],"requestId":"abcDEF123"}]}}
        """#
    }

    static let duplicateName = #"""
    {"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure","errors":[{"errorCode":{"campaignError":"DUPLICATE_CAMPAIGN_NAME"},"message":"Campaign with the same name already exists.","location":{"fieldPathElements":[{"fieldName":"operations","index":0}]}}],"requestId":"req-42"}]}}
    """#

    static let internalError = #"""
    {"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL","details":[{"@type":"type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure","errors":[{"errorCode":{"internalError":"INTERNAL_ERROR"},"message":"An internal error has occurred."}],"requestId":"req-500"}]}}
    """#
}

extension HTTPRequest {
    static func search(_ customer: String = "1234567890") -> HTTPRequest {
        HTTPRequest(method: "POST", url: URL(string: "https://googleads.googleapis.com/v25/customers/\(customer)/googleAds:search")!,
                    headers: ["Content-Type": "application/json"], body: Data(#"{"query":"SELECT campaign.id FROM campaign"}"#.utf8),
                    operation: "google_ads.googleAds:search", isIdempotent: true)
    }

    static func mutate(_ customer: String = "1234567890") -> HTTPRequest {
        HTTPRequest(method: "POST", url: URL(string: "https://googleads.googleapis.com/v25/customers/\(customer)/campaigns:mutate")!,
                    headers: ["Content-Type": "application/json"], body: Data(#"{"operations":[{"create":{"name":"tfz fl-hillsborough deterrence"}}]}"#.utf8),
                    operation: "google_ads.campaigns:mutate", isIdempotent: false)
    }

    /// The form fields of an `application/x-www-form-urlencoded` body.
    var formFields: [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}

extension Duration {
    static func s(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
}
