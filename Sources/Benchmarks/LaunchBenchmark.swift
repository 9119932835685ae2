import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox
import Store
import Synchronization

/// launch request efficiency: the requests `GoogleAdsApplier.launch` issues for the shipped sample workspace and for a
/// generated library (500 zones by default), against the fewest the 10,000-operation limit allows, and the wall time,
/// first as is, then with latency injected on every request by the sandbox's fault plan.
///
/// Each launch gets its own in-process sandbox (state in memory), its own SQLite store in a temporary folder and the HTTP
/// stack that `Session` builds (URLSession transport; retry, then auth with an OAuth token provider on the sandbox's default
/// credentials). The rate limiter (10 requests/s, burst 20) is left out unless `--rate-limit` is given; the log
/// middleware is left out (it logs at debug level, which is off).
enum LaunchBenchmark {
    struct Options {
        var zones = 500
        var keywordsPerList = 200
        var latencyMilliseconds = 50
        var rateLimit = false
        var timeoutSeconds = 60.0
    }

    struct Figures {
        var campaigns: Int
        var report: GoogleAdsApplier.Report
        var seconds: Double
        /// Requests the sandbox received, by kind (mutate, search, geo suggest, token, other).
        var received: [String: Int]
        /// Operations per mutate request, in the order sent (from the applier's progress lines).
        var fill: [Int]
        /// Seconds spent inside the transport (loopback HTTP and the sandbox's handling), mutates and the rest.
        var httpMutateSeconds: Double
        var httpOtherSeconds: Double

        var enableOperations: Int { report.enabled.count }
        var createOperations: Int { report.operations - enableOperations }
        var minimum: Int { ceilDiv(createOperations, 10_000) + ceilDiv(enableOperations, 10_000) }
        var receivedTotal: Int { received.values.reduce(0, +) }
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { a <= 0 ? 0 : (a + b - 1) / b }

    static func run(_ options: Options) async throws {
        let stack = "URLSession → retry → " + (options.rateLimit ? "rate limit (10/s, burst 20) → " : "") + "auth (OAuth, sandbox credentials)"
        print("launch request efficiency: GoogleAdsApplier.launch against an in-process sandbox (memory state), "
              + "SQLite store in a temp dir, \(stack); each launch starts from empty state")
        print("  latency run: the sandbox's FaultPlan(random: [.slow(milliseconds: \(options.latencyMilliseconds)) with probability 1], "
              + "includeTokenEndpoint: true) — every request, token included, waits \(options.latencyMilliseconds) ms in the server before it is handled")

        let sample = Library.build(try sampleWorkspace())
        try await measure("sample workspace (\(sampleRoot().path))", library: sample, options: options)

        let generated = NationalLibrary.generate(zoneLimit: options.zones, keywordsPerList: options.keywordsPerList)
        let national = Library.build(WorkspaceFiles(files: generated.files, otherPaths: generated.otherPaths))
        try await measure("generated library, \(generated.zones) zones, \(options.keywordsPerList)-keyword lists", library: national, options: options)
    }

    static func measure(_ title: String, library: Library, options: Options) async throws {
        let google = library.campaigns.filter { $0.key.platform == .googleAds }
        print("  \(title): \(library.campaigns.count) campaigns, \(google.count) on google_ads (launched), "
              + "\(google.reduce(0) { $0 + $1.keywordCount }) keywords in those"
              + (library.hasErrors ? "; WARNING: the library has errors (\(DiagnosticRenderer.counts(library.diagnostics)))" : ""))
        guard !google.isEmpty else { return }
        let figures = try await launch(google, latencyMilliseconds: nil, options: options)
        print("    operations \(figures.report.operations) (create/update \(figures.createOperations), enable \(figures.enableOperations)); "
              + "created \(figures.report.created.count), enabled \(figures.report.enabled.count), failed \(figures.report.failed.count)")
        for f in figures.report.failed.prefix(5) { print("      failed \(f.key): \(f.reason)") }
        print("    requests: \(figures.report.mutateRequests) mutate + \(figures.report.otherRequests) other (applier's count; searches, geo suggest); "
              + "the sandbox received \(figures.receivedTotal): " + ["mutate", "search", "geo suggest", "token", "other"]
                .compactMap { k in figures.received[k].map { "\($0) \(k)" } }.joined(separator: ", "))
        let fill = figures.fill
        if !fill.isEmpty {
            let shown = fill.count <= 8 ? fill.map(String.init).joined(separator: ", ")
                : (fill.prefix(4).map(String.init) + ["…"] + fill.suffix(3).map(String.init)).joined(separator: ", ")
            print("    operations per mutate request: \(shown) (smallest create/update request \(fill.dropLast(ceilDiv(figures.enableOperations, 10_000)).min() ?? 0))")
        }
        print("    minimum = ceil(\(figures.createOperations) / 10000) + ceil(\(figures.enableOperations) / 10000) = \(figures.minimum); "
              + String(format: "mutate requests / minimum = %d / %d = %.3f (target ≤ 1.1); all requests / minimum = %d / %d = %.3f",
                       figures.report.mutateRequests, figures.minimum, Double(figures.report.mutateRequests) / Double(max(1, figures.minimum)),
                       figures.receivedTotal, figures.minimum, Double(figures.receivedTotal) / Double(max(1, figures.minimum))))
        let slow = try await launch(google, latencyMilliseconds: options.latencyMilliseconds, options: options)
        for (name, f) in [("wall time", figures), (String(format: "with %d ms injected latency", options.latencyMilliseconds), slow)] {
            print(String(format: "    %@: %.3f s — in HTTP (loopback + sandbox) %.3f s for mutates, %.3f s for the rest; in tfz (mapping, JSON, SQLite) %.3f s"
                         + (f.report.failed.isEmpty ? "" : "; %d FAILED"),
                         name as NSString, f.seconds, f.httpMutateSeconds, f.httpOtherSeconds, f.seconds - f.httpMutateSeconds - f.httpOtherSeconds,
                         f.report.failed.count))
        }
    }

