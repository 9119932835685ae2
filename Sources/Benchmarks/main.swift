// Benchmarks: prints figures, asserts nothing. Run in release mode:
//     swift run -c release Benchmarks [--zones N] [--keywords N] [--keep DIR]
//     swift build -c release && .build/release/Benchmarks [--national | --launch | --launch-microsoft] [--launch-zones N] [--latency MS] [--rate-limit]
//     swift build -c release && .build/release/Benchmarks --ingest [--ingest-campaigns 100 --ingest-keywords 100 --ingest-days 100]
//     swift build -c release && .build/release/Benchmarks --report [--report-rows 10000000]
//     swift build -c release && .build/release/Benchmarks --soak [--cycles 20] [--seed 1] [--from 0] [--real-kills 0.02] [--verbose]
//       (or scripts/soak.sh; see Soak.swift and docs/soak.md: the guarantees under faults and kills, cycle after cycle)
//     swift build -c release --product Benchmarks && .build/release/Benchmarks --keywords   (keyword-list reader, huge files; --keywords-reader: the reader only)
// With none of --national, --launch, --ingest, --report, --keywords, --soak, the first two run (national-library first).
//
// ingest (IngestBenchmark.swift): a 1M-row googleAds:searchStream answer from the sandbox into the store, fetch, parse and
// upsert timed separately, beside scripts/ingest-baseline.py (urllib + json + sqlite3 executemany) on the same bytes and a
// bare prepared-statement INSERT loop into the same table. report (ReportBenchmark.swift): `tfz report --by zone,week` over
// a store of 10M fact rows.
//
// national-library: every US county in the 50 states and DC as a zone running three search templates, each on Google Ads
// and Microsoft Advertising (six campaigns a zone), whose keyword lists have 200 keywords each; times the pipeline in
// process (load, validate + expand, plan, render; target: validate + plan ≤ 1.5 s, peak RSS (VmHWM) ≤ 1 GiB) and the
// release `tfz validate` and `tfz plan` as separate processes (wall time, peak RSS).
//
// launch request efficiency (LaunchBenchmark.swift): requests `GoogleAdsApplier.launch` issues for the shipped sample
// workspace and a generated 500-zone library (the same generator, 200-keyword lists) against an in-process sandbox,
// divided by the minimum the 10,000-operation limit allows (target ≤ 1.1), and the wall time, plain and with 50 ms
// injected on every request.
import CampaignKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

/// The launch benchmark's options: --launch-zones, --launch-keywords, --latency (ms), --timeout (s), --rate-limit.
func runLaunchBenchmark() async throws {
    var options = LaunchBenchmark.Options()
    if let n = option("--launch-zones").flatMap(Int.init) { options.zones = n }
    if let n = option("--launch-keywords").flatMap(Int.init) { options.keywordsPerList = n }
    if let n = option("--latency").flatMap(Int.init) { options.latencyMilliseconds = n }
    if let n = option("--timeout").flatMap(Double.init) { options.timeoutSeconds = n }
    options.rateLimit = arguments.contains("--rate-limit")
    try await LaunchBenchmark.run(options)
}
if arguments.contains("--soak") {
    exit(try await Soak.run(Soak.options(arguments)))
}
if arguments.contains("--keywords-reader") {   // the reader's rate only (for profiling)
    KeywordsBenchmark.readerRate()
    exit(0)
}
if arguments.contains("--keywords"), option("--keywords").flatMap(Int.init) == nil {   // `--keywords N` is the national library's list size
    try KeywordsBenchmark.run()
    exit(0)
}
if arguments.contains("--launch-microsoft") {
    try await PlatformLaunchBenchmark.run(zones: Int(option("--launch-zones") ?? "") ?? 500, keywordsPerList: Int(option("--launch-keywords") ?? "") ?? 200)
    exit(0)
}
if arguments.contains("--launch-meta") || arguments.contains("--launch-reddit") {
    let zones = Int(option("--launch-zones") ?? "") ?? 500
    if arguments.contains("--launch-meta") { try await SocialLaunchBenchmark.run(platform: .meta, zones: zones) }
    if arguments.contains("--launch-reddit") { try await SocialLaunchBenchmark.run(platform: .reddit, zones: zones) }
    exit(0)
}
if arguments.contains("--launch") {
    try await runLaunchBenchmark()
    exit(0)
}
if arguments.contains("--ingest") || arguments.contains("--report") {
    if arguments.contains("--ingest") {
        try await IngestBenchmark.run(campaigns: Int(option("--ingest-campaigns") ?? "") ?? 100,
                                      keywords: Int(option("--ingest-keywords") ?? "") ?? 100, days: Int(option("--ingest-days") ?? "") ?? 100,
                                      postgres: arguments.contains("--postgres"), pullOnly: arguments.contains("--pull-only"))
    }
    if arguments.contains("--report") {
        try ReportBenchmark.run(targetRows: Int(option("--report-rows") ?? "") ?? 10_000_000, postgres: arguments.contains("--postgres"))
    }
    exit(0)
}

let keywordsPerList = Int(option("--keywords") ?? "") ?? 200
let generated = NationalLibrary.generate(zoneLimit: Int(option("--zones") ?? ""), keywordsPerList: keywordsPerList)
print("national-library: \(generated.zones) zones × (3 search templates × Google Ads and Microsoft Advertising + 1 social template × Meta and Reddit), \(keywordsPerList)-keyword lists, "
      + "\(generated.files.count) files, \(generated.bytes / 1024) KiB of YAML/text")

