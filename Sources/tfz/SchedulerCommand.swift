import ArgumentParser
import CampaignKit
import Dispatch
import Foundation
import Operations
import Synchronization

/// `tfz scheduler`: the scheduler as a long-running service, for hosts where a cron job or a systemd timer running
/// `tfz tick` is not an option.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run the scheduler as a long-running service (an alternative to tfz tick from cron).",
        subcommands: [Run.self]
    )

    /// `tfz scheduler run`: ticks every interval plus a random jitter until SIGINT or SIGTERM.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tick now, then every --interval plus up to --jitter, until SIGINT or SIGTERM.",
            discussion: """
                Each tick is the same pass as tfz tick, with the campaign files read again; it prints one line to \
                stdout, prefixed with the time it finished. A failed tick is reported on stderr and the next one runs as \
                usual. SIGINT or SIGTERM between ticks stops at once; during a tick, the tick finishes first (a launch \
                enables its campaigns last), then tfz exits 0.
                """
        )

        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: ArgumentHelp("Time between ticks: 90s, 5m, 1h; at least 1m.", valueName: "DURATION")) var interval = "5m"
        @Option(help: ArgumentHelp("Up to this much more, at random, before each tick (spreads workspaces out).", valueName: "DURATION"))
        var jitter = "30s"
        @Option(help: ArgumentHelp("Stop after N ticks.", valueName: "N")) var maxTicks: Int?
        @Flag(help: "Do not pull metrics in any tick.") var noPull = false

        func run() async throws {
            let simulation = try Simulation.fromEnvironment()
            guard let every = Self.seconds(interval), let spread = Self.seconds(jitter) else {
                throw UsageError("--interval and --jitter take a whole number and a unit, such as 90s, 5m or 1h")
            }
            if simulation == nil {
                guard every >= 60 else { throw UsageError("--interval must be at least 1m, not '\(interval)'") }
                guard spread > 0 else { throw UsageError("--jitter must be more than 0s, not '\(jitter)'") }
            }
            if let maxTicks, maxTicks < 1 { throw UsageError("--max-ticks must be at least 1") }
            let root = try workspace.root()

            // Before the first tick, so that a signal during it is never the default (which would kill the process).
            let shutdown = Shutdown()
            shutdown.installSignalHandlers()
            let scheduler = Scheduler(interval: .seconds(every), jitter: .seconds(spread), maxTicks: maxTicks,
                                      clock: ContinuousClock(), shutdown: shutdown)
            let ticks = try await scheduler.run { number in
                let now = simulation.map { $0.start.addingTimeInterval($0.step * Double(number)) } ?? Date()
                do {
                    Console.out("\(iso(Date())) \(try await Self.tick(root: root, now: now, pull: !noPull, leaseWait: Double(max(every, 60))))")
                } catch {
                    // Tick has already written its failures to stderr when it throws ExitCode.
                    let reason = error is ExitCode ? "failed" : "failed: \((error as? LocalizedError)?.errorDescription ?? "\(error)")"
                    Console.err("\(iso(Date())) tick \(iso(now)): \(reason)")
                }
            }
            Console.err(shutdown.signalName.map { "scheduler stopped (\($0)) after \(ticks) ticks" } ?? "scheduler stopped after \(ticks) ticks")
        }

        /// One tick with the library read afresh, as `tfz tick` does it.
        /// Waits up to `leaseWait` seconds for a lease another tfz holds (another scheduler on the same team store).
        static func tick(root: URL, now: Date, pull: Bool, leaseWait: TimeInterval) async throws -> String {
            let library = Library.build(try WorkspaceReader.read(root))
            guard library.workspace.config != nil, !library.diagnostics.contains(where: { $0.severity == .error }) else {
                Console.err(DiagnosticRenderer.text(library.diagnostics))
                throw BrokenLibrary()
            }
            let session = try Session(root: root, library: library, command: "scheduler", actor: "scheduler")
            defer { session.close() }
            let outcome = try await TickRunner(bench: session.bench, now: now, pull: pull, leaseWait: leaseWait).run()
            if outcome.failed {
                Console.err(outcome.summary)
                throw ExitCode(1)
            }
            return outcome.summary
        }

        /// `0s`, `90s`, `5m`, `1h` in seconds; nil when malformed.
        static func seconds(_ text: String) -> Int? {
            guard let unit = text.last, let n = Int(text.dropLast()), n >= 0 else { return nil }
            switch unit {
            case "s": return n
            case "m": return n * 60
            case "h": return n * 3600
            default: return nil
            }
        }
    }
}

