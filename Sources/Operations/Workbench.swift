import AdPlatforms
import CampaignKit
import Foundation
import Logging
import Store
import Synchronization

/// One workspace at work: its library, its store, the adapters for its accounts and the workspace lease. Every
/// command and the scheduler act through it; nothing here names a platform.
public final class Workbench: Sendable {
    public let library: Library
    public let store: any WorkspaceStore
    public let connector: any AccountConnector
    /// `user:<name>` or `scheduler`, for the change log.
    public let actor: String
    /// Who holds the lease while this works: `tfz <command> (pid <n> on <host>)`.
    public let holder: String
    /// The wall clock, injected.
    public let clock: @Sendable () -> Date
    /// Step-by-step lines for the terminal.
    public let progress: @Sendable (String) -> Void
    /// How HTTP waits (retry backoff, rate limits) read and spend time.
    public let pacing: Pacing
    /// The logger of an account's HTTP stack, by label (`tfz.google_ads`); tests capture what it writes.
    public let makeLogger: @Sendable (String) -> Logger
    /// The workspace folder, from which adapters read creative files (images); nil when there is none.
    public let root: URL?

    /// The time source of the HTTP stack's waits: the real continuous clock, or a virtual one that tests advance by
    /// sleeping (so that a rate limit or a `retryDelay` of seconds costs no real time).
    public struct Pacing: Sendable {
        public var now: @Sendable () -> Duration
        public var sleep: @Sendable (Duration) async throws -> Void

        public init(now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
            self.now = now
            self.sleep = sleep
        }

        public static var real: Pacing {
            let start = ContinuousClock().now
            return Pacing(now: { ContinuousClock().now - start }, sleep: { try await Task.sleep(for: $0) })
        }

        /// Time that passes only when someone sleeps.
        public static func virtual() -> Pacing {
            let elapsed = Mutex(Duration.zero)
            return Pacing(now: { elapsed.withLock { $0 } }, sleep: { d in elapsed.withLock { $0 += d }; await Task.yield() })
        }
    }

    public init(library: Library, store: any WorkspaceStore, connector: any AccountConnector, actor: String, holder: String,
                clock: @escaping @Sendable () -> Date = { Date() }, pacing: Pacing = .real,
                makeLogger: @escaping @Sendable (String) -> Logger = { Logger(label: $0) },
                progress: @escaping @Sendable (String) -> Void = { _ in }, root: URL? = nil) {
        self.root = root
        self.library = library
        self.store = store
        self.connector = connector
        self.actor = actor
        self.holder = holder
        self.clock = clock
        self.progress = progress
        self.pacing = pacing
        self.makeLogger = makeLogger
    }

    public var config: WorkspaceConfig? { library.workspace.config }

    /// The accounts of `tfz.yaml` that this version has an adapter for.
    public var supportedAccounts: [Account] {
        (config?.accounts ?? []).filter { PlatformRegistry.descriptor($0.platform) != nil }
    }

    public func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    // MARK: Adapters

    /// The adapter for an account: its platform's descriptor, given an HTTP stack with the platform's retry rules, rate
    /// limits, auth headers and the redacting log.
    public func adapter(for account: Account) async throws -> any PlatformAdapter {
        guard let descriptor = PlatformRegistry.descriptor(account.platform) else {
            throw OperationError("\(account.name): \(account.platform.displayName) is not supported by this version of tfz")
        }
        let endpoint = try await connector.endpoint(for: account, descriptor: descriptor)
        let logger = makeLogger("tfz.\(account.platform.rawValue)")
        let retry = RetryMiddleware(sleep: pacing.sleep, classify: descriptor.retryHint, logger: logger)
        let log = RedactingLogMiddleware(logger: logger, level: .debug, now: pacing.now)
        let tokens = OAuthTokenProvider(credentials: endpoint.credentials,
                                        client: HTTPClient(transport: endpoint.transport, middlewares: [retry, log]),
                                        spec: descriptor.credentials)
        // Retry outermost (each attempt waits for the rate limiter and gets a fresh token), the log innermost.
        let middlewares: [any HTTPMiddleware] = [
            retry,
            RateLimitMiddleware(requestsPerSecond: descriptor.limits.requestsPerSecond, burst: descriptor.limits.burst, now: pacing.now, sleep: pacing.sleep),
            AuthMiddleware(tokens: tokens, credentials: endpoint.credentials, spec: descriptor.credentials, account: account),
            log,
        ] + endpoint.extraMiddlewares
        let context = AdapterContext(account: account, http: HTTPClient(transport: endpoint.transport, middlewares: middlewares),
                                     baseURL: endpoint.baseURL, store: store, actor: actor, now: { [clock] in ISO8601DateFormatter().string(from: clock()) },
                                     progress: progress, sleep: pacing.sleep, readFile: { [root] path in try Self.readWorkspaceFile(path, root: root) })
        return descriptor.makeAdapter(context)
    }

