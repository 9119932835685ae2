import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox
import Store

/// Launch call efficiency for Meta, whose writes go in Graph batches of at most 50 requests: the write calls a launch
/// makes (batches and image uploads) against the fewest the batch limit allows for the same requests — ⌈creates ÷ 50⌉
/// plus ⌈enables ÷ 50⌉ batches plus one upload per distinct image — counted from the bodies the sandbox received, not from the adapter's
/// report. Same set-up as the Microsoft benchmark: `Launcher` on a `Workbench`, in-process sandbox, SQLite in a temp
/// folder (which also holds the creative images the adapter reads).
enum MetaLaunchBenchmark {
    static func run(zones: Int) async throws {
        print("launch call efficiency (Meta): Launcher → MetaAdapter against an in-process sandbox, SQLite store in a temp dir; "
              + "batches and uploads counted from the request bodies the sandbox received")
        let sample = Library.build(try WorkspaceReader.read(LaunchBenchmark.sampleRoot()))
        try await measure("sample workspace", library: sample)
        let generated = NationalLibrary.generate(zoneLimit: zones, keywordsPerList: 50)
        try await measure("generated library, \(generated.zones) zones", library: Library.build(WorkspaceFiles(files: generated.files, otherPaths: generated.otherPaths)))
    }

    static func measure(_ title: String, library: Library) async throws {
        let campaigns = library.campaigns.filter { $0.key.platform == .meta }
        print("  \(title): \(campaigns.count) meta campaigns, \(campaigns.reduce(0) { $0 + $1.ads.count }) ads"
              + (library.hasErrors ? "; WARNING: the library has errors (\(DiagnosticRenderer.counts(library.diagnostics)))" : ""))
        guard !campaigns.isEmpty, let config = library.workspace.config else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-meta-launch-bench-\(UUID().uuidString)")
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

        var batches = 0, inner = 0, enables = 0, uploads = 0, reads = 0
        var images = Set<String>()
        for r in await (try connector.sandbox()).receivedRequests() where r.path.hasPrefix("/v25.0") {
            if r.method == "POST", r.path == "/v25.0" || r.path == "/v25.0/" {
                let form = String(decoding: r.body, as: UTF8.self)
                let batch = form.split(separator: "&").first { $0.hasPrefix("batch=") }.map { String($0.dropFirst(6)).removingPercentEncoding ?? "" } ?? "[]"
                batches += 1
                let requests = (try? JSONSerialization.jsonObject(with: Data(batch.utf8))) as? [[String: Any]] ?? []
                // A request that only sets a campaign's status to ACTIVE is the enabling step.
                let enabling = requests.filter { ($0["body"] as? String) == "status=ACTIVE" }.count
                enables += enabling
                inner += requests.count - enabling
            } else if r.method == "POST", r.path.hasSuffix("/adimages") {
                uploads += 1
                images.insert(String(decoding: r.body, as: UTF8.self))
            } else {
                reads += 1
            }
        }
        // Enabling waits for the answers that show every part exists (never half-spent), so it cannot share a batch
        // with the creates: the fewest calls are ⌈creates ÷ 50⌉ + ⌈enables ÷ 50⌉ + one upload per distinct image.
        func batchesFor(_ n: Int) -> Int { (n + MetaClient.batchLimit - 1) / MetaClient.batchLimit }
        let minimum = batchesFor(inner) + batchesFor(enables) + images.count
        let calls = batches + uploads
        print("    batches: \(batches) carrying \(inner) requests and \(enables) enabling ones (minimum \(batchesFor(inner)) + \(batchesFor(enables))); "
              + "image uploads: \(uploads) of \(images.count) distinct images")
        print(String(format: "    write calls / minimum = %d / %d = %.3f (target ≤ 1.1); %d reads (look-ups, interests); %.2f s",
                     calls, minimum, Double(calls) / Double(max(1, minimum)), reads,
                     Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        await connector.close()
    }
}
