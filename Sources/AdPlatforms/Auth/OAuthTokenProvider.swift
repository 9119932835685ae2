import Foundation

/// Hands out OAuth 2 access tokens from a refresh token (RFC 6749 §6), refreshing them as they near expiry.
///
/// A token is reused until `expires_in` minus `refreshMargin` (60 s) has passed, read from the injected `now`.
/// Concurrent callers share one refresh. The refresh is a `POST` of `grant_type=refresh_token&client_id=…&
/// client_secret=…&refresh_token=…` as `application/x-www-form-urlencoded` through `client` (operation `oauth.token`,
/// idempotent, so the retry middleware may resend it). A failed refresh is not cached: the next caller tries again.
public actor OAuthTokenProvider {
    /// The scope tfz asks for when it sends the operator through consent for Google Ads.
    public static let googleAdsScope = "https://www.googleapis.com/auth/adwords"

    private let credentials: OAuthCredentials
    private let client: HTTPClient
    private let now: @Sendable () -> Date
    private let refreshMargin: Duration
    private let scope: String
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
    ///   - scope: named in the `invalid_grant` message so the operator knows what to consent to.
    public init(credentials: OAuthCredentials, client: HTTPClient, now: @escaping @Sendable () -> Date = { Date() },
                refreshMargin: Duration = .seconds(60), scope: String = OAuthTokenProvider.googleAdsScope) {
        self.credentials = credentials
        self.client = client
        self.now = now
        self.refreshMargin = refreshMargin
        self.scope = scope
    }

    /// A valid access token, refreshed when the cached one is missing or about to expire.
    public func accessToken() async throws -> Secret {
        if let cached, now() < cached.expiresAt { return cached.value }
        if let refreshing {
            joinedRefreshes += 1
            return try await refreshing.value.value
        }
        refreshCount += 1
        let request = tokenRequest()
        let task = Task { [client, now, refreshMargin, scope] in
            try await Self.refresh(request, client: client, now: now, margin: refreshMargin, scope: scope)
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
        let fields = [
            ("grant_type", "refresh_token"),
            ("client_id", credentials.clientId),
            ("client_secret", credentials.clientSecret.reveal()),
            ("refresh_token", credentials.refreshToken.reveal()),
        ]
        let body = fields.map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        return HTTPRequest(method: "POST", url: credentials.tokenURL,
                           headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                           body: Data(body.utf8), operation: "oauth.token", isIdempotent: true)
    }

    private static func refresh(_ request: HTTPRequest, client: HTTPClient, now: @Sendable () -> Date, margin: Duration, scope: String) async throws -> AccessToken {
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
            case "invalid_grant": throw OAuthError.invalidGrant(detail: detail, scope: scope)
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

    /// `application/x-www-form-urlencoded` value encoding: everything but unreserved characters is percent-encoded.
    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
