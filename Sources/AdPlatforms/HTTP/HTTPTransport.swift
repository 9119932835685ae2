import Foundation

/// One HTTP request as the platform adapters build it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Header names as sent; look-ups are case-insensitive.
    public var headers: [String: String]
    public var body: Data
    /// `platform.operation`, e.g. `google_ads.campaigns:mutate`, for errors and logs.
    public var operation: String
    /// Safe to send twice (searches, token refreshes). A mutate is not: after an ambiguous failure the
    /// caller looks the object up before creating again, and the retry middleware does not resend it.
    public var isIdempotent: Bool
    /// 1 for the first send; the retry middleware numbers each resend so that inner middlewares (the log) can say which
    /// attempt they saw.
    public var attempt: Int = 1

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data = Data(), operation: String, isIdempotent: Bool) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.operation = operation
        self.isIdempotent = isIdempotent
    }
}

extension HTTPRequest {
    /// The part of `operation` before the first dot (`google_ads` in `google_ads.campaigns:mutate`).
    public var platform: String {
        operation.split(separator: ".", maxSplits: 1).first.map(String.init) ?? operation
    }

    /// The header's value, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Sets a header, replacing any existing header whose name differs only in case.
    public mutating func setHeader(_ name: String, _ value: String?) {
        for key in headers.keys where key.caseInsensitiveCompare(name) == .orderedSame { headers[key] = nil }
        if let value { headers[name] = value }
    }
}

/// One HTTP response. Header names are lower-cased.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }
}

/// Sends requests: URLSession on loopback or the internet, or a test double that asserts on each request.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Wraps a transport: authentication, retry, rate limiting and the redacting log are middlewares.
public protocol HTTPMiddleware: Sendable {
    func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse
}

/// A transport with its middlewares, outermost first.
public struct HTTPClient: Sendable {
    public var transport: any HTTPTransport
    public var middlewares: [any HTTPMiddleware]

    public init(transport: any HTTPTransport, middlewares: [any HTTPMiddleware] = []) {
        self.transport = transport
        self.middlewares = middlewares
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await Self.chain(request, middlewares[...], transport)
    }

    private static func chain(_ request: HTTPRequest, _ rest: ArraySlice<any HTTPMiddleware>, _ transport: any HTTPTransport) async throws -> HTTPResponse {
        guard let first = rest.first else { return try await transport.send(request) }
        let remaining = rest.dropFirst()
        return try await first.intercept(request) { try await chain($0, remaining, transport) }
    }
}
