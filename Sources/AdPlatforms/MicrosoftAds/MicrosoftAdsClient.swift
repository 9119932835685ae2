import CampaignKit
import Foundation

/// The Microsoft Advertising REST v13 calls tfz makes (Campaign Management and Reporting), over ``HTTPClient``.
///
/// Paths and verbs are the API's: `Add…` is `POST`, `Update…` is `PUT`, `Delete…` is `DELETE` with a JSON body, and
/// `Get…` is a `POST` to `…/QueryBy…`. Writes are not idempotent (the retry middleware never resends one that may have
/// been applied; the caller looks the objects up first); reads and report requests are. An HTTP error answer with an `ApplicationFault`
/// body is thrown as ``MicrosoftAdsFailure``; item errors of an answer that succeeded (`PartialErrors`,
/// `NestedPartialErrors`) are returned with the ids, `nil` at each failed position.
///
/// Report files and the geographical locations file are downloaded from pre-signed URLs through `download`, a client
/// without the auth middleware, so that no token or developer token ever goes to the storage host.
public struct MicrosoftAdsClient: Sendable {
    public var http: HTTPClient
    /// Sends the pre-signed downloads: `http` without its ``AuthMiddleware``.
    public var download: HTTPClient
    /// Campaign Management's host: `https://campaign.api.bingads.microsoft.com`, the sandbox's, or a test server's.
    public var baseURL: URL
    /// Reporting's host: for Microsoft's own hosts `reporting.api…` beside `campaign.api…`; for any other endpoint (the
    /// sandbox, a test server, a proxy) the same base URL, which serves both.
    public var reportingURL: URL
    public var version: String
    /// The account (`CustomerAccountId`), digits.
    public var accountId: String

    public init(http: HTTPClient, baseURL: URL, version: String = "v13", accountId: String, download: HTTPClient? = nil) {
        self.http = http
        self.download = download ?? HTTPClient(transport: http.transport, middlewares: http.middlewares.filter { !($0 is AuthMiddleware) })
        self.baseURL = baseURL
        self.reportingURL = Self.reportingURL(for: baseURL)
        self.version = version
        self.accountId = accountId
    }

    /// `https://campaign.api.bingads.microsoft.com` → `https://reporting.api.bingads.microsoft.com` (and the same for
    /// Microsoft's own sandbox hosts); any other base URL serves Reporting itself.
    public static func reportingURL(for base: URL) -> URL {
        guard let host = base.host?.lowercased(), host.hasPrefix("campaign.api."), host.hasSuffix(".bingads.microsoft.com"),
              var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else { return base }
        components.host = "reporting." + host.dropFirst("campaign.".count)
        return components.url ?? base
    }

    /// Ids of an `Add…` answer, in request order (nil where the item failed), and the item errors.
    public struct AddResult: Sendable, Equatable {
        public var ids: [String?]
        public var errors: [MicrosoftAdsErrorItem]
    }

    // MARK: Campaigns

    /// `AddCampaigns`: at most 100 campaigns.
    public func addCampaigns(_ campaigns: [MicrosoftAdsJSON]) async throws -> AddResult {
        let answer = try await send(.addCampaigns, [("AccountId", .string(accountId)), ("Campaigns", .array(campaigns))])
        return AddResult(ids: Self.ids(answer["CampaignIds"]), errors: MicrosoftAdsFailure.partialErrors(answer))
    }

    /// `UpdateCampaigns`: at most 100 campaigns, each with its `Id` and only the fields to change.
    public func updateCampaigns(_ campaigns: [MicrosoftAdsJSON]) async throws -> [MicrosoftAdsErrorItem] {
        let answer = try await send(.updateCampaigns, [("AccountId", .string(accountId)), ("Campaigns", .array(campaigns))])
        return MicrosoftAdsFailure.partialErrors(answer)
    }

    /// `GetCampaignsByAccountId` for Search campaigns.
    public func campaigns() async throws -> [JSONValue] {
        let answer = try await send(.getCampaignsByAccountId, [("AccountId", .string(accountId)), ("CampaignType", .string("Search"))])
        return answer["Campaigns"]?.arrayValue ?? []
    }

