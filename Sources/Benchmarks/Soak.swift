import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox

/// The soak (issue 10): N complete cycles — launch, pause and resume a zone, advance the sandbox's clock, pull, pull
/// again after a restatement, report — against the sandbox under a seeded mix of faults and kills, for every platform
/// in `PlatformRegistry.descriptors` (a new adapter joins by being registered). After each cycle it compares the
/// sandbox's objects with the files and the store's metrics with the sandbox's delivery, and searches everything tfz
/// wrote for the canary secrets the sandbox was given. Prints the totals; exits 1 when a guarantee failed, with the
/// seed and cycle that reproduce it.
///
///     swift build -c release --product Benchmarks && swift build -c release --product tfz
///     .build/release/Benchmarks --soak [--cycles 20] [--seed 1] [--from 0] [--real-kills 0.02] [--tfz PATH] [--verbose]
///
/// Most cycles run tfz's library calls in this process against an in-process sandbox and "kill" a run by cutting it
/// off after its N-th answer (``SoakKillSwitch``). A fraction (`--real-kills`, default 0.02) runs `tfz launch`,
/// `tfz pause` and `tfz resume` as processes (the `tfz` binary next to this one, or `--tfz`) against a sandbox this
/// process serves on loopback, and SIGKILLs them when the sandbox has received a random number of their requests.
enum Soak {
    struct Options {
        var cycles = 20
        var seed: UInt64 = 1
        /// The first cycle's number: `--from 17 --cycles 1` runs cycle 17 of the seed again.
        var from = 0
        /// The share of cycles whose launch, pause and resume are `tfz` processes killed with SIGKILL.
        var realKills = 0.02
        var tfz: URL?
        var verbose = false
    }

    /// What the run counted.
    struct Tally {
        var cycles = 0, realCycles = 0
        var requests = 0
        var faults: [String: Int] = [:]
        var killsInProcess = 0, killsReal = 0
        var runs = 0
        var duplicates = 0
        /// Campaigns missing, extra, in the wrong status, or whose platform id the store does not name.
        var objectMismatches = 0
        /// Platform-days whose stored figures are below the sandbox's delivery (lost) or above it (counted twice).
        var lostDays = 0, doubleDays = 0
        var comparedDays = 0
        var comparedImpressions: Int64 = 0
        var leaks = 0
        var unconverged = 0
        var failures: [String] = []
        var seconds: [Double] = []
        /// Seconds spent in each step, over all cycles.
        var steps: [String: Double] = [:]

        mutating func add(_ other: Tally) {
            steps.merge(other.steps, uniquingKeysWith: +)
            cycles += other.cycles; realCycles += other.realCycles; requests += other.requests
            faults.merge(other.faults, uniquingKeysWith: +)
            killsInProcess += other.killsInProcess; killsReal += other.killsReal; runs += other.runs
            duplicates += other.duplicates; objectMismatches += other.objectMismatches
            lostDays += other.lostDays; doubleDays += other.doubleDays; comparedDays += other.comparedDays
            comparedImpressions += other.comparedImpressions; leaks += other.leaks; unconverged += other.unconverged
            failures += other.failures; seconds += other.seconds
        }
    }

    static func options(_ arguments: [String]) -> Options {
        func value(_ name: String) -> String? {
            guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
            return arguments[i + 1]
        }
        var o = Options()
        if let n = value("--cycles").flatMap(Int.init) { o.cycles = n }
        if let n = value("--seed").flatMap(UInt64.init) { o.seed = n }
        if let n = value("--from").flatMap(Int.init) { o.from = n }
        if let n = value("--real-kills").flatMap(Double.init) { o.realKills = n }
        o.tfz = value("--tfz").map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tfz")
        o.verbose = arguments.contains("--verbose")
        return o
    }

