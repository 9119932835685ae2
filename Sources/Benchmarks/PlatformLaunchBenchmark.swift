import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox
import Store

/// Launch call efficiency through the platform seam, for a platform whose writes have per-call limits by kind
/// (Microsoft Advertising: 100 campaigns per AddCampaigns, 1,000 keywords of one ad group per AddKeywords, 50 ads of
/// one ad group per AddAds, …): the write calls a launch makes against the fewest those limits allow for the same
/// objects, counted from the request bodies the sandbox received (not from the adapter's own report).
///
/// Each launch: the library's campaigns of the platform, from empty state, through `Launcher` on a `Workbench` with
/// an in-process sandbox (no socket; latency is not what is measured) and a SQLite store in a temporary folder.
enum PlatformLaunchBenchmark {
    /// Write operation → (the list key that holds its items, the key of the parent its items must share or nil, the
    /// per-call limit). Microsoft Advertising REST v13; limits as the adapter's descriptor declares them.
    static let microsoftWrites: [String: (items: String, parent: String?, limit: Int)] = [
        "POST /CampaignManagement/v13/Campaigns": ("Campaigns", nil, 100),
        "PUT /CampaignManagement/v13/Campaigns": ("Campaigns", nil, 100),
        "POST /CampaignManagement/v13/CampaignCriterions": ("CampaignCriterions", nil, 100),
        "POST /CampaignManagement/v13/AdGroups": ("AdGroups", "CampaignId", 1_000),
        "POST /CampaignManagement/v13/Keywords": ("Keywords", "AdGroupId", 1_000),
        "POST /CampaignManagement/v13/Ads": ("Ads", "AdGroupId", 50),
        "POST /CampaignManagement/v13/EntityNegativeKeywords": ("EntityNegativeKeywords", nil, 1),
    ]

    static func run(zones: Int, keywordsPerList: Int) async throws {
        print("launch call efficiency (Microsoft Advertising): Launcher → MicrosoftAdsAdapter against an in-process sandbox, "
              + "SQLite store in a temp dir; write calls counted from the request bodies the sandbox received")
        let sample = Library.build(try WorkspaceReader.read(LaunchBenchmark.sampleRoot()))
        try await measure("sample workspace", library: sample)
        let generated = NationalLibrary.generate(zoneLimit: zones, keywordsPerList: keywordsPerList)
        let national = Library.build(WorkspaceFiles(files: generated.files, otherPaths: generated.otherPaths))
        try await measure("generated library, \(generated.zones) zones, \(keywordsPerList)-keyword lists", library: national)
    }

    static func measure(_ title: String, library: Library) async throws {
        let campaigns = library.campaigns.filter { $0.key.platform == .microsoftAds }
        print("  \(title): \(campaigns.count) microsoft_ads campaigns, \(campaigns.reduce(0) { $0 + $1.keywordCount }) keywords"
              + (library.hasErrors ? "; WARNING: the library has errors (\(DiagnosticRenderer.counts(library.diagnostics)))" : ""))
        guard !campaigns.isEmpty, let config = library.workspace.config else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-ms-launch-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let connector = WorkspaceConnector(root: dir, sandbox: SandboxConfiguration(seed: 2026), mode: .inProcess, environment: [:])
        let bench = Workbench(library: library, store: try SQLiteStore(directory: dir), connector: connector, actor: "benchmark",
                              holder: "benchmark", pacing: .virtual())
        let started = ContinuousClock.now
        let outcomes = try await bench.withWorkspaceLease {
            let plan = Launcher.plan(campaigns, known: try bench.store.remoteState(), all: false, config: config, includeKeywords: false)
            return try await Launcher(bench: bench).apply(plan, campaigns: campaigns)
        }
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
        let report = outcomes.first?.report ?? ApplyReport()
        if let error = outcomes.first?.error { print("    ERROR: \(error)") }
        print("    \(report.summary); failed \(report.failed.count)")
        for f in report.failed.prefix(3) { print("      failed \(f.key): \(f.reason)") }

        let requests = await (try connector.sandbox()).receivedRequests()
        var calls: [String: Int] = [:], minimum: [String: Int] = [:], reads = 0
        var itemsByParent: [String: [String: Int]] = [:]
        for r in requests {
            let name = "\(r.method) \(r.path)"
            guard let (itemsKey, parentKey, _) = microsoftWrites[name] else {
                if r.path.hasPrefix("/CampaignManagement/") || r.path.hasPrefix("/Reporting/") { reads += 1 }
                continue
            }
            calls[name, default: 0] += 1
            let json = (try? JSONSerialization.jsonObject(with: r.body)) as? [String: Any] ?? [:]
            let items = json[itemsKey] as? [Any] ?? []
            let parent = parentKey.flatMap { json[$0].map { "\($0)" } } ?? "-"
            if itemsKey == "EntityNegativeKeywords" {
                // One entity per call: the minimum is one call per entity that gets negatives.
                for entity in items { itemsByParent[name, default: [:]]["\((entity as? [String: Any])?["EntityId"] ?? "?")", default: 0] += 1 }
            } else {
                itemsByParent[name, default: [:]][parent, default: 0] += items.count
            }
        }
        for (name, parents) in itemsByParent {
            let limit = microsoftWrites[name]!.limit
            minimum[name] = name.hasSuffix("EntityNegativeKeywords") ? parents.count : parents.values.reduce(0) { $0 + ($1 + limit - 1) / limit }
        }
        let totalCalls = calls.values.reduce(0, +), totalMinimum = minimum.values.reduce(0, +)
        for name in calls.keys.sorted() {
            print("    \(name): \(calls[name]!) calls, minimum \(minimum[name] ?? 0)")
        }
        print(String(format: "    write calls / minimum = %d / %d = %.3f (target ≤ 1.1); %d reads (look-ups, the locations file); %.2f s",
                     totalCalls, totalMinimum, Double(totalCalls) / Double(max(1, totalMinimum)), reads, seconds))
        await connector.close()
    }
}
