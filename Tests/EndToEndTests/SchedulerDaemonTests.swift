import Foundation
import Synchronization
import Testing

/// `tfz scheduler run` as a service: simulated days tick by tick, and SIGTERM during a launch and between ticks.
@Suite(.serialized) struct SchedulerDaemonTests {
    static let env = ["TFZ_SANDBOX_TODAY": "2026-12-30"]

    /// The tick lines without their real-time prefix; fails the test when a line has no such prefix.
    static func ticks(_ stdout: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let prefix = line.prefix(21)
            #expect(prefix.count == 21 && prefix.last == " " && ISO8601DateFormatter().date(from: String(prefix.dropLast())) != nil,
                    "'\(line)' does not start with the time", sourceLocation: sourceLocation)
            return String(line.dropFirst(21))
        }
    }

    @Test func simulatedDaysTickOnTheirFlights() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        var env = Self.env
        env["TFZ_SCHEDULER_SIMULATE"] = "2026-12-31T12:00:00Z 12h"
        let r = try await TFZRunner.runOffPool(["scheduler", "run", "--interval", "0s", "--jitter", "0s", "--max-ticks", "4", "--no-pull"],
                                               workspace: dir, environment: env)
        #expect(r.exited(0), "\(r)")
        // 2027-01-01T00:00Z is still 31 December in New York. The flights started at 05:00Z, between two ticks: the
        // next tick launches them and logs their start as missed.
        #expect(Self.ticks(r.stdout) == [
            "tick 2026-12-31T12:00:00Z: nothing to do",
            "tick 2027-01-01T00:00:00Z: nothing to do",
            "tick 2027-01-01T12:00:00Z: 6 launched, 6 missed",
            "tick 2027-01-02T00:00:00Z: nothing to do",
        ], "\(r)")
        #expect(r.stderr.hasSuffix("scheduler stopped after 4 ticks\n"), "\(r)")
    }

    @Test func aFailedTickIsReportedAndTheNextReadsTheFilesAgain() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        try CLITests.breakYAML(dir)
        var env = Self.env
        env["TFZ_SCHEDULER_SIMULATE"] = "2027-01-01T12:00:00Z 1h"
        let daemon = try Daemon(["scheduler", "run", "--interval", "5s", "--jitter", "0s", "--max-ticks", "2", "--no-pull", "-C", dir.path],
                                environment: env)
        defer { daemon.stop() }
        try #require(await daemon.wait(30) { $0.stderr.contains(" tick 2027-01-01T12:00:00Z: failed") }, "\(daemon.output)")
        try dir.edit("Campaigns/zones/fl-orange.yaml", replacing: "budget: {daily: 30.00", with: "budget: {daily: 30.00}")
        try #require(await daemon.wait(30) { _ in !daemon.isRunning }, "\(daemon.output)")
        let out = daemon.output
        #expect(daemon.exited(0), "\(out)")
        #expect(Self.ticks(out.stdout) == ["tick 2027-01-01T13:00:00Z: 6 launched"], "\(out)")
        // Line 19 is the end of the file in the Google-only copy (no social campaign after the broken budget).
        #expect(out.stderr.hasPrefix("Campaigns/zones/fl-orange.yaml:19:1: error: YAML syntax error: did not find expected ',' or '}'\n"), "\(out)")
        #expect(out.stderr.contains(" tick 2027-01-01T12:00:00Z: failed: the campaign files have errors (above); nothing was changed\n"), "\(out)")
        #expect(out.stderr.hasSuffix("scheduler stopped after 2 ticks\n"), "\(out)")
    }

    @Test func withoutTheHookTheIntervalIsAtLeastAMinute() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let r = try await TFZRunner.runOffPool(["scheduler", "run", "--interval", "0s", "--max-ticks", "1"], workspace: dir, environment: Self.env)
        #expect(r.exited(2) && r.stdout == "" && r.stderr == "tfz: error: --interval must be at least 1m, not '0s'\n", "\(r)")
    }

    @Test func sigtermDuringALaunchLetsItFinish() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        // The Google flights start in the past, so that the first, real-time tick launches.
        try dir.edit("Campaigns/templates/base-search.yaml", replacing: "flight: {start: 2027-01-01}", with: "flight: {start: 2026-01-01}")
        try dir.edit("Campaigns/zones/fl-pinellas.yaml", replacing: "flight: {start: 2027-01-01, end: 2027-06-30}",
                     with: "flight: {start: 2026-01-01, end: 2027-06-30}")
        var env = Self.env
        // Every request takes 2 s: the launch takes over ten seconds, so that SIGTERM surely falls during it even when a
        // loaded machine is slow to see it begin (with 300 ms a request, the tick once finished first).
        env["TFZ_SANDBOX_FAULTS"] = "very-slow=1"
        let daemon = try Daemon(["scheduler", "run", "--interval", "1m", "--no-pull", "-C", dir.path], environment: env)
        defer { daemon.stop() }
        try #require(await daemon.wait(30) { $0.stderr.contains(": sending ") }, "the launch did not begin: \(daemon.output)")
        #expect(daemon.output.stdout == "", "the tick had already finished: SIGTERM would not fall during it")
        daemon.signal(SIGTERM)
        try #require(await daemon.wait(30) { _ in !daemon.isRunning }, "still running 30 s after SIGTERM: \(daemon.output)")
        let out = daemon.output
        #expect(daemon.exited(0), "\(out)")
        #expect(Self.ticks(out.stdout).count == 1 && out.stdout.hasSuffix(": 6 launched\n"), "\(out)")
        #expect(out.stderr.hasSuffix("scheduler stopped (SIGTERM) after 1 ticks\n"), "\(out)")

        // Every Google campaign was created and enabled, here and on Google Ads: none was left half-launched.
        let status = try await TFZRunner.runOffPool(["status", "--format", "json"], workspace: dir, environment: Self.env)
        #expect(status.exited(0), "\(status)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], "\(status)")
        let rows = try #require(json["campaigns"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["key"] as? String }) == Set(LaunchTests.googleKeys), "\(status)")
        for row in rows {
            #expect(row["tfzStatus"] as? String == "enabled", "\(row)")
            #expect(row["remoteStatus"] as? String == "ENABLED", "\(row)")
            #expect((row["drift"] as? [String]) == [], "\(row)")
        }
        let plan = try await TFZRunner.runOffPool(["plan", "--format", "json"], workspace: dir, environment: Self.env)
        let planJSON = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any], "\(plan)")
        let actions = try #require(planJSON["actions"] as? [[String: Any]])
        let googleCreates = actions.filter { ($0["key"] as? String ?? "").hasSuffix("/google_ads") && $0["kind"] as? String != "unchanged" }
        #expect(googleCreates.isEmpty, "\(googleCreates)")
        let tick = try await TFZRunner.runOffPool(["tick", "--no-pull"], workspace: dir, environment: Self.env)
        #expect(tick.exited(0) && tick.stdout.hasSuffix(": nothing to do\n"), "\(tick)")
    }

    @Test func sigtermBetweenTicksStopsAtOnce() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let daemon = try Daemon(["scheduler", "run", "--interval", "1m", "--no-pull", "-C", dir.path], environment: Self.env)
        defer { daemon.stop() }
        try #require(await daemon.wait(60) { $0.stdout.contains("\n") }, "no tick within 60 s: \(daemon.output)")
        let sent = ContinuousClock.now
        daemon.signal(SIGTERM)
        try #require(await daemon.wait(30) { _ in !daemon.isRunning }, "still running 30 s after SIGTERM: \(daemon.output)")
        let took = ContinuousClock.now - sent
        #expect(took < .seconds(10), "took \(took) to stop")   // not the minute until the next tick; wide for a loaded CI machine
        #expect(daemon.exited(0), "\(daemon.output)")
        #expect(daemon.output.stderr.hasSuffix("scheduler stopped (SIGTERM) after 1 ticks\n"), "\(daemon.output)")
    }
}