    // MARK: Ad groups, keywords, ads

    /// `AddAdGroups`: at most 1,000 ad groups of one campaign.
    public func addAdGroups(campaignId: String, _ adGroups: [MicrosoftAdsJSON]) async throws -> AddResult {
        let answer = try await send(.addAdGroups, [("CampaignId", .string(campaignId)), ("AdGroups", .array(adGroups))])
        return AddResult(ids: Self.ids(answer["AdGroupIds"]), errors: MicrosoftAdsFailure.partialErrors(answer))
    }

    /// `DeleteAdGroups`: at most 1,000 ad groups of one campaign (their keywords and ads go with them).
    public func deleteAdGroups(campaignId: String, ids: [String]) async throws -> [MicrosoftAdsErrorItem] {
        let answer = try await send(.deleteAdGroups, [("CampaignId", .string(campaignId)), ("AdGroupIds", .array(ids.map { .string($0) }))])
        return MicrosoftAdsFailure.partialErrors(answer)
    }

    /// `UpdateAdGroups`: at most 1,000 ad groups of one campaign, each with its `Id` and the fields to change.
    public func updateAdGroups(campaignId: String, _ adGroups: [MicrosoftAdsJSON]) async throws -> [MicrosoftAdsErrorItem] {
        let answer = try await send(.updateAdGroups, [
            ("CampaignId", .string(campaignId)), ("AdGroups", .array(adGroups)), ("UpdateAudienceAdsBidAdjustment", .bool(false)),
        ])
        return MicrosoftAdsFailure.partialErrors(answer)
    }

    /// `GetAdGroupsByCampaignId`.
    public func adGroups(campaignId: String) async throws -> [JSONValue] {
        let answer = try await send(.getAdGroupsByCampaignId, [("CampaignId", .string(campaignId))])
        return answer["AdGroups"]?.arrayValue ?? []
    }

    /// `AddKeywords`: at most 1,000 keywords of one ad group.
    public func addKeywords(adGroupId: String, _ keywords: [MicrosoftAdsJSON]) async throws -> AddResult {
        let answer = try await send(.addKeywords, [("AdGroupId", .string(adGroupId)), ("Keywords", .array(keywords))])
        return AddResult(ids: Self.ids(answer["KeywordIds"]), errors: MicrosoftAdsFailure.partialErrors(answer))
    }

    /// `DeleteKeywords`: at most 1,000 keywords of one ad group.
    public func deleteKeywords(adGroupId: String, ids: [String]) async throws -> [MicrosoftAdsErrorItem] {
        let answer = try await send(.deleteKeywords, [("AdGroupId", .string(adGroupId)), ("KeywordIds", .array(ids.map { .string($0) }))])
        return MicrosoftAdsFailure.partialErrors(answer)
    }

    /// `GetKeywordsByAdGroupId`.
    public func keywords(adGroupId: String) async throws -> [JSONValue] {
        let answer = try await send(.getKeywordsByAdGroupId, [("AdGroupId", .string(adGroupId))])
        return answer["Keywords"]?.arrayValue ?? []
    }

    /// `AddAds`: at most 50 ads of one ad group.
    public func addAds(adGroupId: String, _ ads: [MicrosoftAdsJSON]) async throws -> AddResult {
        let answer = try await send(.addAds, [("AdGroupId", .string(adGroupId)), ("Ads", .array(ads))])
        return AddResult(ids: Self.ids(answer["AdIds"]), errors: MicrosoftAdsFailure.partialErrors(answer))
    }

    /// `DeleteAds`: at most 50 ads of one ad group.
    public func deleteAds(adGroupId: String, ids: [String]) async throws -> [MicrosoftAdsErrorItem] {
        let answer = try await send(.deleteAds, [("AdGroupId", .string(adGroupId)), ("AdIds", .array(ids.map { .string($0) }))])
        return MicrosoftAdsFailure.partialErrors(answer)
    }

