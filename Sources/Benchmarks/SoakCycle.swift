import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Reporting
import Sandbox
import Store

#if canImport(Glibc)
import Glibc
#endif

/// One soak cycle: a fresh workspace (the sample's files, a new store) and a fresh sandbox seeded with the cycle's
/// seed, its own fault mix and canary secrets; launch, pause and resume a zone, advance, pull, advance into the
/// restated days, pull again, report; then the checks. Every step is run again until a run finishes cleanly — a
/// run may be killed or fail under faults — as an operator would.
struct SoakCycle {
    let number: Int
    let runSeed: UInt64
    let seed: UInt64
    let library: Library
    let platforms: [Platform]
    let campaigns: [Campaign]
    /// The `tfz` binary for a cycle of real processes and real SIGKILLs; nil for an in-process cycle.
    let tfz: URL?

    var tally = Soak.Tally()
    private var random: SoakRandom
    private let transcript = SoakTranscript()
    /// Everything else tfz said: failure reasons, errors, process output, reports.
    private var written: [String] = []
    private var canaries: [String] = []
    private var killRate = 0.0
    private var runNumber = 0

    /// The day the sandbox's clock starts on: the sample's flights start three days later.
    static let firstDay = "2026-12-29"
    /// Runs of one step before the soak gives up on it.
    static let maxRuns = 15

    init(number: Int, runSeed: UInt64, seed: UInt64, library: Library, platforms: [Platform], campaigns: [Campaign], tfz: URL?) {
        self.number = number
        self.runSeed = runSeed
        self.seed = seed
        self.library = library
        self.platforms = platforms
        self.campaigns = campaigns
        self.tfz = tfz
        random = SoakRandom(seed: seed)
        _ = random.next()  // the draw Soak.run made to choose real or in process
    }

    var label: String { "seed \(runSeed) cycle \(number)" }

    // MARK: The cycle

