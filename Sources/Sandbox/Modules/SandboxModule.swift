import CampaignKit
import Foundation

/// One platform's part of the sandbox: its paths, its answers, its simulated delivery, its credentials and the
/// platform-neutral views the suites and the soak read. Adding a platform to the sandbox is a folder with one type
/// conforming to this and one line in ``SandboxModules/all``; the engine never names a platform.
///
/// The engine owns all state and calls a module inside its isolation (`engine: isolated SandboxEngine`), one request at a
/// time. A module keeps its state in ``SandboxEngine/moduleState(_:initial:)`` (or, for the first two platforms, in the
/// engine's typed properties) and writes it to its own file in the state directory.
protocol SandboxModule: Sendable {
    var platform: Platform { get }

    /// What `path` is to this module (its API, counted for faults; its token endpoint; a download), or nil when it is not
    /// one of its paths.
    func classify(_ path: String) -> SandboxPathKind?

    /// Answers a request on one of its paths; the engine has recorded it and drawn its fault (`ticket.fault`), which the
    /// module applies through ``SandboxEngine/withFaults(_:answeringFaults:_:)``.
    func answer(_ request: SandboxHTTPRequest, _ ticket: SandboxEngine.Ticket, engine: isolated SandboxEngine) -> SandboxDisposition

    /// The answer to a request body over the sandbox's size limit (HTTP 413), in the platform's error shape.
    func payloadTooLarge(path: String) -> SandboxHTTPResponse

    /// Simulates delivery for the days `from` … `through` (days since 1970, inclusive) and persists; `from` nil means
    /// from the earliest start of the module's campaigns (at most a year back).
    func simulateDelivery(from: Int?, through: Int, engine: isolated SandboxEngine)

    /// Writes the module's state file, when the sandbox has a state directory.
    func persist(engine: isolated SandboxEngine)

    /// The credentials the module's token endpoint and API accept.
    func credentials(_ configuration: SandboxConfiguration) -> SandboxCredentials

    /// Makes the module accept other secrets (see ``SandboxConfiguration/replaceSecrets(for:clientSecret:refreshToken:values:)``).
    func replaceSecrets(_ configuration: inout SandboxConfiguration, clientSecret: String, refreshToken: String, values: [String: String])

    /// Every live campaign of every account whose name carries a tfz key.
    func campaigns(engine: isolated SandboxEngine) -> [RunningSandbox.CampaignView]

    /// Objects that stand twice in any account: what a client that re-created objects after a lost answer leaves.
    func duplicateObjects(engine: isolated SandboxEngine) -> [String]

    /// The final delivery of every account, one call of `add` per simulated row (`yyyy-MM-dd`, impressions, clicks, cost
    /// in micros of the account currency).
    func delivery(engine: isolated SandboxEngine, _ add: (String, Int64, Int64, Int64) -> Void)
}

/// What a path is to the module that claims it.
enum SandboxPathKind: Sendable {
    /// The platform's API: counted for faults.
    case api
    /// Its token endpoint: counted for faults when the plan includes token endpoints; request bodies are redacted.
    case token
    /// A download the module handed out (a report file): never counted, never faulted.
    case download
}

/// The platforms the sandbox imitates: one line each.
enum SandboxModules {
    static let all: [any SandboxModule] = [
        GoogleSandboxModule(),
        MicrosoftSandboxModule(),
        MetaSandboxModule(),
        RedditSandboxModule(),
    ]

    static func module(_ platform: Platform) -> (any SandboxModule)? { all.first { $0.platform == platform } }

    /// The module that claims `path`, and what the path is to it.
    static func claim(_ path: String) -> (module: any SandboxModule, kind: SandboxPathKind)? {
        for module in all { if let kind = module.classify(path) { return (module, kind) } }
        return nil
    }
}

extension SandboxEngine {
    /// A module's state, made by `initial` (typically loading its file from the state directory) on first use.
    func moduleState<State: Sendable>(_ platform: Platform, initial: () -> State) -> State {
        if let state = moduleStates[platform] as? State { return state }
        let state = initial()
        moduleStates[platform] = state
        return state
    }

    /// Replaces a module's state (the module persists it when it chooses).
    func setModuleState<State: Sendable>(_ platform: Platform, _ state: State) {
        moduleStates[platform] = state
    }
}
