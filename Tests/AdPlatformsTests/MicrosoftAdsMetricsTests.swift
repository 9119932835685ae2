@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Pulling daily metrics through Microsoft Advertising's Reporting service: submit, poll, download, unzip, parse.
@Suite struct MicrosoftAdsMetricsTests {
    /// A keyword performance report as Microsoft zips it (deflated), made with Python's zipfile: a UTF-8 byte order
    /// mark, every cell quoted, a keyword with a comma and quotes in it, thousands separators, `--` and an empty cell.
    static let keywordZip = Data(base64Encoded: """
        UEsDBBQAAAAIALk9hl0jgMpR
        4AAAAMEBAAAQAAAAUmVwb3J0
        XzEyMzQ1LmNzdq2PzUoDMRSF
        94LvMGQ9U5LMX7usIlKKULAv
        EDKXNugk4WZa22dz4SP5Ct6b
        2SiuBBfJ+W4OOSf5fP8QezfC
        DtCFQZRibW04+WnDfG/GaNzB
        52E9PGI4xcxbuL4FHL4z0Z0b
        nsxkj/trBBo3Y0RIyQWfOOvV
        2ReG5wg+hwd/Bpzt2xuhpe4q
        pSqpyFPNatl3bVMTtzIfdbP0
        s0CyAaciAZ6dhbIQwoPBYgQh
        yN0d0SR+giq1bEjrHKoXNQ9q
        IeXfGvWvxoKdh4uxE9+VtOXF
        yaWoqh/x+h8/1HLW3NSTUM8X
        UEsBAhQDFAAAAAgAuT2GXSOA
        ylHgAAAAwQEAABAAAAAAAAAA
        AAAAAIABAAAAAFJlcG9ydF8x
        MjM0NS5jc3ZQSwUGAAAAAAEA
        AQA+AAAADgEAAAAA
        """, options: .ignoreUnknownCharacters)!

    static let downloadURL = "https://bingadsappsstorageprod.blob.core.windows.net/reports/r-1.zip?sv=2020-08-04&sig=canary-SIG-do-not-log&se=2026-11-20"

