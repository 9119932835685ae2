import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox
import Store

/// Launch call efficiency for the social platforms, counted from the request bodies the sandbox received (not from the
/// adapter's report), against the fewest calls the platform allows for the same objects:
/// - Meta writes in Graph batches of at most 50 requests: ⌈creates ÷ 50⌉ + ⌈enables ÷ 50⌉ batches (enabling waits for
///   the answers that show every part exists: never half-spent) + one upload per distinct image.
/// - Reddit has no batch call: one request per object (campaign, ad group, post, ad) and one status change per campaign
///   enabled.
/// Same set-up as the Microsoft benchmark: `Launcher` on a `Workbench`, in-process sandbox, SQLite in a temp folder (which
/// also holds the creative images an adapter reads).
enum SocialLaunchBenchmark {
    static func run(platform: Platform, zones: Int) async throws {
        print("launch call efficiency (\(platform.displayName)): Launcher → adapter against an in-process sandbox, SQLite store in a temp dir; "
              + "write calls counted from the requests the sandbox received")
        let sample = Library.build(try WorkspaceReader.read(LaunchBenchmark.sampleRoot()))
        try await measure("sample workspace", library: sample, platform: platform)
        let generated = NationalLibrary.generate(zoneLimit: zones, keywordsPerList: 50)
        try await measure("generated library, \(generated.zones) zones",
                          library: Library.build(WorkspaceFiles(files: generated.files, otherPaths: generated.otherPaths)), platform: platform)
    }

    static func measure(_ title: String, library: Library, platform: Platform) async throws {
        let campaigns = library.campaigns.filter { $0.key.platform == platform }
        print("  \(title): \(campaigns.count) \(platform.rawValue) campaigns, \(campaigns.reduce(0) { $0 + $1.ads.count }) ads"
              + (library.hasErrors ? "; the library has errors (\(DiagnosticRenderer.counts(library.diagnostics))); campaigns with errors are left out" : ""))
        guard !campaigns.isEmpty, let config = library.workspace.config else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-social-launch-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The images the creatives name, from the sample's one image.
        let image = try Data(contentsOf: LaunchBenchmark.sampleRoot().appendingPathComponent("Creative/images/know-the-signs.png"))
        for path in Set(campaigns.flatMap { $0.ads.compactMap(\.image) }) {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try image.write(to: url)
        }
        let connector = WorkspaceConnector(root: dir, sandbox: SandboxConfiguration(seed: 2026), mode: .inProcess, environment: [:])
        let bench = Workbench(library: library, store: try SQLiteStore(directory: dir.appendingPathComponent(".tfz")), connector: connector,
                              actor: "benchmark", holder: "benchmark", pacing: .virtual(), root: dir)
        let started = ContinuousClock.now
        let outcomes = try await bench.withWorkspaceLease {
            let plan = Launcher.plan(campaigns, known: try bench.store.remoteState(), all: false, config: config, includeKeywords: false)
            return try await Launcher(bench: bench).apply(plan, campaigns: campaigns)
        }
        let elapsed = ContinuousClock.now - started
        let report = outcomes.first?.report ?? ApplyReport()
        if let error = outcomes.first?.error { print("    ERROR: \(error)") }
        print("    \(report.summary); failed \(report.failed.count)")
        for f in report.failed.prefix(3) { print("      failed \(f.key): \(f.reason)") }
        let requests = await (try connector.sandbox()).receivedRequests()
        let (calls, minimum, detail, reads) = platform == .meta ? meta(requests) : reddit(requests, campaigns: campaigns, enabled: report.enabled.count)
        print("    \(detail)")
        print(String(format: "    write calls / minimum = %d / %d = %.3f (target ≤ 1.1); %d reads; %.2f s", calls, minimum,
                     Double(calls) / Double(max(1, minimum)), reads, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        await connector.close()
    }

    static func meta(_ requests: [RecordedRequest]) -> (calls: Int, minimum: Int, detail: String, reads: Int) {
        var batches = 0, inner = 0, enables = 0, uploads = 0, reads = 0
        var images = Set<String>()
        for r in requests where r.path.hasPrefix("/v25.0") {
            if r.method == "POST", r.path == "/v25.0" || r.path == "/v25.0/" {
                let form = String(decoding: r.body, as: UTF8.self)
                let batch = form.split(separator: "&").first { $0.hasPrefix("batch=") }.map { String($0.dropFirst(6)).removingPercentEncoding ?? "" } ?? "[]"
                batches += 1
                let items = (try? JSONSerialization.jsonObject(with: Data(batch.utf8))) as? [[String: Any]] ?? []
                // A request that only sets a campaign's status to ACTIVE is the enabling step.
                let enabling = items.filter { ($0["body"] as? String) == "status=ACTIVE" }.count
                enables += enabling
                inner += items.count - enabling
            } else if r.method == "POST", r.path.hasSuffix("/adimages") {
                uploads += 1
                images.insert(String(decoding: r.body, as: UTF8.self))
            } else {
                reads += 1
            }
        }
        func batchesFor(_ n: Int) -> Int { (n + MetaClient.batchLimit - 1) / MetaClient.batchLimit }
        let detail = "batches: \(batches) carrying \(inner) requests and \(enables) enabling ones (minimum \(batchesFor(inner)) + \(batchesFor(enables))); "
            + "image uploads: \(uploads) of \(images.count) distinct images"
        return (batches + uploads, batchesFor(inner) + batchesFor(enables) + images.count, detail, reads)
    }

    static func reddit(_ requests: [RecordedRequest], campaigns: [Campaign], enabled: Int) -> (calls: Int, minimum: Int, detail: String, reads: Int) {
        let api = requests.filter { $0.path.hasPrefix("/api/v3/") }
        let writes = api.filter { $0.method == "POST" || $0.method == "PATCH" }
        let reports = writes.filter { $0.path.hasSuffix("/reports") }.count
        // Per campaign: the campaign, its ad group, a post and an ad per creative; then one status change to enable it.
        let objects = campaigns.reduce(0) { $0 + 2 + 2 * $1.ads.count }
        let detail = "writes: \(writes.count - reports) (\(writes.filter { $0.method == "POST" }.count - reports) POST, "
            + "\(writes.filter { $0.method == "PATCH" }.count) PATCH); minimum \(objects) objects + \(enabled) enabled"
        return (writes.count - reports, objects + enabled, detail, api.count - writes.count + reports)
    }
}
