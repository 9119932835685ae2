import Foundation
import Sandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The connection was dropped (a drop fault), in process or over the socket.
struct DroppedConnection: Error {}

/// A Microsoft Advertising client for the tests: in process (`RunningSandbox.respond`, the default and
/// fast) or over HTTP on loopback. Responses are parsed with JSONSerialization, as a real client sees them.
struct MicrosoftTestClient: Sendable {
    static let customerId = "170000001"
    static let accountId = "180000001"
    static let developerToken = "sandbox-ms-developer-token"
    static let cm = "/CampaignManagement/v13"

    let sandbox: RunningSandbox
    /// Over the socket when set.
    let http: SandboxHTTPClient?

    init(_ sandbox: RunningSandbox, overHTTP: Bool = false) {
        self.sandbox = sandbox
        self.http = overHTTP ? SandboxHTTPClient(sandbox) : nil
    }

    /// Sends a request; throws `DroppedConnection` for a drop.
    func send(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws
        -> RawResponse
    {
        if let http {
            do {
                return try await http.send(method, path, body: body, headers: headers)
            } catch let error as URLError {
                _ = error
                throw DroppedConnection()
            } catch {
                throw DroppedConnection()
            }
        }
        let reply = await sandbox.respond(
            method: method, path: path, headers: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            body: body ?? Data())
        switch reply {
        case .dropped: throw DroppedConnection()
        case .response(let status, let fields, let data):
            var lowered: [String: String] = [:]
            for (name, value) in fields { lowered[name.lowercased()] = value }
            return RawResponse(status: status, headers: lowered, body: data)
        }
    }

    /// `POST /common/oauth2/v2.0/token` with a refresh-token grant.
    func requestToken(
        clientId: String = "sandbox-ms-client-id", refreshToken: String = "sandbox-ms-refresh-token",
        clientSecret: String? = nil
    ) async throws -> RawResponse {
        var form = [
            "client_id=\(clientId)", "grant_type=refresh_token", "refresh_token=\(refreshToken)",
            "scope=https%3A%2F%2Fads.microsoft.com%2Fmsads.manage%20offline_access",
        ]
        if let clientSecret { form.append("client_secret=\(clientSecret)") }
        return try await send(
            "POST", "/common/oauth2/v2.0/token", body: Data(form.joined(separator: "&").utf8),
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
    }

    func accessToken() async throws -> String {
        let response = try await requestToken()
        guard let token = response.object["access_token"] as? String else {
            throw TestFailure("no Microsoft access token: \(response.status) \(response.text)")
        }
        return token
    }

    /// A Campaign Management or Reporting call with the four headers (each can be left out or replaced).
    func call(
        _ method: String, _ path: String, _ body: Any, token: String?,
        developerToken: String? = Self.developerToken, customerId: String? = Self.customerId,
        accountId: String? = Self.accountId, extraHeaders: [String: String] = [:]
    ) async throws -> RawResponse {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if let developerToken { headers["DeveloperToken"] = developerToken }
        if let customerId { headers["CustomerId"] = customerId }
        if let accountId { headers["CustomerAccountId"] = accountId }
        headers.merge(extraHeaders) { _, new in new }
        return try await send(method, path, body: try JSONSerialization.data(withJSONObject: body), headers: headers)
    }

    // MARK: operations

    func addCampaigns(_ campaigns: [[String: Any]], token: String) async throws -> RawResponse {
        try await call("POST", Self.cm + "/Campaigns", ["AccountId": Self.accountId, "Campaigns": campaigns], token: token)
    }

    func campaigns(token: String) async throws -> [[String: Any]] {
        let response = try await call(
            "POST", Self.cm + "/Campaigns/QueryByAccountId", ["AccountId": Self.accountId, "CampaignType": "Search"],
            token: token)
        guard response.status == 200 else { throw TestFailure("QueryByAccountId: \(response.status) \(response.text)") }
        return response.object[array: "Campaigns"].compactMap { $0 as? [String: Any] }
    }

    /// Adds one campaign, one ad group, `keywords` and an ad; returns (campaign, ad group, keyword ids).
    func addWholeCampaign(
        name: String = MicrosoftFixture.campaignName, status: String = "Active", budget: Double = 25,
        keywords: [(String, String)] = [("escort near me", "Phrase"), ("cheap escorts", "Exact")],
        adGroupStart: [String: Int]? = nil, token: String
    ) async throws -> (campaign: String, adGroup: String, keywords: [String]) {
        let campaign = try await addCampaigns([MicrosoftFixture.campaign(name: name, status: status, budget: budget)], token: token)
        guard let campaignId = campaign.object[array: "CampaignIds"].first as? String else {
            throw TestFailure("AddCampaigns: \(campaign.status) \(campaign.text)")
        }
        var adGroup = MicrosoftFixture.adGroup(status: status)
        if let adGroupStart { adGroup["StartDate"] = adGroupStart }
        let group = try await call(
            "POST", Self.cm + "/AdGroups", ["CampaignId": campaignId, "AdGroups": [adGroup]], token: token)
        guard let adGroupId = group.object[array: "AdGroupIds"].first as? String else {
            throw TestFailure("AddAdGroups: \(group.status) \(group.text)")
        }
        let added = try await call(
            "POST", Self.cm + "/Keywords",
            ["AdGroupId": adGroupId, "Keywords": keywords.map { MicrosoftFixture.keyword($0.0, match: $0.1) }], token: token)
        let keywordIds = added.object[array: "KeywordIds"].compactMap { $0 as? String }
        guard keywordIds.count == keywords.count else { throw TestFailure("AddKeywords: \(added.status) \(added.text)") }
        let ads = try await call(
            "POST", Self.cm + "/Ads", ["AdGroupId": adGroupId, "Ads": [MicrosoftFixture.responsiveSearchAd()]], token: token)
        guard ads.object[array: "AdIds"].first is String else { throw TestFailure("AddAds: \(ads.status) \(ads.text)") }
        return (campaignId, adGroupId, keywordIds)
    }

    /// Submit, poll until Success (checking that the first poll is Pending), download and unzip.
    func runReport(_ reportRequest: [String: Any], token: String) async throws -> (url: String?, file: String?) {
        let submit = try await call(
            "POST", "/Reporting/v13/GenerateReport/Submit", ["ReportRequest": reportRequest], token: token)
        guard let id = submit.object["ReportRequestId"] as? String else {
            throw TestFailure("Submit: \(submit.status) \(submit.text)")
        }
        var polls = 0
        while true {
            polls += 1
            let poll = try await call("POST", "/Reporting/v13/GenerateReport/Poll", ["ReportRequestId": id], token: token)
            let status = poll.object[object: "ReportRequestStatus"]
            switch status["Status"] as? String {
            case "Pending":
                guard polls < 5 else { throw TestFailure("still Pending after \(polls) polls") }
                continue
            case "Success":
                guard polls == 2 else { throw TestFailure("Success on poll \(polls), expected the second") }
                guard let url = status["ReportDownloadUrl"] as? String else { return (nil, nil) }
                guard url.hasPrefix(sandbox.baseURL.absoluteString) else { throw TestFailure("download URL \(url)") }
                let download = try await send("GET", String(url.dropFirst(sandbox.baseURL.absoluteString.count)))
                guard download.status == 200 else { throw TestFailure("download: \(download.status)") }
                let files = try MicrosoftZip.files(download.body)
                guard files.count == 1, files[0].name == id + ".csv" else { throw TestFailure("zip holds \(files.map(\.name))") }
                return (url, String(decoding: files[0].contents, as: UTF8.self))
            default:
                throw TestFailure("Poll: \(poll.status) \(poll.text)")
            }
        }
    }
}

/// Wire objects as tfz would send them.
enum MicrosoftFixture {
    static let campaignName = "tfz fl-hillsborough/deterrence/microsoft_ads · Hillsborough County, FL"

    static func campaign(name: String = campaignName, status: String = "Paused", budget: Double = 25) -> [String: Any] {
        [
            "Name": name, "Status": status, "DailyBudget": budget, "BudgetType": "DailyBudgetStandard",
            "TimeZone": "EasternTimeUSCanada", "Languages": ["English"],
            "BiddingScheme": ["Type": "MaxClicks", "MaxCpc": ["Amount": 2.0]],
        ]
    }

    static func adGroup(name: String = "Deterrence", status: String = "Active", bid: Double = 1.5) -> [String: Any] {
        ["Name": name, "Status": status, "CpcBid": ["Amount": bid], "Network": "OwnedAndOperatedAndSyndicatedSearch"]
    }

    static func keyword(_ text: String, match: String = "Phrase", bid: Double? = nil) -> [String: Any] {
        var keyword: [String: Any] = ["Text": text, "MatchType": match, "Status": "Active"]
        if let bid { keyword["Bid"] = ["Amount": bid] }
        return keyword
    }

    static func textAssets(_ texts: [String]) -> [[String: Any]] {
        texts.map { ["Asset": ["Type": "TextAsset", "Text": $0]] }
    }

    static func responsiveSearchAd(
        headlines: [String] = ["Buying sex is a crime", "Arrests happen here", "Get help to stop now"],
        descriptions: [String] = [
            "Hillsborough County police arrest sex buyers. Confidential help is available today.",
            "Talk to someone now. Free and anonymous support to change course.",
        ],
        finalUrl: String = "https://example.org/help"
    ) -> [String: Any] {
        [
            "Type": "ResponsiveSearch", "Headlines": textAssets(headlines), "Descriptions": textAssets(descriptions),
            "Path1": "help", "Path2": "now", "FinalUrls": [finalUrl], "Status": "Active",
        ]
    }

    static func date(_ text: String) -> [String: Int] {
        let parts = text.split(separator: "-").map { Int($0)! }
        return ["Year": parts[0], "Month": parts[1], "Day": parts[2]]
    }

    static func location(_ campaignId: String, locationId: String) -> [String: Any] {
        [
            "Type": "BiddableCampaignCriterion", "CampaignId": campaignId,
            "Criterion": ["Type": "LocationCriterion", "LocationId": locationId],
        ]
    }

    static func radius(_ campaignId: String, latitude: Double = 27.9904, longitude: Double = -82.3018, miles: Int = 20)
        -> [String: Any]
    {
        [
            "Type": "BiddableCampaignCriterion", "CampaignId": campaignId,
            "Criterion": [
                "Type": "RadiusCriterion", "LatitudeDegrees": latitude, "LongitudeDegrees": longitude, "Radius": String(miles),
                "RadiusUnit": "Miles", "Name": "Hillsborough centre",
            ],
        ]
    }

    static func dayTime(_ campaignId: String, day: String, from: Int, to: Int) -> [String: Any] {
        [
            "Type": "BiddableCampaignCriterion", "CampaignId": campaignId,
            "Criterion": [
                "Type": "DayTimeCriterion", "Day": day, "FromHour": from, "FromMinute": "Zero", "ToHour": to, "ToMinute": "Zero",
            ],
            "CriterionBid": ["Type": "BidMultiplier", "Multiplier": 0],
        ]
    }

    static func keywordReport(
        columns: [String] = ["TimePeriod", "AccountId", "CampaignId", "AdGroupId", "KeywordId", "Keyword", "Impressions", "Clicks", "Ctr", "AverageCpc", "Spend"],
        from: String, through: String, type: String = "KeywordPerformanceReportRequest", aggregation: String = "Daily",
        extra: [String: Any] = [:]
    ) -> [String: Any] {
        var request: [String: Any] = [
            "Type": type, "Format": "Csv", "ReportName": "tfz pull", "Aggregation": aggregation,
            "ExcludeReportHeader": false, "ExcludeReportFooter": false, "ExcludeColumnHeaders": false,
            "ReturnOnlyCompleteData": false, "Columns": columns,
            "Scope": ["AccountIds": [MicrosoftTestClient.accountId]],
            "Time": [
                "CustomDateRangeStart": MicrosoftFixture.date(from), "CustomDateRangeEnd": MicrosoftFixture.date(through),
                "ReportTimeZone": "EasternTimeUSCanada",
            ],
        ]
        request.merge(extra) { _, new in new }
        return request
    }
}

/// Fixed clock for the Microsoft tests: 2026-03-01 12:00 UTC (a Sunday).
let microsoftTestNow = Date(timeIntervalSince1970: 1_772_366_400)

/// An in-process sandbox with the fixed clock (and any other settings).
func microsoftSandbox(
    _ configure: (inout SandboxConfiguration) -> Void = { _ in }
) async throws -> (RunningSandbox, MicrosoftTestClient) {
    var configuration = SandboxConfiguration(now: { microsoftTestNow })
    configure(&configuration)
    let sandbox = try await RunningSandbox.inProcess(configuration)
    return (sandbox, MicrosoftTestClient(sandbox))
}

/// Parses a Microsoft report CSV: header block lines, column names, rows, footer lines.
struct MicrosoftReportFile {
    var header: [String] = []
    var columns: [String] = []
    var rows: [[String: String]] = []
    var footer: [String] = []
    let startsWithBOM: Bool

    init(_ text: String, headerBlock: Bool = true, columnHeaders: Bool = true, footerBlock: Bool = true, columns given: [String] = []) {
        startsWithBOM = text.hasPrefix("\u{FEFF}")
        var lines = text.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        if headerBlock {
            let blank = lines.firstIndex(of: "") ?? 0
            header = lines[..<blank].map { Self.fields($0).first ?? "" }
            lines.removeFirst(blank + 1)
        }
        if footerBlock, let blank = lines.lastIndex(of: "") {
            footer = lines[(blank + 1)...].map { Self.fields($0).first ?? "" }
            lines.removeLast(lines.count - blank)
        }
        if columnHeaders, !lines.isEmpty {
            columns = Self.fields(lines.removeFirst())
        } else {
            columns = given
        }
        rows = lines.map { line in
            Dictionary(uniqueKeysWithValues: zip(columns, Self.fields(line)).map { ($0, $1) })
        }
    }

    /// Fields of one quoted CSV line.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
