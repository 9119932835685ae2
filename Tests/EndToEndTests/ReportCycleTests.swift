import Foundation
import Testing

/// `tfz launch` → `tfz sandbox advance` → `tfz pull` → `tfz report` as a user runs them: the built binary, the embedded
/// sandbox with its fixed seed and a fixed start day, the real SQLite store. The golden reports pin the whole chain —
/// sandbox delivery → searchStream → parser → store → aggregation → renderer — so a change anywhere in it shows up as a
/// diff in `Snapshots/` (re-record with `TFZ_RECORD_SNAPSHOTS=1` and review it).
@Suite(.serialized, PulledWorkspace()) struct ReportCycleTests {
    /// `tfz report` writes only the guardrail lines on stderr (the monthly cap's projection for the real current month,
    /// so its text depends on the day the test runs): one line, "Monthly cap $20,000.00: … — within the cap".
    static func onlyGuardrails(_ stderr: String) -> Bool {
        stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("Monthly cap $20,000.00: ") && $0.hasSuffix("— within the cap") }
    }

    /// The report commands with golden output, and their golden files.
    static let goldens: [(arguments: [String], file: String)] = [
        (["report", "--by", "zone,purpose"], "report-zone-purpose.txt"),
        (["report", "--by", "zone,week", "--format", "json"], "report-zone-week.json"),
        (["report", "--by", "keyword", "--purpose", "outreach", "--limit", "10"], "report-keyword-outreach-limit-10.txt"),
    ]

    /// CSV is compared as written to a file: on standard output it gains a stray line feed (see `csvOnStandardOutput`).
    static let csvArguments = ["report", "--by", "landing_page,purpose", "--format", "csv"]
    static let csvGolden = "report-landing-page-purpose.csv"

    var workspace: PulledWorkspace.Cycle {
        get throws { try #require(PulledWorkspace.current, "the suite trait did not provide the workspace") }
    }

    func run(_ arguments: [String], in dir: URL) async throws -> TFZRunner.Result {
        try await TFZRunner.runOffPool(arguments, workspace: dir, environment: PulledWorkspace.environment)
    }

    // MARK: - Golden reports

    @Test func goldenReports() async throws {
        let dir = try workspace.dir
        for (arguments, file) in Self.goldens {
            let r = try await run(arguments, in: dir)
            #expect(r.exited(0), "\(arguments): \(r)")
            #expect(Self.onlyGuardrails(r.stderr), "\(arguments): \(r.stderr)")
            try Snapshot.assert(r.stdout, named: file)
        }
        let csv = try #require(try await csvFile(in: dir))
        try Snapshot.assert(csv, named: Self.csvGolden)
    }

    /// What the goldens cannot say by themselves: the rows add up to the totals, delivery starts on the flight start
    /// day and ends the day before the sandbox's today, and there is delivery for both purposes in every zone.
    @Test func reportsAreConsistent() async throws {
        let dir = try workspace.dir
        let json = try await run(["report", "--by", "zone,week", "--format", "json"], in: dir)
        #expect(json.exited(0), "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["dimensions"] as? [String] == ["zone", "week"])
        let rows = try #require(object["rows"] as? [[String: Any]])
        let totals = try #require(object["totals"] as? [String: Any])
        let impressions = rows.compactMap { $0["impressions"] as? Int }
        #expect(impressions.count == rows.count && !rows.isEmpty)
        #expect(impressions.reduce(0, +) == totals["impressions"] as? Int)
        #expect(rows.compactMap { $0["clicks"] as? Int }.reduce(0, +) == totals["clicks"] as? Int)
        #expect(Set(rows.compactMap { $0["zone"] as? String }) == ["fl-hillsborough", "fl-orange", "fl-pinellas"])
        // Weeks start on Monday: 2027-01-01 is a Friday, in the week of 2026-12-28.
        #expect(rows.compactMap { $0["week"] as? String }.min() == "2026-12-28")

        let days = try await run(["report", "--by", "day", "--format", "csv"], in: dir)
        #expect(days.exited(0), "\(days)")
        let dates = days.stdout.split(whereSeparator: \.isNewline).dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(dates.first == "2027-01-01", "delivery starts on the flight start")
        #expect(dates.last == "2027-02-07", "the last day delivered is the day before the sandbox's today")
        #expect(dates.count == 38, "every day from 1 Jan to 7 Feb has a row")

        let purposes = try await run(["report", "--by", "zone,purpose", "--format", "csv"], in: dir)
        let pairs = purposes.stdout.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: "/") }
        #expect(pairs == ["fl-hillsborough/deterrence", "fl-hillsborough/outreach", "fl-orange/deterrence", "fl-orange/outreach",
                          "fl-pinellas/deterrence", "fl-pinellas/outreach"], "\(purposes)")
    }

    // MARK: - tfz pull

    @Test func firstPullNamesTheAccountAndItsBookmark() throws {
        let pull = try workspace.firstPull
        #expect(pull.exited(0), "\(pull)")
        #expect(pull.stderr == "", "no progress bar when stderr is not a terminal")
        // A first pull reads the last 90 days up to the sandbox's today; the today itself is not complete yet.
        let prefix = "google-main (Google Ads 1234567890): 2026-11-11 … 2027-02-08, "
        let suffix = " request group(s); stored completely through 2027-02-07.\n"
        #expect(pull.stdout.hasPrefix(prefix) && pull.stdout.hasSuffix(suffix), "\(pull)")
        #expect(pull.stdout.filter { $0 == "\n" }.count == 1, "one line per account: \(pull)")
        let rows = pull.stdout.dropFirst(prefix.count).prefix { $0 != " " }.replacingOccurrences(of: ",", with: "")
        #expect((Int(rows) ?? 0) > 1_000, "\(pull)")
    }

    /// A second pull re-reads the lookback window (30 days for Google Ads) and overwrites it: the reports do not change.
    @Test func aSecondPullChangesNoReport() async throws {
        let dir = try workspace.dir
        var before: [String] = []
        for (arguments, _) in Self.goldens { before.append(try await run(arguments, in: dir).stdout) }
        let csvBefore = try await csvFile(in: dir)

        let pull = try await run(["pull"], in: dir)
        #expect(pull.exited(0), "\(pull)")
        #expect(pull.stderr == "")
        #expect(pull.stdout.hasPrefix("google-main (Google Ads 1234567890): 2027-01-10 … 2027-02-08, "), "30 days back: \(pull)")
        #expect(pull.stdout.hasSuffix("; stored completely through 2027-02-07.\n"), "\(pull)")

        for ((arguments, _), old) in zip(Self.goldens, before) {
            let r = try await run(arguments, in: dir)
            #expect(r.exited(0))
            #expect(r.stdout == old, "\(arguments) changed after a second pull")
        }
        #expect(try await csvFile(in: dir) == csvBefore, "the CSV report changed after a second pull")
    }

    // MARK: - CSV on standard output

    /// The CSV renderer ends rows with CRLF (RFC 4180); in Swift "\r\n" is one `Character`, so a newline check by
    /// `hasSuffix("\n")` once made standard output end "\r\n\n". Standard output must be exactly the file's bytes.
    @Test func csvOnStandardOutputIsTheFileBytes() async throws {
        let dir = try workspace.dir
        let stdout = try await run(Self.csvArguments, in: dir)
        #expect(stdout.exited(0), "\(stdout)")
        let file = try #require(try await csvFile(in: dir))
        #expect(Data(stdout.stdout.utf8) == file)
    }

    // MARK: - HTML

    @Test func htmlReportIsWrittenWhereItSays() async throws {
        let dir = try workspace.dir
        let r = try await run(["report", "--format", "html"], in: dir)
        #expect(r.exited(0), "\(r)")
        #expect(Self.onlyGuardrails(r.stderr), "\(r.stderr)")
        let file = dir.appendingPathComponent(".tfz/reports/report-2027-01-01-to-2027-02-07.html").standardizedFileURL
        #expect(r.stdout == "Report written to \(file.path)\n")
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"), "\(html.prefix(80))")
        #expect(html.components(separatedBy: "<svg").count - 1 >= 4, "the charts are inline SVG")
        #expect(!html.lowercased().contains("<script"), "the partner report runs no script")
        #expect(html.contains("<p class=\"headline\">Searches for buyer terms changed "), "the demand-trend headline")
        #expect(html.contains("per year (95 % CI "), "the trend carries its interval")
        for zone in ["fl-hillsborough", "fl-orange", "fl-pinellas"] {
            #expect(html.contains("https://example.org/help/\(zone)"), "help landing page of \(zone)")
        }
        #expect(!html.contains("No metrics have been pulled yet"))

        // -o writes elsewhere, relative to the current folder, and the two files differ only in the generation time.
        let other = try await run(["report", "--format", "html", "-o", dir.appendingPathComponent("partner.html").path], in: dir)
        #expect(other.exited(0), "\(other)")
        let second = try String(contentsOf: dir.appendingPathComponent("partner.html"), encoding: .utf8)
        func withoutTime(_ s: String) -> String { s.replacingOccurrences(of: #"Generated [0-9T:\-]+Z"#, with: "Generated …", options: .regularExpression) }
        #expect(withoutTime(second) == withoutTime(html))
    }

    // MARK: - Usage errors (exit 2)

    static let usageErrors: [(arguments: [String], message: String)] = [
        (["--by", "zone,county"], "tfz: error: --by: unknown dimension 'county'; use zone, campaign, purpose, platform, keyword, creative, landing_page, day, week, month\n"),
        (["--by", "keyword,creative"], "tfz: error: --by can name only one of keyword, creative and landing_page: the platforms report them separately\n"),
        (["--since", "2027-02-30"], "tfz: error: --since '2027-02-30' is not a date; write YYYY-MM-DD\n"),
        (["--since", "1 Jan 2027"], "tfz: error: --since '1 Jan 2027' is not a date; write YYYY-MM-DD\n"),
        (["--since", "2027-02-01", "--until", "2027-01-01"], "tfz: error: --since 2027-02-01 is after --until 2027-01-01\n"),
        (["--format", "pdf"], "tfz: error: unknown format 'pdf'; use one of text, csv, json, html\n"),
    ]

    @Test(arguments: usageErrors.indices) func usageErrorsExit2(_ index: Int) async throws {
        let (arguments, message) = Self.usageErrors[index]
        let r = try await run(["report"] + arguments, in: try workspace.dir)
        #expect(r.exited(2), "\(arguments): \(r)")
        #expect(r.stdout == "", "\(arguments)")
        #expect(r.stderr == message, "\(arguments)")
    }

    // MARK: - Before any pull

    @Test func beforeAnyPullTheReportSaysToPull() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        let text = try await run(["report"], in: dir)
        #expect(text.exited(0), "\(text)")
        #expect(text.stdout == "No metrics for this selection yet — run `tfz pull`.\n")
        #expect(Self.onlyGuardrails(text.stderr), "\(text.stderr)")
        let html = try await run(["report", "--format", "html", "-o", dir.appendingPathComponent("r.html").path], in: dir)
        #expect(html.exited(0), "\(html)")
        let page = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(page.contains("No metrics have been pulled yet: run `tfz pull`, then make this report again."))
    }

    // MARK: -

    /// The CSV report written with `-o` to a file of its own.
    func csvFile(in dir: URL) async throws -> Data? {
        let url = dir.appendingPathComponent("landing-pages-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try await run(Self.csvArguments + ["-o", url.path], in: dir)
        #expect(r.exited(0), "\(r)")
        #expect(r.stdout == "Report written to \(url.standardizedFileURL.path)\n")
        return try? Data(contentsOf: url)
    }
}

/// One copy of the sample workspace for the whole suite, launched, advanced 56 days and pulled once (about 6 s in a debug
/// build), handed to the tests as a task-local value and removed afterwards.
struct PulledWorkspace: SuiteTrait, TestScoping {
    /// The sandbox clock starts on 14 Dec 2026; 56 days later it is 8 Feb 2027, and the Google campaigns deliver from
    /// their flight start, 1 Jan 2027, to 7 Feb 2027.
    static let environment = ["TFZ_SANDBOX_TODAY": "2026-12-14"]

    struct Cycle: Sendable {
        let dir: URL
        let firstPull: TFZRunner.Result
    }

    @TaskLocal static var current: Cycle?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        func step(_ arguments: [String]) async throws -> TFZRunner.Result {
            let r = try await TFZRunner.runOffPool(arguments, workspace: dir, environment: Self.environment)
            try #require(r.exited(0), "\(arguments): \(r)")
            return r
        }
        let launch = try await step(["launch", "--all", "--yes"])
        try #require(launch.stdout.contains("google_ads google-main: 6 created"), "\(launch)")
        let advance = try await step(["sandbox", "advance", "--days", "56"])
        try #require(advance.stdout == "Sandbox clock: 2026-12-14 → 2027-02-08; delivery simulated for 56 day(s) (through the day before 2027-02-08).\n",
                     "\(advance)")
        let pull = try await TFZRunner.runOffPool(["pull"], workspace: dir, environment: Self.environment)
        try await Self.$current.withValue(Cycle(dir: dir, firstPull: pull)) { try await function() }
    }
}
