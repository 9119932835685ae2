import Foundation
import PostgresHarness
import Testing

/// The team store through the command line: `tfz store status`, bad settings as one sentence with exit 1 and nothing
/// written, and `tfz store copy` SQLite → PostgreSQL → SQLite leaving every report's output identical.
@Suite struct TeamStoreCLITests {
    @Test func badSettingsAreOneSentenceAndWriteNothing() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let (env, database) = try TeamSchedulerTests.useTeamStore(dir)
        let server = try ThrowawayPostgres.shared()
        var wrong = env
        wrong["TFZ_TEST_STORE_PASSWORD"] = "not-" + server.adminPassword.prefix(4)
        let refused = try await TFZRunner.runOffPool(["launch", "--all", "--yes"], workspace: dir, environment: wrong)
        #expect(refused.exited(1), "\(refused)")
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == "Error: The PostgreSQL server at 127.0.0.1:\(server.port) refused the password for “tfz_admin”: check the password that `store: password:` in tfz.yaml refers to.\n", "\(refused)")
        #expect(!refused.stderr.contains(wrong["TFZ_TEST_STORE_PASSWORD"]!))
        // Nothing was written: the database has no table yet, and the sandbox was never asked.
        #expect(try server.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database: database) == "0")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".tfz/sandbox/google-ads.json").path))

        let unset = try await TFZRunner.runOffPool(["status"], workspace: dir)
        #expect(unset.exited(1) && unset.stderr == "Error: The team store's password is read from the environment variable TFZ_TEST_STORE_PASSWORD (`store: password:` in tfz.yaml), which is not set: export it, or point `password:` at a file.\n", "\(unset)")

        let status = try await TFZRunner.runOffPool(["store", "status"], workspace: dir, environment: env)
        #expect(status.exited(0), "\(status)")
        #expect(status.stdout.hasPrefix("Store: PostgreSQL tfz_admin@127.0.0.1:\(server.port)/\(database)\nSchema: version 6 (v6: change log machine)\nLeases: none held\n"), "\(status)")
    }

    @Test func aCopyRoundTripLeavesEveryReportIdentical() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let env = ["TFZ_SANDBOX_TODAY": "2026-12-30"]
        #expect(try await TFZRunner.runOffPool(["launch", "--all", "--yes"], workspace: dir, environment: env).exited(0))
        #expect(try await TFZRunner.runOffPool(["sandbox", "advance", "--days", "30"], workspace: dir, environment: env).exited(0))
        let pulled = try await TFZRunner.runOffPool(["pull"], workspace: dir, environment: env)
        #expect(pulled.exited(0), "\(pulled)")
        let reports = [["--by", "zone,week"], ["--by", "keyword"], ["--by", "campaign,day"], ["--by", "landing_page"], ["--format", "json"]]
        func outputs(_ workspace: URL, _ environment: [String: String]) async throws -> [String] {
            var all: [String] = []
            for args in reports {
                let r = try await TFZRunner.runOffPool(["report", "--format", "csv"] + args, workspace: workspace, environment: environment)
                #expect(r.exited(0), "\(r)")
                all.append(r.stdout)
            }
            return all
        }
        let original = try await outputs(dir, env)
        #expect(original[0].split(whereSeparator: \.isNewline).count > 5, "\(pulled) \(original[0])")

        // Into a team store, then the workspace points at it.
        let server = try ThrowawayPostgres.shared()
        let database = try server.createDatabase()
        var teamEnv = env
        teamEnv["TFZ_TEST_STORE_PASSWORD"] = server.adminPassword
        let there = try await TFZRunner.runOffPool(
            ["store", "copy", "--to", "postgresql://tfz_admin@127.0.0.1:\(server.port)/\(database)", "--password", "env:TFZ_TEST_STORE_PASSWORD",
             "--tls", "disable"], workspace: dir, environment: teamEnv)
        #expect(there.exited(0) && there.stdout.hasSuffix("Copied and checked 9 tables. To use the new store, set `store:` in tfz.yaml.\n"), "\(there)")
        try dir.append("tfz.yaml", "\nstore:\n  url: postgresql://tfz_admin@127.0.0.1:\(server.port)/\(database)\n  password: env:TFZ_TEST_STORE_PASSWORD\n  tls: disable\n")
        #expect(try await outputs(dir, teamEnv) == original)

        // And back into a new SQLite file, read by a workspace of its own.
        let back = try TFZRunner.copySample()
        defer { TFZRunner.remove(back) }
        let again = try await TFZRunner.runOffPool(["store", "copy", "--to", "sqlite:\(back.appendingPathComponent(".tfz").path)"], workspace: dir,
                                                   environment: teamEnv)
        #expect(again.exited(0), "\(again)")
        #expect(try await outputs(back, env) == original)
    }
}