    mutating func run() async throws -> Soak.Tally {
        tally.cycles = 1
        tally.realCycles = tfz == nil ? 0 : 1
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("tfz-soak-\(getpid())-\(number)")
        try? fm.removeItem(at: base)
        let root = base.appendingPathComponent("workspace")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: base) }

        // The sandbox: this cycle's seed, fault mix and canaries.
        var configuration = SandboxConfiguration(stateDirectory: nil, seed: seed, faults: faultPlan(), now: Self.noon(Self.firstDay))
        for platform in platforms {
            let secret = canary(platform, "secret"), refresh = canary(platform, "refresh"), developer = canary(platform, "devtoken")
            configuration.replaceSecrets(for: platform, clientSecret: secret, refreshToken: refresh, values: ["developer_token": developer])
            canaries += [secret, refresh, developer]
        }
        killRate = 0.1 + 0.3 * random.unit()
        let t = ContinuousClock.now
        let sandbox = tfz == nil ? try await RunningSandbox.inProcess(configuration) : try await startSandbox(configuration)
        tally.steps["sandbox", default: 0] += Soak.seconds(since: t)
        let mode: WorkspaceConnector.SandboxMode = tfz == nil ? .inProcess : .loopback
        let context = Context(root: root, sandbox: sandbox, configuration: configuration, mode: mode)
        do {
            if tfz != nil { try writeProcessWorkspace(root: root, credentials: base.appendingPathComponent("credentials"), context: context) }
            try await steps(context)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
        return tally
    }

    private mutating func steps(_ context: Context) async throws {
        let sandbox = context.sandbox
        var t = ContinuousClock.now
        func lap(_ name: String) { tally.steps[name, default: 0] += Soak.seconds(since: t); t = ContinuousClock.now }

        // Launch, pause and resume a zone.
        let config = library.workspace.config!, campaigns = campaigns
        let launched = try await converge("launch", context, kills: 1...40, process: ["launch", "--all", "--yes"]) { bench in
            try await bench.withWorkspaceLease {
                let plan = Launcher.plan(campaigns, known: try bench.store.remoteState(), all: true, config: config, includeKeywords: false)
                let outcomes = try await Launcher(bench: bench).apply(plan, campaigns: campaigns)
                return outcomes.compactMap(\.error) + outcomes.flatMap { $0.report.failed.map { "\($0.key): \($0.reason)" } }
            }
        }
        let zone = random.pick(Array(Set(campaigns.map(\.key.zone))).sorted())
        if launched {
            for enable in [false, true] {
                let done = try await converge(enable ? "resume \(zone)" : "pause \(zone)", context, kills: 1...6, process: [enable ? "resume" : "pause", zone]) { bench in
                    try await bench.withWorkspaceLease {
                        let changer = StatusChanger(bench: bench)
                        return try await changer.change(try changer.choose([zone], all: false, enable: enable), enable: enable).problems
                    }
                }
                if done && !enable { await checkPaused(zone, sandbox) }
            }
        }
        lap("launch+pause+resume")

        // Into the flights, pull; into the restated days, pull again (the second pull re-reads the lookback window).
        try await sandbox.advance(days: random.int(8...16))
        lap("advance")
        try await pull(context)
        lap("pull")
        try await sandbox.advance(days: random.int(1...4))
        lap("advance")
        try await pull(context)
        lap("pull")
        try report(context)
        lap("report")
        try await check(context, zone: zone)
        lap("check")
    }

    /// The state every run of a cycle shares: the workspace folder (its store) and the running sandbox.
    struct Context {
        let root: URL
        let sandbox: RunningSandbox
        let configuration: SandboxConfiguration
        let mode: WorkspaceConnector.SandboxMode
    }

    private mutating func pull(_ context: Context) async throws {
        _ = try await converge("pull", context, kills: 1...30, process: nil) { bench in
            for account in bench.supportedAccounts { _ = try await MetricsPulls(bench: bench).pull(account) }
            return []
        }
    }

    // MARK: Faults and canaries

    /// A random mix of what platforms and networks do, each kind at its own rate (1–5 % of requests; a quarter of that
    /// in a cycle of tfz processes, which wait out retry delays and backoff in real time).
    private mutating func faultPlan() -> FaultPlan {
        let scale = tfz == nil ? 1.0 : 0.25
        func p() -> Double { (0.01 + 0.04 * random.unit()) * scale }
        return FaultPlan(random: [
            .init(.rateLimited(retryDelay: "1s"), probability: p()), .init(.unavailable, probability: p()),
            .init(.internalError, probability: p()), .init(.slow(milliseconds: tfz == nil ? 2 : 20), probability: p()),
            .init(.dropAfterApplying, probability: p()), .init(.dropBeforeApplying, probability: p()),
            .init(.partialFailure(index: random.int(0...2)), probability: p()),
        ])
    }

    /// A secret the sandbox is given for `platform`, unique to the cycle, that must never appear in anything tfz writes.
    private func canary(_ platform: Platform, _ kind: String) -> String {
        ["CANARY", platform.rawValue, kind, String(seed, radix: 16)].joined(separator: "-")
    }

    static func kind(_ fault: Fault) -> String {
        switch fault {
        case .rateLimited: "429 rate limit"
        case .dailyQuotaExhausted: "429 daily quota"
        case .unavailable: "503"
        case .internalError: "500"
        case .slow: "slow"
        case .dropAfterApplying: "answer lost after applying"
        case .dropBeforeApplying: "connection lost before applying"
        case .partialFailure: "partial failure"
        }
    }

    static func noon(_ day: String) -> @Sendable () -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = CalendarDate(parsing: day)!
        let noon = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
        return { noon }
    }

    // MARK: Runs

    /// A workbench as one tfz process would have it: its own store handle and connector (with the kill switch), the
    /// shared sandbox, every log line and progress line into the transcript.
    private mutating func bench(_ context: Context, kill: SoakKillSwitch?) throws -> Workbench {
        runNumber += 1
        let connector = WorkspaceConnector(root: context.root, running: context.sandbox, configuration: context.configuration, mode: context.mode,
                                           timeout: 10, timeZone: library.workspace.config?.timeZone.value,
                                           sandboxMiddlewares: kill.map { [$0] } ?? [])
        let transcript = transcript
        return Workbench(library: library, store: try SQLiteStore(directory: context.root.appendingPathComponent(".tfz")), connector: connector,
                         actor: "user:soak", holder: "tfz soak (cycle \(number) run \(runNumber))", pacing: .virtual(),
                         makeLogger: { transcript.logger($0) }, progress: { transcript.append($0) }, root: LaunchBenchmark.sampleRoot())
    }

    /// Runs a step until a run finishes without a problem and without being killed. Each run is killed with the cycle's
    /// kill rate after a random answer in `kills`. In a cycle of processes a step with `process` arguments runs as
    /// `tfz <process> -C <workspace>` (killed with SIGKILL at a random request); otherwise in this process.
    private mutating func converge(_ step: String, _ context: Context, kills: ClosedRange<Int>, process: [String]?,
                                   _ body: (Workbench) async throws -> [String]) async throws -> Bool {
        var last: [String] = []
        for _ in 0..<Self.maxRuns {
            tally.runs += 1
            let killAt = random.chance(killRate) ? random.int(kills) : nil
            if let tfz, let process {
                let result = try await Self.runProcess(tfz, process + ["-C", context.root.path], killAt: killAt, sandbox: context.sandbox)
                written += [result.stdout, result.stderr]
                if result.killed { tally.killsReal += 1; continue }
                if result.status == 0 { return true }
                last = ["exit \(result.status): \(result.stderr.suffix(400))"]
                continue
            }
            let kill = killAt.map(SoakKillSwitch.init(limit:))
            let bench = try bench(context, kill: kill)
            do { last = try await body(bench) } catch { last = [error.userMessage] }
            written += last
            if kill?.fired == true { tally.killsInProcess += 1; continue }
            if last.isEmpty { return true }
        }
        tally.unconverged += 1
        tally.failures.append("\(label): \(step) did not finish cleanly in \(Self.maxRuns) runs; last: \(last.prefix(3).joined(separator: " | "))")
        return false
    }

    struct ProcessResult {
        var stdout: String, stderr: String, status: Int32, killed: Bool
    }

    /// Runs `tfz arguments` and waits for it on a thread of its own (the sandbox it talks to is served from this
    /// process: no cooperative thread may block). With `killAt`, the process is sent SIGKILL as soon as the sandbox has
    /// received the `killAt`-th request of this run: the kill lands while tfz waits for that answer or just after it
    /// arrived, before or after tfz recorded it. (`TFZ_CRASH_AFTER_RESPONSES` only acts on `endpoint: sandbox`
    /// accounts; these accounts name the loopback URL.)
    static func runProcess(_ tfz: URL, _ arguments: [String], killAt: Int?, sandbox: RunningSandbox) async throws -> ProcessResult {
        let fm = FileManager.default
        let out = fm.temporaryDirectory.appendingPathComponent("tfz-soak-out-\(UUID().uuidString)")
        let err = fm.temporaryDirectory.appendingPathComponent("tfz-soak-err-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: out); try? fm.removeItem(at: err) }
        _ = fm.createFile(atPath: out.path, contents: nil)
        _ = fm.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        let process = Process()
        process.executableURL = tfz
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TFZ_") }
        environment["NO_COLOR"] = "1"
        environment["COLUMNS"] = "200"
        // A dropped answer over loopback can cost the client its whole timeout (tfz's default is 60 s): 5 s keeps a
        // cycle short and is still far above any answer the sandbox gives.
        environment["TFZ_HTTP_TIMEOUT"] = "5"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let before = await sandbox.receivedRequests().count
        try process.run()
        let pid = process.processIdentifier
        let exited = SoakFlag()
        let watcher = Task {
            guard let killAt else { return }
            while !exited.isSet {
                if await sandbox.receivedRequests().count >= before + killAt {
                    if !exited.isSet { kill(pid, SIGKILL) }
                    return
                }
                try? await Task.sleep(for: .milliseconds(3))
            }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        exited.set()
        watcher.cancel()
        try outHandle.close()
        try errHandle.close()
        return ProcessResult(stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self), stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
                             status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }

    /// The sample's files for `tfz` processes: each account of a registered platform points at the sandbox this process
    /// serves (`endpoint:` its loopback URL) with a credentials file (mode 0600, outside the workspace) holding the
    /// secrets the sandbox was given, its token URL included.
    private func writeProcessWorkspace(root: URL, credentials: URL, context: Context) throws {
        let fm = FileManager.default
        let sample = LaunchBenchmark.sampleRoot()
        for item in ["Campaigns", "Creative"] { try fm.copyItem(at: sample.appendingPathComponent(item), to: root.appendingPathComponent(item)) }
        try fm.createDirectory(at: credentials, withIntermediateDirectories: true)
        var yaml = try String(contentsOf: sample.appendingPathComponent("tfz.yaml"), encoding: .utf8)
        for account in library.workspace.config!.accounts where platforms.contains(account.platform) {
            guard let creds = context.configuration.credentials(for: account.platform) else { continue }
            var json: [String: String] = ["client_id": creds.clientId, "refresh_token": creds.refreshToken,
                                          "token_url": context.sandbox.baseURL.appendingPathComponent(creds.tokenPath).absoluteString]
            if let secret = creds.clientSecret { json["client_secret"] = secret }
            json.merge(creds.values) { a, _ in a }
            let file = credentials.appendingPathComponent("\(account.name).json")
            try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: file)
            chmod(file.path, 0o600)
            // The account's block: from its `- name:` line to the next one.
            let lines = yaml.components(separatedBy: "\n")
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "- name: \(account.name)" }) else {
                throw OperationError("the sample's tfz.yaml has no '- name: \(account.name)' line; update SoakCycle.writeProcessWorkspace")
            }
            var out = lines
            var i = start + 1
            while i < out.count, !out[i].trimmingCharacters(in: .whitespaces).hasPrefix("- "), out[i].hasPrefix(" ") {
                let trimmed = out[i].trimmingCharacters(in: .whitespaces)
                let indent = String(out[i].prefix { $0 == " " })
                if trimmed.hasPrefix("endpoint:") { out[i] = "\(indent)endpoint: \(context.sandbox.baseURL.absoluteString)" }
                if trimmed.hasPrefix("credentials:") { out[i] = "\(indent)credentials: file:\(file.path)" }
                i += 1
            }
            yaml = out.joined(separator: "\n")
        }
        try yaml.write(to: root.appendingPathComponent("tfz.yaml"), atomically: true, encoding: .utf8)
    }

    // MARK: Report

    /// The report a program lead reads, from the store: by zone and platform, by day, by keyword, as text, CSV and JSON.
    private mutating func report(_ context: Context) throws {
        let store = try SQLiteStore(directory: context.root.appendingPathComponent(".tfz"))
        let currency = library.workspace.config!.currency.value
        for dimensions in [[ReportDimension.zone, .platform], [.day], [.keyword]] {
            let table = ReportTable(dimensions: dimensions, rows: try store.aggregate(by: dimensions, filter: ReportFilter()), currency: currency)
            for format in [ReportFormat.text, .csv, .json] { written.append(table.render(format)) }
        }
    }

    // MARK: Checks

    /// Right after a pause: the zone's campaigns paused on the platform, the others enabled.
    private mutating func checkPaused(_ zone: String, _ sandbox: RunningSandbox) async {
        for platform in platforms {
            for c in await sandbox.tfzCampaigns(platform) where (c.key.zone == zone) != (c.status == .paused) {
                tally.objectMismatches += 1
                tally.failures.append("\(label): after pausing \(zone), \(c.key) is \(c.status) on the platform")
            }
        }
    }

    private mutating func check(_ context: Context, zone: String) async throws {
        let sandbox = context.sandbox
        let store = try SQLiteStore(directory: context.root.appendingPathComponent(".tfz"))
        let known = try store.remoteState().campaigns.values
        let today = CalendarDate(parsing: await sandbox.today())!
        // Days 1–3 back are restated by the platforms; older days are final.
        let settled = today.adding(days: -4).description

        for platform in platforms {
            // Objects: never twice; every planned campaign once, enabled after the resume, and the id the store holds.
            let duplicates = await sandbox.duplicateObjects(platform)
            tally.duplicates += duplicates.count
            if !duplicates.isEmpty { tally.failures.append("\(label): \(platform.rawValue) duplicates: \(duplicates.prefix(5))") }
            let remote = await sandbox.tfzCampaigns(platform)
            let planned = Set(campaigns.filter { $0.key.platform == platform }.map(\.key))
            let remoteKeys = remote.map(\.key)
            var problems: [String] = []
            for key in planned where !remoteKeys.contains(key) { problems.append("\(key) missing on the platform") }
            for key in Set(remoteKeys) where !planned.contains(key) { problems.append("\(key) on the platform but not in the files") }
            for c in remote where c.status != .enabled { problems.append("\(c.key) is \(c.status) after the resume") }
            let storeIds = Set(known.filter { $0.key.platform == platform }.compactMap { $0.remoteId.map(Self.lastId) })
            let remoteIds = Set(remote.map { Self.lastId($0.remoteId) })
            for id in storeIds.symmetricDifference(remoteIds) { problems.append("id \(id) is in \(storeIds.contains(id) ? "the store only" : "the platform only")") }
            tally.objectMismatches += problems.count
            for p in problems.prefix(5) { tally.failures.append("\(label): \(platform.rawValue): \(p)") }

            // Metrics: every final day, exactly.
            let stored = try store.aggregate(by: [.day], filter: ReportFilter(platforms: [platform], until: settled))
            var storedDays: [String: (Int64, Int64, Int64)] = [:]
            for row in stored { if let day = row.values.first { storedDays[day] = (row.impressions, row.clicks, row.costMicros) } }
            let delivered = await sandbox.deliveryByDay(platform: platform, through: settled)
            var impressions: Int64 = 0
            for day in Set(storedDays.keys).union(delivered.keys).sorted() {
                let s = storedDays[day] ?? (0, 0, 0)
                let d = delivered[day].map { ($0.impressions, $0.clicks, $0.costMicros) } ?? (0, 0, 0)
                tally.comparedDays += 1
                impressions += d.0
                if s == d { continue }
                if s.0 < d.0 || s.1 < d.1 || s.2 < d.2 { tally.lostDays += 1 } else { tally.doubleDays += 1 }
                tally.failures.append("\(label): \(platform.rawValue) \(day): the store has \(s.0) impressions, \(s.1) clicks, \(s.2) µ; "
                                      + "the platform delivered \(d.0), \(d.1), \(d.2) µ")
            }
            tally.comparedImpressions += impressions
            if impressions == 0 {
                tally.failures.append("\(label): \(platform.rawValue) delivered nothing through \(settled): the metrics check would prove nothing")
            }
        }
        if !(try store.holds()).isEmpty { tally.failures.append("\(label): holds remain after resuming \(zone): \(try store.holds().keys.sorted())") }

        // Requests and faults, as the sandbox recorded them.
        let received = await sandbox.receivedRequests()
        tally.requests += received.count
        for r in received { if let fault = r.fault { tally.faults[Self.kind(fault), default: 0] += 1 } }

        // Credentials: nothing tfz wrote holds a canary or a bearer token.
        written += try store.changeLog(limit: 100_000).map { "\($0.detail) \($0.result)" }
        let tfzFolder = context.root.appendingPathComponent(".tfz")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tfzFolder.path)) ?? [] where !name.hasPrefix(".") {
            let url = tfzFolder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                written.append(String(decoding: try Data(contentsOf: url), as: UTF8.self))
            }
        }
        let everything = [transcript.contents] + written
        if !transcript.contents.contains("POST") {
            tally.failures.append("\(label): the transcript has no request line: the credential scan would prove nothing")
        }
        for canary in canaries where everything.contains(where: { $0.contains(canary) }) {
            tally.leaks += 1
            tally.failures.append("\(label): the canary \(canary) leaked")
        }
        if everything.contains(where: { $0.range(of: "Bearer [A-Za-z0-9]", options: .regularExpression) != nil }) {
            tally.leaks += 1
            tally.failures.append("\(label): a bearer token leaked")
        }
    }

    static func lastId(_ name: String) -> String { name.split(separator: "/").last.map(String.init) ?? name }
}
