import Foundation

/// The Microsoft Advertising REST v13 operations the sandbox serves, by verb and path.
enum MicrosoftOperation: String, Sendable, CaseIterable {
    case addCampaigns = "AddCampaigns", updateCampaigns = "UpdateCampaigns", deleteCampaigns = "DeleteCampaigns"
    case getCampaignsByAccountId = "GetCampaignsByAccountId", getCampaignsByIds = "GetCampaignsByIds"
    case addAdGroups = "AddAdGroups", updateAdGroups = "UpdateAdGroups", deleteAdGroups = "DeleteAdGroups"
    case getAdGroupsByCampaignId = "GetAdGroupsByCampaignId", getAdGroupsByIds = "GetAdGroupsByIds"
    case addKeywords = "AddKeywords", updateKeywords = "UpdateKeywords", deleteKeywords = "DeleteKeywords"
    case getKeywordsByAdGroupId = "GetKeywordsByAdGroupId", getKeywordsByIds = "GetKeywordsByIds"
    case addAds = "AddAds", updateAds = "UpdateAds", deleteAds = "DeleteAds"
    case getAdsByAdGroupId = "GetAdsByAdGroupId", getAdsByIds = "GetAdsByIds"
    case addCampaignCriterions = "AddCampaignCriterions", updateCampaignCriterions = "UpdateCampaignCriterions"
    case deleteCampaignCriterions = "DeleteCampaignCriterions"
    case getCampaignCriterionsByIds = "GetCampaignCriterionsByIds"
    case addNegativeKeywordsToEntities = "AddNegativeKeywordsToEntities"
    case deleteNegativeKeywordsFromEntities = "DeleteNegativeKeywordsFromEntities"
    case getNegativeKeywordsByEntityIds = "GetNegativeKeywordsByEntityIds"
    case getGeoLocationsFileUrl = "GetGeoLocationsFileUrl"
    case submitGenerateReport = "SubmitGenerateReport", pollGenerateReport = "PollGenerateReport"

    /// `VERB /path` as in the reference's `allOperations`.
    var route: (method: String, path: String) {
        let cm = "/CampaignManagement/v13"
        switch self {
        case .addCampaigns: return ("POST", cm + "/Campaigns")
        case .updateCampaigns: return ("PUT", cm + "/Campaigns")
        case .deleteCampaigns: return ("DELETE", cm + "/Campaigns")
        case .getCampaignsByAccountId: return ("POST", cm + "/Campaigns/QueryByAccountId")
        case .getCampaignsByIds: return ("POST", cm + "/Campaigns/QueryByIds")
        case .addAdGroups: return ("POST", cm + "/AdGroups")
        case .updateAdGroups: return ("PUT", cm + "/AdGroups")
        case .deleteAdGroups: return ("DELETE", cm + "/AdGroups")
        case .getAdGroupsByCampaignId: return ("POST", cm + "/AdGroups/QueryByCampaignId")
        case .getAdGroupsByIds: return ("POST", cm + "/AdGroups/QueryByIds")
        case .addKeywords: return ("POST", cm + "/Keywords")
        case .updateKeywords: return ("PUT", cm + "/Keywords")
        case .deleteKeywords: return ("DELETE", cm + "/Keywords")
        case .getKeywordsByAdGroupId: return ("POST", cm + "/Keywords/QueryByAdGroupId")
        case .getKeywordsByIds: return ("POST", cm + "/Keywords/QueryByIds")
        case .addAds: return ("POST", cm + "/Ads")
        case .updateAds: return ("PUT", cm + "/Ads")
        case .deleteAds: return ("DELETE", cm + "/Ads")
        case .getAdsByAdGroupId: return ("POST", cm + "/Ads/QueryByAdGroupId")
        case .getAdsByIds: return ("POST", cm + "/Ads/QueryByIds")
        case .addCampaignCriterions: return ("POST", cm + "/CampaignCriterions")
        case .updateCampaignCriterions: return ("PUT", cm + "/CampaignCriterions")
        case .deleteCampaignCriterions: return ("DELETE", cm + "/CampaignCriterions")
        case .getCampaignCriterionsByIds: return ("POST", cm + "/CampaignCriterions/QueryByIds")
        case .addNegativeKeywordsToEntities: return ("POST", cm + "/EntityNegativeKeywords")
        case .deleteNegativeKeywordsFromEntities: return ("DELETE", cm + "/EntityNegativeKeywords")
        case .getNegativeKeywordsByEntityIds: return ("POST", cm + "/NegativeKeywords/QueryByEntityIds")
        case .getGeoLocationsFileUrl: return ("POST", cm + "/GeoLocationsFileUrl/Query")
        case .submitGenerateReport: return ("POST", "/Reporting/v13/GenerateReport/Submit")
        case .pollGenerateReport: return ("POST", "/Reporting/v13/GenerateReport/Poll")
        }
    }

