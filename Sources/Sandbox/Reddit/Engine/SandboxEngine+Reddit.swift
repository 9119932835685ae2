import CampaignKit
import Foundation

/// One Reddit API request after parsing: its path segments under `/api/v3/`, its query (in order, for `next_url`), the
/// sandbox day and time.
struct RedditCall {
    let method: String
    let path: String
    let segments: [String]
    let query: [(String, String)]
    let body: Data
    let today: Int
    let now: Int64

    func parameter(_ name: String) -> String? { query.last { $0.0 == name }?.1 }
}

extension SandboxEngine {
    /// Access tokens live 3600 seconds (the reference: "3600 usual").
    static let redditTokenLifetime: Int64 = 3600

    /// The Reddit module's state (`reddit.json`), loaded on first use (an unreadable file is kept aside).
    var reddit: RedditStoredState {
        get {
            moduleState(.reddit) {
                RedditStoredState.loadKeepingUnreadableAside(from: configuration.stateDirectory, logger: configuration.logger, platform: "Reddit")
            }
        }
        set { setModuleState(.reddit, newValue) }
    }

    /// Writes `reddit.json` when the sandbox has a state directory and the module was used; failures are logged.
    func persistReddit() { reddit.saveIfUsed(to: configuration.stateDirectory, logger: configuration.logger, platform: "Reddit") }

    // MARK: token endpoint

    /// `POST /api/v1/access_token`: form `grant_type=refresh_token&refresh_token=…`, the client id and secret as HTTP
    /// Basic (never in the form), a descriptive `User-Agent`.
    ///
    /// - no descriptive `User-Agent` → 429 (the reference: generic agents "are rate-limited hard"; the exact answer is
    ///   UNCONFIRMED, the sandbox refuses every time so that a client finds out at once);
    /// - missing or wrong Basic credentials (also: id and secret in the form instead) → 401 `{"error": "invalid_client"}`
    ///   (401 is the reference's; the body's code is UNCONFIRMED);
    /// - a grant other than `refresh_token` → 400 `unsupported_grant_type`; no refresh token → 400 `invalid_request`;
    /// - an unknown refresh token → 400 `invalid_grant` (the status is UNCONFIRMED, OAuth 2's 400).
    /// Success: 200 `{access_token, token_type: "bearer", expires_in: 3600, scope: "adsread,adsedit"}` without a new
    /// refresh token (whether a refresh answer carries one is UNCONFIRMED; clients keep the old one).
    func redditTokenResponse(_ request: SandboxHTTPRequest) -> SandboxHTTPResponse {
        func oauthError(_ status: Int, _ code: String) -> SandboxHTTPResponse { .json(status, ["error": .string(code)]) }
        guard RedditWire.isDescriptive(userAgent: request.header("user-agent")) else { return redditGenericAgent() }
        let secrets = RedditSandboxModule.secrets(configuration)
        let form = Self.formFields(request)
        guard let authorization = request.header("authorization"), authorization.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            String(decoding: decoded, as: UTF8.self) == "\(secrets.clientId):\(secrets.clientSecret)",
            form["client_secret"] == nil
        else { return oauthError(401, "invalid_client") }
        guard form["grant_type"] == "refresh_token" else {
            return oauthError(400, form["grant_type"] == nil ? "invalid_request" : "unsupported_grant_type")
        }
        guard let refreshToken = form["refresh_token"], !refreshToken.isEmpty else { return oauthError(400, "invalid_request") }
        guard refreshToken == secrets.refreshToken else { return oauthError(400, "invalid_grant") }
        var state = reddit
        let now = Int64(configuration.now().timeIntervalSince1970)
        let issued = (state.lastIds["token"] ?? 0) + 1
        state.lastIds["token"] = issued
        var random = SeededRandom(seed: configuration.seed, stream: "reddit.token|\(issued)")
        let token = "sandbox-reddit-at-" + random.token(count: 32)
        state.tokens = state.tokens.filter { $0.value > now }
        state.tokens[token] = now + Self.redditTokenLifetime
        reddit = state
        persistReddit()
        return .json(200, [
            "access_token": .string(token), "token_type": "bearer", "expires_in": .int(Self.redditTokenLifetime),
            // Comma-separated like the scope the app asks for (space or comma is UNCONFIRMED).
            "scope": "adsread,adsedit",
        ])
    }

