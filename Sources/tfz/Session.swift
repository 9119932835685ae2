import AdPlatforms
import CampaignKit
import Foundation
import Logging
import Sandbox
import Store

/// What a command that talks to the platforms needs, built in one place: the store under `.tfz/`, the embedded
/// sandbox for accounts whose endpoint is `sandbox`, and an HTTP stack per account (auth, retry, rate limit, log).
final class Session {
    /// Platforms this version can launch on.
    static let supported: Set<Platform> = [.googleAds]
    /// The embedded sandbox's seed: fixed, so that a workspace's simulated delivery is the same on every machine.
    static let sandboxSeed: UInt64 = 2026

    let root: URL
    let library: Library
    let store: SQLiteStore
    let actor: String
    let holder: String
    private var sandbox: RunningSandbox?

    init(root: URL, library: Library, command: String, actor: String? = nil) throws {
        self.root = root
        self.library = library
        store = try SQLiteStore(directory: root.appendingPathComponent(".tfz"))
        let user = ProcessInfo.processInfo.environment["USER"] ?? getpwuid(getuid()).flatMap { String(cString: $0.pointee.pw_name) } ?? "unknown"
        self.actor = actor ?? ProcessInfo.processInfo.environment["TFZ_ACTOR"] ?? "user:\(user)"
        holder = "tfz \(command) (pid \(getpid()) on \(ProcessInfo.processInfo.hostName))"
    }

    func close() {
        if let sandbox { let s = sandbox; self.sandbox = nil; Self.blocking { await s.stop() } }
    }

    /// Runs `body` holding the workspace lease; a second launch at the same time is refused with who holds it.
    func withWorkspaceLease(_ body: () async throws -> Void) async throws {
        var lease = try store.acquireLease("workspace", holder: holder, now: Date(), ttl: 3600)
        if case .heldBy(let other, _) = lease, Self.isGoneLocalHolder(other) {
            // Its holder was a tfz on this machine that no longer runs (killed, crashed, interrupted): the lease protects
            // nothing, and an interrupted launch must be able to simply run again. Taking it over is still one atomic
            // acquire, so of two tfz that both find it stale only one gets it.
            try store.releaseLease("workspace", holder: other)
            lease = try store.acquireLease("workspace", holder: holder, now: Date(), ttl: 3600)
        }
        switch lease {
        case .acquired: break
        case .heldBy(let other, let until):
            throw UsageError("another tfz is changing this workspace's campaigns: \(other), until \(ISO8601DateFormatter().string(from: until)) at the latest; run this again when it has finished")
        }
        defer { try? store.releaseLease("workspace", holder: holder) }
        try await body()
    }

    /// Takes the workspace lease if it is free (or its holder is a tfz on this machine that no longer runs); false when
    /// another tfz holds it. For the scheduler, which skips a tick rather than wait.
    func tryWorkspaceLease() throws -> Bool {
        var lease = try store.acquireLease("workspace", holder: holder, now: Date(), ttl: 3600)
        if case .heldBy(let other, _) = lease, Self.isGoneLocalHolder(other) {
            try store.releaseLease("workspace", holder: other)
            lease = try store.acquireLease("workspace", holder: holder, now: Date(), ttl: 3600)
        }
        if case .acquired = lease { return true }
        return false
    }

    func releaseWorkspaceLease() { try? store.releaseLease("workspace", holder: holder) }

