import Foundation
import PostgresHarness
import Store

/// The PostgreSQL server of the benchmarks: a throwaway one of this process (the tests' harness), a new database per
/// benchmark. Its settings favour speed over durability (`fsync=off`, `synchronous_commit=off`), as a test server's
/// do; the figures say so.
enum TeamStoreForBenchmark {
    static let serverNote = "throwaway PostgreSQL on loopback, fsync=off, synchronous_commit=off"
    /// The environment variable the benchmark's workspaces read the password from.
    static let passwordVariable = "TFZ_BENCH_STORE_PASSWORD"

    static func newDatabase() throws -> PostgresSettings {
        let server = try ThrowawayPostgres.shared()
        let name = try server.createDatabase(prefix: "tfz_bench")
        setenv(passwordVariable, server.adminPassword, 1)  // for the tfz processes this benchmark starts
        return PostgresSettings(host: server.host, port: server.port, user: server.adminUser, database: name,
                                password: server.adminPassword, tls: .disable)
    }

    /// Appends `store:` to the workspace's `tfz.yaml` so that the release `tfz` it runs uses the same database.
    static func point(workspace: URL, at settings: PostgresSettings) throws {
        let config = workspace.appendingPathComponent("tfz.yaml")
        var text = try String(contentsOf: config, encoding: .utf8)
        text += "\nstore:\n  url: postgresql://\(settings.user)@\(settings.host):\(settings.port)/\(settings.database)\n"
            + "  password: env:\(passwordVariable)\n  tls: disable\n"
        try text.write(to: config, atomically: true, encoding: .utf8)
    }
}
