import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The live transport: URLSession (libcurl on Linux) with an ephemeral session — no cookies, no cache, no stored
/// credentials — and a request timeout.
///
/// `timeout` bounds the whole exchange, answer included, and is enforced by the transport itself: libcurl's
/// URLSession rounds its own timeouts down to whole seconds (0.5 s would fire at once), so those are set a little
/// longer and serve only as a backstop. Give report downloads their own transport with a longer timeout.
///
/// Redirects are not followed: the 3xx answer is returned as it is, so that an `Authorization` header never travels to
/// a host it was not meant for. Failures without an answer become `TransportError`; cancelling the calling task
/// cancels the request and throws `CancellationError`.
public final class URLSessionTransport: HTTPTransport {
    /// How long a request may wait for the server (to connect, and between bytes of the answer).
    public let timeout: Duration
    private let session: URLSession

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        let backstop = timeout.seconds.rounded(.up) + 1
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.seconds.rounded(.up) + 1)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }

        let timeout = timeout, prepared = urlRequest
        return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask { try await self.perform(prepared) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                try Task.checkCancellation()
                throw TransportError.timedOut(mayHaveBeenSent: true)
            }
            return response
        }
    }

    private func perform(_ urlRequest: URLRequest) async throws -> HTTPResponse {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
            throw Self.map(error)
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError.other("the answer was not HTTP")
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// Maps URLSession's errors onto what the retry middleware needs to know.
    static func map(_ error: URLError) -> TransportError {
        switch error.code {
        case .timedOut:
            return .timedOut(mayHaveBeenSent: true)
        case .networkConnectionLost, .badServerResponse, .zeroByteResource, .cannotParseResponse, .unknown:
            // libcurl reports a connection closed before any answer (CURLE_GOT_NOTHING) as badServerResponse, and one
            // closed after the answer's head but before its body ended (CURLE_PARTIAL_FILE, "transfer closed with
            // outstanding read data remaining") as unknown: the request may have been applied either way.
            return .connectionLost(mayHaveBeenSent: true)
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
             .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
             .internationalRoamingOff, .dataNotAllowed, .callIsActive:
            return .cannotConnect(Self.describe(error))
        default:
            return .other(Self.describe(error))
        }
    }

    private static func describe(_ error: URLError) -> String {
        // The description may quote the URL, whose query could carry a key.
        "URLError \(error.code.rawValue): " + Redactor.redact(error.localizedDescription)
    }
}

/// Answers every redirect with "do not follow".
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
