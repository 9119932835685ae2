import AdPlatforms
import CampaignKit
import Foundation

/// Where an account's API is and how to reach it: the real host with the operator's credentials, the embedded
/// sandbox, or an in-memory sandbox in a test. The CLI gives one that starts the workspace's sandbox for
/// `endpoint: sandbox`; tests give one that talks to an in-process sandbox without a socket.
public protocol AccountConnector: Sendable {
    func endpoint(for account: Account, descriptor: PlatformDescriptor) async throws -> AccountEndpoint
    /// The account's "today": a sandbox's simulated clock, else the date in the workspace's time zone at `now`.
    func today(for account: Account, now: Date) async throws -> CalendarDate
    /// For a sandbox account, moves its simulated clock up to `now` (never back); nothing for a real account.
    func followClock(_ now: Date, for account: Account) async throws
}

/// An account's API: its base URL, credentials, and the transport to it.
public struct AccountEndpoint: Sendable {
    public var baseURL: URL
    public var credentials: OAuthCredentials
    public var transport: any HTTPTransport
    /// Innermost middlewares added after the log (the crash-test hook).
    public var extraMiddlewares: [any HTTPMiddleware]

    public init(baseURL: URL, credentials: OAuthCredentials, transport: any HTTPTransport, extraMiddlewares: [any HTTPMiddleware] = []) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.transport = transport
        self.extraMiddlewares = extraMiddlewares
    }
}