    /// A Reporting service that answers submit, `polls` Pending answers, then `final`, then the download.
    static func service(polls: Int = 2, final: String = "Success", url: String? = downloadURL, file: Data = keywordZip) -> FakeTransport {
        var steps: [FakeStep] = [{ request in
            #expect(request.method == "POST")
            #expect(request.url.absoluteString == "https://reporting.api.bingads.microsoft.com/Reporting/v13/GenerateReport/Submit")
            #expect(request.operation == "microsoft_ads.SubmitGenerateReport")
            #expect(request.isIdempotent, "a report request changes nothing in the account")
            return HTTPResponse(status: 200, body: Data(#"{"ReportRequestId":"30000000123456789"}"#.utf8))
        }]
        for _ in 0..<polls {
            steps.append(Self.poll(#"{"ReportRequestStatus":{"Status":"Pending","ReportDownloadUrl":null}}"#))
        }
        let link = url.map { "\"\($0)\"" } ?? "null"
        steps.append(Self.poll(#"{"ReportRequestStatus":{"Status":"\#(final)","ReportDownloadUrl":\#(link)}}"#))
        if url != nil, final == "Success" {
            steps.append { request in
                #expect(request.method == "GET")
                #expect(request.url.absoluteString == downloadURL)
                #expect(request.header("authorization") == nil, "a pre-signed URL gets no token")
                #expect(request.header("developertoken") == nil)
                return HTTPResponse(status: 200, headers: ["Content-Type": "application/x-zip-compressed"], body: file)
            }
        }
        return FakeTransport(steps)
    }

    static func poll(_ answer: String) -> FakeStep {
        { request in
            #expect(request.url.path == "/Reporting/v13/GenerateReport/Poll")
            #expect(request.isIdempotent)
            #expect(JSONValue.parse(request.body)?["ReportRequestId"]?.stringValue == "30000000123456789")
            return HTTPResponse(status: 200, body: Data(answer.utf8))
        }
    }

    /// The source over `transport` with the auth middleware in place (the download must leave it out).
    static func source(_ transport: FakeTransport, sleeps: SleepRecorder = SleepRecorder(), maxPolls: Int = 60) -> MicrosoftAdsMetricsSource {
        let tokens = OAuthTokenProvider(credentials: MicrosoftAdsCredentialsTests.credentials,
                                        client: HTTPClient(transport: FakeTransport([MicrosoftAdsCredentialsTests.tokenAnswer()])),
                                        spec: .microsoftAds, now: ManualClock().now)
        let auth = AuthMiddleware(tokens: tokens, credentials: MicrosoftAdsCredentialsTests.credentials, spec: .microsoftAds)
        let client = MicrosoftAdsClient(http: HTTPClient(transport: transport, middlewares: [auth]),
                                        baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!, accountId: "149876543")
        return MicrosoftAdsMetricsSource(client: client, maxPolls: maxPolls, sleep: sleeps.sleep)
    }

    @Test func aKeywordReportIsSubmittedPolledDownloadedUnzippedAndParsed() async throws {
        let sleeps = SleepRecorder()
        let transport = Self.service(polls: 2)
        let rows = try await Self.source(transport, sleeps: sleeps).fetch(.keyword, since: "2026-11-01", until: "2026-11-02")
        #expect(transport.requests.count == 5)
        #expect(sleeps.delays == [.seconds(1), .seconds(2)], "a growing delay between polls, injected")
        #expect(transport.requests[0].header("authorization") == "Bearer \(Canary.accessToken)")
        #expect(rows == [
            MetricRow(platform: .microsoftAds, accountId: "149876543", grain: .keyword, campaignId: "5001", adGroupId: "6001", criterionId: "7001",
                      date: "2026-11-01", keyword: #"escort service, "near me""#, matchType: "PHRASE",
                      impressions: 1_204, clicks: 31, costMicros: 12_340_000, conversions: 1),
            MetricRow(platform: .microsoftAds, accountId: "149876543", grain: .keyword, campaignId: "5001", adGroupId: "6001", criterionId: "7002",
                      date: "2026-11-01", keyword: "escort service 1", matchType: "EXACT", impressions: 10, clicks: 0, costMicros: 0, conversions: nil),
            MetricRow(platform: .microsoftAds, accountId: "149876543", grain: .keyword, campaignId: "5001", adGroupId: "6001", criterionId: "7001",
                      date: "2026-11-02", keyword: #"escort service, "near me""#, matchType: "PHRASE",
                      impressions: 5, clicks: 1, costMicros: 70_000, conversions: nil),
        ])
    }

    @Test func successWithoutADownloadURLIsZeroRows() async throws {
        let transport = Self.service(polls: 0, url: nil)
        let rows = try await Self.source(transport).fetch(.campaign, since: "2026-11-01", until: "2026-11-07")
        #expect(rows.isEmpty)
        #expect(transport.requests.count == 2)
    }

    @Test func aReportThatEndsInErrorIsThrown() async throws {
        let transport = Self.service(polls: 1, final: "Error", url: nil)
        let error = await #expect(throws: MicrosoftAdsReportError.self) {
            try await Self.source(transport).fetch(.ad, since: "2026-11-01", until: "2026-11-07")
        }
        #expect(error?.errorDescription == "Microsoft Advertising could not generate the ad performance report (report request 30000000123456789 ended in Error); pull again later")
    }

    @Test func aReportStillPendingAfterEveryPollTimesOut() async throws {
        let sleeps = SleepRecorder()
        let transport = Self.service(polls: 3, final: "Pending", url: nil)
        let error = await #expect(throws: MicrosoftAdsReportError.self) {
            try await Self.source(transport, sleeps: sleeps, maxPolls: 4).fetch(.keyword, since: "2026-11-01", until: "2026-11-07")
        }
        #expect(error == .timedOut(report: "keyword performance report", id: "30000000123456789", polls: 4))
        #expect(sleeps.delays == [.seconds(1), .seconds(2), .seconds(4)])
    }

    @Test func campaignRowsCarryTheImpressionShare() throws {
        let csv = """
            TimePeriod,AccountId,CampaignId,Impressions,Clicks,Spend,Conversions,ImpressionSharePercent
            2026-11-01,149876543,5001,400,12,3.5,0,42.50%
            2026-11-01,149876543,5002,20,0,0,0,< 10%
            11/2/2026,149876543,5001,0,0,0,0,--
            2026-11-03,149876543,5001,7,1,0.333333,,100.00%
            """
        let rows = try MicrosoftAdsMetricsSource.rows(csv: Data(csv.utf8), grain: .campaign, accountId: "149876543")
        #expect(rows.map(\.searchImpressionShare) == [0.425, 0.0999, nil, 1.0])
        #expect(rows.map(\.date) == ["2026-11-01", "2026-11-01", "2026-11-02", "2026-11-03"])
        #expect(rows.map(\.costMicros) == [3_500_000, 0, 0, 333_333])
        #expect(rows.allSatisfy { $0.adGroupId.isEmpty && $0.platform == .microsoftAds })
    }

    @Test func landingPageAndAdRows() throws {
        let pages = """
            "TimePeriod","AccountId","CampaignId","AdGroupId","FinalUrl","DestinationUrl","Impressions","Clicks","Spend","Conversions"
            "2026-11-01","1","5001","6001","https://example.org/stop/a","","10","2","1.10","0"
            "2026-11-01","1","5001","6001","","https://example.org/old","3","0","0.00","0"
            "2026-11-01","1","5001","6001","https://example.org/stop/a","","5","1","0.90","0"
            """
        let rows = try MicrosoftAdsMetricsSource.rows(csv: Data(pages.utf8), grain: .landingPage, accountId: "1")
        #expect(rows.map(\.landingPage) == ["https://example.org/stop/a", "https://example.org/old"])
        #expect(rows[0].impressions == 15 && rows[0].clicks == 3 && rows[0].costMicros == 2_000_000, "rows of the same page and day are summed")
        let ads = "TimePeriod,AccountId,CampaignId,AdGroupId,AdId,Impressions,Clicks,Spend,Conversions\n2026-11-01,1,5001,6001,8001,9,1,0.25,0.5\n"
        let adRows = try MicrosoftAdsMetricsSource.rows(csv: Data(ads.utf8), grain: .ad, accountId: "1")
        #expect(adRows.map(\.adId) == ["8001"])
        #expect(adRows.first?.conversions == 0.5)
    }

    @Test(arguments: [
        ("TimePeriod,CampaignId,AdGroupId,KeywordId,Impressions,Clicks,Spend\n2026-11-01,5001,6001,7001,1,0,\"12.3\n", "a quoted cell that never ends"),
        ("TimePeriod,CampaignId,AdGroupId,KeywordId,Impressions,Clicks,Spend\n2026-11-01,5001,6001,7001,1,0,1e3\n", "Spend '1e3' is not an amount"),
        ("TimePeriod,CampaignId,AdGroupId,KeywordId,Impressions,Clicks,Spend\n2026-11-01,5001,6001,7001,-1,0,1\n", "Impressions is not a count"),
        ("TimePeriod,CampaignId,AdGroupId,KeywordId,Impressions,Clicks,Spend\nyesterday,5001,6001,7001,1,0,1\n", "TimePeriod 'yesterday' is not a date"),
        ("TimePeriod,CampaignId,AdGroupId,KeywordId,Impressions,Clicks,Spend\n2026-11-01,50x1,6001,7001,1,0,1\n", "CampaignId is not an id"),
        ("TimePeriod,CampaignId,AdGroupId,Impressions,Clicks,Spend\n2026-11-01,5001,6001,1,0,1\n", "no KeywordId column"),
        ("TimePeriod,CampaignId,AdGroupId,KeywordId,Impressions,Clicks,Spend\n2026-11-01,5001,6001,7001,1,0,1,9,9\n", "9 cells where the header has 7"),
        ("TimePeriod,CampaignId,AdGroupId,KeywordId,Impressions,Clicks,Spend\n2026-11-01,5001,6001,7001,99999999999999999999,0,1\n", "Impressions is not a count"),
        ("Time\"Period\",CampaignId\n", "a quote inside a cell"),
    ])
    func hostileCSVIsAThrownErrorNamingTheReport(csv: String, problem: String) throws {
        let error = #expect(throws: MicrosoftAdsReportError.self) {
            try MicrosoftAdsMetricsSource.rows(csv: Data(csv.utf8), grain: .keyword, accountId: "1")
        }
        let text = error?.errorDescription ?? ""
        #expect(text.hasPrefix("Microsoft Advertising sent a keyword performance report that tfz cannot read: "))
        #expect(text.contains(problem), "\(text)")
    }

    @Test func notUTF8IsAnError() {
        #expect(throws: MicrosoftAdsReportError.self) {
            try MicrosoftAdsMetricsSource.rows(csv: Data([0xFF, 0xFE, 0x41, 0x00, 0xC3]), grain: .keyword, accountId: "1")
        }
    }

