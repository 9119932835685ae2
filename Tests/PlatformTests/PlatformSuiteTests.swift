import AdPlatforms
import CampaignKit
import Foundation
import Operations
import Sandbox
import Store
import Synchronization
import TestSupport
import Testing

/// The guarantees every platform adapter must keep, written once and run for each registered platform against its
/// sandbox module, in process (no socket): the whole cycle, launches under random faults, a launch killed part way,
/// metric pulls, and credentials that never leak.
@Suite struct PlatformSuiteTests {
    /// Every platform with an adapter (the registry) — a new adapter joins these suites by being registered.
    static let platforms: [Platform] = PlatformRegistry.descriptors.map(\.platform)

    // MARK: The whole cycle

    @Test(arguments: platforms)
    func launchPauseResumeAdvancePullCycle(_ platform: Platform) async throws {
        let harness = try WorkspaceHarness(platform: platform)
        defer { Task { await harness.close() } }
        #expect(harness.campaigns.count == 6)

        let (plan, outcomes) = try await harness.launch()
        #expect(plan.summary.create == 6)
        let report = try #require(outcomes.first?.report)
        #expect(outcomes.count == 1 && outcomes[0].error == nil, "\(outcomes.map(\.error))")
        #expect(report.created.count == 6 && report.enabled.count == 6 && report.failed.isEmpty, "\(report.summary) \(report.failed.map(\.reason))")
        let sandbox = try await harness.sandbox()
        var remote = await sandbox.tfzCampaigns(platform)
        #expect(remote.count == 6 && remote.allSatisfy { $0.status == .enabled }, "\(remote)")
        #expect(await sandbox.duplicateObjects(platform) == [])

        // A second launch finds nothing to do: the plan is empty.
        let (again, _) = try await harness.launch()
        #expect(again.actions.isEmpty, "\(again.actions.map { "\($0.kind) \($0.key)" })")

        // Pause a zone (held), status shows it, resume.
        let bench = try harness.bench()
        let changer = StatusChanger(bench: bench)
        let paused = try await bench.withWorkspaceLease { try await changer.change(try changer.choose(["fl-hillsborough"], all: false, enable: false), enable: false) }
        #expect(paused.changed.count == 2 && paused.problems.isEmpty, "\(paused.problems)")
        remote = await sandbox.tfzCampaigns(platform)
        #expect(remote.filter { $0.status == .paused }.map(\.key.zone) == ["fl-hillsborough", "fl-hillsborough"], "\(remote)")
        let rows = try await StatusReader(bench: bench).rows()
        #expect(rows.count == 6 && rows.allSatisfy { $0.drift.isEmpty && $0.unreachable == nil }, "\(rows.map(\.drift))")
        #expect(try bench.store.holds().count == 2)
        let resumed = try await bench.withWorkspaceLease { try await changer.change(try changer.choose(["fl-hillsborough"], all: false, enable: true), enable: true) }
        #expect(resumed.changed.count == 2)
        #expect(try bench.store.holds().isEmpty)
        #expect(await sandbox.tfzCampaigns(platform).allSatisfy { $0.status == .enabled })

        // Advance four weeks past the flight start and pull: days older than the restated three equal the sandbox's
        // final delivery; a second pull changes nothing.
        try await sandbox.advance(days: 45)
        let pulls = MetricsPulls(bench: bench)
        let account = try #require(bench.supportedAccounts.first { $0.platform == platform })
        let first = try #require(try await pulls.pull(account))
        #expect(first.rows > 0)
        var settled = try await Self.settledDay(sandbox)
        let stored = try Self.totals(bench.store, platform, through: settled)
        #expect(stored.impressions > 0 && stored.clicks > 0)
        #expect(stored == (await sandbox.deliveryTotals(platform, through: settled)), "store vs sandbox through \(settled)")
        let all = try Self.totals(bench.store, platform)
        _ = try await pulls.pull(account)
        #expect(try Self.totals(bench.store, platform) == all, "a second pull changed the totals")
        // Four days later the restated days are final: the next pull overwrites them (never adds), so everything through
        // the new settled day equals the sandbox again.
        try await sandbox.advance(days: 4)
        _ = try await pulls.pull(account)
        settled = try await Self.settledDay(sandbox)
        #expect(try Self.totals(bench.store, platform, through: settled) == (await sandbox.deliveryTotals(platform, through: settled)),
                "after restatement, through \(settled)")
        #expect(try Self.totals(bench.store, platform).impressions > all.impressions)
        // Every campaign row is labelled with its tfz key and purpose.
        let byCampaign = try bench.store.aggregate(by: [.campaign], filter: ReportFilter(platforms: [platform]))
        #expect(Set(byCampaign.compactMap(\.values.first)) == Set(harness.campaigns.map(\.key.description)).intersection(byCampaign.compactMap(\.values.first)))
        #expect(byCampaign.count == 6, "\(byCampaign.map(\.values))")
    }

    // MARK: Random faults

    /// Launches under a random mix of the faults platforms and networks produce (rate limits, 500/503, answers lost
    /// after the change was applied or before it, slow answers), each iteration with its own sandbox and store,
    /// launched until a launch reports no failure: never a duplicate, every campaign enabled, the store names exactly
    /// what the platform has. `TFZ_FAULT_ITERATIONS` (default 200) changes the count.
    @Test(arguments: platforms)
    func launchesConvergeWithoutDuplicatesUnderRandomFaults(_ platform: Platform) async throws {
        let iterations = Int(ProcessInfo.processInfo.environment["TFZ_FAULT_ITERATIONS"] ?? "") ?? 200
        var faults = 0, runs = 0, duplicates = 0, requests = 0
        for iteration in 0..<iterations {
            let seed = 20_270_101 &+ UInt64(iteration)
            var random = SplitMix(seed: seed)
            func p() -> Double { 0.03 + 0.07 * random.unit() }
            let plan = FaultPlan(random: [
                .init(.rateLimited(retryDelay: "1s"), probability: p()), .init(.unavailable, probability: p()),
                .init(.internalError, probability: p()), .init(.dropAfterApplying, probability: p()),
                .init(.dropBeforeApplying, probability: p()), .init(.slow(milliseconds: 5), probability: p()),
                .init(.partialFailure(index: 0), probability: p()),
            ])
            let harness = try WorkspaceHarness(platform: platform, seed: seed, faults: plan, persistSandbox: false)
            var converged = false, tries = 0
            var errors: [String] = []
            while !converged && tries < 10 {
                tries += 1
                do {
                    let (_, outcomes) = try await harness.launch(try harness.bench(connector: harness.connector))
                    errors += outcomes.compactMap(\.error) + outcomes.flatMap { $0.report.failed.map(\.reason) }
                    converged = outcomes.allSatisfy { $0.error == nil && $0.report.failed.isEmpty }
                } catch {
                    errors.append(error.userMessage)
                }
            }
            let sandbox = try await harness.sandbox()
            let received = await sandbox.receivedRequests()
            faults += received.filter { $0.fault != nil }.count
            requests += received.count
            runs += tries
            let dup = await sandbox.duplicateObjects(platform)
            duplicates += dup.count
            #expect(dup == [], "iteration \(iteration): \(dup)")
            #expect(converged, "iteration \(iteration) did not converge in 10 launches: \(errors.suffix(3))")
            let remote = await sandbox.tfzCampaigns(platform)
            #expect(remote.count == 6 && remote.allSatisfy { $0.status == .enabled }, "iteration \(iteration): \(remote)")
            let state = try harness.bench().store.remoteState()
            #expect(Set(state.campaigns.values.compactMap { $0.remoteId.map(Self.lastId) }) == Set(remote.map { Self.lastId($0.remoteId) }),
                    "iteration \(iteration): the store and the platform disagree")
            await harness.close()
        }
        print("fault suite \(platform.rawValue): \(iterations) iterations, \(runs) launches, \(requests) requests, \(faults) faults injected, \(duplicates) duplicates")
    }

    /// An operation refused for a passing reason (Google's `CONCURRENT_MODIFICATION`, Microsoft's 4149) is sent again
    /// within the same launch: one launch converges, and the user is never asked to run it again for it.
    @Test(arguments: platforms)
    func operationsRefusedForAPassingReasonAreRetriedInTheSameLaunch(_ platform: Platform) async throws {
        let plan = FaultPlan(random: [.init(.partialFailure(index: 0), probability: 0.2)])
        let lines = Mutex<[String]>([])
        let harness = try WorkspaceHarness(platform: platform, seed: 7, faults: plan, persistSandbox: false)
        defer { Task { await harness.close() } }
        let (_, outcomes) = try await harness.launch(try harness.bench(progress: { line in lines.withLock { $0.append(line) } }))
        let report = try #require(outcomes.first?.report)
        #expect(outcomes[0].error == nil && report.failed.isEmpty, "\(report.failed.map(\.reason)) \(outcomes[0].error ?? "")")
        #expect(report.created.count == 6 && report.enabled.count == 6, "\(report.summary)")
        let sandbox = try await harness.sandbox()
        let refused = await sandbox.receivedRequests().filter { $0.fault == .partialFailure(index: 0) }
        let retried = lines.withLock { $0.filter { $0.contains("passing reason") } }
        print("passing refusals \(platform.rawValue): \(refused.count) faults drawn, \(retried.count) sent again in the same launch")
        #expect(!retried.isEmpty, "no operation was refused; the test proves nothing")
        #expect(await sandbox.duplicateObjects(platform) == [])
        #expect(await sandbox.tfzCampaigns(platform).allSatisfy { $0.status == .enabled })
    }

    /// A pause whose answer is lost twice: a status change is safe to repeat, so tfz sends it again; what it then says
    /// matches what it did (never "did not send it again" beside "sending it again"), and the same command run again
    /// finishes the change.
    @Test(arguments: platforms)
    func aStatusChangeWithoutAnswerTwiceSaysWhatTfzDid(_ platform: Platform) async throws {
        let harness = try WorkspaceHarness(platform: platform, persistSandbox: false)
        defer { Task { await harness.close() } }
        _ = try await harness.launch()
        let sandbox = try await harness.sandbox()
        let lines = Mutex<[String]>([])
        let bench = try harness.bench(progress: { line in lines.withLock { $0.append(line) } })
        let changer = StatusChanger(bench: bench)
        await sandbox.enqueueFaults([.dropAfterApplying, .dropAfterApplying])
        var said: [String] = []
        do {
            let outcome = try await bench.withWorkspaceLease { try await changer.change(try changer.choose(["fl-orange"], all: false, enable: false), enable: false) }
            said = outcome.problems
        } catch {
            said = [error.userMessage]
        }
        let everything = lines.withLock { $0 } + said
        print("status change unanswered twice, \(platform.rawValue): \(everything.filter { $0.contains("answer") })")
        #expect(everything.contains { $0.contains("sending it again") })
        #expect(!everything.contains { $0.contains("did not send it again") }, "\(everything)")
        #expect(said.allSatisfy { $0.contains("twice") || $0.contains("tries") }, "\(said)")
        // Run again: the zone ends paused, nothing else changed.
        let again = try await bench.withWorkspaceLease { try await changer.change(try changer.choose(["fl-orange"], all: false, enable: false), enable: false) }
        #expect(again.problems.isEmpty, "\(again.problems)")
        let remote = await sandbox.tfzCampaigns(platform)
        #expect(remote.filter { $0.status == .paused }.map(\.key.zone) == ["fl-orange", "fl-orange"], "\(remote)")
    }

    // MARK: A launch killed part way

    /// A launch stopped dead right after the N-th answer arrives (before tfz can record it), then run again with a new
    /// workbench on the same store and sandbox: converges, nothing twice, every campaign enabled. Points past a clean
    /// launch's answers are taken from a launch that loses 20 % of its answers after applying them.
    @Test(arguments: platforms)
    func aLaunchKilledAtTwentyPointsConverges(_ platform: Platform) async throws {
        // A clean launch's answers (a platform that batches has few): points past them come from launches with faults.
        let counter = KillAfterResponses(limit: Int.max)
        let clean = try WorkspaceHarness(platform: platform, sandboxMiddlewares: [counter], persistSandbox: false)
        _ = try await clean.launch()
        await clean.close()
        let cleanAnswers = counter.count.withLock { $0 }
        var points: [String] = []
        for point in 1...20 {
            // Past a clean launch's answers, a launch that loses answers after applying them has more: try seeds until
            // one reaches the N-th answer, so that every point really kills.
            var harness: WorkspaceHarness!
            var fired = false
            for seed in UInt64(1)...40 where !fired {
                if let harness { await harness.close() }
                let faults = point <= cleanAnswers ? FaultPlan.none
                    : FaultPlan(random: [.init(.dropAfterApplying, probability: 0.25), .init(.unavailable, probability: 0.2)])
                let killer = KillAfterResponses(limit: point)
                harness = try WorkspaceHarness(platform: platform, seed: seed, faults: faults, sandboxMiddlewares: [killer])
                _ = try? await harness.launch()
                fired = killer.fired
            }
            if fired { points.append("\(point)") }
            let rerun = WorkspaceConnector(root: harness.root, sandbox: harness.connector.sandboxConfiguration, mode: .inProcess, timeout: 5,
                                           timeZone: "America/New_York", environment: [:])
            // The same sandbox state (persisted under .tfz/sandbox) through a new connector, as a new process would see it.
            await harness.connector.close()
            let bench = try harness.bench(connector: rerun)
            var converged = false
            // The sandbox keeps drawing faults in the reruns: as many launches as the fault suite allows.
            for _ in 0..<10 where !converged {
                let (_, outcomes) = try await harness.launch(bench)
                converged = outcomes.allSatisfy { $0.error == nil && $0.report.failed.isEmpty }
            }
            let sandbox = try await rerun.sandbox()
            #expect(converged, "point \(point)")
            #expect(await sandbox.duplicateObjects(platform) == [], "point \(point)")
            let remote = await sandbox.tfzCampaigns(platform)
            #expect(remote.count == 6 && remote.allSatisfy { $0.status == .enabled }, "point \(point): \(remote)")
            let (again, _) = try await harness.launch(bench)
            #expect(again.actions.isEmpty, "point \(point): a further launch still has \(again.actions.map { "\($0.kind) \($0.key)" })")
            await rerun.close()
            try? FileManager.default.removeItem(at: harness.root)
        }
        print("crash suite \(platform.rawValue): a clean launch has \(cleanAnswers) answers; killed after answers \(points.joined(separator: ", ")) (\(points.count) kill points)")
        #expect(points.count == 20, "kill points that never killed: \(Set((1...20).map(String.init)).subtracting(points).sorted())")
    }

    // MARK: Credentials never leak

    /// The sandbox made to accept canary secrets (client secret, refresh token, developer token); a launch under
    /// faults, pause, resume, status, a pull: no canary, and no bearer token, in anything tfz writes — log lines at
    /// every level (the HTTP stack's redacting log), progress lines, failure reasons and errors, the change log, the
    /// store's files.
    @Test(arguments: platforms)
    func noCredentialReachesLogsErrorsOrTheStore(_ platform: Platform) async throws {
        let canaries = ["CANARY-secret-5f1e9a", "CANARY-refresh-77b2c0", "CANARY-devtoken-3d9e41"]
        let faults = FaultPlan(random: [.init(.rateLimited(retryDelay: "1s"), probability: 0.05), .init(.internalError, probability: 0.05),
                                        .init(.dropAfterApplying, probability: 0.05), .init(.unavailable, probability: 0.05)])
        let harness = try WorkspaceHarness(platform: platform, faults: faults) { c in
            // Each platform's module takes the canaries in its own terms (Meta: a long-lived access token and an app secret).
            c.replaceSecrets(for: platform, clientSecret: canaries[0], refreshToken: canaries[1],
                             values: ["developer_token": canaries[2], "access_token": canaries[1], "app_secret": canaries[0]])
        }
        defer { Task { await harness.close() } }
        let log = CapturingLog(), progress = CapturingLog()
        let progressLogger = progress.logger("progress")
        let bench = try harness.bench(makeLogger: log.logger, progress: { progressLogger.info("\($0)") })
        var written: [String] = []
        for _ in 0..<5 {
            let (_, outcomes) = try await harness.launch(bench)
            written += outcomes.compactMap(\.error) + outcomes.flatMap { $0.report.failed.map(\.reason) }
            if outcomes.allSatisfy({ $0.error == nil && $0.report.failed.isEmpty }) { break }
        }
        let changer = StatusChanger(bench: bench)
        for enable in [false, true] {
            let outcome = try await bench.withWorkspaceLease { try await changer.change(try changer.choose(["fl-orange"], all: false, enable: enable), enable: enable) }
            written += outcome.problems
        }
        written += try await StatusReader(bench: bench).rows().flatMap { $0.drift + [$0.unreachable ?? ""] }
        try await harness.sandbox().advance(days: 30)
        let account = try #require(bench.supportedAccounts.first { $0.platform == platform })
        do { _ = try await MetricsPulls(bench: bench).pull(account) } catch { written.append(error.userMessage) }
        written += try bench.store.changeLog(limit: 10_000).map { "\($0.detail) \($0.result)" }
        let tfz = harness.root.appendingPathComponent(".tfz")
        for name in try FileManager.default.contentsOfDirectory(atPath: tfz.path) where name.hasPrefix("state.sqlite") {
            written.append(String(decoding: try Data(contentsOf: tfz.appendingPathComponent(name)), as: UTF8.self))
        }
        let everything = [log.text, progress.text] + written
        #expect(log.text.contains("POST") || log.text.contains("PUT"), "the capturing logger saw no request: the test would prove nothing")
        for canary in canaries {
            #expect(!everything.contains { $0.contains(canary) }, "\(canary) leaked")
        }
        #expect(!everything.contains { $0.range(of: "Bearer [A-Za-z0-9]", options: .regularExpression) != nil }, "a bearer token leaked")
        print("canary suite \(platform.rawValue): \(log.text.split(separator: "\n").count) log lines, \(written.count) messages and store files searched, 0 leaks")
    }

    // MARK: Helpers

    static func lastId(_ name: String) -> String { name.split(separator: "/").last.map(String.init) ?? name }

    struct Totals: Equatable, CustomStringConvertible {
        var impressions: Int64, clicks: Int64, costMicros: Int64
        var description: String { "\(impressions) impressions, \(clicks) clicks, \(costMicros) µ" }
    }

    /// The last day whose figures are final: four days before the sandbox's today (days 1–3 back are restated).
    static func settledDay(_ sandbox: RunningSandbox) async throws -> String {
        let today = try #require(CalendarDate(parsing: await sandbox.today()))
        return CalendarDate(dayNumber: today.dayNumber - 4).description
    }

    static func totals(_ store: any WorkspaceStore, _ platform: Platform, through: String? = nil) throws -> Totals {
        let rows = try store.aggregate(by: [], filter: ReportFilter(platforms: [platform], until: through))
        return Totals(impressions: rows.reduce(0) { $0 + $1.impressions }, clicks: rows.reduce(0) { $0 + $1.clicks },
                      costMicros: rows.reduce(0) { $0 + $1.costMicros })
    }
}

extension RunningSandbox {
    func deliveryTotals(_ platform: Platform, through: String) async -> PlatformSuiteTests.Totals {
        let t = await deliveryTotals(platform: platform, through: through)
        return PlatformSuiteTests.Totals(impressions: t.impressions, clicks: t.clicks, costMicros: t.costMicros)
    }
}

/// Stops a launch dead after the N-th answer, before tfz sees it: what SIGKILL does to a process, in process.
struct KillAfterResponses: HTTPMiddleware {
    struct Killed: Error {}
    let limit: Int
    let count = Counter()

    init(limit: Int) { self.limit = limit }

    /// Whether the kill happened.
    var fired: Bool { count.withLock { $0 >= limit } }

    func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        // After the kill nothing more is sent: the process is gone.
        if fired { throw Killed() }
        let response = try await next(request)
        if count.withLock({ $0 += 1; return $0 }) >= limit { throw Killed() }
        return response
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func withLock<T>(_ body: (inout Int) -> T) -> T { value.withLock { body(&$0) } }
}

/// A small seeded generator for the fault mixes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