    /// One launch of `campaigns` from empty state: a fresh sandbox and store, timed from the first request to the last answer.
    static func launch(_ campaigns: [Campaign], latencyMilliseconds: Int?, options: Options) async throws -> Figures {
        var config = SandboxConfiguration(seed: 2026)
        if let latencyMilliseconds {
            config.faults = FaultPlan(random: [.init(.slow(milliseconds: latencyMilliseconds), probability: 1)], includeTokenEndpoint: true)
        }
        let sandbox = try await startSandbox(config)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-launch-bench-\(getpid())-\(UUID().uuidString)")
        do {
            let store = try SQLiteStore(directory: dir)
            let defaults = SandboxConfiguration()
            let credentials = OAuthCredentials(
                clientId: defaults.clientId, clientSecret: Secret(defaults.clientSecret), refreshToken: Secret(defaults.refreshToken),
                tokenURL: sandbox.tokenURL, developerToken: Secret(defaults.developerToken))
            let clock = ContinuousClock()
            let start = clock.now
            let elapsed: @Sendable () -> Duration = { clock.now - start }
            let transport = TimingTransport(URLSessionTransport(timeout: .seconds(options.timeoutSeconds)))
            let retry = RetryMiddleware(classify: { GoogleAdsRetryClassifier().classify($0) })
            let tokens = OAuthTokenProvider(credentials: credentials, client: HTTPClient(transport: transport, middlewares: [retry]))
            var middlewares: [any HTTPMiddleware] = [retry]
            if options.rateLimit { middlewares.append(RateLimitMiddleware(requestsPerSecond: 10, burst: 20, now: elapsed)) }
            middlewares.append(AuthMiddleware(tokens: tokens, credentials: credentials))
            let client = GoogleAdsClient(http: HTTPClient(transport: transport, middlewares: middlewares), baseURL: sandbox.baseURL,
                                         version: campaigns[0].account.apiVersion ?? "v25", customerId: campaigns[0].account.accountId)
            let fill = Mutex<[Int]>([])
            let applier = GoogleAdsApplier(client: client, store: store, actor: "benchmark", now: { ISO8601DateFormatter().string(from: Date()) },
                                           progress: { line in
                                               // "google_ads <id>: sending <n> operations for <m> campaign(s)"
                                               guard let range = line.range(of: ": sending ") else { return }
                                               if let n = Int(line[range.upperBound...].prefix { $0.isNumber }) { fill.withLock { $0.append(n) } }
                                           })
            let t0 = Clock.now()
            let report = try await applier.launch(campaigns)
            let seconds = Clock.now() - t0
            // Status changes (enable) do not go through the progress line: they are sent last, 10,000 to a request.
            var sizes = fill.withLock { $0 }
            for start in stride(from: 0, to: report.enabled.count, by: 10_000) { sizes.append(min(10_000, report.enabled.count - start)) }
            var received: [String: Int] = [:]
            for r in await sandbox.receivedRequests() {
                let kind = r.path.hasSuffix("googleAds:mutate") ? "mutate" : r.path.hasSuffix("googleAds:search") ? "search"
                    : r.path.hasSuffix("geoTargetConstants:suggest") ? "geo suggest" : r.path.hasSuffix("oauth2/token") ? "token" : "other"
                received[kind, default: 0] += 1
            }
            await sandbox.stop()
            try? FileManager.default.removeItem(at: dir)
            let http = transport.seconds.withLock { $0 }
            return Figures(campaigns: campaigns.count, report: report, seconds: seconds, received: received, fill: sizes,
                           httpMutateSeconds: http.mutate, httpOtherSeconds: http.other)
        } catch {
            await sandbox.stop()
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    /// The repository root: the current directory when it holds the sample's `tfz.yaml`, else found from this file's path.
    static func sampleRoot() -> URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if FileManager.default.fileExists(atPath: cwd.appendingPathComponent("tfz.yaml").path),
           FileManager.default.fileExists(atPath: cwd.appendingPathComponent("Campaigns").path) { return cwd }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The sample's files, read as the CLI reads them (the one `WorkspaceReader`).
    static func sampleWorkspace() throws -> WorkspaceFiles { try WorkspaceReader.read(sampleRoot()) }
}

/// Adds up the time spent inside the wrapped transport (the request on loopback, the sandbox's work, the answer).
final class TimingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let seconds = Mutex<(mutate: Double, other: Double)>((0, 0))

    init(_ inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let t0 = Clock.now()
        defer {
            let t = Clock.now() - t0
            let isMutate = request.operation.hasSuffix(":mutate")
            seconds.withLock { if isMutate { $0.mutate += t } else { $0.other += t } }
        }
        return try await inner.send(request)
    }
}
