@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// The Microsoft Advertising JSON tfz writes, checked against the REST v13 reference digest: every key a field of the
/// concrete model (or of what it extends), every `Type` that model's `typeValue`, every enum value in `.enums`.
@Suite struct MicrosoftAdsWireShapeTests {
    let reference = MicrosoftAdsReference.shared
    let campaign = MicrosoftAdsFixture.campaigns()[0]
    let mapper = MicrosoftAdsMapper(locationIds: ["county 12057": "95001"], today: CalendarDate(year: 2026, month: 11, day: 20))

    func json(_ value: MicrosoftAdsJSON) throws -> JSONValue { try #require(JSONValue.parse(value.serialized())) }

    func expectFits(_ value: MicrosoftAdsJSON, _ model: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let problems = reference.problems(try json(value), model: model)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    @Test func theCheckerCatchesWhatIsWrong() throws {
        // A test that cannot fail is a defect: the checker must refuse wrong names, types, enum values and id shapes.
        let wrong: MicrosoftAdsJSON = .object([
            ("Name", .string("x")), ("Budget", .number("1")), ("Status", .string("Enabled")), ("Id", .number("12")),
            ("BiddingScheme", .object([("Type", .string("ManualCpcBiddingScheme"))])),
        ])
        let problems = reference.problems(try json(wrong), model: "cm.Campaign")
        #expect(problems.contains { $0.contains("Budget: not a field") })
        #expect(problems.contains { $0.contains("Enabled is not a value of cm.CampaignStatus") })
        #expect(problems.contains { $0.contains("Id: not a string") })
        #expect(problems.contains { $0.contains("ManualCpcBiddingScheme") })
    }

    @Test func oneCampaign() throws {
        let value = mapper.campaign(campaign)
        try expectFits(value, "cm.Campaign")
        #expect(String(decoding: value.serialized(), as: UTF8.self) == #"""
            {"Name":"tfz fl-zone0/deterrence/microsoft_ads · Hillsborough County, FL","Status":"Paused","BudgetType":"DailyBudgetStandard","DailyBudget":25.5,"BiddingScheme":{"Type":"MaxClicks","MaxCpc":{"Amount":2.05}},"TimeZone":"EasternTimeUSCanada","Languages":["English"],"CampaignType":"Search"}
            """#)
        let c = try json(value)
        #expect(c["Status"]?.stringValue == "Paused")
        #expect(reference.enumValues("cm.BudgetLimitType").contains(c["BudgetType"]!.stringValue!))
        #expect(c["BiddingScheme"]?["Type"]?.stringValue == reference.model("cm.MaxClicksBiddingScheme")?["typeValue"] as? String)
        #expect(reference.enumValues("rep.ReportTimeZone").contains(c["TimeZone"]!.stringValue!))
    }

    @Test func oneAdGroupOneKeywordOneResponsiveSearchAd() throws {
        let group = try #require(campaign.adGroups.first)
        let adGroup = mapper.adGroup(group, of: campaign)
        try expectFits(adGroup, "cm.AdGroup")
        #expect(String(decoding: adGroup.serialized(), as: UTF8.self) == #"""
            {"Name":"buyers","Status":"Active","Network":"OwnedAndOperatedOnly","CpcBid":{"Amount":2.05},"StartDate":{"Year":2027,"Month":1,"Day":1},"EndDate":{"Year":2027,"Month":12,"Day":31}}
            """#)

        let keyword = mapper.keyword(try #require(group.keywords.first), of: campaign)
        try expectFits(keyword, "cm.Keyword")
        #expect(String(decoding: keyword.serialized(), as: UTF8.self) == #"{"Text":"escort service 0","MatchType":"Phrase","Status":"Active","Bid":{"Amount":2.05}}"#)
        for (k, expected) in zip(group.keywords, ["Phrase", "Exact", "Broad"]) { #expect(try json(mapper.keyword(k, of: campaign))["MatchType"]?.stringValue == expected) }

        let ad = mapper.ad(try #require(campaign.ads.first), of: campaign)
        try expectFits(ad, "cm.Ad")
        let a = try json(ad)
        #expect(a["Type"]?.stringValue == "ResponsiveSearch")
        #expect(a["Type"]?.stringValue == reference.model("cm.ResponsiveSearchAd")?["typeValue"] as? String)
        #expect(a["Headlines"]?.arrayValue.compactMap { $0["Asset"]?["Text"]?.stringValue } == ["Buying Sex Is a Crime", "Buyers Are Arrested Here", "She Could Be a Minor"])
        #expect(a["Headlines"]?.arrayValue.allSatisfy { $0["Asset"]?["Type"]?.stringValue == "TextAsset" } == true)
        #expect(a["Descriptions"]?.arrayValue.count == 2)
        #expect(a["Path1"]?.stringValue == "stop")
        #expect(a["Path2"]?.stringValue == "now")
        #expect(a["FinalUrls"]?.arrayValue.first?.stringValue == "https://example.org/stop/fl-zone0")
        // Only fields of the concrete ResponsiveSearchAd model (not just of the Ad union).
        let rsaFields = Set(reference.fields("cm.ResponsiveSearchAd").keys)
        #expect(Set(a.objectKeys).isSubset(of: rsaFields))
    }

    @Test func campaignCriterions() throws {
        let geo = MicrosoftAdsMapper.geoItems(campaign)
        #expect(geo.map(\.key) == ["county 12057", "10 miles around 27.95,-82.45"])
        let location = try #require(mapper.criterion(geo[0], campaignId: "5001"))
        let radius = try #require(mapper.criterion(geo[1], campaignId: "5001"))
        let schedules = MicrosoftAdsMapper.schedules(campaign)
        #expect(schedules.map(\.key) == ["Friday 18:00–24:00", "Saturday 18:00–24:00", "Monday 06:15–09:45"])
        for value in [location, radius] + schedules.map({ mapper.criterion($0, campaignId: "5001") }) {
            try expectFits(value, "cm.CampaignCriterion")
            #expect(try json(value)["Type"]?.stringValue == "BiddableCampaignCriterion")
        }
        #expect(String(decoding: location.serialized(), as: UTF8.self) == #"""
            {"Type":"BiddableCampaignCriterion","CampaignId":"5001","Criterion":{"Type":"LocationCriterion","LocationId":"95001"},"CriterionBid":{"Type":"BidMultiplier","Multiplier":0}}
            """#)
        #expect(String(decoding: radius.serialized(), as: UTF8.self).contains(#""Criterion":{"Type":"RadiusCriterion","Radius":"10","RadiusUnit":"Miles","LatitudeDegrees":27.95,"LongitudeDegrees":-82.45}"#))
        let friday = try json(mapper.criterion(schedules[0], campaignId: "5001"))["Criterion"]
        #expect(friday?["Day"]?.stringValue == "Friday")
        #expect(friday?["FromHour"] == .int(18))
        #expect(friday?["FromMinute"]?.stringValue == "Zero")
        #expect(friday?["ToHour"] == .int(24))
        #expect(friday?["ToMinute"]?.stringValue == "Zero")
        let monday = try json(mapper.criterion(schedules[2], campaignId: "5001"))["Criterion"]
        #expect(monday?["FromMinute"]?.stringValue == "Fifteen")
        #expect(monday?["ToHour"] == .int(9))
        #expect(monday?["ToMinute"]?.stringValue == "FortyFive")
        // A county without a location id makes no criterion.
        #expect(MicrosoftAdsMapper().criterion(geo[0], campaignId: "5001") == nil)
    }

    @Test func negativeKeywordsAndTheirRequest() throws {
        let negatives = campaign.negatives.map { mapper.negative($0) }
        #expect(negatives.map { String(decoding: $0.serialized(), as: UTF8.self) } == [
            #"{"Type":"NegativeKeyword","Text":"ford escort","MatchType":"Phrase"}"#,
            #"{"Type":"NegativeKeyword","Text":"escort jobs","MatchType":"Exact"}"#,
        ])
        let request: MicrosoftAdsJSON = .object([("EntityNegativeKeywords", .array([
            .object([("EntityId", .string("5001")), ("EntityType", .string("Campaign")), ("NegativeKeywords", .array(negatives))]),
        ]))])
        try expectFits(request, "cm.AddNegativeKeywordsToEntitiesRequest")
        for n in negatives { #expect(try json(n)["Type"]?.stringValue == reference.model("cm.NegativeKeyword")?["typeValue"] as? String) }
    }

    @Test(arguments: MetricGrain.allCases)
    func reportRequests(grain: MetricGrain) throws {
        let client = MicrosoftAdsClient(http: HTTPClient(transport: FakeMicrosoftAds()), baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!,
                                        accountId: "149876543")
        let source = MicrosoftAdsMetricsSource(client: client, reportTimeZone: "EasternTimeUSCanada")
        let request = source.reportRequest(grain, since: CalendarDate(year: 2026, month: 11, day: 1), until: CalendarDate(year: 2026, month: 11, day: 7))
        let r = try json(request)
        let type = try #require(r["Type"]?.stringValue)
        #expect((reference.model("rep.ReportRequest")?["subtypes"] as? [String: String])?[type] != nil, "\(type) is a ReportRequest subtype")
        if reference.model("rep.\(type)") != nil {
            try expectFits(.object([("ReportRequest", request)]), "rep.SubmitGenerateReportRequest")
        } else {
            // Not expanded in the digest: every other field against the base model; the columns below.
            guard case .object(let pairs) = request else { Issue.record("not an object"); return }
            try expectFits(.object([("ReportRequest", .object(pairs.filter { $0.0 != "Columns" }))]), "rep.SubmitGenerateReportRequest")
        }
        #expect(r["Aggregation"]?.stringValue == "Daily")
        #expect(r["Format"]?.stringValue == "Csv")
        #expect(r["ExcludeReportHeader"] == .bool(true))
        #expect(r["ExcludeReportFooter"] == .bool(true))
        #expect(r["Time"]?["CustomDateRangeStart"]?["Day"] == .int(1))
        #expect(r["Time"]?["CustomDateRangeEnd"]?["Day"] == .int(7))
        #expect(r["Time"]?["ReportTimeZone"]?.stringValue == "EasternTimeUSCanada")
        #expect(r["Scope"]?["AccountIds"]?.arrayValue.first?.stringValue == "149876543")
        let columns = r["Columns"]?.arrayValue.compactMap(\.stringValue) ?? []
        let concrete = "rep." + type.replacingOccurrences(of: "Request", with: "Column")
        if reference.enums[concrete] != nil {
            // The columns are values of the concrete model's column enum (not of the base model's arbitrary one).
            let columnField = reference.fields("rep.\(type)")["Columns"]
            #expect(columnField?["type"] as? String == String(concrete.dropFirst(4)))
            #expect(Set(columns).isSubset(of: Set(reference.enumValues(concrete))), "\(Set(columns).subtracting(reference.enumValues(concrete)))")
        } else {
            // AdPerformanceReportRequest is named in the digest but not expanded: its columns are Microsoft's
            // AdPerformanceReportColumn values, each also a column of the expanded reports.
            #expect(type == "AdPerformanceReportRequest")
            let known = Set(["rep.KeywordPerformanceReportColumn", "rep.DestinationUrlPerformanceReportColumn"].flatMap(reference.enumValues))
            #expect(Set(columns).isSubset(of: known))
            #expect(columns.contains("AdId"))
        }
        for needed in ["TimePeriod", "CampaignId", "Impressions", "Clicks", "Spend", "Conversions"] { #expect(columns.contains(needed)) }
        switch grain {
        case .keyword: #expect(["KeywordId", "Keyword", "BidMatchType", "AdGroupId"].allSatisfy(columns.contains))
        case .ad: #expect(columns.contains("AdId"))
        case .campaign: #expect(columns.contains("ImpressionSharePercent"))
        case .landingPage: #expect(columns.contains("FinalUrl") && columns.contains("DestinationUrl"))
        }
        #expect(reference.enumValues("rep.ReportAggregation").contains("Daily"))
        #expect(reference.enumValues("rep.ReportFormat").contains("Csv"))
    }

    /// A whole launch, a change, a pause and a look-up: every request's verb, path and body against the reference.
    @Test func everyRequestOfALaunchFitsItsOperation() async throws {
        let rig = MicrosoftAdsRig()
        _ = try await rig.adapter.launch([campaign])
        var changed = MicrosoftAdsFixture.campaigns(negatives: "ford escort\n")[0]
        changed.dailyBudget = Money(micros: 30_000_000)
        changed.adGroups[0].keywords.removeLast()
        changed.ads[0].headlines[0] = "Buying Sex Is a Felony"
        _ = try await rig.adapter.launch([changed])
        _ = try await rig.adapter.setStatus([campaign.key], enabled: false, reason: "test")
        _ = try await MicrosoftAdsRig(service: rig.service).adapter.launch([campaign])   // a store that knows nothing: adopts
        let operations = Dictionary(reference.operations.map { ($0["operation"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        for request in rig.service.requests where request.method != "GET" {
            let name = String(request.operation.dropFirst("microsoft_ads.".count))
            seen.insert(name)
            let body = try #require(JSONValue.parse(request.body))
            if let op = operations[name] {
                #expect(request.method == op["httpMethod"] as? String, "\(name)")
                #expect(request.url.path == op["path"] as? String, "\(name)")
                let problems = reference.problems(body, model: "cm." + (op["request"] as! String))
                #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "\n"))")
            } else {
                // Operations outside the digest's subset: their verb and path from its index of every operation.
                #expect(reference.allOperations[name] == "\(request.method) \(request.url.path)", "\(name)")
            }
            #expect(request.isIdempotent == name.hasPrefix("Get"), "\(name): reads are idempotent, writes are not")
        }
        #expect(seen.isSuperset(of: ["AddCampaigns", "AddCampaignCriterions", "AddNegativeKeywordsToEntities", "AddAdGroups", "AddKeywords",
                                     "AddAds", "UpdateCampaigns", "DeleteKeywords", "DeleteAds", "DeleteNegativeKeywordsFromEntities",
                                     "GetCampaignsByAccountId", "GetAdGroupsByCampaignId", "GetKeywordsByAdGroupId", "GetAdsByAdGroupId",
                                     "GetCampaignCriterionsByIds", "GetNegativeKeywordsByEntityIds", "GetGeoLocationsFileUrl"]), "\(seen.sorted())")
    }

    @Test func urlsAndHosts() {
        let prod = MicrosoftAdsClient(http: HTTPClient(transport: FakeMicrosoftAds()), baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!,
                                      accountId: "1")
        #expect(prod.url(.addCampaigns).absoluteString == "https://campaign.api.bingads.microsoft.com/CampaignManagement/v13/Campaigns")
        #expect(prod.url(.submitGenerateReport).absoluteString == "https://reporting.api.bingads.microsoft.com/Reporting/v13/GenerateReport/Submit")
        let sandbox = MicrosoftAdsClient(http: HTTPClient(transport: FakeMicrosoftAds()), baseURL: URL(string: "http://127.0.0.1:8088/")!, accountId: "1")
        #expect(sandbox.url(.getCampaignsByAccountId).absoluteString == "http://127.0.0.1:8088/CampaignManagement/v13/Campaigns/QueryByAccountId")
        #expect(sandbox.url(.pollGenerateReport).absoluteString == "http://127.0.0.1:8088/Reporting/v13/GenerateReport/Poll")
        for op in [MicrosoftAdsClient.Operation.submitGenerateReport, .pollGenerateReport] {
            let entry = reference.allOperations[op.name]
            #expect(entry == "POST /Reporting/v13/\(op.path)")
        }
    }

    @Test func moneyIsWrittenAsItsExactDecimal() {
        #expect(MicrosoftAdsJSON.decimal(micros: 20_500_000) == "20.5")
        #expect(MicrosoftAdsJSON.decimal(micros: 750_000) == "0.75")
        #expect(MicrosoftAdsJSON.decimal(micros: 3_000_000) == "3")
        #expect(MicrosoftAdsJSON.decimal(micros: 10) == "0.00001")
        #expect(MicrosoftAdsJSON.decimal(micros: 1_234_567_890_123) == "1234567.890123")
        #expect(MicrosoftAdsJSON.decimal(micros: -82_450_000) == "-82.45")
        // 0.1 + 0.2 in floating point is 0.30000000000000004; here it is what the file said.
        #expect(String(decoding: MicrosoftAdsJSON.money(Money(parsing: "0.3")!).serialized(), as: UTF8.self) == "0.3")
    }

    @Test func timeZones() {
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/New_York") == "EasternTimeUSCanada")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Chicago") == "CentralTimeUSCanada")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Denver") == "MountainTimeUSCanada")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Phoenix") == "Arizona")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Los_Angeles") == "PacificTimeUSCanadaTijuana")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Anchorage") == "Alaska")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "Pacific/Honolulu") == "Hawaii")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Indiana/Indianapolis") == "IndianaEast")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Puerto_Rico") == "AtlanticTimeCanada")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "America/Boise") == "MountainTimeUSCanada")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "Europe/Paris") == "BrusselsCopenhagenMadridParis")
        #expect(MicrosoftAdsTimeZone.value(forIANA: "Not/AZone") == nil)
        let values = Set(reference.enumValues("rep.ReportTimeZone"))
        let every = Set(MicrosoftAdsTimeZone.byIANA.values).union(MicrosoftAdsTimeZone.byOffset.values.flatMap { [$0.dst, $0.standard] })
        #expect(every.isSubset(of: values), "\(every.subtracting(values))")
    }
}
