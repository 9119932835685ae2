import CampaignKit
import Foundation

/// One Meta request after parsing: its path segments under `/v25.0/`, its params (query, then form body; a later value
/// wins), uploaded files, the trace id for errors, and the ad account it concerns (for the usage headers).
struct MetaCall {
    let method: String
    let path: String
    let segments: [String]
    let params: [String: String]
    /// The query items in order, for `paging.next`.
    let query: [(String, String)]
    let uploads: [MetaWire.Upload]
    let trace: String
    let today: Int
    let now: Int64
}

/// Params every Graph call may carry besides the endpoint's own.
let metaCommonParams: Set<String> = ["access_token", "appsecret_proof", "method", "format", "suppress_http_code", "pretty", "batch", "include_headers"]

extension SandboxEngine {
    /// The Meta module's state (`meta.json`), loaded on first use.
    var meta: MetaStoredState {
        get {
            moduleState(.meta) {
                guard let directory = configuration.stateDirectory else { return MetaStoredState() }
                do {
                    return try MetaStoredState.load(from: directory)
                } catch {
                    // The module's state is made on first use, where nothing can be thrown: keep the unreadable file
                    // aside (never overwrite it) and start empty.
                    let url = directory.appendingPathComponent(MetaStoredState.fileName)
                    let aside = directory.appendingPathComponent(MetaStoredState.fileName + ".unreadable")
                    try? FileManager.default.removeItem(at: aside)
                    try? FileManager.default.moveItem(at: url, to: aside)
                    configuration.logger.error("Could not read the Meta sandbox state (kept as \(aside.lastPathComponent)): \(error)")
                    return MetaStoredState()
                }
            }
        }
        set { setModuleState(.meta, newValue) }
    }

    /// Writes `meta.json` when the sandbox has a state directory and the module was used; failures are logged.
    func persistMeta() {
        guard let directory = configuration.stateDirectory else { return }
        let state = meta
        guard state != MetaStoredState()
            || FileManager.default.fileExists(atPath: directory.appendingPathComponent(MetaStoredState.fileName).path)
        else { return }
        do {
            try state.save(to: directory)
        } catch {
            configuration.logger.error("Could not write the Meta sandbox state: \(error)")
        }
    }

    /// Parses, authenticates, counts usage, applies the drawn fault and dispatches one `/v25.0/…` request.
    func metaRoute(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxDisposition {
        let trace = MetaWire.trace(ticket)
        let query = MetaWire.form(request.query ?? "")
        var params: [String: String] = [:]
        for (name, value) in query { params[name] = value }
        var uploads: [MetaWire.Upload] = []
        if request.method == "POST" || request.method == "DELETE", !request.body.isEmpty {
            let contentType = (request.header("content-type") ?? "").lowercased()
            let text = String(decoding: request.body, as: UTF8.self)
            let original = request.header("content-type") ?? ""
            if contentType.hasPrefix("multipart/form-data"), let range = original.range(of: "boundary=", options: .caseInsensitive) {
                let boundary = original[range.upperBound...].split(separator: ";").first
                    .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? ""
                guard let parts = MetaWire.multipart(request.body, boundary: boundary) else {
                    return .respond(MetaWire.error(400, message: "(#100) The multipart body could not be read.", code: 100, trace: trace))
                }
                for (name, value) in parts.fields { params[name] = value }
                uploads = parts.files
            } else if contentType.hasPrefix("application/json") || text.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
                // A sandbox rule taken from the reference (gotcha 1): writes are form-encoded; the wording is unconfirmed.
                return .respond(
                    MetaWire.error(
                        400, message: "(#100) The request body must be form-encoded (application/x-www-form-urlencoded or multipart/form-data), not JSON.",
                        code: 100, userTitle: "Invalid request body",
                        userMessage: "Send each parameter as a form field; objects and lists go as JSON strings inside the form.", trace: trace))
            } else {
                for (name, value) in MetaWire.form(text) { params[name] = value }
            }
        }
        if let rejection = metaAuthenticate(request, params: params, trace: trace) { return .respond(rejection) }
        let rest = String(request.path.dropFirst(MetaWire.prefix.count))
        let segments = rest.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let now = Int64(configuration.now().timeIntervalSince1970)
        let call = MetaCall(
            method: request.method, path: request.path, segments: segments, params: params, query: query, uploads: uploads,
            trace: trace, today: today, now: now)
        if segments.isEmpty, request.method == "POST", params["batch"] != nil {
            return withFaults(ticket, answeringFaults: { metaFault($0, accountId: nil, usage: nil, trace: trace, now: now) }) {
                self.metaBatch(call, fault: ticket.fault)
            }
        }
        let accountId = metaAccountId(of: call)
        let usage = accountId.map { metaCountCall(accountId: $0, now: now) }
        return withFaults(ticket, answeringFaults: { metaFault($0, accountId: accountId, usage: usage, trace: trace, now: now) }) {
            var response = self.metaDispatch(call)
            if let accountId, let usage {
                response.headers += MetaUsageHeaders.headers(
                    accountId: accountId, calls: usage.calls, activeAds: self.metaActiveAds(accountId), now: now, window: usage.window)
            }
            return response
        }
    }