    /// The answer to a request without a descriptive `User-Agent`: 429 with Reddit's error body (see
    /// ``redditTokenResponse(_:)``).
    func redditGenericAgent() -> SandboxHTTPResponse {
        RedditWire.error(
            429, "Too Many Requests: send a descriptive User-Agent, platform:app id:version (by /u/username); generic agents are rate-limited")
    }

    // MARK: API

    /// Checks the agent and the bearer token, counts the call against its rate-limit policy, applies the drawn fault and
    /// dispatches one `/api/v3/…` request; every answer carries the `RateLimit-Policy` and `RateLimit` headers.
    func redditRoute(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxDisposition {
        guard RedditWire.isDescriptive(userAgent: request.header("user-agent")) else { return .respond(redditGenericAgent()) }
        let now = Int64(configuration.now().timeIntervalSince1970)
        guard let authorization = request.header("authorization"), authorization.lowercased().hasPrefix("bearer "),
            let expiry = reddit.tokens[String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)], expiry > now
        else { return .respond(RedditWire.error(401, "Unauthorized")) }
        let segments = request.path.dropFirst(RedditWire.prefix.count).split(separator: "/").map(String.init)
        let call = RedditCall(
            method: request.method, path: request.path, segments: segments, query: RedditWire.query(request.query), body: request.body,
            today: today, now: now)
        let policy = RedditWire.policy(method: call.method, segments: segments)
        var state = reddit
        let window = now / 60
        var usage = state.usage[policy.slug] ?? RedditUsage(window: window, calls: 0)
        if usage.window != window { usage = RedditUsage(window: window, calls: 0) }
        usage.calls += 1
        state.usage[policy.slug] = usage
        reddit = state
        let reset = Int((window + 1) * 60 - now)
        let headers = RedditWire.rateLimitHeaders(slug: policy.slug, quota: policy.quota, remaining: policy.quota - usage.calls, reset: reset)
        let isWrite = call.method != "GET" && segments.last != "reports"
        return withFaults(ticket, answeringFaults: { redditFault($0, slug: policy.slug, quota: policy.quota, now: now, write: isWrite) }) {
            var response = self.redditDispatch(call)
            response.headers += headers
            return response
        }
    }

    /// Reddit's answers to a throttle, quota or server fault: 429 `{"error":{"code":429,"message":"Too Many Requests"}}`
    /// with the exhausted policy at `r=0` and the seconds to wait as `t` (no `Retry-After`, as the reference says);
    /// 503 and 500 with the same body shape (their messages are UNCONFIRMED). `partialFailure` on a write (a create or a
    /// PATCH; not a report, which only reads) is a refusal for a passing reason, not applied: 409 `{"error":{"code":409,
    /// "message":"Conflict: …"}}`, the object being changed by another request at the same moment. UNCONFIRMED: the
    /// reference documents no 409 (nor any concurrent-modification answer); it is the closest analogue of Google's
    /// `CONCURRENT_MODIFICATION` and Microsoft's 4149, and clients send the write again. On a read it has no effect.
    func redditFault(_ ticket: Ticket, slug: String, quota: Int, now: Int64, write: Bool = false) -> SandboxHTTPResponse? {
        switch ticket.fault {
        case .rateLimited(let delay):
            let seconds = Int(Double(delay.hasSuffix("s") ? String(delay.dropLast()) : delay) ?? 60)
            return RedditWire.error(429, "Too Many Requests", headers: RedditWire.rateLimitHeaders(slug: slug, quota: quota, remaining: 0, reset: seconds))
        case .dailyQuotaExhausted:
            // Reddit has no daily quota: the sandbox answers as a policy exhausted until midnight UTC.
            let seconds = Int(86_400 - now % 86_400)
            return RedditWire.error(429, "Too Many Requests", headers: RedditWire.rateLimitHeaders(slug: slug, quota: quota, remaining: 0, reset: seconds))
        case .unavailable:
            return RedditWire.error(503, "Service Unavailable")
        case .internalError:
            return RedditWire.error(500, "Internal Server Error")
        case .partialFailure:
            return write ? RedditWire.error(409, RedditWire.conflictMessage) : nil
        case .dropBeforeApplying, .dropAfterApplying, .slow, nil:
            return nil
        }
    }
}