    /// Runs the soak; the process's exit status (0: every guarantee held).
    static func run(_ options: Options) async throws -> Int32 {
        let library = Library.build(try WorkspaceReader.read(LaunchBenchmark.sampleRoot()))
        guard !library.hasErrors, library.workspace.config != nil else {
            print("soak: the sample workspace has errors:\n\(DiagnosticRenderer.text(library.diagnostics))")
            return 1
        }
        let platforms = PlatformRegistry.descriptors.map(\.platform)
        let campaigns = library.campaigns.filter { platforms.contains($0.key.platform) }
        var uncovered: [String] = []
        for platform in platforms where !campaigns.contains(where: { $0.key.platform == platform }) {
            uncovered.append("\(platform.rawValue): the sample workspace has no campaign on it, so the soak proves nothing for it")
        }
        var tfz = options.tfz
        if options.realKills > 0, let path = tfz?.path, !FileManager.default.isExecutableFile(atPath: path) {
            print("soak: no tfz binary at \(path) (swift build -c release --product tfz, or --tfz PATH); running every cycle in process")
            tfz = nil
        }
        let byPlatform = platforms.map { p in "\(p.rawValue) \(campaigns.filter { $0.key.platform == p }.count)" }.joined(separator: ", ")
        print("soak: \(options.cycles) cycles from cycle \(options.from), seed \(options.seed); platforms (registry): \(byPlatform) campaigns; "
              + "real SIGKILL cycles: \(tfz == nil ? "none" : String(format: "%.0f %%", options.realKills * 100))")

        var tally = Tally()
        let started = ContinuousClock.now
        for number in options.from..<(options.from + options.cycles) {
            let cycleSeed = SoakRandom.cycleSeed(options.seed, number)
            var decide = SoakRandom(seed: cycleSeed)
            let real = tfz != nil && decide.chance(options.realKills)
            var cycle = SoakCycle(number: number, runSeed: options.seed, seed: cycleSeed, library: library, platforms: platforms,
                                  campaigns: campaigns, tfz: real ? tfz : nil)
            let t0 = ContinuousClock.now
            var result: Tally
            do {
                result = try await cycle.run()
            } catch {
                result = cycle.tally
                result.failures.append("\(cycle.label): the cycle stopped: \(error.userMessage)")
            }
            result.seconds.append(seconds(since: t0))
            tally.add(result)
            if options.verbose || !result.failures.isEmpty || (number - options.from + 1) % 50 == 0 {
                let faults = result.faults.values.reduce(0, +)
                print("  cycle \(number)\(real ? " (tfz processes, real SIGKILL)" : ""): \(result.requests) requests, \(faults) faults, "
                      + "\(result.killsInProcess + result.killsReal) kills, \(String(format: "%.2f", result.seconds.last ?? 0)) s"
                      + (result.failures.isEmpty ? "" : " — FAILED"))
                for failure in result.failures { print("    ✗ \(failure)") }
            }
        }
        let total = seconds(since: started)
        print(summary(tally, options: options, total: total))
        for line in uncovered { print("  ✗ \(line)") }
        let failed = !tally.failures.isEmpty || !uncovered.isEmpty
        return failed ? 1 : 0
    }

    static func summary(_ t: Tally, options: Options, total: Double) -> String {
        let faults = t.faults.keys.sorted().map { "\($0) \(t.faults[$0]!)" }.joined(separator: ", ")
        let sorted = t.seconds.sorted()
        let p = { (q: Double) in sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        return """
        soak result (seed \(options.seed), cycles \(options.from)…\(options.from + options.cycles - 1)):
          cycles run:              \(t.cycles) (\(t.realCycles) with tfz processes and real SIGKILLs, \(t.cycles - t.realCycles) in process)
          runs (launch/pause/resume/pull attempts): \(t.runs), requests to the sandbox: \(t.requests)
          faults injected:         \(t.faults.values.reduce(0, +)) (\(faults.isEmpty ? "none" : faults))
          kills:                   \(t.killsReal + t.killsInProcess) (\(t.killsReal) real SIGKILL of a tfz process, \(t.killsInProcess) in process)
          duplicate remote objects: \(t.duplicates)
          campaign mismatches (missing, extra, wrong status, store ≠ platform): \(t.objectMismatches)
          lost metric rows:        \(t.lostDays) platform-days short; double-counted: \(t.doubleDays) platform-days over \
        (\(t.comparedDays) platform-days, \(t.comparedImpressions) impressions compared exactly)
          credential leaks:        \(t.leaks)
          steps that never converged: \(t.unconverged)
          seconds by step:         \(t.steps.keys.sorted().map { "\($0) \(String(format: "%.1f", t.steps[$0]!))" }.joined(separator: ", "))
        """ + String(format: "\n  time: %.1f s in all, %.2f s a cycle on average (median %.2f s, p95 %.2f s, max %.2f s)",
                     total, t.seconds.reduce(0, +) / Double(max(1, t.seconds.count)), p(0.5), p(0.95), sorted.last ?? 0)
            + "\n  guarantees: " + (t.failures.isEmpty ? "held" : "FAILED in \(t.failures.count) check(s); rerun one with --seed \(options.seed) --from CYCLE --cycles 1 --verbose")
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