// In process, from memory (the library never touches the disk).
let input = WorkspaceFiles(files: generated.files, otherPaths: generated.otherPaths)
var best: [String: Double] = [:]
var campaignsCount = 0, keywordCount = 0, diagnosticCount = 0, actionCount = 0
var campaignsByPlatform: [Platform: Int] = [:]
var diagnosticCodes: [String: Int] = [:]
for _ in 0..<3 {
    let t0 = Clock.now()
    let library = Library.build(input)
    let t1 = Clock.now()
    let plan = Planner.plan(library.campaigns, remote: RemoteState(), organization: "bench", currency: "USD", includeKeywords: false)
    let t2 = Clock.now()
    let text = PlanRenderer.text(plan, stateNote: "")
    let t3 = Clock.now()
    campaignsCount = library.campaigns.count
    keywordCount = library.campaigns.reduce(0) { $0 + $1.keywordCount }
    campaignsByPlatform = Dictionary(library.campaigns.map { ($0.key.platform, 1) }, uniquingKeysWith: +)
    diagnosticCount = library.diagnostics.count
    diagnosticCodes = Dictionary(library.diagnostics.map { ("\($0.severity) \($0.code)", 1) }, uniquingKeysWith: +)
    actionCount = plan.actions.count
    precondition(!text.isEmpty)
    for (name, value) in [("load+validate+expand", t1 - t0), ("plan", t2 - t1), ("validate+plan", t2 - t0), ("render text", t3 - t2),
                          ("total", t3 - t0)] {
        best[name] = min(best[name] ?? .infinity, value)
    }
}
let byPlatform = campaignsByPlatform.keys.sorted().map { "\($0.displayName) \(campaignsByPlatform[$0]!)" }.joined(separator: ", ")
print("  expanded: \(campaignsCount) campaigns (\(byPlatform)), \(keywordCount) keywords; \(diagnosticCount) diagnostics; plan: \(actionCount) actions")
if !diagnosticCodes.isEmpty {
    print("  diagnostics: " + diagnosticCodes.sorted { $0.value > $1.value }.prefix(6).map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
}
for name in ["load+validate+expand", "plan", "validate+plan", "render text", "total"] {
    print(String(format: "  in-process %-22@ best of 3: %7.3f s", name as NSString, best[name]!))
}
let peakKiB = Resources.selfHighWaterMarkKiB() ?? Resources.selfPeakKiB()
print(String(format: "  in-process peak RSS (VmHWM): %.0f MiB", Double(peakKiB) / 1024))
print(String(format: "  target validate+plan ≤ 2 s and ≤ 1 GiB (four platforms): %@ (%.3f s, %.0f MiB)",
             (best["validate+plan"]! <= 2 && peakKiB <= 1024 * 1024 ? "met" : "NOT met") as NSString, best["validate+plan"]!, Double(peakKiB) / 1024))

// The release CLI on the files on disk: what a user runs.
let dir = option("--keep").map { URL(fileURLWithPath: $0) }
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("tfz-national-\(getpid())")
try generated.write(to: dir)
let tfz = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tfz")
if FileManager.default.isExecutableFile(atPath: tfz.path) {
    for command in [["validate"], ["plan"], ["plan", "--format", "json"]] {
        var times: [Double] = []
        var peak = 0, status: Int32 = 0
        for _ in 0..<3 {
            let r = try Resources.run(tfz.path, command + ["-C", dir.path])
            times.append(r.seconds)
            peak = max(peak, r.peakKiB)
            status = r.status
        }
        print(String(format: "  tfz %-20@ exit %d, wall best %.3f s (runs: %@), peak RSS %.0f MiB", command.joined(separator: " ") as NSString, status, times.min()!,
                     times.map { String(format: "%.3f", $0) }.joined(separator: " ") as NSString, Double(peak) / 1024))
    }
    print("  command: \(tfz.path) validate|plan -C \(dir.path)")
} else {
    print("  (no tfz binary next to Benchmarks; build with `swift build -c release` to time the CLI)")
}
if option("--keep") == nil { try? FileManager.default.removeItem(at: dir) }

if !arguments.contains("--national") {
    print("")
    try await runLaunchBenchmark()
}

enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

enum Resources {
    /// The process's peak resident set (`VmHWM` in /proc/self/status), in KiB; nil where there is no /proc.
    static func selfHighWaterMarkKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }

    static func selfPeakKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    /// Runs a command with output discarded; wall time, exit status and the command's peak RSS.
    ///
    /// The peak comes from GNU time (`/usr/bin/time -f %M`) when it is installed, not from this process's `wait4`: glibc's
    /// `posix_spawn` starts the child in this process's memory (`CLONE_VM`), and Linux carries that memory's high-water
    /// mark into the child's `ru_maxrss` at exec, so `wait4` reports at least this benchmark's own peak. Without GNU time
    /// the figure is that upper bound.
    static func run(_ path: String, _ args: [String]) throws -> (seconds: Double, status: Int32, peakKiB: Int) {
        let time = "/usr/bin/time"
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-bench-rss-\(getpid())").path
        defer { unlink(report) }
        let viaTime = FileManager.default.isExecutableFile(atPath: time)
        let command = viaTime ? [time, "-f", "%M", "-o", report, path] + args : [path] + args
        let start = Clock.now()
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let rc = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        posix_spawn_file_actions_destroy(&actions)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc)) }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Clock.now() - start
        // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
        let measured = viaTime ? (try? String(contentsOfFile: report, encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) } : nil
        return (seconds, (status >> 8) & 0xff, measured ?? usage.ru_maxrss)
    }
}