    /// A workspace file by its path from the root; never a path that leaves the workspace.
    static func readWorkspaceFile(_ path: String, root: URL?) throws -> Data {
        guard let root else { throw OperationError("there is no workspace folder to read \(path) from") }
        guard let resolved = RepoPath.resolve(path, in: "") else { throw OperationError("\(path) leaves the workspace") }
        let url = root.appendingPathComponent(resolved)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        // Read at most one byte past Meta's image limit: a larger file is refused by its size, not read whole.
        return try handle.read(upToCount: 64 * 1024 * 1024) ?? Data()
    }

    /// The account in `tfz.yaml` for a platform and account id.
    public func account(platform: Platform, accountId: String) -> Account? {
        config?.accounts.first { $0.platform == platform && $0.accountId == accountId }
    }

    /// What ties pulled ids back to the library: campaign ids and ad ids recorded at launch, purposes from the files.
    public func metricLabels(for account: Account, adapter: any PlatformAdapter) throws -> MetricLabels {
        var labels = MetricLabels()
        let purposes = Dictionary(library.campaigns.map { ($0.key, $0.purpose) }, uniquingKeysWith: { a, _ in a })
        for campaign in try store.remoteState().campaigns.values
        where campaign.accountId == account.accountId && campaign.key.platform == account.platform {
            if let id = campaign.remoteId.map(Self.lastId) { labels.campaignKeys[id] = campaign.key }
            labels.purposes[campaign.key] = purposes[campaign.key]
            labels.creatives.merge(adapter.creativeLabels(try store.objects(for: campaign.key)), uniquingKeysWith: { a, _ in a })
        }
        return labels
    }

    /// `customers/1/campaigns/42` → `42` (an id alone stays as it is).
    static func lastId(_ name: String) -> String { name.split(separator: "/").last.map(String.init) ?? name }

    // MARK: The workspace lease

    /// Runs `body` holding the workspace lease; a second launch at the same time is refused with who holds it.
    public func withWorkspaceLease<T>(_ body: () async throws -> T) async throws -> T {
        switch try acquireWorkspaceLease() {
        case .acquired: break
        case .heldBy(let other, let until):
            throw UsageError("another tfz is changing this workspace's campaigns: \(other), until \(iso(until)) at the latest; run this again when it has finished")
        }
        defer { releaseWorkspaceLease() }
        return try await body()
    }

    /// Takes the workspace lease if it is free (or its holder is a tfz on this machine that no longer runs); false when
    /// another tfz holds it. For the scheduler, which skips a tick rather than wait.
    public func tryWorkspaceLease() throws -> Bool {
        if case .acquired = try acquireWorkspaceLease() { return true }
        return false
    }

    private func acquireWorkspaceLease() throws -> LeaseResult {
        var lease = try store.acquireLease("workspace", holder: holder, now: clock(), ttl: 3600)
        if case .heldBy(let other, _) = lease, store.leasesOutliveTheirHolder, Self.isGoneLocalHolder(other) {
            // Its holder was a tfz on this machine that no longer runs (killed, crashed, interrupted): the lease protects
            // nothing, and an interrupted launch must be able to simply run again. Taking it over is still one atomic
            // acquire, so of two tfz that both find it stale only one gets it.
            try store.releaseLease("workspace", holder: other)
            lease = try store.acquireLease("workspace", holder: holder, now: clock(), ttl: 3600)
        }
        return lease
    }

    public func releaseWorkspaceLease() { try? store.releaseLease("workspace", holder: holder) }

    /// `tfz <command> (pid <n> on <host>)` for this process.
    public static func holder(command: String) -> String {
        "tfz \(command) (pid \(getpid()) on \(ProcessInfo.processInfo.hostName))"
    }

    /// Whether `holder` (`tfz <command> (pid <n> on <host>)`) names a process on this host that no longer exists.
    static func isGoneLocalHolder(_ holder: String) -> Bool {
        guard holder.hasSuffix(")"), let open = holder.range(of: "(pid ", options: .backwards) else { return false }
        let inside = holder[open.upperBound..<holder.index(before: holder.endIndex)]
        guard let on = inside.range(of: " on ") else { return false }
        guard let pid = Int32(inside[..<on.lowerBound]), pid > 0, pid != getpid(),
              String(inside[on.upperBound...]) == ProcessInfo.processInfo.hostName else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

/// An operation that failed for a reason the user can act on: one sentence, exit 1.
public struct OperationError: LocalizedError {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var errorDescription: String? { message }
}

/// A mistake in how tfz was called (or a workspace another tfz holds): one sentence, exit 2.
public struct UsageError: LocalizedError {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var errorDescription: String? { message }
}

extension Error {
    /// The one sentence a user reads for this error.
    public var userMessage: String { (self as? LocalizedError)?.errorDescription ?? "\(self)" }
}