/// The built `tfz` as a background process whose pid the test knows, its output read as it comes.
final class Daemon {
    struct Output: CustomStringConvertible {
        var stdout = ""
        var stderr = ""
        var description: String { "--- stdout\n\(stdout)--- stderr\n\(stderr)---" }
    }

    private let process: Process
    private let collected = Collected()

    /// What the reading threads have appended so far.
    final class Collected: Sendable {
        let value = Mutex(Output())
    }

    init(_ arguments: [String], environment extra: [String: String]) throws {
        let binary = try #require(TFZRunner.binary, "the tfz binary was not found; run `swift build` first or set TFZ_BINARY")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        self.process = process
        try process.run()
        for (pipe, isOut) in [(out, true), (err, false)] {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [collected] in
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    let text = String(decoding: data, as: UTF8.self)
                    collected.value.withLock { if isOut { $0.stdout += text } else { $0.stderr += text } }
                }
            }
        }
    }

    var output: Output { collected.value.withLock { $0 } }
    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }
    func exited(_ code: Int32) -> Bool { !process.isRunning && process.terminationReason == .exit && process.terminationStatus == code }
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Polls every 50 ms until `condition` holds; false after `seconds`.
    func wait(_ seconds: Double, until condition: (Output) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition(output) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(output)
    }

    /// Kills the process if a failed test left it running.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }
}
