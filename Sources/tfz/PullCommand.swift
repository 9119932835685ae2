import AdPlatforms
import ArgumentParser
import CampaignKit
import Foundation
import Operations

/// `tfz pull`: daily impressions, clicks and cost from the platforms into the local store.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Bring daily metrics from the ad platforms into the local store.",
        discussion: """
            Each account is read from the day after its bookmark (the last day stored completely), and the last
            `metrics.lookback_days` days (Google Ads: 30) are read again because platforms restate them; re-read days
            overwrite what was stored, never add to it. A first pull reads the last \(PullWindow.defaultFirstPullDays) days;
            use --since to go further back. A pull that fails part way keeps what it stored and can simply be run again.
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: ArgumentHelp("First day to pull (YYYY-MM-DD); default: see above.", valueName: "DATE")) var since: String?
    @Option(help: ArgumentHelp("Last day to pull (YYYY-MM-DD); default: the account's today.", valueName: "DATE")) var until: String?
    @Option(help: "Only this platform (google_ads, microsoft_ads, meta, reddit).") var platform: String?
    @Option(help: "Only the account with this name in tfz.yaml.") var account: String?

    func run() async throws {
        let sinceDate = try since.map { try Self.date($0, "--since") }
        let untilDate = try until.map { try Self.date($0, "--until") }
        if let sinceDate, let untilDate, sinceDate > untilDate { throw UsageError("--since \(sinceDate) is after --until \(untilDate)") }
        let wanted = try platform.map { name -> Platform in
            guard let p = Platform(rawValue: name) else {
                throw UsageError("unknown platform '\(name)'; use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return p
        }
        let root = try workspace.root()
        let library = Library.build(try WorkspaceReader.read(root))
        guard let config = library.workspace.config else {
            Console.err(DiagnosticRenderer.text(library.diagnostics))
            throw ExitCode(1)
        }
        if let account, !config.accounts.contains(where: { $0.name == account }) {
            throw UsageError("tfz.yaml has no account named '\(account)' (accounts: \(config.accounts.map(\.name).joined(separator: ", ")))")
        }
        let accounts = config.accounts.filter { (wanted == nil || $0.platform == wanted) && (account == nil || $0.name == account) }
        let session = try Session(root: root, library: library, command: "pull")
        defer { session.close() }
        var failures: [String] = []
        var pulled = 0
        let pulls = MetricsPulls(bench: session.bench)
        for account in accounts {
            guard PlatformRegistry.descriptor(account.platform) != nil else {
                if wanted != nil || self.account != nil {
                    Console.err("\(account.name): pulling \(account.platform.displayName) metrics is not supported yet.")
                }
                continue
            }
            do {
                let bar = ProgressBar(label: "\(account.name)")
                let result = try await pulls.pull(account, since: sinceDate, until: untilDate, progress: {
                    bar.update(done: $0.chunk, of: $0.chunks, detail: "\($0.rows.formatted()) rows, through \($0.through)")
                })
                bar.finish()
                pulled += 1
                guard let result else {
                    Console.out("\(account.name): nothing to pull (the window is empty).")
                    continue
                }
                Console.out("\(account.name) (\(account.platform.displayName) \(account.accountId)): \(result.since) … \(result.until), "
                    + "\(result.rows.formatted()) rows in \(result.chunks) request group(s); stored completely through \(result.bookmark ?? "—").")
            } catch {
                Console.err("\(account.name): the pull stopped: \(error.userMessage)")
                Console.err("  what was stored before stays stored; run `tfz pull` again to continue from \(account.name)'s bookmark.")
                failures.append(account.name)
            }
        }
        if pulled == 0 && failures.isEmpty {
            Console.out("No account to pull from: this version pulls \(PlatformRegistry.descriptors.map(\.platform.displayName).joined(separator: " and ")) accounts.")
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    static func date(_ text: String, _ option: String) throws -> CalendarDate {
        guard let date = CalendarDate(parsing: text) else { throw UsageError("\(option) '\(text)' is not a date; write YYYY-MM-DD") }
        return date
    }
}

/// A one-line progress bar on a terminal's stderr, redrawn in place; silent when stderr is not a terminal.
final class ProgressBar {
    let label: String
    let enabled = isatty(STDERR_FILENO) == 1
    private var drawn = false

    init(label: String) { self.label = label }

    func update(done: Int, of total: Int, detail: String) {
        guard enabled, total > 1 else { return }
        let width = 24
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(label) \(bar) \(done)/\(total) · \(detail)".utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        drawn = false
    }
}
