import AdPlatforms
import CampaignKit
import Foundation
import Sandbox

/// The accounts of a workspace: the real hosts with the operator's credentials (`env:` / `file:` references), and
/// the embedded sandbox for `endpoint: sandbox`, started on first use with its state under `.tfz/sandbox/`.
///
/// The sandbox is reached over loopback HTTP (`.loopback`, what the CLI does) or handed requests in process
/// (`.inProcess`, what most tests do: no socket, the same request handling), or over loopback through a transport of
/// the caller's (`.loopbackThrough`: tests that put a faulty network between tfz and the sandbox).
public final class WorkspaceConnector: AccountConnector {
    public enum SandboxMode: Sendable {
        case loopback, inProcess
        /// The sandbox on loopback, reached through the transport this makes from the sandbox's URL and the timeout.
        case loopbackThrough(@Sendable (URL, Duration) -> any HTTPTransport)
    }

    public let root: URL
    public let sandboxConfiguration: SandboxConfiguration
    public let mode: SandboxMode
    /// Seconds before an HTTP request to a platform gives up.
    public let timeout: Double
    /// `time_zone:` of tfz.yaml: a real account's "today" is the date there.
    public let timeZone: String?
    let environment: [String: String]
    /// Middlewares added innermost for sandbox accounts (the crash-test hook).
    let sandboxMiddlewares: [any HTTPMiddleware]
    private let state: SandboxSlot

    public init(root: URL, sandbox: SandboxConfiguration, mode: SandboxMode = .loopback, timeout: Double = 60, timeZone: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, sandboxMiddlewares: [any HTTPMiddleware] = []) {
        self.root = root
        self.sandboxConfiguration = sandbox
        self.mode = mode
        self.timeout = timeout
        self.timeZone = timeZone
        self.environment = environment
        self.sandboxMiddlewares = sandboxMiddlewares
        self.state = SandboxSlot()
    }

    /// A connector to a sandbox that is already running (in process or on loopback, as `mode` says) — what a second
    /// tfz process would see of the same platform: the soak gives each run, killed or not, a connector of its own
    /// with its own `sandboxMiddlewares`. `close()` stops that sandbox.
    public init(root: URL, running sandbox: RunningSandbox, configuration: SandboxConfiguration, mode: SandboxMode, timeout: Double = 60,
                timeZone: String? = nil, sandboxMiddlewares: [any HTTPMiddleware] = []) {
        self.root = root
        self.sandboxConfiguration = configuration
        self.mode = mode
        self.timeout = timeout
        self.timeZone = timeZone
        self.environment = [:]
        self.sandboxMiddlewares = sandboxMiddlewares
        self.state = SandboxSlot(running: sandbox)
    }

    /// The embedded sandbox, started on first use.
    public func sandbox() async throws -> RunningSandbox {
        try await state.get { [sandboxConfiguration, mode] in
            switch mode {
            case .loopback, .loopbackThrough: try await startSandbox(sandboxConfiguration)
            case .inProcess: try await RunningSandbox.inProcess(sandboxConfiguration)
            }
        }
    }

    /// Stops the sandbox if one was started.
    public func close() async { await state.stop() }

    public func endpoint(for account: Account, descriptor: PlatformDescriptor) async throws -> AccountEndpoint {
        if account.endpoint == "sandbox" {
            let sandbox = try await sandbox()
            guard let creds = sandboxConfiguration.credentials(for: account.platform) else {
                throw OperationError("\(account.name): the embedded sandbox does not imitate \(account.platform.displayName) yet")
            }
            var secrets: [String: Secret] = [:], values: [String: String] = [:]
            for field in descriptor.credentials.fields {
                guard let value = creds.values[field.key] else { continue }
                if field.secret { secrets[field.key] = Secret(value) } else { values[field.key] = value }
            }
            let accessToken = descriptor.credentials.grant == .accessToken ? creds.values["access_token"].map(Secret.init) : nil
            let credentials = OAuthCredentials(clientId: creds.clientId, clientSecret: Secret(creds.clientSecret ?? ""),
                                               refreshToken: Secret(creds.refreshToken),
                                               tokenURL: sandbox.baseURL.appendingPathComponent(creds.tokenPath), secrets: secrets, values: values,
                                               accessToken: accessToken)
            let transport: any HTTPTransport = switch mode {
            case .loopback: URLSessionTransport(timeout: .seconds(timeout))
            case .inProcess: InProcessSandboxTransport(sandbox: sandbox)
            case .loopbackThrough(let make): make(sandbox.baseURL, .seconds(timeout))
            }
            return AccountEndpoint(baseURL: sandbox.baseURL, credentials: credentials, transport: transport, extraMiddlewares: sandboxMiddlewares)
        }
        let loader = CredentialsLoader(environment: environment, homeDirectory: NSHomeDirectory(), workspaceRoot: root.path)
        let credentials: OAuthCredentials
        do { credentials = try loader.load(account.credentials, for: descriptor.credentials) } catch {
            throw OperationError("account \(account.name): \(error.userMessage)")
        }
        let base = account.endpoint.flatMap(URL.init(string:)) ?? descriptor.productionURL
        return AccountEndpoint(baseURL: base, credentials: credentials, transport: URLSessionTransport(timeout: .seconds(timeout)))
    }

    public func today(for account: Account, now: Date) async throws -> CalendarDate {
        if account.endpoint == "sandbox" {
            let text = try await sandbox().today()
            guard let date = CalendarDate(parsing: text) else { throw OperationError("the sandbox's clock reads '\(text)', which is not a date") }
            return date
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone ?? "") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    public func followClock(_ now: Date, for account: Account) async throws {
        guard account.endpoint == "sandbox" else { return }
        let sandbox = try await sandbox()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        let target = CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
        guard let today = CalendarDate(parsing: await sandbox.today()), today < target else { return }
        try await sandbox.advance(days: target.dayNumber - today.dayNumber)
    }
}

/// The one sandbox of a connector, started once.
private actor SandboxSlot {
    private var running: RunningSandbox?

    init(running: RunningSandbox? = nil) { self.running = running }

    func get(_ start: @Sendable () async throws -> RunningSandbox) async throws -> RunningSandbox {
        if let running { return running }
        let started = try await start()
        running = started
        return started
    }

    func stop() async {
        if let running { await running.stop() }
        running = nil
    }
}

/// Hands requests to an in-process sandbox: no socket, the sandbox's own request handling (faults included; a dropped
/// answer surfaces as a lost connection, as over HTTP).
public struct InProcessSandboxTransport: HTTPTransport {
    public let sandbox: RunningSandbox

    public init(sandbox: RunningSandbox) { self.sandbox = sandbox }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let reply = await sandbox.respond(method: request.method, path: request.url.path, query: request.url.query,
                                          headers: request.headers.map { ($0.key, $0.value) }, body: request.body)
        switch reply {
        case .response(let status, let headers, let body):
            return HTTPResponse(status: status, headers: Dictionary(headers, uniquingKeysWith: { a, b in "\(a), \(b)" }), body: body)
        case .dropped:
            throw TransportError.connectionLost(mayHaveBeenSent: true)
        }
    }
}
