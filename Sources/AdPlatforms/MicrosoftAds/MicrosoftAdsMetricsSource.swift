import CampaignKit
import Foundation

/// Why a Microsoft Advertising report could not be had.
public enum MicrosoftAdsReportError: LocalizedError, Sendable, Equatable {
    /// `PollGenerateReport` answered `Error`.
    case failed(report: String, id: String)
    /// The report was still pending after every poll.
    case timedOut(report: String, id: String, polls: Int)
    /// The file is not the zipped CSV it should be.
    case malformed(report: String, problem: String)

    public var errorDescription: String? {
        switch self {
        case .failed(let report, let id):
            "Microsoft Advertising could not generate the \(report) (report request \(id) ended in Error); pull again later"
        case .timedOut(let report, let id, let polls):
            "Microsoft Advertising had not finished the \(report) after \(polls) polls (report request \(id)); pull again later"
        case .malformed(let report, let problem):
            "Microsoft Advertising sent a \(report) that tfz cannot read: \(Redactor.redact(problem))"
        }
    }
}

extension MicrosoftAdsReportError: RedactedDescription {}

/// Daily metrics of one Microsoft Advertising account through the Reporting service, one report per grain:
/// keyword → `KeywordPerformanceReportRequest`, ad → `AdPerformanceReportRequest`, campaign →
/// `CampaignPerformanceReportRequest` (with `ImpressionSharePercent`), landing page →
/// `DestinationUrlPerformanceReportRequest` (`FinalUrl`, or the legacy `DestinationUrl`).
///
/// Each report is submitted (daily aggregation, CSV, no header or footer rows, the custom date range), polled with a
/// growing delay until it is `Success` or `Error`, downloaded from its pre-signed URL (without auth headers), unzipped
/// and parsed. `Success` without a download URL means no data: zero rows. Money is exact: `Spend` `12.34` is 12,340,000
/// micros; `ImpressionSharePercent` `42.50%` is 0.425 (`< 10%` is 0.0999, as Google reports it); `--` or an empty cell
/// is no value.
public struct MicrosoftAdsMetricsSource: MetricsSource {
    public let client: MicrosoftAdsClient
    /// `ReportTime.ReportTimeZone` (e.g. `EasternTimeUSCanada`), or nil to leave it to Microsoft (it only moves the
    /// meaning of predefined periods such as "Yesterday"; tfz asks for custom date ranges).
    public var reportTimeZone: String?
    /// Delays between polls; the last one repeats until `maxPolls`.
    public var pollDelays: [Duration]
    public var maxPolls: Int
    /// Waits between polls; tests record instead of sleeping.
    public var sleep: @Sendable (Duration) async throws -> Void

    public var platform: Platform { .microsoftAds }
    public var accountId: String { client.accountId }
    public var apiVersion: String { client.version }
    public var attribution: String {
        "microsoft_ads: conversions as the account's conversion goals count them (their own windows and attribution)"
    }