    /// The request model, e.g. `cm.AddCampaignsRequest`.
    var requestModel: String {
        isReporting ? "rep.\(rawValue)Request" : "cm.\(rawValue)Request"
    }

    var isReporting: Bool { self == .submitGenerateReport || self == .pollGenerateReport }

    /// Whether the call works on one account and so needs the `CustomerAccountId` header.
    var needsAccount: Bool { self != .getGeoLocationsFileUrl && self != .pollGenerateReport }

    static let byRoute: [String: [String: MicrosoftOperation]] = {
        var table: [String: [String: MicrosoftOperation]] = [:]
        for operation in allCases { table[operation.route.path, default: [:]][operation.route.method] = operation }
        return table
    }()
}

/// The request context of one Microsoft Advertising call.
struct MicrosoftContext {
    let ticket: SandboxEngine.Ticket
    let trackingId: String
    /// `CustomerAccountId` (digits), when the operation needs it.
    let accountId: String?
    let customerId: String

    /// The index the `partialFailure` fault makes fail, if that is the ticket's fault.
    var partialFailureIndex: Int? {
        if case .partialFailure(let index) = ticket.fault { return index }
        return nil
    }

    /// HTTP 400 `ApiFaultDetail` with these operation errors.
    func operationFault(_ errors: MicrosoftError..., status: Int = 400) -> MicrosoftReply {
        .fault(status, MicrosoftWire.apiFault(operationErrors: errors, trackingId: trackingId))
    }
}

/// A Microsoft Advertising answer before it becomes HTTP.
enum MicrosoftReply {
    case ok(SandboxJSON)
    case fault(Int, SandboxJSON)
}

/// HTTP details of the Microsoft module that do not depend on the engine's state.
enum MicrosoftRoute {
    /// Microsoft's front end answers an unknown path with an empty 404.
    static let notFound = SandboxHTTPResponse(status: 404, headers: [("Content-Length", "0")], body: Data())
    static let methodNotAllowed = SandboxHTTPResponse(status: 405, headers: [("Content-Length", "0")], body: Data())
}

extension SandboxEngine {
    static let microsoftTokenPath = SandboxConfiguration.microsoftTokenPath
    /// Downloads the Microsoft module hands out (reports, the locations file); not authenticated, never
    /// counted for faults (they stand for Microsoft's blob storage).
    static let microsoftDownloadPrefix = "/_files/"

    static func isMicrosoftAPIPath(_ path: String) -> Bool {
        path.hasPrefix("/CampaignManagement/v13/") || path.hasPrefix("/Reporting/v13/")
    }

