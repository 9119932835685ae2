import Foundation

/// Hands out OAuth 2 access tokens from a refresh token (RFC 6749 §6), refreshing them as they near expiry.
///
/// A token is reused until `expires_in` minus `refreshMargin` (60 s) has passed, read from the injected `now`.
/// Concurrent callers share one refresh. The refresh is a `POST` of `grant_type=refresh_token&client_id=…&
/// client_secret=…&refresh_token=…` as `application/x-www-form-urlencoded` through `client` (operation `oauth.token`,
/// idempotent, so the retry middleware may resend it); `client_secret` is left out for a public client (no secret), and
/// `scope=…` is added where the platform's ``CredentialSpec`` says (Microsoft's identity platform). A failed refresh is
/// not cached: the next caller tries again.
public actor OAuthTokenProvider {
    /// The scope tfz asks for when it sends the operator through consent for Google Ads.
    public static let googleAdsScope = "https://www.googleapis.com/auth/adwords"

    private let credentials: OAuthCredentials
    private let spec: CredentialSpec
    private let client: HTTPClient
    private let now: @Sendable () -> Date
    private let refreshMargin: Duration
    private let scope: String
    private let hint: String
    private let platformName: String
    private var cached: AccessToken?
    private var refreshing: Task<AccessToken, any Error>?
    /// How many refresh requests this provider has started (for tests and diagnostics).
    public private(set) var refreshCount = 0
    /// How many callers waited for a refresh that another caller had started.
    public private(set) var joinedRefreshes = 0

    struct AccessToken: Sendable {
        var value: Secret
        var expiresAt: Date
    }

    /// - Parameters:
    ///   - client: sends the token request; give it retry and log middlewares but no `AuthMiddleware`.
    ///   - spec: the platform's credentials: whether the refresh sends `scope`, and what to tell the operator when the
    ///     refresh token is refused.
    ///   - scope: the scope to send and to name, when it differs from the spec's.
    public init(credentials: OAuthCredentials, client: HTTPClient, spec: CredentialSpec = .googleAds,
                now: @escaping @Sendable () -> Date = { Date() }, refreshMargin: Duration = .seconds(60), scope: String? = nil) {
        self.credentials = credentials
        self.spec = spec
        self.client = client
        self.now = now
        self.refreshMargin = refreshMargin
        self.scope = scope ?? spec.scope
        var hint = spec.expiredRefreshTokenHint
        if let scope, scope != spec.scope { hint = hint.replacingOccurrences(of: spec.scope, with: scope) }
        self.hint = hint
        platformName = spec.platformName
    }

    /// A valid access token, refreshed when the cached one is missing or about to expire; for a platform whose grant is
    /// a long-lived access token, that token.
    public func accessToken() async throws -> Secret {
        if spec.grant == .accessToken {
            guard let token = credentials.accessToken, !token.isEmpty else {
                throw OAuthError.malformedResponse("the \(platformName) credentials have no access token")
            }
            return token
        }
        if let cached, now() < cached.expiresAt { return cached.value }
        if let refreshing {
            joinedRefreshes += 1
            return try await refreshing.value.value
        }
        refreshCount += 1
        let request = tokenRequest()
        let task = Task { [client, now, refreshMargin, hint, platformName] in
            try await Self.refresh(request, client: client, now: now, margin: refreshMargin, hint: hint, platform: platformName)
        }
        refreshing = task
        do {
            let token = try await task.value
            cached = token
            refreshing = nil
            return token.value
        } catch {
            refreshing = nil
            throw error
        }
    }

    /// Forgets `token` (after a 401 that proved it stale) so that the next caller refreshes; a newer token stays.
    public func invalidate(_ token: Secret) {
        if cached?.value == token { cached = nil }
    }

    func tokenRequest() -> HTTPRequest {
        var fields = [("grant_type", "refresh_token")]
        var headers = ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"]
        switch spec.clientAuthentication {
        case .form:
            fields.append(("client_id", credentials.clientId))
            if !credentials.clientSecret.isEmpty { fields.append(("client_secret", credentials.clientSecret.reveal())) }
        case .basic:
            let pair = credentials.clientId + ":" + credentials.clientSecret.reveal()
            headers["Authorization"] = "Basic " + Data(pair.utf8).base64EncodedString()
        }
        fields.append(("refresh_token", credentials.refreshToken.reveal()))
        if spec.sendsScope { fields.append(("scope", scope)) }
        for (name, value) in spec.tokenRequestHeaders(credentials) { headers[name] = value }
        let body = fields.map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        return HTTPRequest(method: "POST", url: credentials.tokenURL, headers: headers,
                           body: Data(body.utf8), operation: "oauth.token", isIdempotent: true)
    }

    private static func refresh(_ request: HTTPRequest, client: HTTPClient, now: @Sendable () -> Date, margin: Duration,
                                hint: String, platform: String) async throws -> AccessToken {
        let sent = now()
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch let error as HTTPError {
            throw OAuthError.tokenEndpoint(error)
        } catch let error as TransportError {
            throw OAuthError.tokenEndpoint(HTTPError(request: request, cause: error))
        }
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        guard (200..<300).contains(response.status) else {
            let code = json?["error"] as? String
            let detail = json?["error_description"] as? String ?? ""
            switch code {
            case "invalid_grant" where Self.expiredAfterInactivity(json, detail: detail):
                throw OAuthError.refreshTokenExpired(platform: platform, detail: Self.firstSentence(detail), hint: hint)
            case "invalid_grant": throw OAuthError.invalidGrant(detail: detail, hint: hint)
            case "invalid_client", "unauthorized_client": throw OAuthError.invalidClient(code: code ?? "", detail: detail)
            default: throw OAuthError.tokenEndpoint(HTTPError(request: request, response: response))
            }
        }
        guard let json, let token = json["access_token"] as? String, !token.isEmpty else {
            throw OAuthError.malformedResponse("no access_token in the answer")
        }
        let lifetime = (json["expires_in"] as? NSNumber)?.doubleValue ?? (json["expires_in"] as? String).flatMap(Double.init) ?? 3600
        // A token that lives less than twice the margin is reused for half its life instead.
        let reuse = lifetime > 2 * margin.seconds ? lifetime - margin.seconds : lifetime / 2
        return AccessToken(value: Secret(token), expiresAt: sent.addingTimeInterval(reuse))
    }

    /// Microsoft's identity platform: `AADSTS700082` ("The refresh token has expired due to inactivity"), in
    /// `error_codes` or at the start of `error_description`.
    static func expiredAfterInactivity(_ json: [String: Any]?, detail: String) -> Bool {
        let codes = (json?["error_codes"] as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue ?? ($0 as? String).flatMap { Int($0) } } ?? []
        return codes.contains(700_082) || detail.contains("AADSTS700082")
    }

    /// `AADSTS700082: The refresh token has expired due to inactivity.` without the trace and correlation ids that follow.
    static func firstSentence(_ detail: String) -> String {
        let line = detail.split(whereSeparator: \.isNewline).first.map(String.init) ?? detail
        guard let end = line.range(of: ". ") else { return line }
        let first = line[..<end.lowerBound]
        // `AADSTS700082: The refresh token has expired due to inactivity.` keeps its code; a bare code is not a sentence.
        return first.count < 20 ? line : String(first) + "."
    }

    /// `application/x-www-form-urlencoded` value encoding: everything but unreserved characters is percent-encoded.
    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