    /// Missing token: code 104; a token the sandbox did not issue: code 190; a missing or wrong `appsecret_proof` when an
    /// app secret is configured: code 100 `GraphMethodException`. All HTTP 400.
    private func metaAuthenticate(_ request: SandboxHTTPRequest, params: [String: String], trace: String) -> SandboxHTTPResponse? {
        let secrets = MetaSandboxModule.secrets(configuration)
        var token = params["access_token"]
        if let authorization = request.header("authorization"), authorization.lowercased().hasPrefix("bearer ") {
            token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        guard let token, !token.isEmpty else {
            return MetaWire.error(400, message: "An access token is required to request this resource.", code: 104, trace: trace)
        }
        guard token == secrets.accessToken else {
            return MetaWire.error(400, message: "Invalid OAuth access token - Cannot parse access token", code: 190, trace: trace)
        }
        guard !secrets.appSecret.isEmpty else { return nil }
        guard let proof = params["appsecret_proof"], !proof.isEmpty else {
            return MetaWire.error(
                400, message: "API calls from the server require an appsecret_proof argument", type: "GraphMethodException", code: 100, trace: trace)
        }
        guard proof.lowercased() == MetaDigest.hmacSHA256Hex(key: secrets.appSecret, message: token) else {
            return MetaWire.error(
                400, message: "Invalid appsecret_proof provided in the API argument", type: "GraphMethodException", code: 100, trace: trace)
        }
        return nil
    }

    /// The ad account a call concerns: `act_{id}` in the path, else the account of the node or report run it names.
    func metaAccountId(of call: MetaCall) -> String? {
        guard let first = call.segments.first else { return nil }
        if first.hasPrefix("act_") {
            let digits = String(first.dropFirst(4))
            return !digits.isEmpty && digits.allSatisfy(\.isASCIINumber) ? digits : nil
        }
        let state = meta
        return state.node(first)?.account ?? state.reports[first]?.accountId
    }

    /// Ads of the account that are ACTIVE with their ad set and campaign.
    func metaActiveAds(_ accountId: String) -> Int {
        guard let account = meta.accounts[accountId] else { return 0 }
        return account.nodes.values.filter { $0.kind == .ad && metaEffectiveStatus($0, in: account) == "ACTIVE" }.count
    }

    /// Counts one call against the account's usage window (the current hour of the sandbox clock).
    func metaCountCall(accountId: String, now: Int64) -> MetaUsage {
        var state = meta
        let window = now / 3600
        var usage = state.usage[accountId] ?? MetaUsage(window: window, calls: 0)
        if usage.window != window { usage = MetaUsage(window: window, calls: 0) }
        usage.calls += 1
        state.usage[accountId] = usage
        meta = state
        return usage
    }

    /// Meta's answers to a throttle, quota or server fault (HTTP 400 for throttling, as Meta does).
    private func metaFault(_ ticket: Ticket, accountId: String?, usage: MetaUsage?, trace: String, now: Int64) -> SandboxHTTPResponse? {
        func throttled(minutes: Int) -> [(name: String, value: String)] {
            guard let accountId else { return [] }
            return MetaUsageHeaders.headers(
                accountId: accountId, calls: usage?.calls ?? 0, activeAds: metaActiveAds(accountId), now: now,
                window: usage?.window ?? now / 3600, regainMinutes: minutes)
        }
        switch ticket.fault {
        case .rateLimited(let delay):
            let seconds = Double(delay.hasSuffix("s") ? String(delay.dropLast()) : delay) ?? 60
            let minutes = max(1, Int((seconds / 60).rounded(.up)))
            // Confirmed from reported responses (singer-io/tap-facebook#192, airbytehq/airbyte#8773): HTTP 400, code 80004,
            // subcode 2446079.
            return MetaWire.error(
                400,
                message:
                    "(#80004) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
                code: 80004, subcode: 2_446_079, trace: trace, headers: throttled(minutes: minutes))
        case .dailyQuotaExhausted:
            let minutes = max(1, Int((86_400 - now % 86_400) / 60))
            // Code 17 "User request limit reached" with is_transient (facebook-python-business-sdk#416); subcode 2446079
            // from Meta's rate-limiting page.
            return MetaWire.error(
                400, message: "(#17) User request limit reached", code: 17, subcode: 2_446_079, transient: true, trace: trace,
                headers: throttled(minutes: minutes))
        case .unavailable:
            // Code 2 with HTTP 500 (Trustroots/trustroots#673, facebook-java-business-sdk#319).
            return MetaWire.error(
                500, message: "An unexpected error has occurred. Please retry your request later.", code: 2, transient: true, trace: trace)
        case .internalError:
            // Code 1 (subcode 99 as reported in facebookarchive/php-graph-sdk#948); is_transient as the brief asks (unconfirmed).
            return MetaWire.error(500, message: "An unknown error occurred", code: 1, subcode: 99, transient: true, trace: trace)
        case .dropBeforeApplying, .dropAfterApplying, .slow, .partialFailure, nil:
            return nil
        }
    }
}

/// The usage headers Meta sends on Marketing API answers: `x-business-use-case-usage` (per business use case, keyed by
/// the ad account id; integer percentages) and `x-ad-account-usage` (`acc_id_util_pct`). The hourly capacity follows
/// Meta's ads-management formula for standard access as remembered, 100,000 + 40 × active ads (unconfirmed), so a suite
/// of thousands of calls on a fixed clock never saturates it; a rate-limit fault reports 100 % and the minutes to wait.
enum MetaUsageHeaders {
    static func capacity(activeAds: Int) -> Int { 100_000 + 40 * activeAds }

    static func headers(accountId: String, calls: Int, activeAds: Int, now: Int64, window: Int64, regainMinutes: Int = 0) -> [(name: String, value: String)] {
        let capacity = capacity(activeAds: activeAds)
        let exact = regainMinutes > 0 ? 100 : min(100, Double(calls) * 100 / Double(capacity))
        let percent = Int(exact)
        let reset = Int((window + 1) * 3600 - now)
        let business: SandboxJSON = [
            accountId: [[
                "type": "ads_management", "call_count": .int(Int64(percent)), "total_cputime": .int(Int64(percent * 3 / 5)),
                "total_time": .int(Int64(percent * 4 / 5)), "estimated_time_to_regain_access": .int(Int64(regainMinutes)),
                "ads_api_access_tier": "standard_access",
            ]]
        ]
        let account: SandboxJSON = [
            "acc_id_util_pct": .double((exact * 10_000).rounded() / 10_000), "reset_time_duration": .int(Int64(max(0, reset))),
            "ads_api_access_tier": "standard_access",
        ]
        return [
            ("x-business-use-case-usage", String(decoding: business.encoded(), as: UTF8.self)),
            ("x-ad-account-usage", String(decoding: account.encoded(), as: UTF8.self)),
        ]
    }
}