    @Test func csvQuotingLineEndsAndByteOrderMark() throws {
        let text = "\u{FEFF}a,\"b \"\"x\"\", y\",c\r\n1,\"two\r\nlines\",\r\n\r\n3,,\"\"\n4"
        #expect(try MicrosoftAdsCSV.rows(Data(text.utf8)) == [["a", "b \"x\", y", "c"], ["1", "two\r\nlines", ""], ["3", "", ""], ["4"]])
        #expect(try MicrosoftAdsCSV.rows(Data()) == [])
        #expect(try MicrosoftAdsCSV.rows(Data("\u{FEFF}".utf8)) == [])
    }

    @Test func damagedZipsAreThrownErrorsNotCrashes() throws {
        var truncated = Self.keywordZip
        truncated.removeLast(30)
        var corrupted = Self.keywordZip
        for i in 40..<80 { corrupted[i] ^= 0x5A }
        let empty = Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))   // an archive with no file
        for (data, name) in [(truncated, "truncated"), (corrupted, "corrupted"), (empty, "empty"), (Data("PK not really".utf8), "fake")] {
            let error = #expect(throws: MicrosoftAdsReportError.self, "\(name)") {
                try MicrosoftAdsMetricsSource.rows(fromArchive: data, grain: .keyword, accountId: "1")
            }
            #expect(error?.errorDescription?.hasPrefix("Microsoft Advertising sent a keyword performance report that tfz cannot read") == true, "\(name)")
        }
        // The good one, for contrast.
        #expect(try MicrosoftAdsMetricsSource.rows(fromArchive: Self.keywordZip, grain: .keyword, accountId: "1").count == 3)
    }

    /// Thousands of hostile files built from the characters that matter to the parsers: each is rows or a thrown error,
    /// never a crash.
    @Test func arbitraryInputNeverTraps() throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let pieces: [[UInt8]] = [Array("\"".utf8), Array(",".utf8), Array("\r".utf8), Array("\n".utf8), Array("1".utf8), Array("-".utf8),
                                 Array("--".utf8), Array("%".utf8), Array(".".utf8), Array("2026-11-01".utf8), Array("99999999999999999999".utf8),
                                 [0xEF, 0xBB, 0xBF], [0xFF], [0xC3], [0x00], Array("<".utf8), Array("PK".utf8), Array("|".utf8)]
        let header = Array("TimePeriod,CampaignId,AdGroupId,KeywordId,AdId,FinalUrl,Impressions,Clicks,Spend,Conversions,ImpressionSharePercent\n".utf8)
        var outcomes = (rows: 0, errors: 0)
        for round in 0..<3_000 {
            var bytes = round % 2 == 0 ? header : []
            for _ in 0..<(next() % 40) { bytes += pieces[Int(next() % UInt64(pieces.count))] }
            let data = Data(bytes)
            for grain in MetricGrain.allCases {
                do { _ = try MicrosoftAdsMetricsSource.rows(fromArchive: data, grain: grain, accountId: "1"); outcomes.rows += 1 } catch { outcomes.errors += 1 }
            }
            _ = try? MicrosoftAdsLocations(file: data)
            _ = MicrosoftAdsFailure.decodeFault(data, httpStatus: 400, operation: "AddCampaigns")
        }
        #expect(outcomes.rows > 0 && outcomes.errors > 0, "\(outcomes)")
    }

    @Test func shareAndMoneyParsing() {
        #expect(MicrosoftAdsMetricsSource.share("42.50%") == 0.425)
        #expect(MicrosoftAdsMetricsSource.share("7.5 %") == 0.075)
        #expect(MicrosoftAdsMetricsSource.share("101.00%") == nil)
        #expect(MicrosoftAdsMetricsSource.share("abc") == nil)
        #expect(MicrosoftAdsMetricsSource.micros("1,234.56") == 1_234_560_000)
        #expect(MicrosoftAdsMetricsSource.micros("0.000001") == 1)
        #expect(MicrosoftAdsMetricsSource.micros("0.0000001") == nil)
        #expect(MicrosoftAdsMetricsSource.micros(nil) == 0)
    }

    @Test func theLocationsFileFindsCountiesAndPostalCodes() throws {
        let locations = try MicrosoftAdsLocations(file: Data(MicrosoftAdsFixture.locationsFile.utf8))
        #expect(locations.county(fips: "12057") == "95001")   // Hillsborough County, FL — not the New Hampshire one, not the deprecated one
        #expect(locations.county(fips: "33011") == "95002")   // Hillsborough County, NH
        #expect(locations.county(fips: "12103") == nil)
        #expect(locations.postalCode("33602") == "60601")
        #expect(throws: MicrosoftAdsReportError.self) { try MicrosoftAdsLocations(file: Data("a,b\n1,2\n".utf8)) }
    }
}
