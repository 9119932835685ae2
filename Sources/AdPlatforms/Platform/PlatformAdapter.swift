import CampaignKit
import Foundation

/// One ad platform account, as tfz drives it: every platform implements this, and no command, scheduler or report
/// code knows which platform it talks to.
///
/// An adapter is made for one account by its ``PlatformDescriptor`` from an ``AdapterContext`` (an HTTP client with
/// auth, retry, rate limit and the redacting log already in place; the store; the actor; an injected clock). Apply
/// calls run under the workspace lease, which the caller holds; the adapter records every remote id in the store as
/// soon as the platform answers, so that an interrupted launch resumes without duplicates (it looks campaigns up by
/// the tfz key in their name before creating them again).
public protocol PlatformAdapter: Sendable {
    var account: Account { get }

    /// Brings `campaigns` to what the files say: creates what is missing (paused), updates by difference, then enables
    /// those whose status is active and whose every part exists. The campaigns are the `create` and `update` actions of
    /// one plan, for this account.
    func launch(_ campaigns: [Campaign]) async throws -> ApplyReport

    /// Pauses or enables campaigns tfz launched (by their recorded ids); `reason` goes into the change log.
    func setStatus(_ keys: [CampaignKey], enabled: Bool, reason: String) async throws -> ApplyReport

    /// Every campaign of the account whose name carries a tfz key, as the platform has it now.
    func remoteCampaigns() async throws -> [RemoteCampaignView]

    /// Daily metrics of the account, one grain at a time.
    func metricsSource() -> any MetricsSource

    /// Platform ad id → creative name (`outreach/help-is-available`), from the objects recorded for a campaign.
    func creativeLabels(_ objects: [RemoteObject]) -> [String: String]
}

/// A campaign as the platform has it now: for `tfz status` and drift.
public struct RemoteCampaignView: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        case enabled, paused, removed
        /// A status tfz does not set (e.g. Microsoft's `BudgetPaused`, Google's `UNKNOWN`), as the platform spells it.
        case other(String)
    }

    public var key: CampaignKey
    /// The platform's id or resource name of the campaign.
    public var remoteId: String
    public var name: String
    public var status: Status
    /// The platform's own word for the status (`ENABLED`, `Active`), for the status table.
    public var statusText: String
    public var dailyBudget: Money?

    public init(key: CampaignKey, remoteId: String, name: String, status: Status, statusText: String, dailyBudget: Money?) {
        self.key = key
        self.remoteId = remoteId
        self.name = name
        self.status = status
        self.statusText = statusText
        self.dailyBudget = dailyBudget
    }

    /// The campaign key in a remote name `tfz <zone>/<template>/<platform> · …` (the form `Campaign.remoteName` writes).
    public static func key(inName name: String) -> CampaignKey? {
        guard name.hasPrefix("tfz ") else { return nil }
        return CampaignKey(String(name.dropFirst(4).prefix { $0 != " " }))
    }
}

/// What an apply did, per campaign.
public struct ApplyReport: Sendable {
    public struct Failure: Sendable {
        public var key: CampaignKey
        public var reason: String
        /// The zone file entry behind the campaign, so the error points at the files.
        public var source: SourceLocation?

        public init(key: CampaignKey, reason: String, source: SourceLocation?) {
            self.key = key
            self.reason = reason
            self.source = source
        }
    }

    public var created: [CampaignKey] = []
    public var updated: [CampaignKey] = []
    public var adopted: [CampaignKey] = []
    public var enabled: [CampaignKey] = []
    public var paused: [CampaignKey] = []
    public var failed: [Failure] = []
    /// Requests that changed something (a Google `googleAds:mutate`, a Microsoft `Add…`/`Update…`/`Delete…`).
    public var writeRequests = 0
    /// Objects those requests carried (operations, or list elements).
    public var operations = 0
    /// Look-ups and other reads.
    public var otherRequests = 0

    public init() {}

    /// `6 created, 0 updated, 0 found and adopted, 6 enabled; 2 write requests, 588 operations`.
    public var summary: String {
        "\(created.count) created, \(updated.count) updated, \(adopted.count) found and adopted, \(enabled.count) enabled; "
            + "\(writeRequests) write requests, \(operations) operations"
    }
}

/// What a platform allows: the adapter packs requests to fit, the rate limiter paces them, validation checks files.
public struct PlatformLimits: Sendable, Hashable {
    /// Objects per write request, by kind (`campaign`, `keyword`, `operation`, …): what one call may carry.
    public var perRequest: [String: Int]
    public var requestsPerSecond: Double
    public var burst: Int
    /// Requests a day, where the platform counts them (Google's developer-token quota); nil where it does not.
    public var dailyQuota: Int?
    /// Keywords one ad group may hold.
    public var keywordsPerAdGroup: Int

    public init(perRequest: [String: Int], requestsPerSecond: Double, burst: Int, dailyQuota: Int?, keywordsPerAdGroup: Int) {
        self.perRequest = perRequest
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.dailyQuota = dailyQuota
        self.keywordsPerAdGroup = keywordsPerAdGroup
    }
}

/// Everything an adapter needs to talk to one account.
public struct AdapterContext: Sendable {
    public var account: Account
    /// Transport + auth + retry + rate limit + log, ready to send.
    public var http: HTTPClient
    /// The platform's host, the sandbox's or a test server's.
    public var baseURL: URL
    public var store: any StateRecorder
    /// `user:<name>` or `scheduler`, for the change log.
    public var actor: String
    /// ISO 8601 UTC now, injected.
    public var now: @Sendable () -> String
    /// One line per step, for the terminal.
    public var progress: @Sendable (String) -> Void
    /// Waits between polls (Microsoft's report status); tests pass a virtual clock's.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Reads a file of the workspace by its path from the workspace root (`Creative/images/know-the-signs.png`): what a
    /// platform that uploads creative files (Meta's images) sends.
    public var readFile: @Sendable (String) throws -> Data

    public init(account: Account, http: HTTPClient, baseURL: URL, store: any StateRecorder, actor: String,
                now: @escaping @Sendable () -> String, progress: @escaping @Sendable (String) -> Void = { _ in },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                readFile: @escaping @Sendable (String) throws -> Data = { path in throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }) {
        self.readFile = readFile
        self.account = account
        self.http = http
        self.baseURL = baseURL
        self.store = store
        self.actor = actor
        self.now = now
        self.progress = progress
        self.sleep = sleep
    }
}