    /// Whether `holder` (`tfz <command> (pid <n> on <host>)`) names a process on this host that no longer exists.
    static func isGoneLocalHolder(_ holder: String) -> Bool {
        guard holder.hasSuffix(")"), let open = holder.range(of: "(pid ", options: .backwards) else { return false }
        let inside = holder[open.upperBound..<holder.index(before: holder.endIndex)]
        guard let on = inside.range(of: " on ") else { return false }
        guard let pid = Int32(inside[..<on.lowerBound]), pid > 0, pid != getpid(),
              String(inside[on.upperBound...]) == ProcessInfo.processInfo.hostName else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The Google Ads client for an account, over URLSession, to the sandbox or the real API.
    func googleAdsClient(for account: Account) async throws -> GoogleAdsClient {
        let (baseURL, credentials) = try await endpoint(for: account)
        let logger = Logger(label: "tfz.google_ads")
        let clock = ContinuousClock()
        let start = clock.now
        let elapsed: @Sendable () -> Duration = { clock.now - start }
        let transport = URLSessionTransport(timeout: .seconds(Double(ProcessInfo.processInfo.environment["TFZ_HTTP_TIMEOUT"] ?? "") ?? 60))
        let retry = RetryMiddleware(classify: { GoogleAdsRetryClassifier().classify($0) }, logger: logger)
        let log = RedactingLogMiddleware(logger: logger, level: .debug, now: elapsed)
        let tokenClient = HTTPClient(transport: transport, middlewares: [retry, log])
        let tokens = OAuthTokenProvider(credentials: credentials, client: tokenClient)
        // Retry outermost (each attempt waits for the rate limiter and gets a fresh token), the log innermost (one line per attempt).
        var middlewares: [any HTTPMiddleware] = [
            retry, RateLimitMiddleware(requestsPerSecond: 10, burst: 20, now: elapsed), AuthMiddleware(tokens: tokens, credentials: credentials), log,
        ]
        if account.endpoint == "sandbox", let crash = CrashAfterResponses.fromEnvironment { middlewares.append(crash) }
        let http = HTTPClient(transport: transport, middlewares: middlewares)
        return GoogleAdsClient(http: http, baseURL: baseURL, version: account.apiVersion ?? "v25", customerId: account.accountId)
    }

    /// The Google Ads applier for an account.
    func googleAdsApplier(for account: Account) async throws -> GoogleAdsApplier {
        GoogleAdsApplier(client: try await googleAdsClient(for: account), store: store, actor: actor,
                         now: { ISO8601DateFormatter().string(from: Date()) }, progress: { Console.err($0) })
    }

    /// The account's "today": the sandbox's simulated clock for sandbox accounts, else today's date in the workspace's time zone.
    func today(for account: Account) async throws -> CalendarDate {
        if account.endpoint == "sandbox" {
            let sandbox = try await embeddedSandbox()
            let text = await sandbox.today()
            guard let date = CalendarDate(parsing: text) else { throw OperationError("the sandbox's clock reads '\(text)', which is not a date") }
            return date
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = library.workspace.config.flatMap { TimeZone(identifier: $0.timeZone.value) } ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// For a sandbox account, moves the sandbox's simulated clock up to `now`'s date (UTC) if it is behind, simulating the
    /// delivery of the days in between — so that a tick at a simulated time (`tfz tick --now`, the scheduler's simulate
    /// hook) sees the platform as it would be then. Never moves it back; does nothing for a real account.
    func followClock(_ now: Date, for account: Account) async throws {
        guard account.endpoint == "sandbox" else { return }
        let sandbox = try await embeddedSandbox()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        let target = CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
        guard let today = CalendarDate(parsing: await sandbox.today()), today < target else { return }
        try await sandbox.advance(days: target.dayNumber - today.dayNumber)
    }

    /// What ties pulled ids back to the library: campaign ids and ad ids recorded at launch, purposes from the files.
    func metricLabels(for account: Account) throws -> MetricLabels {
        var labels = MetricLabels()
        let purposes = Dictionary(library.campaigns.map { ($0.key, $0.purpose) }, uniquingKeysWith: { a, _ in a })
        for campaign in try store.remoteState().campaigns.values
        where campaign.accountId == account.accountId && campaign.key.platform == account.platform {
            if let id = campaign.remoteId.map(Self.lastId) { labels.campaignKeys[id] = campaign.key }
            labels.purposes[campaign.key] = purposes[campaign.key]
            for object in try store.objects(for: campaign.key) where object.localKey.hasPrefix("ad:") {
                // `ad:<ad group>:<creative>#<fingerprint>` for `customers/…/adGroupAds/<ad group id>~<ad id>`.
                let parts = object.localKey.split(separator: ":", maxSplits: 2)
                guard parts.count == 3, let tilde = object.resourceName.lastIndex(of: "~") else { continue }
                let creative = parts[2].split(separator: "#").first.map(String.init) ?? String(parts[2])
                guard creative != "remote" else { continue }   // an ad found on the platform that tfz did not write
                labels.creatives[String(object.resourceName[object.resourceName.index(after: tilde)...])] = creative
            }
        }
        return labels
    }

    /// `customers/1/campaigns/42` → `42` (an id alone stays as it is).
    static func lastId(_ name: String) -> String { name.split(separator: "/").last.map(String.init) ?? name }

    private func endpoint(for account: Account) async throws -> (URL, OAuthCredentials) {
        if account.endpoint == "sandbox" {
            let sandbox = try await embeddedSandbox()
            let defaults = SandboxConfiguration()
            return (sandbox.baseURL, OAuthCredentials(
                clientId: defaults.clientId, clientSecret: Secret(defaults.clientSecret), refreshToken: Secret(defaults.refreshToken),
                tokenURL: sandbox.baseURL.appendingPathComponent("oauth2/token"), developerToken: Secret(defaults.developerToken)))
        }
        let loader = CredentialsLoader(environment: ProcessInfo.processInfo.environment, homeDirectory: NSHomeDirectory(), workspaceRoot: root.path)
        let credentials: OAuthCredentials
        do { credentials = try loader.load(account.credentials) } catch { throw OperationError("account \(account.name): \(error.localizedDescription)") }
        let base = account.endpoint.flatMap(URL.init(string:)) ?? URL(string: "https://googleads.googleapis.com")!
        return (base, credentials)
    }

    /// The sandbox inside this process, its state under `.tfz/sandbox/` so that separate commands see the same campaigns.
    private func embeddedSandbox() async throws -> RunningSandbox {
        if let sandbox { return sandbox }
        let started = try await startSandbox(try SandboxConfiguration.workspace(root))
        sandbox = started
        return started
    }

    /// Runs async work to completion from synchronous code (used only to stop the sandbox on the way out).
    static func blocking(_ work: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task.detached { await work(); done.signal() }
        done.wait()
    }
}

/// An operation that failed for a reason the user can act on: one sentence, exit 1.
struct OperationError: LocalizedError {
    var message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
}
