import Foundation

/// Reporting: SubmitGenerateReport, PollGenerateReport and the report download.
extension SandboxEngine {
    static let reportDownloadPrefix = "/_files/reports/"

    /// `POST /Reporting/v13/GenerateReport/Submit` {ReportRequest} → {ReportRequestId}.
    ///
    /// Served types: Keyword, Ad, AdGroup, Campaign and DestinationUrl performance reports (others are
    /// 2002). Checked: columns present (2014), no duplicates (2016), at least one measure (2017), no
    /// TimePeriod with Summary (2034), Hourly/HourOfDay/DayOfWeek aggregation (2007, not simulated),
    /// exactly one of PredefinedTime or a custom start and end (2008), real dates (2009/2010), end not
    /// before start (2011), start not after the sandbox's today (2041), Scope.AccountIds present (2026)
    /// and accessible (2003), Format Csv or Tsv (Xml is 204).
    func submitReport(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let request = body["ReportRequest"], case .object = request else {
            return context.operationFault(.nullReportRequest)
        }
        let type = request["Type"]?.stringValue ?? ""
        guard MicrosoftReportBuilder.servedTypes.contains(type) else {
            return context.operationFault(
                .unknownReportType.with(
                    details: "The sandbox serves \(MicrosoftReportBuilder.servedTypes.sorted().joined(separator: ", "))."))
        }
        if let format = request["Format"]?.stringValue, format != "Csv", format != "Tsv" {
            return context.operationFault(.operationNotSupported.with(details: "The sandbox writes Csv and Tsv reports."))
        }
        let columns = (request["Columns"]?.arrayValue ?? []).compactMap(\.stringValue)
        if columns.isEmpty { return context.operationFault(.nullColumns) }
        if Set(columns).count < columns.count { return context.operationFault(.duplicateColumns) }
        if !columns.contains(where: MicrosoftReportBuilder.measures.contains) { return context.operationFault(.noMeasureSelected) }
        let aggregation = request["Aggregation"]?.stringValue ?? "Summary"
        if ["Hourly", "HourOfDay", "DayOfWeek"].contains(aggregation) {
            return context.operationFault(.invalidReportAggregation.with(details: "The sandbox simulates whole days."))
        }
        if aggregation == "Summary", columns.contains("TimePeriod") { return context.operationFault(.timePeriodColumnForSummary) }
        switch Self.reportRange(request["Time"], today: today) {
        case .failure(let error): return context.operationFault(error)
        case .success: break
        }
        let accountIds = (request["Scope"]?["AccountIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        if accountIds.isEmpty { return context.operationFault(.invalidAccountReportScope) }
        for accountId in accountIds where !accountId.allSatisfy(\.isASCIINumber) {
            return context.operationFault(.invalidAccountIds)
        }
        if let allowed = configuration.microsoftAccountIds, !accountIds.allSatisfy(allowed.contains) {
            return context.operationFault(.reportAccountNotAuthorized)
        }
        let id = microsoft.nextReportId()
        microsoft.reports[id] = MicrosoftReportJob(request: request, accountIds: accountIds, polls: 0, asOfDay: today, rows: nil)
        // Keep the 200 newest jobs.
        if microsoft.reports.count > 200, let oldest = microsoft.reports.keys.min(by: { Int64($0)! < Int64($1)! }) {
            microsoft.reports[oldest] = nil
            reportArchives[oldest] = nil
        }
        persistMicrosoft()
        return .ok(["ReportRequestId": .string(id)])
    }

    /// `POST /Reporting/v13/GenerateReport/Poll` {ReportRequestId} → {ReportRequestStatus: {Status,
    /// ReportDownloadUrl}}: `Pending` (URL null) on the first poll, `Success` from the second on, with
    /// `baseURL/_files/reports/<id>.zip`, or a null URL when the report has no rows. An unknown id is 2100.
    func pollReport(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let id = body["ReportRequestId"]?.stringValue, var job = microsoft.reports[id] else {
            return context.operationFault(.invalidReportId)
        }
        job.polls += 1
        var status: SandboxJSON = ["Status": "Pending", "ReportDownloadUrl": .null]
        if job.polls >= 2 {
            if job.rows == nil {
                let built = buildReport(id, job)
                job.rows = built.rows
                reportArchives[id] = built.archive
            }
            status = [
                "Status": "Success",
                "ReportDownloadUrl": job.rows == 0 ? .null : .string(baseURL.absoluteString + Self.reportDownloadPrefix + id + ".zip"),
            ]
        }
        microsoft.reports[id] = job
        persistMicrosoft()
        return .ok(["ReportRequestStatus": status])
    }

    /// The archive of a report that answered Success (rebuilt from its job after a restart).
    func reportArchive(_ id: String) -> Data? {
        if let archive = reportArchives[id] { return archive }
        guard let job = microsoft.reports[id], let rows = job.rows, rows > 0 else { return nil }
        let archive = buildReport(id, job).archive
        reportArchives[id] = archive
        return archive
    }

    private func buildReport(_ id: String, _ job: MicrosoftReportJob) -> (archive: Data?, rows: Int) {
        guard case .success(let range) = Self.reportRange(job.request["Time"], today: job.asOfDay) else { return (nil, 0) }
        let builder = MicrosoftReportBuilder(
            request: job.request, accountIds: job.accountIds, state: microsoft, seed: configuration.seed,
            asOfDay: job.asOfDay, customerId: configuration.microsoftCustomerId, range: range)
        let file = builder.build()
        let name = id + (job.request["Format"]?.stringValue == "Tsv" ? ".tsv" : ".csv")
        let modified = Date(timeIntervalSince1970: Double(job.asOfDay) * 86_400)
        do {
            return (try MicrosoftReportArchive.zip(fileName: name, contents: file.contents, modified: modified), file.rows)
        } catch {
            configuration.logger.error("Could not build the report archive: \(error)")
            return (nil, file.rows)
        }
    }

    /// The inclusive day range of a `ReportTime`, relative to `today` for predefined periods.
    static func reportRange(_ time: SandboxJSON?, today: Int) -> Result<ClosedRange<Int>, MicrosoftError> {
        guard let time else { return .failure(.invalidReportTimeSelection) }
        let predefined = time["PredefinedTime"]?.stringValue
        let start = time["CustomDateRangeStart"]
        let end = time["CustomDateRangeEnd"]
        if let predefined {
            guard start == nil, end == nil, let range = predefinedRange(predefined, today: today) else {
                return .failure(.invalidReportTimeSelection)
            }
            return .success(range)
        }
        guard start != nil, end != nil else { return .failure(.invalidReportTimeSelection) }
        guard let first = MicrosoftWire.day(start) else { return .failure(.invalidCustomDateRangeStart) }
        guard let last = MicrosoftWire.day(end) else { return .failure(.invalidCustomDateRangeEnd) }
        guard first <= last else { return .failure(.endDateBeforeStartDate) }
        guard first <= today else { return .failure(.futureStartDate) }
        return .success(first...last)
    }

    static func predefinedRange(_ name: String, today: Int) -> ClosedRange<Int>? {
        let weekday = SandboxCalendar.weekdayIndex(today)
        let sunday = today - (weekday + 1) % 7
        let monday = today - weekday
        let month = SandboxCalendar.startOfMonth(today)
        func monthsBack(_ count: Int) -> Int {
            var start = month
            for _ in 0..<count { start = SandboxCalendar.startOfMonth(start - 1) }
            return start
        }
        let year = SandboxCalendar.day(String(SandboxCalendar.string(today).prefix(4)) + "-01-01")!
        let lastYear = SandboxCalendar.day(String(SandboxCalendar.string(year - 1).prefix(4)) + "-01-01")!
        switch name {
        case "Today": return today...today
        case "Yesterday": return (today - 1)...(today - 1)
        case "LastSevenDays": return (today - 7)...(today - 1)
        case "Last14Days": return (today - 14)...(today - 1)
        case "Last30Days": return (today - 30)...(today - 1)
        case "ThisWeek": return sunday...today
        case "LastWeek": return (sunday - 7)...(sunday - 1)
        case "ThisWeekStartingMonday": return monday...today
        case "LastWeekStartingMonday": return (monday - 7)...(monday - 1)
        case "LastFourWeeks": return (sunday - 28)...(sunday - 1)
        case "LastFourWeeksStartingMonday": return (monday - 28)...(monday - 1)
        case "ThisMonth": return month...today
        case "LastMonth": return monthsBack(1)...(month - 1)
        case "LastThreeMonths": return monthsBack(3)...(month - 1)
        case "LastSixMonths": return monthsBack(6)...(month - 1)
        case "ThisYear": return year...today
        case "LastYear": return lastYear...(year - 1)
        default: return nil
        }
    }
}