/// The campaign files have errors: the tick launches nothing until a person fixes them.
struct BrokenLibrary: LocalizedError {
    var errorDescription: String? { "the campaign files have errors (above); nothing was changed" }
}

/// `TFZ_SCHEDULER_SIMULATE="START STEP"` (test hook): tick k acts for START + k × STEP instead of the current time.
struct Simulation {
    var start: Date
    var step: TimeInterval

    static func fromEnvironment() throws -> Simulation? {
        guard let spec = ProcessInfo.processInfo.environment["TFZ_SCHEDULER_SIMULATE"] else { return nil }
        let parts = spec.split(separator: " ")
        guard parts.count == 2, let start = ISO8601DateFormatter().date(from: String(parts[0])),
              let step = SchedulerCommand.Run.seconds(String(parts[1])) else {
            throw UsageError("TFZ_SCHEDULER_SIMULATE: cannot read '\(spec)'; write e.g. \"2027-01-01T05:00:00Z 1h\"")
        }
        return Simulation(start: start, step: TimeInterval(step))
    }
}

/// The loop: a tick, then an interruptible wait of the interval plus a random jitter, until shutdown or `maxTicks`.
struct Scheduler<C: Clock<Duration>> {
    let interval: Duration
    let jitter: Duration
    let maxTicks: Int?
    let clock: C
    let shutdown: Shutdown

    /// Runs `tick(k)` for k = 0, 1, …; returns how many ran. A tick is never interrupted: shutdown is looked at
    /// between ticks only.
    func run(_ tick: (Int) async -> Void) async throws -> Int {
        var count = 0
        while !shutdown.isRequested {
            await tick(count)
            count += 1
            if let maxTicks, count >= maxTicks { break }
            let extra = jitter > .zero ? Duration.milliseconds(Int64.random(in: 0...jitter.wholeMilliseconds)) : .zero
            guard await shutdown.sleep(for: interval + extra, on: clock) else { break }
        }
        return count
    }
}

extension Duration {
    var wholeMilliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

/// A request to stop, from SIGINT or SIGTERM; wakes a wait between ticks at once.
final class Shutdown: Sendable {
    private struct State {
        var signal: String?
        var sleeper: Task<Void, any Error>?
    }
    private let state = Mutex(State())

    var isRequested: Bool { state.withLock { $0.signal != nil } }
    var signalName: String? { state.withLock { $0.signal } }

    func request(_ name: String) {
        let sleeper = state.withLock { s -> Task<Void, any Error>? in
            if s.signal == nil { s.signal = name }
            return s.sleeper
        }
        sleeper?.cancel()
    }

    /// Ignores SIGINT and SIGTERM's default action and turns them into ``request(_:)``.
    func installSignalHandlers() {
        let queue = DispatchQueue(label: "tfz.scheduler.signals")
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in request(name) }
            source.resume()
            _ = Unmanaged.passRetained(source as AnyObject)  // for the life of the process
        }
    }

    /// Waits `duration` on `clock`; false when a stop was requested before or during the wait.
    func sleep<C: Clock<Duration>>(for duration: Duration, on clock: C) async -> Bool {
        let sleeper = Task { try await clock.sleep(for: duration) }
        let stopped = state.withLock { s -> Bool in
            if s.signal != nil { return true }
            s.sleeper = sleeper
            return false
        }
        if stopped { sleeper.cancel() }
        let result = await sleeper.result
        state.withLock { $0.sleeper = nil }
        if case .failure = result { return false }
        return !isRequested
    }
}
