import AdPlatforms
import CampaignKit
import Foundation
import Sandbox
import Store

/// `--ingest`: a 1M-row `googleAds:searchStream` answer from the sandbox into the store, parse and upsert timed
/// separately, next to a plain Python baseline (`scripts/ingest-baseline.py`: urllib + json + sqlite3 executemany)
/// doing the same work on the same bytes, and a bare prepared-statement INSERT loop into the same table.
///
/// `--report`: `tfz report --by zone,week` (in process and as the release CLI) over a store of 10M fact rows.
enum IngestBenchmark {
    static let customerId = "1234567890"

    /// With `pullOnly`, only the release `tfz pull` of the synthetic account (its time and peak memory).
    static func run(campaigns: Int, keywords: Int, days: Int, postgres: Bool = false, pullOnly: Bool = false) async throws {
        let first = CalendarDate(year: 2026, month: 1, day: 5)
        let last = first.adding(days: days - 1)
        let sandbox = try await startSandbox(SandboxConfiguration(seed: 2026))
        defer { Task { await sandbox.stop() } }
        let t0 = Clock.now()
        try await sandbox.addSyntheticAccount(customerId: customerId, campaigns: campaigns, keywordsPerCampaign: keywords, adsPerAdGroup: 2,
                                              from: first.description, through: last.description)
        print("ingest: synthetic account \(campaigns) campaigns × \(keywords) keywords × \(days) days (\(first) … \(last)), "
              + String(format: "made and simulated in %.1f s", Clock.now() - t0))
        let query = GoogleAdsMetricsSource.query(.keyword, since: first.description, until: last.description)
        let defaults = SandboxConfiguration()
        if pullOnly {
            try pullMemory(sandboxURL: sandbox.baseURL, tokenURL: sandbox.tokenURL, defaults: defaults, since: first.description,
                           until: last.description, postgres: postgres, rows: campaigns * keywords * days)
            return
        }

        // Swift: the HTTP stack tfz uses (URLSession + auth), then the parser, then the store.
        let credentials = OAuthCredentials(
            clientId: defaults.clientId, clientSecret: Secret(defaults.clientSecret), refreshToken: Secret(defaults.refreshToken),
            tokenURL: sandbox.tokenURL, developerToken: Secret(defaults.developerToken))
        let transport = URLSessionTransport(timeout: .seconds(600))
        let tokens = OAuthTokenProvider(credentials: credentials, client: HTTPClient(transport: transport, middlewares: []))
        let http = HTTPClient(transport: transport, middlewares: [AuthMiddleware(tokens: tokens, credentials: credentials)])
        let client = GoogleAdsClient(http: http, baseURL: sandbox.baseURL, version: "v25", customerId: customerId)
        _ = try await client.searchStream("SELECT campaign.id FROM campaign WHERE campaign.id = 1")   // token + warm-up
        let body = JSONValue.object([("query", .string(query))]).serialized()
        let f0 = Clock.now()
        let response = try await http.send(HTTPRequest(method: "POST", url: client.url("customers/\(customerId)/googleAds:searchStream"),
                                                       headers: ["content-type": "application/json"], body: body,
                                                       operation: "google_ads.googleAds:searchStream", isIdempotent: true))
        let fetch = Clock.now() - f0
        guard response.status == 200 else { throw BenchmarkError("searchStream answered HTTP \(response.status)") }
        let p0 = Clock.now()
        guard case .rows(let parsed) = try GoogleAdsStreamParser().parse(response.body) else { throw BenchmarkError("the stream held an error") }
        let rows = GoogleAdsMetricsSource.metricRows(parsed, grain: .keyword, accountId: customerId)
        let parse = Clock.now() - p0
        let bytes = response.body.count
        print("  answer: \(bytes.formatted()) bytes, \(rows.count.formatted()) rows")

        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-ingest-bench-\(getpid())")
        try? FileManager.default.removeItem(at: base)
        defer { try? FileManager.default.removeItem(at: base) }
        // An empty store for Python, copied before anything is written so that it has exactly tfz's schema.
        let pythonStore = base.appendingPathComponent("python")
        _ = try SQLiteStore(directory: pythonStore)
        let pull = MetricPull(platform: .googleAds, accountId: customerId, apiVersion: "v25", lookbackDays: 30, attribution: "benchmark",
                              since: first.description, until: last.description, startedAt: "benchmark")
        let upsertStore = try SQLiteStore(directory: base.appendingPathComponent("upsert"))
        let id = try upsertStore.beginPull(pull)
        let u0 = Clock.now()
        try upsertStore.storeMetrics(rows, pull: id, completeThrough: last.description)
        let upsert = Clock.now() - u0
        let u1 = Clock.now()
        try upsertStore.storeMetrics(rows, pull: id, completeThrough: last.description)
        let upsertAgain = Clock.now() - u1
        let storedRows = try upsertStore.metricRowCount()
        precondition(storedRows == rows.count)
        let bareStore = try SQLiteStore(directory: base.appendingPathComponent("bare"))
        let bareId = try bareStore.beginPull(pull)
        let b0 = Clock.now()
        try bareStore.bareInsertForBenchmark(rows, pull: bareId)
        let bare = Clock.now() - b0
        // The same rows into a PostgreSQL team store (bulk `unnest` upserts), first as new rows, then again as restated ones.
        var team: (upsert: Double, again: Double)?
        if postgres {
            let store = try PostgresStore(try TeamStoreForBenchmark.newDatabase())
            let teamId = try store.beginPull(pull)
            let g0 = Clock.now()
            try store.storeMetrics(rows, pull: teamId, completeThrough: last.description)
            let first = Clock.now() - g0
            let g1 = Clock.now()
            try store.storeMetrics(rows, pull: teamId, completeThrough: last.description)
            team = (first, Clock.now() - g1)
            let teamRows = try store.metricRowCount()
            precondition(teamRows == rows.count)
            store.close()
        }

        // Python on the same answer from the same sandbox.
        var python: [String: Any] = [:]
        let script = LaunchBenchmark.sampleRoot().appendingPathComponent("scripts/ingest-baseline.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, sandbox.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")),
                             customerId, pythonStore.appendingPathComponent(SQLiteStore.fileName).path, query]
        var environment = ProcessInfo.processInfo.environment
        environment["TFZ_BENCH_CLIENT_ID"] = defaults.clientId
        environment["TFZ_BENCH_CLIENT_SECRET"] = defaults.clientSecret
        environment["TFZ_BENCH_REFRESH_TOKEN"] = defaults.refreshToken
        environment["TFZ_BENCH_DEVELOPER_TOKEN"] = defaults.developerToken
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 0, let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last,
           let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
            python = json
        } else {
            print("  python baseline failed (exit \(process.terminationStatus)): \(String(decoding: output, as: UTF8.self).prefix(300))")
        }

        func rate(_ n: Int, _ s: Double) -> String { String(format: "%10.0f rows/s", Double(n) / s) }
        print("  swift  fetch \(fmt(fetch))  parse \(fmt(parse)) \(rate(rows.count, parse))  upsert \(fmt(upsert)) \(rate(rows.count, upsert))"
              + "  parse+upsert \(fmt(parse + upsert)) \(rate(rows.count, parse + upsert))")
        print("  swift  upsert of the same rows again (all conflicts, overwrite): \(fmt(upsertAgain)) \(rate(rows.count, upsertAgain))")
        print("  bare   prepared-statement INSERT loop, same table, one transaction: \(fmt(bare)) \(rate(rows.count, bare))")
        print(String(format: "  upsert speed / bare insert speed = %.2f (target ≥ 0.80)", bare / upsert))
        if let team {
            print("  postgres upsert \(fmt(team.upsert)) \(rate(rows.count, team.upsert))  again (all conflicts) \(fmt(team.again)) "
                  + "\(rate(rows.count, team.again))  parse+upsert \(fmt(parse + team.upsert)) \(rate(rows.count, parse + team.upsert))"
                  + "  [\(TeamStoreForBenchmark.serverNote)]")
        }
        if let pf = python["fetch"] as? Double, let pp = python["parse"] as? Double, let pu = python["upsert"] as? Double {
            // Each answer has its own requestId, so the bytes are compared by size (and the rows by count).
            let same = (python["bytes"] as? Int) == bytes
            print("  python fetch \(fmt(pf))  parse \(fmt(pp)) \(rate(rows.count, pp))  upsert \(fmt(pu)) \(rate(rows.count, pu))"
                  + "  parse+upsert \(fmt(pp + pu)) \(rate(rows.count, pp + pu))")
            print("  python \(python["python"] ?? "?"), SQLite \(python["sqlite"] ?? "?"); answer of the same size as Swift's: \(same); "
                  + "rows \(python["rows"] ?? "?"), stored \(python["stored"] ?? "?")")
            print(String(format: "  swift / python: parse %.1f×, upsert %.1f×, parse+upsert %.1f× (target ≥ 3×)", pp / parse, pu / upsert,
                         (pp + pu) / (parse + upsert)))
        }
        print(String(format: "  peak RSS of this process: %.0f MiB", Double(Resources.selfPeakKiB()) / 1024))
        try pullMemory(sandboxURL: sandbox.baseURL, tokenURL: sandbox.tokenURL, defaults: defaults, since: first.description,
                       until: last.description, postgres: postgres, rows: rows.count)
    }

    /// The release `tfz pull` of the synthetic account (the same days: \(rows) keyword rows plus the other grains) from
    /// the running sandbox into a new workspace's store, SQLite and, with `postgres`, a PostgreSQL team store: wall time
    /// and the process's peak RSS (target ≤ 256 MiB on both).
    static func pullMemory(sandboxURL: URL, tokenURL: URL, defaults: SandboxConfiguration, since: String, until: String,
                           postgres: Bool, rows: Int) throws {
        let tfz = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tfz")
        guard FileManager.default.isExecutableFile(atPath: tfz.path) else {
            print("  (no release tfz next to this binary: build with `swift build -c release` to measure tfz pull)")
            return
        }
        setenv("TFZ_BENCH_GOOGLE_CLIENT_ID", defaults.clientId, 1)
        setenv("TFZ_BENCH_GOOGLE_CLIENT_SECRET", defaults.clientSecret, 1)
        setenv("TFZ_BENCH_GOOGLE_REFRESH_TOKEN", defaults.refreshToken, 1)
        setenv("TFZ_BENCH_GOOGLE_DEVELOPER_TOKEN", defaults.developerToken, 1)
        setenv("TFZ_BENCH_GOOGLE_TOKEN_URL", tokenURL.absoluteString, 1)
        for kind in postgres ? ["sqlite", "postgres"] : ["sqlite"] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-pull-bench-\(getpid())-\(kind)")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("Campaigns/zones"), withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try """
                version: 1
                organization: Pull benchmark
                currency: USD
                time_zone: America/New_York
                accounts:
                  - name: google-main
                    platform: google_ads
                    account_id: "\(customerId)"
                    endpoint: \(sandboxURL.absoluteString)
                    credentials: env:TFZ_BENCH_GOOGLE

                """.write(to: dir.appendingPathComponent("tfz.yaml"), atomically: true, encoding: .utf8)
            if kind == "postgres" { try TeamStoreForBenchmark.point(workspace: dir, at: try TeamStoreForBenchmark.newDatabase()) }
            let r = try Resources.run(tfz.path, ["pull", "-C", dir.path, "--since", since, "--until", until])
            print(String(format: "  release `tfz pull` [%@] of the synthetic account (%d keyword rows and the other grains): exit %d, %.1f s, "
                         + "peak RSS %.0f MiB (target ≤ 256 MiB)", kind, rows, r.status, r.seconds, Double(r.peakKiB) / 1024))
        }
    }

    static func fmt(_ seconds: Double) -> String { String(format: "%6.3f s", seconds) }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
