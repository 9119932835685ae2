import Foundation

/// A request as the engine sees it, independent of the HTTP server library.
struct SandboxHTTPRequest: Sendable {
    let method: String
    let path: String
    let query: String?
    /// Header fields in arrival order; names as sent.
    let headers: [(name: String, value: String)]
    let body: Data

    /// The first value of a header, matched case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A response to send (an `Error` too, so a rejected request can travel in a `Result`).
struct SandboxHTTPResponse: Sendable, Error {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data

    static func json(_ status: Int, _ body: SandboxJSON, headers: [(name: String, value: String)] = []) -> Self {
        SandboxHTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=UTF-8")] + headers,
            body: body.encoded()
        )
    }

    /// A JSON response whose body is already encoded.
    static func jsonBytes(_ status: Int, _ body: [UInt8], headers: [(name: String, value: String)] = []) -> Self {
        SandboxHTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=UTF-8")] + headers, body: Data(body)
        )
    }

    /// Google's front end answers unknown URLs with an HTML page, not JSON.
    static func notFound(_ path: String) -> Self {
        let html = """
            <!DOCTYPE html>
            <html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>
            <p><b>404.</b> <ins>That’s an error.</ins>
            <p>The requested URL <code>\(path)</code> was not found on this server. <ins>That’s all we know.</ins>

            """
        return SandboxHTTPResponse(
            status: 404, headers: [("Content-Type", "text/html; charset=UTF-8")], body: Data(html.utf8))
    }
}

/// What the server does with a request.
enum SandboxDisposition: Sendable {
    case respond(SandboxHTTPResponse)
    /// Send the response head, then close the connection without a body (after the plan's hold).
    case drop
}