    /// Routes, authenticates, validates and answers a Campaign Management or Reporting call.
    ///
    /// Order of checks: path and verb (404/405), the headers (`Authorization`, `DeveloperToken`,
    /// `CustomerId`, `CustomerAccountId`), the JSON body against the models (400 `ApiFaultDetail`),
    /// then the injected fault, then the operation.
    func microsoftRoute(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxDisposition {
        let trackingId = MicrosoftWire.trackingId(ticket.requestId)
        guard let verbs = MicrosoftOperation.byRoute[request.path] else { return .respond(MicrosoftRoute.notFound) }
        guard let operation = verbs[request.method] else { return .respond(MicrosoftRoute.methodNotAllowed) }
        func answer(_ reply: MicrosoftReply) -> SandboxHTTPResponse {
            switch reply {
            case .ok(let body): .json(200, body, headers: [("TrackingId", trackingId)])
            case .fault(let status, let body): .json(status, body, headers: [("TrackingId", trackingId)])
            }
        }
        let context: MicrosoftContext
        switch microsoftAuthenticate(request, operation: operation, ticket: ticket, trackingId: trackingId) {
        case .failure(let rejection): return .respond(answer(rejection.reply))
        case .success(let found): context = found
        }
        guard let parsed = SandboxJSON.parse(request.body.isEmpty ? Data("{}".utf8) : request.body),
            case .object = parsed
        else {
            return .respond(
                answer(context.operationFault(.nullRequest.with(details: "The request body is not a JSON object."))))
        }
        var validator = MicrosoftSchemaValidator()
        let body = validator.validate(parsed, model: operation.requestModel, path: "")
        if !validator.problems.isEmpty {
            return .respond(
                answer(
                    .fault(
                        400,
                        MicrosoftWire.apiFault(
                            operationErrors: validator.problems.map { MicrosoftError.inputValidation.with(details: $0) },
                            trackingId: trackingId))))
        }
        return withFaults(ticket, answeringFaults: { self.microsoftFault($0, identity: false) }) {
            answer(self.microsoftDispatch(operation, body, context))
        }
    }

    private func microsoftDispatch(_ operation: MicrosoftOperation, _ body: SandboxJSON, _ context: MicrosoftContext)
        -> MicrosoftReply
    {
        switch operation {
        case .addCampaigns: addCampaigns(body, context)
        case .updateCampaigns: updateCampaigns(body, context)
        case .deleteCampaigns: deleteCampaigns(body, context)
        case .getCampaignsByAccountId: getCampaignsByAccountId(body, context)
        case .getCampaignsByIds: getCampaignsByIds(body, context)
        case .addAdGroups: addAdGroups(body, context)
        case .updateAdGroups: updateAdGroups(body, context)
        case .deleteAdGroups: deleteChildren(.adGroup, body, context)
        case .getAdGroupsByCampaignId: getChildren(.adGroup, body, context)
        case .getAdGroupsByIds: getChildrenByIds(.adGroup, body, context)
        case .addKeywords: addKeywords(body, context)
        case .updateKeywords: updateKeywords(body, context)
        case .deleteKeywords: deleteChildren(.keyword, body, context)
        case .getKeywordsByAdGroupId: getChildren(.keyword, body, context)
        case .getKeywordsByIds: getChildrenByIds(.keyword, body, context)
        case .addAds: addAds(body, context)
        case .updateAds: updateAds(body, context)
        case .deleteAds: deleteChildren(.ad, body, context)
        case .getAdsByAdGroupId: getChildren(.ad, body, context)
        case .getAdsByIds: getChildrenByIds(.ad, body, context)
        case .addCampaignCriterions: addCampaignCriterions(body, context)
        case .updateCampaignCriterions: updateCampaignCriterions(body, context)
        case .deleteCampaignCriterions: deleteCampaignCriterions(body, context)
        case .getCampaignCriterionsByIds: getCampaignCriterionsByIds(body, context)
        case .addNegativeKeywordsToEntities: addNegativeKeywords(body, context)
        case .deleteNegativeKeywordsFromEntities: deleteNegativeKeywords(body, context)
        case .getNegativeKeywordsByEntityIds: getNegativeKeywords(body, context)
        case .getGeoLocationsFileUrl: getGeoLocationsFileUrl(body, context)
        case .submitGenerateReport: submitReport(body, context)
        case .pollGenerateReport: pollReport(body, context)
        }
    }

    /// A rejected call and its answer.
    struct MicrosoftRejection: Error {
        let reply: MicrosoftReply
    }

    /// Checks the four headers (names case-insensitive).
    ///
    /// - no `Authorization: Bearer …`, an unknown token, a missing or wrong `DeveloperToken` → 401
    ///   `AdApiFaultDetail` 105 `InvalidCredentials`;
    /// - an access token past its expiry → 401 `AdApiFaultDetail` 109 `AuthenticationTokenExpired`;
    /// - no `CustomerId` → 400 `ApiFaultDetail` 1029; no `CustomerAccountId` (where the call works on an
    ///   account) → 400 `ApiFaultDetail` 1030;
    /// - a `CustomerId` other than the configured one, or an account id that is not digits or not
    ///   allowed by `microsoftAccountIds` → 403 `AdApiFaultDetail` 106 `UserIsNotAuthorized`.
    private func microsoftAuthenticate(
        _ request: SandboxHTTPRequest, operation: MicrosoftOperation, ticket: Ticket, trackingId: String
    ) -> Result<MicrosoftContext, MicrosoftRejection> {
        func adApi(_ status: Int, _ error: MicrosoftError) -> Result<MicrosoftContext, MicrosoftRejection> {
            .failure(MicrosoftRejection(reply: .fault(status, MicrosoftWire.adApiFault([error], trackingId: trackingId))))
        }
        func operationFault(_ error: MicrosoftError) -> Result<MicrosoftContext, MicrosoftRejection> {
            .failure(
                MicrosoftRejection(
                    reply: .fault(400, MicrosoftWire.apiFault(operationErrors: [error], trackingId: trackingId))))
        }
        let authorization = request.header("authorization") ?? ""
        guard authorization.lowercased().hasPrefix("bearer "), authorization.count > 7 else {
            return adApi(401, .invalidCredentials)
        }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let expiry = microsoft.accessTokens[token] else { return adApi(401, .invalidCredentials) }
        guard expiry > configuration.now().timeIntervalSince1970 else { return adApi(401, .authenticationTokenExpired) }
        guard let developerToken = request.header("developertoken"), developerToken == configuration.microsoftDeveloperToken
        else { return adApi(401, .invalidCredentials) }
        guard let customerId = request.header("customerid")?.trimmingCharacters(in: .whitespaces), !customerId.isEmpty
        else { return operationFault(.customerIdRequired) }
        guard customerId == configuration.microsoftCustomerId else { return adApi(403, .userIsNotAuthorized) }
        var accountId: String?
        if let header = request.header("customeraccountid")?.trimmingCharacters(in: .whitespaces), !header.isEmpty {
            guard header.allSatisfy(\.isASCIINumber), configuration.microsoftAccountIds?.contains(header) ?? true else {
                return adApi(403, .userIsNotAuthorized)
            }
            accountId = header
        } else if operation.needsAccount {
            return operationFault(.accountIdRequired)
        }
        return .success(
            MicrosoftContext(ticket: ticket, trackingId: trackingId, accountId: accountId, customerId: customerId))
    }

    /// The Microsoft-shaped answer for the ticket's fault, or nil when the fault does not replace the
    /// answer (slow, drops, partial failure, none).
    ///
    /// - `rateLimited`: 429 `AdApiFaultDetail` 117 `CallRateExceeded`, `Retry-After` from the delay;
    /// - `dailyQuotaExhausted`: the same 429 with `Retry-After` until midnight UTC;
    /// - `unavailable`: 503 `ApiFaultDetail`, OperationError 0 `InternalError` "service unavailable";
    /// - `internalError`: 500 `ApiFaultDetail`, OperationError 0 `InternalError`.
    /// On the token endpoint the same faults are identity-platform errors
    /// (`temporarily_unavailable` 429/503, `server_error` 500).
    func microsoftFault(_ ticket: Ticket, identity: Bool) -> SandboxHTTPResponse? {
        let trackingId = MicrosoftWire.trackingId(ticket.requestId)
        func retryAfter(_ delay: String) -> String {
            let seconds = delay.hasSuffix("s") ? String(delay.dropLast()) : delay
            return String(Int(Double(seconds)?.rounded(.up) ?? 1))
        }
        func identityError(_ status: Int, _ error: String, _ code: String, _ text: String) -> SandboxHTTPResponse {
            .json(
                status,
                [
                    "error": .string(error), "error_description": .string("\(code): \(text)\r\nTrace ID: \(trackingId)"),
                    "error_codes": [.int(Int64(code.dropFirst(6)) ?? 0)],
                ])
        }
        let seconds: String
        switch ticket.fault {
        case .rateLimited(let delay): seconds = retryAfter(delay)
        case .dailyQuotaExhausted:
            let now = configuration.now().timeIntervalSince1970
            seconds = String(Int(86_400 - now.truncatingRemainder(dividingBy: 86_400)))
        case .unavailable:
            if identity {
                return identityError(
                    503, "temporarily_unavailable", "AADSTS90033", "A transient error has occurred. Please try again.")
            }
            return .json(
                503,
                MicrosoftWire.apiFault(
                    operationErrors: [.internalError.with(details: "The service is temporarily unavailable.")],
                    trackingId: trackingId),
                headers: [("TrackingId", trackingId)])
        case .internalError:
            if identity {
                return identityError(500, "server_error", "AADSTS90100", "An internal error has occurred.")
            }
            return .json(
                500, MicrosoftWire.apiFault(operationErrors: [.internalError], trackingId: trackingId),
                headers: [("TrackingId", trackingId)])
        default:
            return nil
        }
        if identity {
            var response = identityError(
                429, "temporarily_unavailable", "AADSTS50196", "The server terminated an operation because it encountered a client request loop.")
            response.headers.append(("Retry-After", seconds))
            return response
        }
        return .json(
            429, MicrosoftWire.adApiFault([.callRateExceeded], trackingId: trackingId),
            headers: [("TrackingId", trackingId), ("Retry-After", seconds)])
    }
}
