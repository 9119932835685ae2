import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox
import Synchronization

/// Environment hooks used by the fault and crash tests; documented in docs/operations.md. They never apply to a
/// real platform account: faults are injected by the embedded sandbox, and the crash hook only stops this process.
extension FaultPlan {
    /// `TFZ_SANDBOX_FAULTS="429=0.1,503=0.1,500=0.05,drop=0.05,drop-before=0.05,slow=0.05"`: probabilities per request
    /// (`slow` answers after 300 ms, `very-slow` after 2 s).
    init(parsing spec: String) throws {
        var random: [RandomFault] = []
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=")
            guard kv.count == 2, let p = Double(kv[1]) else { throw UsageError("TFZ_SANDBOX_FAULTS: cannot read '\(part)'") }
            let fault: Fault
            switch kv[0] {
            case "429": fault = .rateLimited(retryDelay: "1s")
            case "503": fault = .unavailable
            case "500": fault = .internalError
            case "drop": fault = .dropAfterApplying
            case "drop-before": fault = .dropBeforeApplying
            case "slow": fault = .slow(milliseconds: 300)
            case "very-slow": fault = .slow(milliseconds: 2_000)
            default: throw UsageError("TFZ_SANDBOX_FAULTS: unknown fault '\(kv[0])'")
            }
            random.append(RandomFault(fault, probability: p))
        }
        self.init(random: random)
    }
}

/// `TFZ_CRASH_AFTER_RESPONSES=N`: the process kills itself with SIGKILL right after the N-th answer from a
/// platform arrives, before tfz records it, to prove that a rerun converges without duplicates.
struct CrashAfterResponses: HTTPMiddleware {
    let limit: Int
    let count = Counter()

    final class Counter: Sendable {
        private let n = Mutex(0)
        func next() -> Int { n.withLock { $0 += 1; return $0 } }
    }

    func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let response = try await next(request)
        if count.next() >= limit { kill(getpid(), SIGKILL) }
        return response
    }

    static var fromEnvironment: CrashAfterResponses? {
        ProcessInfo.processInfo.environment["TFZ_CRASH_AFTER_RESPONSES"].flatMap(Int.init).map { CrashAfterResponses(limit: $0) }
    }
}

extension SandboxConfiguration {
    /// The embedded sandbox of the workspace at `root`: state in `.tfz/sandbox`, the fixed seed, and the test hooks
    /// `TFZ_SANDBOX_FAULTS` and `TFZ_SANDBOX_TODAY=YYYY-MM-DD` (the day a new sandbox's clock starts on, so that tests
    /// and golden reports do not depend on the day they run; once the clock has been advanced it is kept in the state).
    static func workspace(_ root: URL) throws -> SandboxConfiguration {
        var config = SandboxConfiguration(stateDirectory: root.appendingPathComponent(".tfz/sandbox"), seed: Session.sandboxSeed)
        let environment = ProcessInfo.processInfo.environment
        if let plan = environment["TFZ_SANDBOX_FAULTS"] { config.faults = try FaultPlan(parsing: plan) }
        if let today = environment["TFZ_SANDBOX_TODAY"] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard let date = CalendarDate(parsing: today),
                  let noon = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) else {
                throw UsageError("TFZ_SANDBOX_TODAY: '\(today)' is not a date; write YYYY-MM-DD")
            }
            config.now = { noon }
        }
        return config
    }
}
