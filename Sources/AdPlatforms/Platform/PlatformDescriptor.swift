import CampaignKit
import Foundation

/// What tfz knows of a platform before it talks to any account: its limits, the credentials it needs, its host, how
/// to read its error bodies for retry, how to count the objects a plan makes, and how to make an adapter for an
/// account. One per platform, listed in ``PlatformRegistry``.
public struct PlatformDescriptor: Sendable {
    public var platform: Platform
    public var limits: PlatformLimits
    public var credentials: CredentialSpec
    /// The production API host (an account's `endpoint:` overrides it).
    public var productionURL: URL
    /// The API version an account uses unless its `api_version:` says otherwise.
    public var defaultAPIVersion: String
    /// Reads the platform's error body for the retry middleware (a rate limit's delay, a spent daily quota).
    public var retryHint: @Sendable (HTTPResponse) -> PlatformRetryHint?
    /// The remote objects a new campaign makes on this platform, by kind, for the plan.
    public var objectCounts: @Sendable (Campaign) -> [ObjectCount]
    public var makeAdapter: @Sendable (AdapterContext) -> any PlatformAdapter
    /// Days one metrics request covers (a pull reads its window in chunks of this many days, oldest first, each stored
    /// in one transaction): Google's synchronous searchStream answers are kept small; a Microsoft report is one
    /// asynchronous job per grain, so fewer, longer chunks mean fewer polls.
    public var metricsChunkDays: Int

    public init(platform: Platform, limits: PlatformLimits, credentials: CredentialSpec, productionURL: URL, defaultAPIVersion: String,
                retryHint: @escaping @Sendable (HTTPResponse) -> PlatformRetryHint?,
                objectCounts: @escaping @Sendable (Campaign) -> [ObjectCount],
                metricsChunkDays: Int = 7, makeAdapter: @escaping @Sendable (AdapterContext) -> any PlatformAdapter) {
        self.metricsChunkDays = metricsChunkDays
        self.platform = platform
        self.limits = limits
        self.credentials = credentials
        self.productionURL = productionURL
        self.defaultAPIVersion = defaultAPIVersion
        self.retryHint = retryHint
        self.objectCounts = objectCounts
        self.makeAdapter = makeAdapter
    }
}
