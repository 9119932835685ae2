import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Reporting
import Scheduling
import Store

/// `tfz report`: what the campaigns did, from the metrics `tfz pull` stored — as a table, CSV, JSON, or the HTML partner report.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report impressions, clicks, CTR, cost and CPC from pulled metrics.",
        discussion: """
            --by takes a comma-separated list of: zone, campaign, purpose, platform, keyword, creative, landing_page,
            day, week, month (at most one of keyword, creative and landing_page: the platforms report them separately).
            --format html writes the self-contained partner report (demand trend, help landing pages, daily figures,
            CTR by zone, top keywords) to --output, by default .tfz/reports/report-SINCE-to-UNTIL.html, and prints where.
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Group by these dimensions, comma-separated (default: zone).") var by: String = "zone"
    @Option(help: "Only this zone (repeatable).") var zone: [String] = []
    @Option(help: "Only this purpose: deterrence, education, outreach (repeatable).") var purpose: [String] = []
    @Option(help: "Only this platform (repeatable).") var platform: [String] = []
    @Option(help: ArgumentHelp("First day (YYYY-MM-DD).", valueName: "DATE")) var since: String?
    @Option(help: ArgumentHelp("Last day (YYYY-MM-DD).", valueName: "DATE")) var until: String?
    @Option(help: "text, csv, json or html.") var format: String = "text"
    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE")) var output: String?
    @Option(help: "Show at most N rows in the text table.") var limit: Int?
    @Option(help: "Order rows by: name (the grouping, default), impressions, clicks, cost or ctr (largest first).") var sort: String = "name"

    func run() async throws {
        guard let format = ReportFormat(rawValue: format) else {
            throw UsageError("unknown format '\(self.format)'; use one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let dimensions = try Self.dimensions(by)
        let filter = try self.filter()
        let root = try workspace.root()
        let library = Library.build(try WorkspaceReader.read(root))
        guard let config = library.workspace.config else {
            Console.err(DiagnosticRenderer.text(library.diagnostics))
            throw ExitCode(1)
        }
        let store = try WorkspaceStores.open(root: root, setting: config.store)
        let currency = config.currency.value
        // Guardrails — the monthly cap's projection and, for Ad Grants accounts, the month's CTR against Google's 5 % —
        // on stderr, so that CSV and JSON stay clean, and in the HTML report's notes.
        let now = Date()
        var guardrailLines = try GuardrailReader.monthlyCap(store: store, library: library, config: config, now: now)
            .map { [$0.line(currency: config.currency.value)] } ?? []
        guardrailLines += try GuardrailReader.watches(store: store, library: library, config: config, now: now).compactMap(\.line)
        for line in guardrailLines { Console.err(line) }
        let text: String
        var destination = output.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
        if format == .html {
            var bundle = try Self.bundle(store: store, filter: filter, config: config, description: describe(filter))
            bundle.notes += guardrailLines
            text = HTMLReport.render(bundle)
            if destination == nil {
                let name = CalendarDate(parsing: bundle.since) != nil && CalendarDate(parsing: bundle.until) != nil
                    ? "report-\(bundle.since)-to-\(bundle.until).html" : "report.html"
                destination = root.appendingPathComponent(".tfz/reports/\(name)")
            }
        } else {
            let rows = try Self.sorted(try store.aggregate(by: dimensions, filter: filter), by: sort)
            text = ReportTable(dimensions: dimensions, rows: rows, currency: currency, filter: filter).render(format, maxRows: limit)
        }
        guard let destination else { Console.out(text); return }
        do {
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: destination, options: .atomic)
        } catch {
            throw OperationError("could not write the report to \(destination.path): \(error.localizedDescription)")
        }
        Console.out("Report written to \(destination.standardizedFileURL.path)")
    }

    /// Everything the partner report shows, read from the store with one filter.
    static func bundle(store: any WorkspaceStore, filter: ReportFilter, config: WorkspaceConfig, description: String) throws -> ReportBundle {
        let daily = try store.aggregate(by: [.day], filter: filter)
        let days = daily.compactMap(\.values.first).sorted()
        let pulls = try store.recentPulls(limit: 50)
        var notes: [String] = []
        if pulls.isEmpty { notes.append("No metrics have been pulled yet: run `tfz pull`, then make this report again.") }
        if let last = pulls.first, last.status == "failed" {
            notes.append("The last pull (\(last.pull.platform.displayName), started \(last.pull.startedAt)) did not finish; figures after its bookmark may be missing until the next pull.")
        }
        return ReportBundle(
            organization: config.organization, title: "Campaign report",
            since: filter.since ?? days.first ?? "—", until: filter.until ?? days.last ?? "—",
            generatedAt: ISO8601DateFormatter().string(from: Date()), currency: config.currency.value, filterDescription: description,
            daily: daily, byZone: try store.aggregate(by: [.zone], filter: filter),
            byZonePurpose: try store.aggregate(by: [.zone, .purpose], filter: filter),
            topKeywords: try store.aggregate(by: [.keyword], filter: filter),
            landingPages: try store.aggregate(by: [.landingPage, .purpose], filter: filter),
            byCreative: try store.aggregate(by: [.creative], filter: filter),
            demand: try store.demandDays(filter: filter),
            pulls: pulls.filter { $0.status == "complete" }.prefix(10).map(\.pull), notes: notes,
            byZonePlatform: try store.aggregate(by: [.zone, .platform], filter: filter),
            byPlatformPurpose: try store.aggregate(by: [.platform, .purpose], filter: filter))
    }

    /// Rows largest first by a measure (ties by name), or as the store gives them (by the grouping's values).
    static func sorted(_ rows: [AggregateRow], by order: String) throws -> [AggregateRow] {
        let measure: (AggregateRow) -> Double
        switch order {
        case "name": return rows
        case "impressions": measure = { Double($0.impressions) }
        case "clicks": measure = { Double($0.clicks) }
        case "cost": measure = { Double($0.costMicros) }
        case "ctr": measure = { $0.impressions == 0 ? -1 : Double($0.clicks) / Double($0.impressions) }
        default: throw UsageError("--sort: unknown order '\(order)'; use name, impressions, clicks, cost or ctr")
        }
        return rows.enumerated().sorted { a, b in
            let (x, y) = (measure(a.element), measure(b.element))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    static func dimensions(_ text: String) throws -> [ReportDimension] {
        var out: [ReportDimension] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_") }) where !name.isEmpty {
            guard let dimension = ReportDimension(rawValue: name) else {
                throw UsageError("--by: unknown dimension '\(name)'; use \(ReportDimension.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !out.contains(dimension) { out.append(dimension) }
        }
        guard !out.isEmpty else { throw UsageError("--by needs at least one dimension") }
        let grains = Set(out.compactMap(\.requiredGrain))
        if grains.count > 1 {
            throw UsageError("--by can name only one of keyword, creative and landing_page: the platforms report them separately")
        }
        return out
    }

    func filter() throws -> ReportFilter {
        var filter = ReportFilter(zones: Set(zone))
        for name in purpose {
            guard let p = Purpose(rawValue: name) else { throw UsageError("--purpose: unknown purpose '\(name)'; use deterrence, education or outreach") }
            filter.purposes.insert(p)
        }
        for name in platform {
            guard let p = Platform(rawValue: name) else {
                throw UsageError("--platform: unknown platform '\(name)'; use \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.platforms.insert(p)
        }
        if let since { guard CalendarDate(parsing: since) != nil else { throw UsageError("--since '\(since)' is not a date; write YYYY-MM-DD") } }
        if let until { guard CalendarDate(parsing: until) != nil else { throw UsageError("--until '\(until)' is not a date; write YYYY-MM-DD") } }
        if let since, let until, since > until { throw UsageError("--since \(since) is after --until \(until)") }
        filter.since = since
        filter.until = until
        return filter
    }

    func describe(_ filter: ReportFilter) -> String {
        func list(_ values: [String], all: String) -> String { values.isEmpty ? all : values.sorted().joined(separator: ", ") }
        return [list(Array(filter.zones), all: "All zones"), list(filter.purposes.map(\.rawValue), all: "all purposes"),
                list(filter.platforms.map(\.displayName), all: "all platforms")].joined(separator: " · ")
    }
}
