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
///
/// **Every request goes out on a new connection** (its own session, `Connection: close`), never on a kept-alive one.
/// When a server drops a kept-alive connection at the moment libcurl reuses it, libcurl re-sends the request on a new
/// connection by itself and asks Foundation to rewind the body; Foundation's rewind (`seekInputStream`) only knows a
/// body stream handed over by the delegate and otherwise reports success without rewinding, so the re-send carried the
/// head and `Content-Length` but no body: the server waited out the timeout, or processed an empty request. A re-send
/// that tfz never decided on is wrong even with the body (a `mutate` whose answer was lost may have been applied), and
/// libcurl only re-sends on a reused connection. On a new connection a drop surfaces at once as `connectionLost`, and
/// the retry middleware and the adapters decide what to do, as for any lost answer (see `HTTPKeepAliveTests`). The cost
/// is a connection (and a TLS handshake) per request; the adapters batch their operations, so requests are few.
public final class URLSessionTransport: HTTPTransport {
    /// How long a request may wait for the server (to connect, and between bytes of the answer).
    public let timeout: Duration
    private let configuration: URLSessionConfiguration

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
        self.configuration = configuration
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.seconds.rounded(.up) + 1)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.setValue("close", forHTTPHeaderField: "Connection")
        if !request.body.isEmpty { urlRequest.httpBody = request.body }

        // A session per request: its connection dies with it, so libcurl never has a kept-alive connection to reuse.
        let session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let timeout = timeout, prepared = urlRequest
        return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask { try await Self.perform(prepared, on: session) }
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

    private static func perform(_ urlRequest: URLRequest, on session: URLSession) async throws -> HTTPResponse {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
            throw map(error, url: urlRequest.url)
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
    static func map(_ error: URLError, url: URL? = nil) -> TransportError {
        let host = url.map { u in (u.host ?? "?") + (u.port.map { ":\($0)" } ?? "") } ?? "the host"
        switch error.code {
        case .timedOut:
            return .timedOut(mayHaveBeenSent: true)
        case .networkConnectionLost, .badServerResponse, .zeroByteResource, .cannotParseResponse, .unknown:
            // libcurl reports a connection closed before any answer (CURLE_GOT_NOTHING) as badServerResponse, and one
            // closed after the answer's head but before its body ended (CURLE_PARTIAL_FILE, "transfer closed with
            // outstanding read data remaining") as unknown: the request may have been applied either way.
            return .connectionLost(mayHaveBeenSent: true)
        case .cannotConnectToHost:
            return .cannotConnect("\(host) (the connection was refused)")
        case .notConnectedToInternet, .internationalRoamingOff, .dataNotAllowed, .callIsActive:
            return .cannotConnect("\(host) (no network connection)")
        case .cannotFindHost, .dnsLookupFailed:
            return .cannotReach("\(host) (the host name does not resolve: check the address and the network's DNS)")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return .cannotReach("\(host) (the secure connection failed: \(Self.describe(error)))")
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
