import Foundation

/// One request the sandbox received, for tests to assert on.
///
/// The `Authorization` header is left out, and in `/oauth2/token` and `/common/oauth2/v2.0/token`
/// bodies the values of `client_secret` and `refresh_token` are replaced by `REDACTED`, so recorded
/// requests never hold credentials a test could print.
public struct RecordedRequest: Sendable, Equatable {
    /// Arrival order, from 1, over all requests.
    public let sequence: Int
    /// The fault-plan number of the request (from 1), or nil when the request is not counted
    /// (token requests unless the plan includes them, `/_sandbox/` requests and `/_files/` downloads).
    public let faultNumber: Int?
    public let method: String
    /// The path without the query string, e.g. `/v25/customers/123/googleAds:mutate`.
    public let path: String
    public let query: String?
    /// Header names in lower case; repeated headers joined with ", ".
    public let headers: [String: String]
    public let body: Data
    /// The fault injected into this request, if any.
    public let fault: Fault?
    /// The HTTP status sent, or nil when the connection was dropped (or no answer was sent yet).
    public internal(set) var responseStatus: Int?

    /// The body parsed as JSON, or nil.
    public var jsonBody: SandboxJSON? { SandboxJSON.parse(body) }
}