    /// `GetAdsByAdGroupId` for responsive search ads.
    public func ads(adGroupId: String) async throws -> [JSONValue] {
        let answer = try await send(.getAdsByAdGroupId, [("AdGroupId", .string(adGroupId)), ("AdTypes", .array([.string("ResponsiveSearch")]))])
        return answer["Ads"]?.arrayValue ?? []
    }

    // MARK: Campaign criterions and negative keywords

    /// `AddCampaignCriterions` with `CriterionType` `Targets` (location, radius and day-and-time criterions together):
    /// at most 100, of any campaigns. Item errors come as `NestedPartialErrors`.
    public func addCampaignCriterions(_ criterions: [MicrosoftAdsJSON]) async throws -> AddResult {
        let answer = try await send(.addCampaignCriterions, [("CampaignCriterions", .array(criterions)), ("CriterionType", .string("Targets"))])
        return AddResult(ids: Self.ids(answer["CampaignCriterionIds"]), errors: MicrosoftAdsFailure.nestedPartialErrors(answer))
    }

    /// `DeleteCampaignCriterions` (`Targets`): at most 100 criterions of one campaign.
    public func deleteCampaignCriterions(campaignId: String, ids: [String]) async throws -> [MicrosoftAdsErrorItem] {
        let answer = try await send(.deleteCampaignCriterions, [
            ("CampaignCriterionIds", .array(ids.map { .string($0) })), ("CampaignId", .string(campaignId)), ("CriterionType", .string("Targets")),
        ])
        return MicrosoftAdsFailure.partialErrors(answer)
    }

    /// `GetCampaignCriterionsByIds` without ids: every criterion of one type (`Location`, `Radius`, `DayTime`) of a
    /// campaign (target criterions must be asked for one type at a time).
    public func campaignCriterions(campaignId: String, type: String) async throws -> [JSONValue] {
        let answer = try await send(.getCampaignCriterionsByIds, [("CampaignId", .string(campaignId)), ("CriterionType", .string(type))])
        return answer["CampaignCriterions"]?.arrayValue ?? []
    }

    /// `AddNegativeKeywordsToEntities` for one campaign (the call takes one entity, with up to 20,000 negative keywords).
    /// The ids are the campaign's `IdCollection`, in request order.
    public func addNegativeKeywords(campaignId: String, _ negatives: [MicrosoftAdsJSON]) async throws -> AddResult {
        let answer = try await send(.addNegativeKeywordsToEntities, [("EntityNegativeKeywords", .array([
            .object([("EntityId", .string(campaignId)), ("EntityType", .string("Campaign")), ("NegativeKeywords", .array(negatives))]),
        ]))])
        let collection = answer["NegativeKeywordIds"]?.arrayValue.first
        return AddResult(ids: Self.ids(collection?["Ids"]), errors: MicrosoftAdsFailure.nestedPartialErrors(answer))
    }

    /// `DeleteNegativeKeywordsFromEntities` for one campaign; `negatives` carry their `Id`.
    public func deleteNegativeKeywords(campaignId: String, _ negatives: [MicrosoftAdsJSON]) async throws -> [MicrosoftAdsErrorItem] {
        let answer = try await send(.deleteNegativeKeywordsFromEntities, [("EntityNegativeKeywords", .array([
            .object([("EntityId", .string(campaignId)), ("EntityType", .string("Campaign")), ("NegativeKeywords", .array(negatives))]),
        ]))])
        return MicrosoftAdsFailure.nestedPartialErrors(answer)
    }

    /// `GetNegativeKeywordsByEntityIds` for one campaign: its negative keywords.
    public func negativeKeywords(campaignId: String) async throws -> [JSONValue] {
        let answer = try await send(.getNegativeKeywordsByEntityIds, [
            ("EntityType", .string("Campaign")), ("EntityIds", .array([.string(campaignId)])),
        ])
        return (answer["EntityNegativeKeywords"]?.arrayValue ?? []).flatMap { $0["NegativeKeywords"]?.arrayValue ?? [] }
    }

    // MARK: Geographical locations