    public init(client: MicrosoftAdsClient, reportTimeZone: String? = nil,
                pollDelays: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(15)], maxPolls: Int = 60,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.client = client
        self.reportTimeZone = reportTimeZone
        self.pollDelays = pollDelays.isEmpty ? [.seconds(5)] : pollDelays
        self.maxPolls = max(1, maxPolls)
        self.sleep = sleep
    }

    // MARK: Requests

    /// The report type and columns for a grain (the columns are values of the type's `*ReportColumn` enum).
    public static func report(_ grain: MetricGrain) -> (type: String, columns: [String], scopesAdGroups: Bool) {
        let measures = ["Impressions", "Clicks", "Spend", "Conversions"]
        switch grain {
        case .keyword:
            return ("KeywordPerformanceReportRequest",
                    ["TimePeriod", "AccountId", "CampaignId", "AdGroupId", "KeywordId", "Keyword", "BidMatchType"] + measures, true)
        case .ad:
            return ("AdPerformanceReportRequest", ["TimePeriod", "AccountId", "CampaignId", "AdGroupId", "AdId"] + measures, true)
        case .campaign:
            return ("CampaignPerformanceReportRequest", ["TimePeriod", "AccountId", "CampaignId"] + measures + ["ImpressionSharePercent"], false)
        case .landingPage:
            return ("DestinationUrlPerformanceReportRequest",
                    ["TimePeriod", "AccountId", "CampaignId", "AdGroupId", "FinalUrl", "DestinationUrl"] + measures, true)
        }
    }

    /// The `ReportRequest` for a grain and an inclusive `yyyy-MM-dd` window.
    public func reportRequest(_ grain: MetricGrain, since: CalendarDate, until: CalendarDate) -> MicrosoftAdsJSON {
        let (type, columns, _) = Self.report(grain)
        var time: [(String, MicrosoftAdsJSON)] = [("CustomDateRangeStart", .date(since)), ("CustomDateRangeEnd", .date(until))]
        if let reportTimeZone { time.append(("ReportTimeZone", .string(reportTimeZone))) }
        return .object([
            ("Type", .string(type)),
            ("ReportName", .string("tfz \(grain.rawValue) \(since)..\(until)")),
            ("Format", .string("Csv")),
            ("ExcludeReportHeader", .bool(true)),
            ("ExcludeReportFooter", .bool(true)),
            ("ExcludeColumnHeaders", .bool(false)),
            ("ReturnOnlyCompleteData", .bool(false)),
            ("Aggregation", .string("Daily")),
            ("Columns", .array(columns.map { .string($0) })),
            ("Scope", .object([("AccountIds", .array([.string(client.accountId)]))])),
            ("Time", .object(time)),
        ])
    }

    public func fetch(_ grain: MetricGrain, since: String, until: String) async throws -> [MetricRow] {
        guard let from = CalendarDate(parsing: since), let to = CalendarDate(parsing: until) else {
            throw MicrosoftAdsReportError.malformed(report: Self.name(grain), problem: "the window \(since)..\(until) is not two dates")
        }
        let id = try await client.submitReport(reportRequest(grain, since: from, until: to))
        var polls = 0
        while true {
            let (status, url) = try await client.pollReport(id)
            polls += 1
            switch status {
            case "Success":
                guard let url else { return [] }
                guard let download = URL(string: url), download.scheme != nil else {
                    throw MicrosoftAdsReportError.malformed(report: Self.name(grain), problem: "the download URL is not a URL")
                }
                let archive = try await client.get(download, operation: "microsoft_ads.ReportDownload")
                return try Self.rows(fromArchive: archive, grain: grain, accountId: client.accountId)
            case "Error":
                throw MicrosoftAdsReportError.failed(report: Self.name(grain), id: id)
            default:
                guard polls < maxPolls else { throw MicrosoftAdsReportError.timedOut(report: Self.name(grain), id: id, polls: polls) }
                try await sleep(pollDelays[min(polls - 1, pollDelays.count - 1)])
            }
        }
    }

    static func name(_ grain: MetricGrain) -> String {
        switch grain {
        case .keyword: "keyword performance report"
        case .ad: "ad performance report"
        case .campaign: "campaign performance report"
        case .landingPage: "destination URL performance report"
        }
    }

    // MARK: Files

    /// The rows of a downloaded report: the CSV inside the zip (a file that is plain CSV is read as it is).
    public static func rows(fromArchive data: Data, grain: MetricGrain, accountId: String) throws -> [MetricRow] {
        let csv: Data
        if data.starts(with: [0x50, 0x4B]) {   // "PK": a zip archive
            do { csv = try MicrosoftAdsZip.firstFile(in: data) } catch {
                throw MicrosoftAdsReportError.malformed(report: name(grain), problem: "the zip archive cannot be read (\(error))")
            }
        } else {
            csv = data
        }
        return try rows(csv: csv, grain: grain, accountId: accountId)
    }

    /// The rows of a report's CSV (column names in the first row), summed by the row's natural key.
    public static func rows(csv: Data, grain: MetricGrain, accountId: String) throws -> [MetricRow] {
        let report = name(grain)
        let parsed: (header: [String], records: [[String: String]])
        do { parsed = try MicrosoftAdsCSV.records(csv) } catch {
            throw MicrosoftAdsReportError.malformed(report: report, problem: "line \(error.line): \(error.problem)")
        }
        guard !parsed.records.isEmpty else { return [] }
        let required = ["TimePeriod", "CampaignId", "Impressions", "Clicks", "Spend"] + (grain == .campaign ? [] : ["AdGroupId"])
            + (grain == .keyword ? ["KeywordId"] : []) + (grain == .ad ? ["AdId"] : [])
        for column in required where !parsed.header.contains(column) {
            throw MicrosoftAdsReportError.malformed(report: report, problem: "no \(column) column")
        }
        var rows: [MetricRow] = []
        var index: [String: Int] = [:]
        for (i, r) in parsed.records.enumerated() {
            let line = i + 2
            func fail(_ problem: String) -> MicrosoftAdsReportError { .malformed(report: report, problem: "line \(line): \(problem)") }
            func cell(_ column: String) -> String? {
                guard let value = r[column]?.trimmingCharacters(in: .whitespaces), !value.isEmpty, value != "--" else { return nil }
                return value
            }
            guard let date = cell("TimePeriod").flatMap(Self.date) else { throw fail("TimePeriod '\(r["TimePeriod"] ?? "")' is not a date") }
            guard let campaignId = cell("CampaignId"), Self.isId(campaignId) else { throw fail("CampaignId is not an id") }
            guard let impressions = Self.count(cell("Impressions")) else { throw fail("Impressions is not a count") }
            guard let clicks = Self.count(cell("Clicks")) else { throw fail("Clicks is not a count") }
            guard let cost = Self.micros(cell("Spend")) else { throw fail("Spend '\(r["Spend"] ?? "")' is not an amount") }
            var conversions: Double?
            if let text = cell("Conversions") {
                guard let value = Double(text.replacingOccurrences(of: ",", with: "")), value.isFinite, value >= 0 else {
                    throw fail("Conversions is not a number")
                }
                conversions = value
            }
            var row = MetricRow(platform: .microsoftAds, accountId: accountId, grain: grain, campaignId: campaignId, date: date,
                                impressions: impressions, clicks: clicks, costMicros: cost, conversions: conversions)
            if grain != .campaign {
                guard let group = cell("AdGroupId"), Self.isId(group) else { throw fail("AdGroupId is not an id") }
                row.adGroupId = group
            }
            switch grain {
            case .campaign:
                if let text = cell("ImpressionSharePercent") {
                    guard let share = Self.share(text) else { throw fail("ImpressionSharePercent '\(text)' is not a percentage") }
                    row.searchImpressionShare = share
                }
            case .keyword:
                guard let keywordId = cell("KeywordId"), Self.isId(keywordId) else { throw fail("KeywordId is not an id") }
                row.criterionId = keywordId
                row.keyword = cell("Keyword")
                row.matchType = cell("BidMatchType")?.uppercased()
            case .ad:
                guard let adId = cell("AdId"), Self.isId(adId) else { throw fail("AdId is not an id") }
                row.adId = adId
            case .landingPage:
                row.landingPage = cell("FinalUrl") ?? cell("DestinationUrl") ?? ""
            }
            let key = [row.campaignId, row.adGroupId, row.criterionId, row.adId, row.landingPage, row.date].joined(separator: "\u{1F}")
            if let at = index[key] {
                rows[at].impressions = rows[at].impressions.addingReportingOverflow(row.impressions).partialValue
                rows[at].clicks = rows[at].clicks.addingReportingOverflow(row.clicks).partialValue
                rows[at].costMicros = rows[at].costMicros.addingReportingOverflow(row.costMicros).partialValue
                if let more = row.conversions { rows[at].conversions = (rows[at].conversions ?? 0) + more }
                if rows[at].searchImpressionShare == nil { rows[at].searchImpressionShare = row.searchImpressionShare }
            } else {
                index[key] = rows.count
                rows.append(row)
            }
        }
        return rows
    }

    /// `2026-03-01`, or `3/1/2026` → `2026-03-01`.
    static func date(_ text: String) -> String? {
        if let d = CalendarDate(parsing: text) { return d.description }
        let parts = text.split(separator: "/")
        guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4 else { return nil }
        let month = m < 10 ? "0\(m)" : "\(m)", day = d < 10 ? "0\(d)" : "\(d)"
        return CalendarDate(parsing: "\(y)-\(month)-\(day)")?.description
    }

    static func isId(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 20 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// A count (`1234`, `1,234`); an empty cell is 0.
    static func count(_ text: String?) -> Int64? {
        guard let text else { return 0 }
        return Int64(text.replacingOccurrences(of: ",", with: ""))
            .flatMap { $0 >= 0 ? $0 : nil }
    }

    /// An amount as exact micros (`12.34` → 12,340,000); an empty cell is 0.
    static func micros(_ text: String?) -> Int64? {
        guard let text else { return 0 }
        return Money(parsing: text.replacingOccurrences(of: ",", with: ""))?.micros
    }

    /// `42.50%` → 0.425; `< 10%` → 0.0999 (Google's way of saying "under 10 %", which the demand figures understand).
    static func share(_ text: String) -> Double? {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.hasSuffix("%") { body.removeLast() }
        body = body.trimmingCharacters(in: .whitespaces)
        if body.hasPrefix("<") { return 0.0999 }
        guard let micros = Money(parsing: body)?.micros, micros <= 100_000_000 else { return nil }
        return Double(micros) / 100_000_000
    }
}
