import Sandbox
import AdPlatforms
import Foundation
import Logging
import Synchronization

/// Stops a run dead after the N-th answer arrives, before tfz sees it, and refuses everything after: what SIGKILL
/// does to a tfz process, in process (the cheap kill of the soak; the real one runs the `tfz` binary with
/// `TFZ_CRASH_AFTER_RESPONSES`). Unlike SIGKILL, code on the way out still runs (a failed pull is marked failed,
/// the lease is released); the real kills cover what that hides.
final class SoakKillSwitch: HTTPMiddleware {
    struct Killed: Error, CustomStringConvertible {
        var description: String { "killed by the soak" }
    }

    let limit: Int
    private let answers = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Whether the kill happened.
    var fired: Bool { answers.withLock { $0 >= limit } }

    func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        if fired { throw Killed() }
        let response = try await next(request)
        if answers.withLock({ $0 += 1; return $0 }) >= limit { throw Killed() }
        return response
    }
}

/// Everything tfz's loggers and progress lines wrote during one cycle, at every level, for the credential scan.
final class SoakTranscript: Sendable {
    private let text = Mutex("")

    func append(_ line: String) { text.withLock { $0 += line; $0 += "\n" } }
    var contents: String { text.withLock { $0 } }
    func reset() { text.withLock { $0 = "" } }

    /// A logger that writes every level (trace up) here.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { label in Handler(label: label, transcript: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let label: String
        let transcript: SoakTranscript
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String,
                 line: UInt) {
            let all = metadata.merging(extra ?? [:]) { $1 }
            transcript.append("\(level) \(label): \(message)\(all.isEmpty ? "" : " \(all)")")
        }
    }
}

/// The soak's draws come from the sandbox's seeded generator (SplitMix64): the same seed gives the same cycle.
typealias SoakRandom = SeededRandom

extension SeededRandom {
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// The seed of cycle `cycle` of a run seeded with `seed`.
    static func cycleSeed(_ seed: UInt64, _ cycle: Int) -> UInt64 {
        var r = SeededRandom(seed: seed ^ (UInt64(cycle) &* 0xD1B5_4A32_D192_ED03))
        return r.next()
    }
}

/// A flag one task sets and others read.
final class SoakFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