    /// `GetGeoLocationsFileUrl` (version 2.0, English names, uncompressed) and the file it names: the CSV of every
    /// location Microsoft Advertising targets, with its `Location Id`.
    public func geoLocationsFile() async throws -> Data {
        let answer = try await send(.getGeoLocationsFileUrl, [("Version", .string("2.0")), ("LanguageLocale", .string("en"))])
        guard let text = answer["FileUrl"]?.stringValue, let url = URL(string: text), url.scheme != nil else {
            throw MicrosoftAdsFailure(operation: "GetGeoLocationsFileUrl", httpStatus: 200, faultType: "UnexpectedResponse",
                                      errors: [MicrosoftAdsErrorItem(code: nil, errorCode: "", message: "the answer has no FileUrl")])
        }
        return try await get(url, operation: "microsoft_ads.GeoLocationsFile")
    }

    // MARK: Reporting

    /// `SubmitGenerateReport`: the report request (`{"Type": "KeywordPerformanceReportRequest", …}`) → its id.
    public func submitReport(_ request: MicrosoftAdsJSON) async throws -> String {
        let answer = try await send(.submitGenerateReport, [("ReportRequest", request)])
        guard let id = answer["ReportRequestId"]?.stringValue, !id.isEmpty else {
            throw MicrosoftAdsFailure(operation: "SubmitGenerateReport", httpStatus: 200, faultType: "UnexpectedResponse",
                                      errors: [MicrosoftAdsErrorItem(code: nil, errorCode: "", message: "the answer has no ReportRequestId")])
        }
        return id
    }

    /// `PollGenerateReport`: the status (`Pending`, `Success`, `Error`) and, on success, the download URL (nil when the
    /// report has no data).
    public func pollReport(_ id: String) async throws -> (status: String, downloadURL: String?) {
        let answer = try await send(.pollGenerateReport, [("ReportRequestId", .string(id))])
        let status = answer["ReportRequestStatus"]
        let url = status?["ReportDownloadUrl"]?.stringValue
        return (status?["Status"]?.stringValue ?? "", url?.isEmpty == true ? nil : url)
    }

    /// A GET of a pre-signed URL (a report, the locations file), without auth headers.
    public func get(_ url: URL, operation: String) async throws -> Data {
        let request = HTTPRequest(method: "GET", url: url, operation: operation, isIdempotent: true)
        let response = try await download.send(request)
        guard (200..<300).contains(response.status) else { throw HTTPError(request: request, response: response) }
        return response.body
    }

    // MARK: Sending

    /// A service operation: its name, verb, path and whether it may be sent twice.
    public struct Operation: Sendable, Hashable {
        public var name: String
        public var method: String
        /// After the version: `Campaigns`, `Campaigns/QueryByAccountId`.
        public var path: String
        public var isReporting: Bool

        /// Reads (`…/QueryBy…`, `…/Query`) and the Reporting calls are safe to send twice: a report request changes nothing
        /// in the account, so a second one after a lost answer only makes a second report. Every `Add…`, `Update…` and
        /// `Delete…` is not.
        public var isIdempotent: Bool { method == "POST" && (path.contains("/Query") || isReporting) }

        static func cm(_ name: String, _ method: String, _ path: String) -> Operation {
            Operation(name: name, method: method, path: path, isReporting: false)
        }

