import CampaignKit
import Foundation
import Logging

/// The sandbox's state and request handling, behind an actor so requests are applied one at a time.
///
/// The HTTP server (and the in-process entry point) call `serve`: `begin` records the request and
/// decides its fault, a `slow` fault is waited out, then `handle` answers. Everything else — OAuth,
/// authentication, routing, validation, mutate, search, persistence — happens in `handle` and its
/// extensions. Each platform is a ``SandboxModule`` (``SandboxModules/all``) that claims its paths (Google Ads `/v25/…`,
/// `/oauth2/token`; Microsoft Advertising `/CampaignManagement/v13/…`, `/Reporting/v13/…`, `/common/oauth2/v2.0/token`);
/// the modules share the clock, the fault plan, the recording and the state directory; each has its own state file.
actor SandboxEngine {
    let configuration: SandboxConfiguration
    var state: StoredState
    /// The Microsoft Advertising module's state (`microsoft-ads.json`).
    var microsoft: MicrosoftStoredState
    /// Tokens for the Microsoft module (its own stream, so Google's ids never depend on it).
    var microsoftRandom: SeededRandom
    /// Where the sandbox is reachable, for the URLs it hands out (report downloads, the locations file).
    var baseURL = URL(string: "http://sandbox.invalid")!
    /// Generated report archives by report request id (rebuilt from the job after a restart).
    var reportArchives: [String: Data] = [:]
    var faultPlan: FaultPlan
    private var faultRandom: SeededRandom
    var idRandom: SeededRandom
    private var queuedFaults: [Fault] = []
    private var faultCount = 0
    private var records: [RecordedRequest] = []
    /// The state of modules that keep it here (see ``moduleState(_:initial:)``), by platform.
    var moduleStates: [Platform: any Sendable] = [:]

    /// What `begin` decided about a request.
    struct Ticket: Sendable {
        let sequence: Int
        let faultNumber: Int?
        let fault: Fault?
        let requestId: String
    }

    init(configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        self.state = try configuration.stateDirectory.map(StoredState.load(from:)) ?? StoredState()
        self.microsoft = try configuration.stateDirectory.map(MicrosoftStoredState.load(from:)) ?? MicrosoftStoredState()
        self.microsoftRandom = SeededRandom(seed: configuration.seed, stream: "microsoft.tokens")
        self.faultPlan = configuration.faults
        self.faultRandom = SeededRandom(seed: configuration.seed, stream: "faults")
        self.idRandom = SeededRandom(seed: configuration.seed, stream: "ids.request")
    }

    // MARK: test hooks

    func recordedRequests() -> [RecordedRequest] { records }

    func clearRecordedRequests() { records.removeAll() }

    func snapshot() -> SandboxState { SandboxState(state) }

    func microsoftSnapshot() -> MicrosoftAdsState { MicrosoftAdsState(microsoft) }

    func setBaseURL(_ url: URL) { baseURL = url }

    func enqueue(_ faults: [Fault]) { queuedFaults += faults }

    func setFaultPlan(_ plan: FaultPlan) {
        faultPlan = plan
        queuedFaults.removeAll()
    }

    var dropHold: Duration { faultPlan.dropHold }

    /// Simulates delivery for the inclusive date range on every platform and persists it.
    func simulateDelivery(from: String?, through: String) throws {
        guard let last = SandboxCalendar.day(through) else { throw SandboxError.invalidDate(through) }
        var first: Int?
        if let from {
            guard let day = SandboxCalendar.day(from) else { throw SandboxError.invalidDate(from) }
            first = day
        }
        for module in SandboxModules.all { module.simulateDelivery(from: first, through: last, engine: self) }
    }

    // MARK: requests

    /// Records the request and decides its fault.
    func begin(_ request: SandboxHTTPRequest) -> Ticket {
        let kind = SandboxModules.claim(request.path)?.kind
        let counted = kind == .api || (kind == .token && faultPlan.includeTokenEndpoint)
        var faultNumber: Int?
        var fault: Fault?
        if counted {
            faultCount += 1
            faultNumber = faultCount
            fault =
                queuedFaults.isEmpty
                ? faultPlan.fault(forRequest: faultCount, using: &faultRandom) : queuedFaults.removeFirst()
        }
        var headers: [String: String] = [:]
        for (name, value) in request.headers where name.lowercased() != "authorization" {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        let body = kind == .token ? Self.redactedTokenBody(request.body) : request.body
        records.append(
            RecordedRequest(
                sequence: records.count + 1, faultNumber: faultNumber, method: request.method, path: request.path,
                query: request.query, headers: headers, body: body, fault: fault, responseStatus: nil
            )
        )
        return Ticket(
            sequence: records.count, faultNumber: faultNumber, fault: fault, requestId: idRandom.token(count: 22))
    }

    /// The whole path of one request, for the HTTP server and the in-process entry point alike:
    /// record it and decide its fault (`begin`), wait out a `slow` fault, answer (`handle`).
    nonisolated func serve(_ request: SandboxHTTPRequest) async -> SandboxDisposition {
        let ticket = await begin(request)
        if case .slow(let milliseconds) = ticket.fault {
            try? await Task.sleep(for: .milliseconds(milliseconds))
        }
        return await handle(request, ticket)
    }

    /// Answers the request (after any `slow` delay).
    func handle(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxDisposition {
        let disposition = route(request, ticket)
        if case .respond(let response) = disposition,
            let index = records.firstIndex(where: { $0.sequence == ticket.sequence })
        {
            records[index].responseStatus = response.status
        }
        return disposition
    }

    static let apiVersion = 25
    static let tokenPath = "/oauth2/token"

    private func route(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxDisposition {
        if request.path.hasPrefix("/_sandbox/") { return .respond(controlResponse(request)) }
        guard let (module, _) = SandboxModules.claim(request.path) else { return .respond(.notFound(request.path)) }
        return module.answer(request, ticket, engine: self)
    }

    /// Google Ads: the token endpoint and the `/v25/…` REST methods.
    func googleRoute(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxDisposition {
        if request.path == Self.tokenPath {
            guard request.method == "POST" else { return .respond(.notFound(request.path)) }
            return withFaults(ticket) { self.tokenResponse(request) }
        }
        let prefix = "/v\(Self.apiVersion)/"
        guard request.path.hasPrefix(prefix) else { return .respond(.notFound(request.path)) }
        let rest = String(request.path.dropFirst(prefix.count))

        let endpoint: APIEndpoint
        if rest == "customers:listAccessibleCustomers", request.method == "GET" {
            endpoint = .listAccessibleCustomers
        } else if rest == "geoTargetConstants:suggest", request.method == "POST" {
            endpoint = .suggestGeoTargetConstants
        } else {
            let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
            guard request.method == "POST", parts.count == 3, parts[0] == "customers",
                let found = APIEndpoint(customerId: String(parts[1]), verb: String(parts[2]))
            else { return .respond(.notFound(request.path)) }
            endpoint = found
        }
        if let rejection = authenticate(request, ticket) { return .respond(rejection) }
        if let customerId = endpoint.customerId, let rejection = checkCustomer(customerId, ticket) {
            return .respond(rejection)
        }
        return withFaults(ticket) {
            switch endpoint {
            case .listAccessibleCustomers: self.listAccessibleCustomers(ticket)
            case .suggestGeoTargetConstants: self.suggestGeoTargetConstants(request, ticket)
            case .search(let customerId): self.search(request, customerId: customerId, ticket: ticket, stream: false)
            case .searchStream(let customerId):
                self.search(request, customerId: customerId, ticket: ticket, stream: true)
            case .mutate(let customerId): self.mutate(request, customerId: customerId, service: nil, ticket: ticket)
            case .serviceMutate(let customerId, let kind):
                self.mutate(request, customerId: customerId, service: kind, ticket: ticket)
            }
        }
    }

    /// The Google Ads REST methods the sandbox serves.
    enum APIEndpoint {
        case listAccessibleCustomers
        case suggestGeoTargetConstants
        case search(String)
        case searchStream(String)
        case mutate(String)
        case serviceMutate(String, ResourceKind)

        init?(customerId: String, verb: String) {
            switch verb {
            case "googleAds:search": self = .search(customerId)
            case "googleAds:searchStream": self = .searchStream(customerId)
            case "googleAds:mutate": self = .mutate(customerId)
            default:
                guard verb.hasSuffix(":mutate"),
                    let kind = ResourceKind(collection: String(verb.dropLast(":mutate".count)))
                else { return nil }
                self = .serviceMutate(customerId, kind)
            }
        }

        var customerId: String? {
            switch self {
            case .listAccessibleCustomers, .suggestGeoTargetConstants: nil
            case .search(let id), .searchStream(let id), .mutate(let id), .serviceMutate(let id, _): id
            }
        }
    }

    // MARK: faults

    /// Applies the ticket's fault around `body`, which produces the normal answer, with Google Ads' fault bodies.
    func withFaults(_ ticket: Ticket, _ body: () -> SandboxHTTPResponse) -> SandboxDisposition {
        withFaults(ticket, answeringFaults: googleFault, body)
    }

    /// Applies the ticket's fault around `body`: `answeringFaults` gives the platform's answer to a fault that is an
    /// answer (429, 5xx) or nil; a dropped connection drops (after applying `body` for `dropAfterApplying`); anything
    /// else (no fault, `slow`, a fault the platform does not answer) is the normal answer.
    func withFaults(_ ticket: Ticket, answeringFaults: (Ticket) -> SandboxHTTPResponse?, _ body: () -> SandboxHTTPResponse) -> SandboxDisposition {
        if let response = answeringFaults(ticket) { return .respond(response) }
        switch ticket.fault {
        case .dropBeforeApplying:
            return .drop
        case .dropAfterApplying:
            _ = body()
            return .drop
        default:
            return .respond(body())
        }
    }

    /// Google Ads' answer to a rate-limit, quota or server fault: `{"error": {…GoogleAdsFailure…}}`.
    private func googleFault(_ ticket: Ticket) -> SandboxHTTPResponse? {
        switch ticket.fault {
        case .rateLimited(let retryDelay):
            let seconds = retryDelay.hasSuffix("s") ? String(retryDelay.dropLast()) : retryDelay
            return quotaExhausted(
                ticket, retryDelay: retryDelay, scope: "ACCOUNT", rateName: "Requests per account",
                message: "Too many requests. Retry in \(seconds) seconds."
            )
        case .dailyQuotaExhausted:
            let now = configuration.now().timeIntervalSince1970
            let untilMidnight = Int(86_400 - now.truncatingRemainder(dividingBy: 86_400))
            return quotaExhausted(
                ticket, retryDelay: "\(untilMidnight)s", scope: "DEVELOPER",
                rateName: "Number of operations for basic access",
                message: "Too many requests. Retry in \(untilMidnight) seconds."
            )
        case .unavailable:
            return .json(
                503,
                GoogleAdsWire.errorBody(
                    code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE"))
        case .internalError:
            let error = GoogleAdsError(.internalErrorInternalError, "An internal error has occurred.")
            return .json(
                500,
                GoogleAdsWire.failureBody(
                    [error], requestId: ticket.requestId, httpStatus: 500, status: "INTERNAL",
                    message: "Internal error encountered."
                ),
                headers: [("request-id", ticket.requestId)]
            )
        case .dropBeforeApplying, .dropAfterApplying, .slow, .partialFailure, nil:
            return nil
        }
    }

    private func quotaExhausted(
        _ ticket: Ticket, retryDelay: String, scope: String, rateName: String, message: String
    ) -> SandboxHTTPResponse {
        let error = GoogleAdsError(
            .quotaErrorResourceExhausted, message,
            details: [
                "quotaErrorDetails": [
                    "rateScope": .string(scope), "rateName": .string(rateName), "retryDelay": .string(retryDelay),
                ]
            ]
        )
        return .json(
            429,
            GoogleAdsWire.failureBody(
                [error], requestId: ticket.requestId, httpStatus: 429, status: "RESOURCE_EXHAUSTED",
                message: "Resource has been exhausted (e.g. check quota)."
            ),
            headers: [("request-id", ticket.requestId)]
        )
    }

    // MARK: authentication

    /// The 401/400 answer for a missing or unknown access token or developer token, else nil.
    private func authenticate(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxHTTPResponse? {
        let authorization = request.header("authorization") ?? ""
        let challenge = ("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"")
        guard authorization.lowercased().hasPrefix("bearer "), authorization.count > 7 else {
            return .json(
                401,
                GoogleAdsWire.errorBody(
                    code: 401,
                    message:
                        "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
                    status: "UNAUTHENTICATED"
                ),
                headers: [challenge]
            )
        }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let expiry = state.tokens[token], expiry > configuration.now().timeIntervalSince1970 else {
            return .json(
                401,
                GoogleAdsWire.errorBody(
                    code: 401,
                    message:
                        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
                    status: "UNAUTHENTICATED"
                ),
                headers: [(challenge.0, challenge.1 + ", error=\"invalid_token\"")]
            )
        }
        let requestIdHeader = ("request-id", ticket.requestId)
        guard let developerToken = request.header("developer-token"), !developerToken.isEmpty else {
            let error = GoogleAdsError(
                .requestErrorDeveloperTokenParameterMissing, "Developer token parameter is missing.")
            return .json(
                400, GoogleAdsWire.failureBody([error], requestId: ticket.requestId), headers: [requestIdHeader])
        }
        guard developerToken == configuration.developerToken else {
            let error = GoogleAdsError(.authenticationErrorDeveloperTokenInvalid, "The developer token is not valid.")
            return .json(
                401,
                GoogleAdsWire.failureBody(
                    [error], requestId: ticket.requestId, httpStatus: 401, status: "UNAUTHENTICATED",
                    message: "Request had invalid authentication credentials."
                ),
                headers: [requestIdHeader]
            )
        }
        if let login = request.header("login-customer-id"), login.isEmpty || !login.allSatisfy(\.isASCIINumber) {
            let error = GoogleAdsError(
                .headerErrorInvalidLoginCustomerId,
                "The login customer ID could not be validated. Use digits only, without dashes."
            )
            return .json(
                400, GoogleAdsWire.failureBody([error], requestId: ticket.requestId), headers: [requestIdHeader])
        }
        return nil
    }

    private func checkCustomer(_ customerId: String, _ ticket: Ticket) -> SandboxHTTPResponse? {
        let requestIdHeader = ("request-id", ticket.requestId)
        guard !customerId.isEmpty, customerId.allSatisfy(\.isASCIINumber) else {
            let error = GoogleAdsError(
                .requestErrorInvalidCustomerId,
                "The customer ID '\(customerId)' is not valid; use digits only, without dashes."
            )
            return .json(
                400, GoogleAdsWire.failureBody([error], requestId: ticket.requestId), headers: [requestIdHeader])
        }
        if let allowed = configuration.customerIds, !allowed.contains(customerId) {
            let error = GoogleAdsError(
                .authorizationErrorUserPermissionDenied, "User doesn't have permission to access customer.")
            return .json(
                403,
                GoogleAdsWire.failureBody(
                    [error], requestId: ticket.requestId, httpStatus: 403, status: "PERMISSION_DENIED",
                    message: "The caller does not have permission"
                ),
                headers: [requestIdHeader]
            )
        }
        return nil
    }

    private func listAccessibleCustomers(_ ticket: Ticket) -> SandboxHTTPResponse {
        let ids = Set(configuration.customerIds ?? []).union(state.accounts.keys).sorted()
        return .json(
            200, ["resourceNames": .array(ids.map { .string("customers/\($0)") })],
            headers: [("request-id", ticket.requestId)]
        )
    }

    // MARK: persistence

    /// Writes `microsoft-ads.json` when the sandbox has a state directory; failures are logged.
    func persistMicrosoft() {
        guard let directory = configuration.stateDirectory else { return }
        // Workspaces that never used the Microsoft module get no file.
        guard microsoft != MicrosoftStoredState()
            || FileManager.default.fileExists(atPath: directory.appendingPathComponent(MicrosoftStoredState.fileName).path)
        else { return }
        do {
            try microsoft.save(to: directory)
        } catch {
            configuration.logger.error("Could not write the Microsoft Advertising sandbox state: \(error)")
        }
    }

    /// Writes the state file when the sandbox has a state directory; failures are logged.
    func persist() {
        guard let directory = configuration.stateDirectory else { return }
        do {
            try state.save(to: directory)
        } catch {
            configuration.logger.error("Could not write the sandbox state: \(error)")
        }
    }

    /// Today by the sandbox clock, as days since 1970: the persisted simulated day once `advance`
    /// has set it, else the UTC date of `configuration.now()`.
    var today: Int { state.clockDay ?? SandboxCalendar.day(SandboxCalendar.today(configuration.now()))! }

    /// Moves the simulated clock forward by `days` (0 pins it at today), simulates delivery for every
    /// day that became complete (old today … new today − 1) and persists. Returns the new today.
    @discardableResult
    func advance(days: Int) throws -> Int {
        guard days >= 0 else { throw SandboxError.invalidAdvance(days) }
        let old = today
        let new = old + days
        if days > 0 {
            for module in SandboxModules.all { module.simulateDelivery(from: old, through: new - 1, engine: self) }
        }
        state.clockDay = new
        for module in SandboxModules.all { module.persist(engine: self) }
        return new
    }

    private static func redactedTokenBody(_ body: Data) -> Data {
        let text = String(decoding: body, as: UTF8.self)
        let redacted = text.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let key = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return ["client_secret", "refresh_token"].contains(key) ? "\(key)=REDACTED" : String(pair)
        }
        return Data(redacted.joined(separator: "&").utf8)
    }
}
