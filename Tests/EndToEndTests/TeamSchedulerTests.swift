import Foundation
import PostgresHarness
import Testing

/// `tfz scheduler run` on two workers against one PostgreSQL team store (the workers share the workspace folder, so
/// its embedded sandbox — the platform — is one): over a simulated month the change log is exactly the one a single
/// scheduler writes, each instant is ticked once; and a worker killed with SIGKILL in the middle of a launch is taken
/// over by the other within one interval, without a duplicate on the platform.
@Suite(.serialized) struct TeamSchedulerTests {
    /// Appends `store:` for a new database of the throwaway server; the password goes in the environment only.
    static func useTeamStore(_ dir: URL) throws -> (environment: [String: String], database: String) {
        let server = try ThrowawayPostgres.shared()
        let database = try server.createDatabase()
        try dir.append("tfz.yaml", """

            store:
              url: postgresql://\(server.adminUser)@\(server.host):\(server.port)/\(database)
              password: env:TFZ_TEST_STORE_PASSWORD
              tls: disable

            """)
        return (["TFZ_TEST_STORE_PASSWORD": server.adminPassword], database)
    }

    /// The change log as `tfz log` prints it, without the real-time stamp and the machine.
    static func actions(_ dir: URL, environment: [String: String]) async throws -> [String] {
        let log = try await TFZRunner.runOffPool(["log", "--limit", "1000"], workspace: dir, environment: environment)
        #expect(log.exited(0), "\(log)")
        return log.stdout.split(separator: "\n").map { line in
            let entry = line[(line.range(of: "  ")?.upperBound ?? line.startIndex)...]
            return String(entry.range(of: "  on ", options: .backwards).map { entry[..<$0.lowerBound] } ?? entry)
        }
    }

    static let month = ["scheduler", "run", "--interval", "0s", "--jitter", "0s", "--max-ticks", "62"]

    @Test func twoSchedulersOverASimulatedMonthWriteTheChangeLogOneWould() async throws {
        var env = ["TFZ_SANDBOX_TODAY": "2027-02-28", "TFZ_SCHEDULER_SIMULATE": "2027-03-01T00:00:00Z 12h"]
        // One scheduler.
        let single = try TFZRunner.copySample()
        defer { TFZRunner.remove(single) }
        try SimulatedMonthTests.prepare(single)
        let (singleEnv, _) = try Self.useTeamStore(single)
        let alone = try await TFZRunner.runOffPool(Self.month, workspace: single, environment: env.merging(singleEnv) { $1 })
        #expect(alone.exited(0), "\(alone)")
        let expected = try await Self.actions(single, environment: singleEnv)
        #expect(expected.count > 15, "\(expected.joined(separator: "\n"))")

        // Two schedulers started at the same instant on one store.
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        try SimulatedMonthTests.prepare(dir)
        let (storeEnv, database) = try Self.useTeamStore(dir)
        let both = env.merging(storeEnv) { $1 }
        // Up to a second of jitter between ticks, so that the workers take turns rather than one trailing the other.
        let jittered = ["scheduler", "run", "--interval", "0s", "--jitter", "1s", "--max-ticks", "62"]
        async let first = TFZRunner.runOffPool(jittered, workspace: dir, environment: both)
        async let second = TFZRunner.runOffPool(jittered, workspace: dir, environment: both)
        let workers = try await [first, second]
        for worker in workers { #expect(worker.exited(0), "\(worker)") }
        #expect(try await Self.actions(dir, environment: storeEnv) == expected)

        // Each of the 62 instants was ticked by exactly one of them; the other skipped it.
        let server = try ThrowawayPostgres.shared()
        let done = try server.psql("SELECT count(*), count(DISTINCT now), count(DISTINCT holder) FROM scheduler_tick WHERE outcome = 'done'", database: database)
        #expect(done.hasPrefix("62|62|"), "\(done)")
        #expect(done == "62|62|2", "both workers should have ticked some instants: \(done)")
        let acted = workers.map { $0.stdout.split(separator: "\n").filter { !$0.contains(": skipped") }.count }
        print("two schedulers over a simulated month: ticks done by each \(acted), change log \(expected.count) lines, the same as one scheduler's; holders: \(done)")

        let account = try await SandboxInspection.state(of: dir)
        #expect(account.duplicateObjects() == [])
    }
}

/// A worker of two killed with SIGKILL in the middle of a launch: the other takes over within one interval, without a
/// duplicate on the platform. Each point has its own workspace and database, so the points may run side by side.
@Suite struct TeamSchedulerKillTests {
    /// Kill points as in `CrashTests`: answers 1–6 of a clean launch, 7–10 of a launch that loses connections.
    /// The standby's interval: the default is 5 minutes; a short one keeps the test short.
    static let interval = 30