        public static let addCampaigns = cm("AddCampaigns", "POST", "Campaigns")
        public static let updateCampaigns = cm("UpdateCampaigns", "PUT", "Campaigns")
        public static let getCampaignsByAccountId = cm("GetCampaignsByAccountId", "POST", "Campaigns/QueryByAccountId")
        public static let addAdGroups = cm("AddAdGroups", "POST", "AdGroups")
        public static let deleteAdGroups = cm("DeleteAdGroups", "DELETE", "AdGroups")
        public static let updateAdGroups = cm("UpdateAdGroups", "PUT", "AdGroups")
        public static let getAdGroupsByCampaignId = cm("GetAdGroupsByCampaignId", "POST", "AdGroups/QueryByCampaignId")
        public static let addKeywords = cm("AddKeywords", "POST", "Keywords")
        public static let deleteKeywords = cm("DeleteKeywords", "DELETE", "Keywords")
        public static let getKeywordsByAdGroupId = cm("GetKeywordsByAdGroupId", "POST", "Keywords/QueryByAdGroupId")
        public static let addAds = cm("AddAds", "POST", "Ads")
        public static let deleteAds = cm("DeleteAds", "DELETE", "Ads")
        public static let getAdsByAdGroupId = cm("GetAdsByAdGroupId", "POST", "Ads/QueryByAdGroupId")
        public static let addCampaignCriterions = cm("AddCampaignCriterions", "POST", "CampaignCriterions")
        public static let deleteCampaignCriterions = cm("DeleteCampaignCriterions", "DELETE", "CampaignCriterions")
        public static let getCampaignCriterionsByIds = cm("GetCampaignCriterionsByIds", "POST", "CampaignCriterions/QueryByIds")
        public static let addNegativeKeywordsToEntities = cm("AddNegativeKeywordsToEntities", "POST", "EntityNegativeKeywords")
        public static let deleteNegativeKeywordsFromEntities = cm("DeleteNegativeKeywordsFromEntities", "DELETE", "EntityNegativeKeywords")
        public static let getNegativeKeywordsByEntityIds = cm("GetNegativeKeywordsByEntityIds", "POST", "NegativeKeywords/QueryByEntityIds")
        /// Not in the reference digest: `POST /CampaignManagement/v13/GeoLocationsFileUrl/Query` (Microsoft's
        /// campaign-management-service/getgeolocationsfileurl.md).
        public static let getGeoLocationsFileUrl = cm("GetGeoLocationsFileUrl", "POST", "GeoLocationsFileUrl/Query")
        public static let submitGenerateReport = Operation(name: "SubmitGenerateReport", method: "POST", path: "GenerateReport/Submit", isReporting: true)
        public static let pollGenerateReport = Operation(name: "PollGenerateReport", method: "POST", path: "GenerateReport/Poll", isReporting: true)
    }

    /// The URL of an operation: `<base>/CampaignManagement/v13/<path>` or `<reporting base>/Reporting/v13/<path>`.
    public func url(_ operation: Operation) -> URL {
        let base = (operation.isReporting ? reportingURL : baseURL).absoluteString
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return URL(string: trimmed + "/\(operation.isReporting ? "Reporting" : "CampaignManagement")/\(version)/\(operation.path)")!
    }

    /// The request for an operation and body, as it goes on the wire.
    public func request(_ operation: Operation, _ body: MicrosoftAdsJSON) -> HTTPRequest {
        HTTPRequest(method: operation.method, url: url(operation),
                    headers: ["Content-Type": "application/json", "Accept": "application/json"],
                    body: body.serialized(), operation: "microsoft_ads.\(operation.name)", isIdempotent: operation.isIdempotent)
    }

    func send(_ operation: Operation, _ fields: [(String, MicrosoftAdsJSON)]) async throws -> JSONValue {
        let request = request(operation, .object(fields))
        let response = try await http.send(request)
        guard (200..<300).contains(response.status) else {
            if let fault = MicrosoftAdsFailure.decodeFault(response.body, httpStatus: response.status, operation: operation.name) { throw fault }
            throw HTTPError(request: request, response: response)
        }
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        guard let json = JSONValue.parse(response.body), case .object = json else {
            throw MicrosoftAdsFailure(operation: operation.name, httpStatus: response.status, faultType: "UnexpectedResponse",
                                      errors: [MicrosoftAdsErrorItem(code: nil, errorCode: "", message: "the answer is not a JSON object: "
                                          + HTTPError.clip(Redactor.redact(String(decoding: response.body.prefix(200), as: UTF8.self))))])
        }
        return json
    }

    /// The ids of a list (`"123"`, `123` or `null` per item).
    static func ids(_ value: JSONValue?) -> [String?] {
        (value?.arrayValue ?? []).map { item in
            switch item {
            case .null: nil
            default: item.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            }
        }
    }
}
