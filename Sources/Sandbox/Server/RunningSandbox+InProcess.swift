import Foundation

/// What the sandbox did with one request handed to `RunningSandbox.respond`.
public enum SandboxReply: Sendable {
    /// The answer: HTTP status, header fields as the sandbox set them (no `Content-Length`, `Date` or
    /// other server-added fields), body.
    case response(status: Int, headers: [(String, String)], body: Data)
    /// The connection was lost (a `dropAfterApplying` or `dropBeforeApplying` fault): over a socket the
    /// client would see a closed connection or its own timeout. Whether the request was applied depends on
    /// the fault, exactly as over HTTP.
    case dropped

    /// The status, or nil when dropped.
    public var status: Int? {
        if case .response(let status, _, _) = self { return status }
        return nil
    }

    /// The body, or nil when dropped.
    public var body: Data? {
        if case .response(_, _, let body) = self { return body }
        return nil
    }

    /// The first value of a header (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        guard case .response(_, let headers, _) = self else { return nil }
        return headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

extension RunningSandbox {
    /// The in-process base URL: URLs the sandbox hands out (report downloads, the locations file) start
    /// with it, and `respond` accepts their paths.
    public static let inProcessBaseURL = URL(string: "http://sandbox.invalid")!

    /// A sandbox without a socket: the same engine, state directory, clock, faults and recording as
    /// `startSandbox`, reached through `respond(method:path:query:headers:body:)`. `baseURL` is
    /// `http://sandbox.invalid`; `stop()` is harmless.
    public static func inProcess(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws
        -> RunningSandbox
    {
        let engine = try SandboxEngine(configuration: configuration)
        await engine.setBaseURL(inProcessBaseURL)
        return RunningSandbox(baseURL: inProcessBaseURL, engine: engine, gate: DropGate(), server: nil)
    }

    /// Serves one request in process, through the same path as the HTTP server: it is recorded and
    /// counted for the fault plan, a `slow` fault sleeps, a drop fault returns `.dropped` (at once; the
    /// plan's `dropHold` only matters to a socket client), a body over `maxBodyBytes` is a 413.
    ///
    /// `path` is the URL path (a `?query` on it is split off when `query` is nil); `headers` are
    /// matched case-insensitively. Works on a socket-backed sandbox too (same engine, same state).
    public func respond(
        method: String, path: String, query: String? = nil, headers: [(String, String)] = [], body: Data = Data()
    ) async -> SandboxReply {
        var path = path
        var query = query
        if query == nil, let mark = path.firstIndex(of: "?") {
            query = String(path[path.index(after: mark)...])
            path = String(path[..<mark])
        }
        if body.count > engine.configuration.maxBodyBytes {
            let response = SandboxEngine.payloadTooLarge(path: path)
            return .response(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
        }
        let request = SandboxHTTPRequest(
            method: method.uppercased(), path: path, query: query, headers: headers.map { (name: $0.0, value: $0.1) },
            body: body)
        switch await engine.serve(request) {
        case .respond(let response):
            return .response(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
        case .drop:
            return .dropped
        }
    }
}

extension SandboxEngine {
    /// The 413 for a body over `maxBodyBytes`, in the shape of the platform the path belongs to (Google's error shape
    /// for a path no module claims).
    static func payloadTooLarge(path: String) -> SandboxHTTPResponse {
        if let (module, _) = SandboxModules.claim(path) { return module.payloadTooLarge(path: path) }
        return GoogleSandboxModule().payloadTooLarge(path: path)
    }
}
