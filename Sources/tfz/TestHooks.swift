import AdPlatforms
import Foundation
import Sandbox
import Synchronization

/// Environment hooks used by the fault and crash tests; documented in docs/operations.md. They never apply to a
/// real platform account: faults are injected by the embedded sandbox, and the crash hook only stops this process.
extension FaultPlan {
    /// `TFZ_SANDBOX_FAULTS="429=0.1,503=0.1,500=0.05,drop=0.05,drop-before=0.05,slow=0.05"`: probabilities per request.
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
