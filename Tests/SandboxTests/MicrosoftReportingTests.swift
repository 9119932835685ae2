import Foundation
import Sandbox
import Testing

@Suite("Microsoft Advertising: delivery and reporting")
struct MicrosoftReportingTests {
    typealias Client = MicrosoftTestClient
    typealias Fixture = MicrosoftFixture

    /// An active campaign with three keywords, ten simulated days (2026-03-01 … 03-10; today 03-11).
    private func deliveringSandbox(seed: UInt64 = 1, budget: Double = 25) async throws
        -> (RunningSandbox, Client, String, (campaign: String, adGroup: String, keywords: [String]))
    {
        let (sandbox, client) = try await microsoftSandbox { $0.seed = seed }
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(
            budget: budget, keywords: [("escort near me", "Phrase"), ("cheap escorts", "Exact"), ("buy sex", "Broad")],
            token: token)
        // A second ad, so ad-level figures are a real split.
        _ = try await client.call(
            "POST", Client.cm + "/Ads",
            ["AdGroupId": ids.adGroup, "Ads": [Fixture.responsiveSearchAd(finalUrl: "https://example.org/help/b")]], token: token)
        try await sandbox.advance(days: 10)
        #expect(await sandbox.today() == "2026-03-11")
        return (sandbox, client, token, ids)
    }

    private func sum(_ rows: [[String: String]], _ column: String) -> Int64 {
        rows.reduce(Int64(0)) { $0 + Int64($1[column]?.replacingOccurrences(of: ".", with: "") ?? "0")! }
    }

    @Test("Keyword report: Pending then Success, a real ZIP with one CSV, figures = simulated delivery, recent days restated")
    func keywordReport() async throws {
        let (sandbox, client, token, ids) = try await deliveringSandbox()
        let result = try await client.runReport(Fixture.keywordReport(from: "2026-03-01", through: "2026-03-10"), token: token)
        let text = try #require(result.file)
        let file = MicrosoftReportFile(text)
        #expect(file.startsWithBOM)
        #expect(file.header.first == "Report Name: tfz pull")
        #expect(file.header.contains("Report Time: 3/1/2026,3/10/2026"))
        #expect(file.header.contains("Report Aggregation: Daily"))
        #expect(file.header.contains("Potential Incomplete Data: true"))
        #expect(file.header.last == "Rows: \(file.rows.count)")
        #expect(file.footer == ["©2026 Microsoft Corporation. All rights reserved. "])
        #expect(file.columns == ["TimePeriod", "AccountId", "CampaignId", "AdGroupId", "KeywordId", "Keyword", "Impressions", "Clicks", "Ctr", "AverageCpc", "Spend"])
        #expect(!file.rows.isEmpty)
        for row in file.rows {
            #expect(row["TimePeriod"]?.range(of: #"^2026-03-(0[1-9]|10)$"#, options: .regularExpression) != nil)
            #expect(row["Ctr"]?.range(of: #"^\d+\.\d\d%$"#, options: .regularExpression) != nil)
            #expect(row["Spend"]?.range(of: #"^\d+\.\d\d$"#, options: .regularExpression) != nil)
            #expect(row["AccountId"] == Client.accountId && row["CampaignId"] == ids.campaign && row["AdGroupId"] == ids.adGroup)
        }

        let metrics = await sandbox.microsoftSnapshot().account(Client.accountId).keywordMetrics
        #expect(Set(metrics.map(\.keywordId)) == Set(ids.keywords))
        var restatedDays = 0
        for row in file.rows {
            let final = try #require(metrics.first { $0.keywordId == row["KeywordId"] && $0.date == row["TimePeriod"] })
            let impressions = Int64(row["Impressions"]!)!
            let clicks = Int64(row["Clicks"]!)!
            let cents = Int64(row["Spend"]!.replacingOccurrences(of: ".", with: ""))!
            if row["TimePeriod"]! <= "2026-03-07" {
                #expect(impressions == final.impressions && clicks == final.clicks && cents * 10_000 == final.costMicros)
            } else {
                // Restated: more than the final figures until the day is four days old.
                #expect(impressions > final.impressions && clicks >= final.clicks && cents * 10_000 >= final.costMicros)
                restatedDays += 1
            }
        }
        #expect(restatedDays > 0)
        // The sums of the old days are exactly the simulated delivery.
        let old = file.rows.filter { $0["TimePeriod"]! <= "2026-03-07" }
        let oldMetrics = metrics.filter { $0.date <= "2026-03-07" && $0.impressions > 0 }
        #expect(sum(old, "Impressions") == oldMetrics.reduce(0) { $0 + $1.impressions })
        #expect(sum(old, "Clicks") == oldMetrics.reduce(0) { $0 + $1.clicks })
        #expect(sum(old, "Spend") * 10_000 == oldMetrics.reduce(0) { $0 + $1.costMicros })
    }

