import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The embedded ad-platform sandbox: a loopback HTTP server that speaks the Google Ads REST API v25
/// (OAuth token endpoint, `googleAds:mutate`, `googleAds:search`, `googleAds:searchStream`, the six
/// per-service `…:mutate` methods and `customers:listAccessibleCustomers`) and the Microsoft Advertising
/// REST v13 subset tfz uses (Campaign Management under `/CampaignManagement/v13/`, Reporting under
/// `/Reporting/v13/`, the identity platform token endpoint `/common/oauth2/v2.0/token`).
///
/// ```swift
/// let sandbox = try await startSandbox(SandboxConfiguration(stateDirectory: directory))
/// defer { Task { await sandbox.stop() } }
/// // point tfz's Google Ads `endpoint:` at sandbox.baseURL
/// ```
public final class SandboxServer: Sendable {
    public let configuration: SandboxConfiguration

    public init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        self.configuration = configuration
    }

    /// Loads the state, binds 127.0.0.1 on an ephemeral port and starts serving.
    public func start() async throws -> RunningSandbox {
        let engine = try SandboxEngine(configuration: configuration)
        let gate = DropGate()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let responder = SandboxResponder(engine: engine, gate: gate, maxBodyBytes: configuration.maxBodyBytes)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: configuration.logger
        )
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: configuration.logger)
        )
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            let reason: String
            switch await task.result {
            case .failure(let error): reason = "\(error)"
            case .success: reason = "the server stopped before it was listening"
            }
            throw SandboxError.couldNotStart(reason)
        }
        let baseURL = URL(string: "http://127.0.0.1:\(port)")!
        await engine.setBaseURL(baseURL)
        return RunningSandbox(baseURL: baseURL, engine: engine, gate: gate, server: (group, task))
    }
}

/// Starts a sandbox with `configuration`.
public func startSandbox(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws -> RunningSandbox
{
    try await SandboxServer(configuration: configuration).start()
}

/// A started sandbox: its address, its test hooks and `stop()`.
public final class RunningSandbox: Sendable {
    /// `http://127.0.0.1:<port>`; Google Ads paths (`/v25/…`) and `/oauth2/token` are under it.
    public let baseURL: URL
    let engine: SandboxEngine
    private let gate: DropGate
    /// The HTTP server, or nil for an in-process sandbox.
    private let server: (group: ServiceGroup, task: Task<Void, any Error>)?

    init(
        baseURL: URL, engine: SandboxEngine, gate: DropGate, server: (group: ServiceGroup, task: Task<Void, any Error>)?
    ) {
        self.baseURL = baseURL
        self.engine = engine
        self.gate = gate
        self.server = server
    }

    /// True for a sandbox started with `inProcess(_:)` (no socket; `respond` is the only way in).
    public var isInProcess: Bool { server == nil }

    /// The token endpoint: `baseURL/oauth2/token`.
    public var tokenURL: URL { baseURL.appendingPathComponent("oauth2/token") }

    /// Stops accepting connections, releases held (dropped) requests and waits for the server to end
    /// (at most about five seconds). Calling it twice is harmless.
    public func stop() async {
        await gate.releaseAll()
        guard let (group, task) = server else { return }
        await group.triggerGracefulShutdown()
        await withTaskGroup(of: Bool.self) { waiters in
            waiters.addTask {
                _ = await task.result
                return true
            }
            waiters.addTask {
                try? await Task.sleep(for: .seconds(5))
                return false
            }
            if await waiters.next() == false { task.cancel() }
            waiters.cancelAll()
        }
    }

    /// Every request received so far, in arrival order (Authorization headers left out).
    public func receivedRequests() async -> [RecordedRequest] { await engine.recordedRequests() }

    /// Forgets the recorded requests (fault numbering continues).
    public func clearReceivedRequests() async { await engine.clearRecordedRequests() }

    /// A copy of all accounts and their resources.
    public func snapshot() async -> SandboxState { await engine.snapshot() }

    /// The next counted requests get these faults, in order, ahead of the plan.
    public func enqueueFaults(_ faults: [Fault]) async { await engine.enqueue(faults) }

    /// Replaces the fault plan (and drops queued faults); request numbering continues.
    public func setFaultPlan(_ plan: FaultPlan) async { await engine.setFaultPlan(plan) }

    /// Simulates delivery for every day from `from` (default: the day after the earliest campaign
    /// start, at most a year back) through `through`, both `yyyy-MM-dd`, and persists it. Re-running a
    /// day replaces its figures with the same deterministic ones for the current state.
    public func simulateDelivery(through: String, from: String? = nil) async throws {
        try await engine.simulateDelivery(from: from, through: through)
    }

    /// The sandbox's today, `yyyy-MM-dd`: the simulated clock once `advance(days:)` has set it, else
    /// the UTC date of `SandboxConfiguration.now`. GAQL date ranges (`DURING LAST_7_DAYS`, …), default
    /// campaign start dates and the restatement of recent days all follow it.
    public func today() async -> String { SandboxCalendar.string(await engine.today) }

    /// Moves the simulated clock forward by `days`, simulates delivery for every day that became
    /// complete (the old today through the new today − 1) and persists the state, clock included.
    /// `advance(days: 0)` pins the clock at today. Throws `SandboxError.invalidAdvance` for a
    /// negative count; the clock never moves back.
    public func advance(days: Int) async throws {
        try await engine.advance(days: days)
    }

    /// Benchmark and test hook: adds an account with `campaigns` ENABLED campaigns (each with its own
    /// budget and one ad group), `keywordsPerCampaign` ENABLED keywords and `adsPerAdGroup` ENABLED
    /// responsive search ads per ad group, written straight into the state (no mutate validation),
    /// then simulates delivery from `from` through `through` (`yyyy-MM-dd`, inclusive).
    ///
    /// Names follow `synthetic campaign 17`, keyword texts `synthetic term 17-3`, final URLs
    /// `https://example.org/help/zone-17` (ad 2 and later of a group add `/v2`, …). 100 × 100 keywords
    /// over 100 days gives 1,000,000 keyword_view rows. An existing account with the same id is
    /// replaced. The state is written only when the sandbox has a state directory.
    public func addSyntheticAccount(
        customerId: String, campaigns: Int, keywordsPerCampaign: Int, adsPerAdGroup: Int, from: String,
        through: String
    ) async throws {
        try await engine.addSyntheticAccount(
            customerId: customerId, campaigns: campaigns, keywordsPerCampaign: keywordsPerCampaign,
            adsPerAdGroup: adsPerAdGroup, from: from, through: through)
    }
}

/// Holds dropped requests until their hold ends or the sandbox stops.
actor DropGate {
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var next = 0
    private var released = false

    /// Returns after `hold`, or as soon as `releaseAll()` is called.
    func wait(_ hold: Duration) async {
        guard hold > .zero, !released else { return }
        next += 1
        let id = next
        let timer = Task { [weak self] in
            try? await Task.sleep(for: hold)
            await self?.release(id)
        }
        await withCheckedContinuation { continuation in
            if released { continuation.resume() } else { waiters[id] = continuation }
        }
        timer.cancel()
    }

    private func release(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }

    func releaseAll() {
        released = true
        for continuation in waiters.values { continuation.resume() }
        waiters.removeAll()
    }
}
