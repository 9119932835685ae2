import Foundation
import Logging

/// Logs one line per attempt: `POST /v25/customers/123/googleAds:search 200 84ms attempt=1`.
///
/// It never logs a body or a secret header. The path loses secret query parameters (`access_token`, `key`, `token`, …);
/// metadata carries the operation, the platform's request id and the `login-customer-id` (not a secret); every value
/// goes through `Redactor` as well. Answers with status 400 or more and failures are logged at `warning` with a
/// redacted excerpt. Put it innermost, next to the transport, so that it sees each attempt.
public struct RedactingLogMiddleware: HTTPMiddleware {
    public var logger: Logger
    public var level: Logger.Level
    private let now: @Sendable () -> Duration

    /// - Parameter now: a monotonic reading for the duration of each request.
    public init(logger: Logger, level: Logger.Level = .info, now: @escaping @Sendable () -> Duration) {
        self.logger = logger
        self.level = level
        self.now = now
    }

    public init<C: Clock>(logger: Logger, level: Logger.Level = .info, clock: C = ContinuousClock()) where C.Duration == Duration {
        let origin = clock.now
        self.init(logger: logger, level: level, now: { origin.duration(to: clock.now) })
    }

    public func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let start = now()
        let target = "\(request.method) \(Redactor.safePathAndQuery(request.url))"
        var metadata: Logger.Metadata = ["operation": .string(Redactor.redact(request.operation))]
        if let customer = request.header("login-customer-id") { metadata["login_customer_id"] = .string(Redactor.redact(customer)) }
        do {
            let response = try await next(request)
            let ms = Self.milliseconds(now() - start)
            if let id = response.headers["request-id"] ?? response.headers["x-request-id"] ?? response.headers["x-fb-trace-id"] {
                metadata["request_id"] = .string(Redactor.redact(id))
            }
            if response.status >= 400 {
                let excerpt = HTTPError(request: request, response: response).excerpt
                if !excerpt.isEmpty { metadata["excerpt"] = .string(excerpt) }
                logger.warning("\(target) \(response.status) \(ms)ms attempt=\(request.attempt)", metadata: metadata)
            } else {
                logger.log(level: level, "\(target) \(response.status) \(ms)ms attempt=\(request.attempt)", metadata: metadata)
            }
            return response
        } catch {
            let ms = Self.milliseconds(now() - start)
            let what = error is CancellationError ? "cancelled" : "failed (\(HTTPError.describe(error)))"
            // An unreachable host is said once, in the command's outcome; the attempts are logged at `info`.
            let unreachable = (error as? TransportError)?.isUnreachable ?? false
            logger.log(level: unreachable ? .info : .warning, "\(target) \(what) \(ms)ms attempt=\(request.attempt)", metadata: metadata)
            throw error
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int((duration.seconds * 1000).rounded())
    }
}