    @Test("Ad, ad group, campaign and destination URL reports add up to the keyword report; campaign shows impression share")
    func grainsAgree() async throws {
        let (_, client, token, ids) = try await deliveringSandbox()
        let measures = ["Impressions", "Clicks", "Spend"]
        func totals(_ type: String, _ columns: [String], aggregation: String = "Daily") async throws -> (file: MicrosoftReportFile, totals: [Int64]) {
            let result = try await client.runReport(
                Fixture.keywordReport(columns: columns + measures, from: "2026-03-01", through: "2026-03-10", type: type, aggregation: aggregation),
                token: token)
            let file = MicrosoftReportFile(try #require(result.file))
            return (file, measures.map { sum(file.rows, $0) })
        }
        let keyword = try await totals("KeywordPerformanceReportRequest", ["TimePeriod", "KeywordId"])
        let ad = try await totals("AdPerformanceReportRequest", ["TimePeriod", "AdId", "AdTitle", "AdType", "FinalUrl"])
        let adGroup = try await totals("AdGroupPerformanceReportRequest", ["TimePeriod", "AdGroupId", "ImpressionSharePercent"])
        let campaign = try await totals(
            "CampaignPerformanceReportRequest", ["CampaignName", "CampaignStatus", "ImpressionSharePercent", "Ctr"], aggregation: "Summary")
        let destination = try await totals("DestinationUrlPerformanceReportRequest", ["TimePeriod", "AdId", "DestinationUrl", "FinalUrl"])
        #expect(keyword.totals[0] > 0)
        #expect(ad.totals == keyword.totals)
        #expect(adGroup.totals == keyword.totals)
        #expect(campaign.totals == keyword.totals)
        #expect(destination.totals == keyword.totals)
        #expect(Set(ad.file.rows.compactMap { $0["AdTitle"] }) == ["Buying sex is a crime"])
        #expect(Set(ad.file.rows.compactMap { $0["AdType"] }) == ["Responsive search ad"])
        #expect(Set(destination.file.rows.compactMap { $0["FinalUrl"] }) == ["https://example.org/help", "https://example.org/help/b"])
        #expect(campaign.file.rows.count == 1)
        let row = try #require(campaign.file.rows.first)
        #expect(row["CampaignName"] == Fixture.campaignName)
        #expect(row["CampaignStatus"] == "Active")
        #expect(row["ImpressionSharePercent"]?.range(of: #"^\d{1,3}\.\d\d%$"#, options: .regularExpression) != nil)
        _ = ids
    }

    @Test("ExcludeReportHeader, ExcludeReportFooter and ExcludeColumnHeaders leave only the data rows")
    func excludeFlags() async throws {
        let (_, client, token, _) = try await deliveringSandbox()
        let columns = ["TimePeriod", "KeywordId", "Impressions"]
        let result = try await client.runReport(
            Fixture.keywordReport(
                columns: columns, from: "2026-03-01", through: "2026-03-05",
                extra: ["ExcludeReportHeader": true, "ExcludeReportFooter": true, "ExcludeColumnHeaders": true]),
            token: token)
        let text = try #require(result.file)
        let file = MicrosoftReportFile(text, headerBlock: false, columnHeaders: false, footerBlock: false, columns: columns)
        #expect(!text.contains("Report Name") && !text.contains("Microsoft Corporation") && !text.contains("\"Impressions\""))
        #expect(!file.rows.isEmpty)
        #expect(file.rows.allSatisfy { $0["TimePeriod"]?.hasPrefix("2026-03-0") == true })
    }

    @Test("A report without rows is Success with a null ReportDownloadUrl")
    func emptyReport() async throws {
        let (_, client, token, _) = try await deliveringSandbox()
        let result = try await client.runReport(Fixture.keywordReport(from: "2026-02-01", through: "2026-02-10"), token: token)
        #expect(result.url == nil)
    }

    @Test("Report request errors: TimePeriod with Summary 2034, an unserved type 2002, a future start 2041, an unknown id 2100")
    func reportErrors() async throws {
        let (_, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        func code(_ request: [String: Any]) async throws -> Int? {
            let response = try await client.call("POST", "/Reporting/v13/GenerateReport/Submit", ["ReportRequest": request], token: token)
            #expect(response.status == 400)
            return (response.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int
        }
        #expect(try await code(Fixture.keywordReport(from: "2026-02-01", through: "2026-02-10", aggregation: "Summary")) == 2034)
        #expect(try await code(Fixture.keywordReport(from: "2026-02-01", through: "2026-02-10", type: "GeographicPerformanceReportRequest")) == 2002)
        #expect(try await code(Fixture.keywordReport(from: "2026-04-01", through: "2026-04-10")) == 2041)
        #expect(try await code(Fixture.keywordReport(from: "2026-02-10", through: "2026-02-01")) == 2011)
        #expect(try await code(Fixture.keywordReport(columns: ["TimePeriod", "Keyword"], from: "2026-02-01", through: "2026-02-10")) == 2017)
        let badColumn = try await client.call(
            "POST", "/Reporting/v13/GenerateReport/Submit",
            ["ReportRequest": Fixture.keywordReport(columns: ["Impressions", "ImpressionSharePercent"], from: "2026-02-01", through: "2026-02-02")],
            token: token)
        #expect(badColumn.status == 400, "KeywordPerformanceReportColumn has no ImpressionSharePercent")
        let poll = try await client.call("POST", "/Reporting/v13/GenerateReport/Poll", ["ReportRequestId": "42"], token: token)
        #expect((poll.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int == 2100)
    }

    @Test("The download is a ZIP that an independent reader (Python's zipfile) opens: one DEFLATE CSV", .enabled(if: havePython))
    func zipIsStandard() async throws {
        let (_, client, token, _) = try await deliveringSandbox()
        let submit = try await client.call(
            "POST", "/Reporting/v13/GenerateReport/Submit",
            ["ReportRequest": Fixture.keywordReport(from: "2026-03-01", through: "2026-03-03")], token: token)
        let id = try #require(submit.object["ReportRequestId"] as? String)
        _ = try await client.call("POST", "/Reporting/v13/GenerateReport/Poll", ["ReportRequestId": id], token: token)
        let poll = try await client.call("POST", "/Reporting/v13/GenerateReport/Poll", ["ReportRequestId": id], token: token)
        let url = try #require(poll.object[object: "ReportRequestStatus"]["ReportDownloadUrl"] as? String)
        #expect(url == "http://sandbox.invalid/_files/reports/\(id).zip")
        let zip = try await client.send("GET", String(url.dropFirst("http://sandbox.invalid".count)))
        #expect(Array(zip.body.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        #expect(zip.body[8] == 8, "compression method DEFLATE")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-report-\(UUID().uuidString).zip")
        try zip.body.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); i=z.infolist(); print(len(i), i[0].filename, i[0].compress_type, z.read(i[0]).decode('utf-8-sig').splitlines()[0])",
            path.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output == "1 \(id).csv 8 \"Report Name: tfz pull\"\n")
    }

    static var havePython: Bool {
        ["/usr/bin/python3", "/usr/local/bin/python3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
            || ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/python3")
            } == true
    }

    @Test("Delivery is deterministic for a seed, keeps within the daily budget and only serves inside DayTime targets")
    func deliveryRules() async throws {
        let (first, _, _, _) = try await deliveringSandbox(seed: 7, budget: 2)
        let (second, _, _, _) = try await deliveringSandbox(seed: 7, budget: 2)
        let (other, _, _, _) = try await deliveringSandbox(seed: 8, budget: 2)
        let metrics = await first.microsoftSnapshot().account(Client.accountId).keywordMetrics
        #expect(metrics == (await second.microsoftSnapshot().account(Client.accountId).keywordMetrics))
        #expect(metrics != (await other.microsoftSnapshot().account(Client.accountId).keywordMetrics))
        for (date, day) in Dictionary(grouping: metrics, by: \.date) {
            #expect(day.reduce(0) { $0 + $1.costMicros } <= 2_000_000, "\(date)")
        }
        #expect(metrics.contains { $0.eligibleSearches > $0.impressions })

        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(status: "Active", token: token)
        _ = try await client.call(
            "POST", Client.cm + "/CampaignCriterions",
            ["CriterionType": "Targets", "CampaignCriterions": [Fixture.dayTime(ids.campaign, day: "Friday", from: 18, to: 24)]],
            token: token)
        try await sandbox.advance(days: 14)
        let served = await sandbox.microsoftSnapshot().account(Client.accountId).keywordMetrics
        #expect(Set(served.map(\.date)) == ["2026-03-06", "2026-03-13"])
    }

    @Test("One advance simulates both platforms, and Microsoft campaigns leave Google's figures unchanged")
    func googleUnchanged() async throws {
        func googleMetrics(withMicrosoft: Bool) async throws -> ([KeywordDayMetrics], Int) {
            let sandbox = try await RunningSandbox.inProcess(SandboxConfiguration(seed: 5, now: { microsoftTestNow }))
            let form = "grant_type=refresh_token&client_id=sandbox-client-id&client_secret=sandbox-client-secret&refresh_token=sandbox-refresh-token"
            let tokenReply = await sandbox.respond(method: "POST", path: "/oauth2/token", body: Data(form.utf8))
            let token = try #require(SandboxJSON.parse(tokenReply.body ?? Data())?["access_token"]?.stringValue)
            var operations = CampaignFixture.wholeCampaign()
            operations.remove(at: 3)
            var campaign = CampaignFixture.campaignBody()
            campaign["status"] = "ENABLED"
            operations[1] = ["campaignOperation": ["create": campaign]]
            let mutate = await sandbox.respond(
                method: "POST", path: "/v25/customers/\(CampaignFixture.customer)/googleAds:mutate",
                headers: [("Authorization", "Bearer \(token)"), ("developer-token", "sandbox-developer-token")],
                body: try JSONSerialization.data(withJSONObject: ["mutateOperations": operations]))
            #expect(mutate.status == 200)
            if withMicrosoft {
                let client = MicrosoftTestClient(sandbox)
                _ = try await client.addWholeCampaign(token: try await client.accessToken())
            }
            try await sandbox.advance(days: 7)
            let microsoftRows = await sandbox.microsoftSnapshot().account(Client.accountId).keywordMetrics.count
            return (await sandbox.snapshot().account(CampaignFixture.customer).keywordMetrics, microsoftRows)
        }
        let alone = try await googleMetrics(withMicrosoft: false)
        let both = try await googleMetrics(withMicrosoft: true)
        #expect(!alone.0.isEmpty)
        #expect(alone.0 == both.0)
        #expect(alone.1 == 0 && both.1 > 0)
    }
}