    static let points: [(answer: Int, faults: String?)] = (1...6).map { ($0, nil) } + (7...10).map { ($0, CrashTests.faults) }

    @Test(arguments: 0..<10)
    func aWorkerKilledMidLaunchIsTakenOverByTheOther(point: Int) async throws {
        let (answer, faults) = Self.points[point]
        let label = "killed after answer \(answer)\(faults.map { " with TFZ_SANDBOX_FAULTS=\($0)" } ?? "")"
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let (storeEnv, database) = try TeamSchedulerTests.useTeamStore(dir)
        var env = storeEnv.merging(["TFZ_SANDBOX_TODAY": "2026-12-30", "TFZ_SCHEDULER_SIMULATE": "2027-01-01T12:00:00Z 12h"]) { $1 }
        var killedEnv = env
        killedEnv["TFZ_CRASH_AFTER_RESPONSES"] = "\(answer)"
        if let faults { killedEnv["TFZ_SANDBOX_FAULTS"] = faults }
        let tick = ["scheduler", "run", "--jitter", "0s", "--max-ticks", "1", "--no-pull", "-C", dir.path]
        let killed = try Daemon(tick + ["--interval", "0s"], environment: killedEnv)
        defer { killed.stop() }
        // The other worker starts once the first holds the workspace (or has already died), and waits for it.
        let server = try ThrowawayPostgres.shared()
        let deadline = Date().addingTimeInterval(30)
        while killed.isRunning, Date() < deadline,
              (try? server.psql("SELECT count(*) FROM lease WHERE name = 'workspace'", database: database)) != "1" {
            try await Task.sleep(for: .milliseconds(20))
        }
        env["TFZ_SANDBOX_FAULTS"] = nil
        let standby = try Daemon(tick + ["--interval", "\(Self.interval)s"], environment: env)
        defer { standby.stop() }
        #expect(await killed.wait(60) { _ in !killed.isRunning }, "\(label): \(killed.output)")
        let died = Date()
        #expect(!killed.exited(0), "\(label): the first worker was not killed: \(killed.output)")
        // When the standby holds the workspace (it releases it when its tick ends, so this may be missed: then its end).
        var acquired: TimeInterval?
        while standby.isRunning, acquired == nil, Date().timeIntervalSince(died) < 60 {
            if let holder = try? server.psql("SELECT holder FROM lease WHERE name = 'workspace'", database: database),
               holder.contains("(pid \(standby.pid) on ") {
                acquired = Date().timeIntervalSince(died)
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        #expect(await standby.wait(60) { _ in !standby.isRunning }, "\(label): \(standby.output)")
        let takeover = Date().timeIntervalSince(died)
        #expect(standby.exited(0), "\(label): \(standby.output)")
        let line = standby.output.stdout
        #expect(line.contains(" tick 2027-01-01T12:00:00Z: ") && !line.contains("skipped"), "\(label): \(standby.output)")
        // Within one interval of the kill, the standby has taken the workspace over and finished the launch.
        #expect(takeover < Double(Self.interval), "\(label): the standby finished \(takeover) s after the kill")
        print("team scheduler, \(label): the standby held the workspace \(acquired.map { String(format: "%.2f s", $0) } ?? "(not seen)") "
              + "and finished the tick \(String(format: "%.2f", takeover)) s after the kill: \(line.split(separator: " ").dropFirst().joined(separator: " "))")

        let account = try await SandboxInspection.state(of: dir)
        #expect(account.duplicateObjects() == [], "\(label)")
        let statuses = SandboxInspection.statusesByKey(account)
        #expect(statuses == Dictionary(uniqueKeysWithValues: LaunchTests.googleKeys.map { ($0, ["ENABLED"]) }), "\(label): \(statuses)")
    }
}
