import AdPlatforms
import CampaignKit
import Foundation
import Logging
import Operations
import Sandbox
import Store

/// A copy of the sample workspace with its own store and an in-process sandbox (no socket): what the per-platform
/// suites run tfz's library calls against. Each harness is independent (its own temporary folder), so suites can run
/// in parallel.
public final class WorkspaceHarness: Sendable {
    public let root: URL
    public let platform: Platform
    public let connector: WorkspaceConnector
    public let library: Library

    /// The package's root, found from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample workspace with its search templates running on `platform` only (the sample runs them on Google Ads
    /// and Microsoft Advertising), the sandbox seeded with `seed` and injecting `faults`, its state under
    /// `.tfz/sandbox` (or in memory only, without `persistSandbox`: faster, for suites that never restart it).
    public init(platform: Platform, seed: UInt64 = 2026, faults: FaultPlan = .none, today: String = "2026-12-14",
                sandboxMiddlewares: [any HTTPMiddleware] = [], persistSandbox: Bool = true,
                mode: WorkspaceConnector.SandboxMode = .inProcess, timeout: Double = 5,
                configure: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        self.platform = platform
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("tfz-harness-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        for item in ["tfz.yaml", "Campaigns", "Creative"] {
            try fm.copyItem(at: Self.packageRoot.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        if platform.isSearch {
            let base = root.appendingPathComponent("Campaigns/templates/base-search.yaml")
            var text = try String(contentsOf: base, encoding: .utf8)
            for other in [Platform.googleAds, .microsoftAds] where other != platform {
                let channel = "  - platform: \(other.rawValue)\n    account: \(other == .googleAds ? "google-main" : "microsoft-main")\n    trigger: keywords\n"
                precondition(text.contains(channel), "the sample's base-search.yaml changed; update WorkspaceHarness")
                text = text.replacingOccurrences(of: channel, with: "")
            }
            try text.write(to: base, atomically: true, encoding: .utf8)
        } else {
            try Self.writeSocialTemplates(root: root, platform: platform)
        }
        library = Library.build(try WorkspaceReader.read(root))
        precondition(!library.hasErrors, "the sample has errors: \(DiagnosticRenderer.text(library.diagnostics))")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = CalendarDate(parsing: today)!
        let noon = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
        var configuration = SandboxConfiguration(stateDirectory: persistSandbox ? root.appendingPathComponent(".tfz/sandbox") : nil,
                                                 seed: seed, faults: faults, now: { noon })
        configure(&configuration)
        connector = WorkspaceConnector(root: root, sandbox: configuration, mode: mode, timeout: timeout,
                                       timeZone: library.workspace.config?.timeZone.value, environment: [:], sandboxMiddlewares: sandboxMiddlewares)
    }

    /// A social platform's six campaigns: the sample's `deterrence-social` on `platform` only, and an `outreach-social`
    /// with social copy, in each of the three zones (the same shape as the search platforms' six).
    static func writeSocialTemplates(root: URL, platform: Platform) throws {
        let channel = switch platform {
        case .meta: "  - platform: meta\n    account: meta-main\n    trigger: interests\n    interests: [\"Social issues\", \"Community issues\"]\n"
        default: "  - platform: \(platform.rawValue)\n    account: \(platform.rawValue)-main\n    trigger: keywords\n"
        }
        let keywords = platform == .meta ? "" : "keywords:\n  lists: [help-seeking-terms]\n"
        let templates = root.appendingPathComponent("Campaigns/templates")
        let social = templates.appendingPathComponent("deterrence-social.yaml")
        var text = try String(contentsOf: social, encoding: .utf8)
        guard let start = text.range(of: "channels:\n"), let end = text.range(of: "keywords:\n") else {
            preconditionFailure("the sample's deterrence-social.yaml changed; update WorkspaceHarness")
        }
        text.replaceSubrange(start.upperBound..<end.lowerBound, with: channel)
        try text.write(to: social, atomically: true, encoding: .utf8)
        try ("name: Outreach — social\npurpose: outreach\naudience: people_at_risk\nchannels:\n" + channel + keywords
            + "creative: [outreach/help-social]\n"
            + "landing_page: https://example.org/help/{zone}?utm_source={platform}&utm_medium=social&utm_campaign={template}\n"
            + "budget: {daily: 12.00}\nflight: {start: 2027-01-01}\n")
            .write(to: templates.appendingPathComponent("outreach-social.yaml"), atomically: true, encoding: .utf8)
        try ("purpose: outreach\nsocial:\n  primary_text: \"Free, confidential help, 24/7. Call 1-888-373-7888 or text 233733.\"\n"
            + "  headline: Help Is Available\n  description: National Human Trafficking Hotline\n  image: images/know-the-signs.png\n"
            + "  call_to_action: LEARN_MORE\nhotline:\n  phone: 1-888-373-7888\n  sms: \"233733\"\n")
            .write(to: root.appendingPathComponent("Creative/outreach/help-social.yaml"), atomically: true, encoding: .utf8)
        let zones = root.appendingPathComponent("Campaigns/zones")
        for name in try FileManager.default.contentsOfDirectory(atPath: zones.path) where name.hasSuffix(".yaml") {
            let url = zones.appendingPathComponent(name)
            var zone = try String(contentsOf: url, encoding: .utf8)
            zone = zone.replacingOccurrences(of: "    platforms: [meta]            # Reddit not used in this zone\n", with: "")
            if !zone.hasSuffix("\n") { zone += "\n" }
            zone += "  - template: outreach-social\n"
            try zone.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// The campaigns of the harness's platform.
    public var campaigns: [Campaign] { library.campaigns.filter { $0.key.platform == platform } }

    /// A workbench as one tfz command would have it: the workspace's store, this harness's sandbox.
    public func bench(actor: String = "user:test", command: String = "test", connector: WorkspaceConnector? = nil,
                      store: (any WorkspaceStore)? = nil,
                      makeLogger: @escaping @Sendable (String) -> Logger = { Logger(label: $0) },
                      progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Workbench {
        Workbench(library: library, store: try store ?? SQLiteStore(directory: root.appendingPathComponent(".tfz")), connector: connector ?? self.connector,
                  actor: actor, holder: "tfz \(command) (test \(UUID().uuidString))", pacing: .virtual(), makeLogger: makeLogger, progress: progress,
                  root: root)
    }

    /// `tfz launch --all --yes` as a library call: the plan made under the lease and applied.
    public func launch(_ bench: Workbench? = nil) async throws -> (plan: Plan, outcomes: [Launcher.AccountOutcome]) {
        let bench = try bench ?? self.bench()
        return try await bench.withWorkspaceLease {
            let plan = Launcher.plan(campaigns, known: try bench.store.remoteState(), all: true, config: library.workspace.config!, includeKeywords: false)
            return (plan, try await Launcher(bench: bench).apply(plan, campaigns: campaigns))
        }
    }

    public func sandbox() async throws -> RunningSandbox { try await connector.sandbox() }

    public func close() async {
        await connector.close()
        try? FileManager.default.removeItem(at: root)
    }
}
