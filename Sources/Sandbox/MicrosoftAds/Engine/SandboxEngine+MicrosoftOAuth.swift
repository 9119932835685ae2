import Foundation

extension SandboxEngine {
    /// Microsoft identity platform access tokens live 3600 seconds.
    static let microsoftTokenLifetime = 3600

    /// `POST /common/oauth2/v2.0/token` with a refresh-token grant (form-encoded).
    ///
    /// - a missing `grant_type`, `client_id` or `refresh_token` → 400 `invalid_request` (AADSTS900144);
    /// - a grant other than `refresh_token` → 400 `unsupported_grant_type` (AADSTS70003);
    /// - an unknown `client_id` → 400 `unauthorized_client` (AADSTS700016);
    /// - a wrong `client_secret` (only when the configuration has one) → 401 `invalid_client` (AADSTS7000215);
    /// - an unknown refresh token → 400 `invalid_grant` (AADSTS70000);
    /// - any refresh token after `expireMicrosoftRefreshToken()` → 400 `invalid_grant` (AADSTS700082,
    ///   expired after 90 days of inactivity).
    /// Success: 200 `{token_type, scope, expires_in: 3600, ext_expires_in, access_token, refresh_token}`
    /// with a new refresh token; the old one stays valid (as Microsoft's do until they expire).
    func microsoftTokenResponse(_ request: SandboxHTTPRequest) -> SandboxHTTPResponse {
        let form = Self.formFields(request)
        let trace = MicrosoftWire.trackingId(idRandomPeek())
        func oauthError(_ status: Int, _ error: String, _ code: Int, _ text: String) -> SandboxHTTPResponse {
            .json(
                status,
                [
                    "error": .string(error),
                    "error_description": .string(
                        "AADSTS\(code): \(text)\r\nTrace ID: \(trace)\r\nCorrelation ID: \(trace)\r\nTimestamp: \(Self.isoTimestamp(configuration.now()))"
                    ),
                    "error_codes": [.int(Int64(code))],
                    "timestamp": .string(Self.isoTimestamp(configuration.now())),
                    "trace_id": .string(trace), "correlation_id": .string(trace),
                ],
                headers: [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")]
            )
        }
        guard let grant = form["grant_type"], !grant.isEmpty else {
            return oauthError(
                400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
        }
        guard grant == "refresh_token" else {
            return oauthError(
                400, "unsupported_grant_type", 70003,
                "The app requested an unsupported grant type '\(grant)'.")
        }
        for name in ["client_id", "refresh_token"] where (form[name] ?? "").isEmpty {
            return oauthError(
                400, "invalid_request", 900144, "The request body must contain the following parameter: '\(name)'.")
        }
        guard form["client_id"] == configuration.microsoftClientId else {
            return oauthError(
                400, "unauthorized_client", 700016,
                "Application with identifier '\(form["client_id"] ?? "")' was not found in the directory 'Microsoft Accounts'.")
        }
        if let secret = configuration.microsoftClientSecret, form["client_secret"] != secret {
            return oauthError(
                401, "invalid_client", 7000215,
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.")
        }
        let refreshToken = form["refresh_token"] ?? ""
        guard refreshToken == configuration.microsoftRefreshToken || microsoft.refreshTokens.contains(refreshToken) else {
            return oauthError(
                400, "invalid_grant", 70000,
                "The request was denied because one or more scopes requested are unauthorized or expired. The user must first sign in and grant the client application access to the requested scope.")
        }
        if microsoft.refreshTokenExpired {
            return oauthError(
                400, "invalid_grant", 700082,
                "The refresh token has expired due to inactivity. The token was issued on \(Self.isoTimestamp(configuration.now().addingTimeInterval(-91 * 86_400))) and was inactive for 90.00:00:00.")
        }
        let accessToken = "sandbox-ms-at-" + microsoftRandom.token(count: 40)
        let newRefreshToken = "sandbox-ms-rt-" + microsoftRandom.token(count: 40)
        let now = configuration.now().timeIntervalSince1970
        microsoft.accessTokens = microsoft.accessTokens.filter { $0.value > now }
        microsoft.accessTokens[accessToken] = now + Double(Self.microsoftTokenLifetime)
        microsoft.refreshTokens = Array((microsoft.refreshTokens + [newRefreshToken]).suffix(50))
        persistMicrosoft()
        let requested = (form["scope"] ?? SandboxConfiguration.microsoftScope).split(separator: " ")
            .filter { !["offline_access", "openid", "profile", "email"].contains($0) }.joined(separator: " ")
        return .json(
            200,
            [
                "token_type": "Bearer",
                "scope": .string(requested.isEmpty ? SandboxConfiguration.microsoftScope : requested),
                "expires_in": .int(Int64(Self.microsoftTokenLifetime)),
                "ext_expires_in": .int(Int64(Self.microsoftTokenLifetime)),
                "access_token": .string(accessToken),
                "refresh_token": .string(newRefreshToken),
            ],
            headers: [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")]
        )
    }

    /// The test hook: every Microsoft refresh token (configured or issued) is now expired for inactivity;
    /// `false` revives them.
    func setMicrosoftRefreshTokenExpired(_ expired: Bool) {
        microsoft.refreshTokenExpired = expired
        persistMicrosoft()
    }

    /// A trace id for token errors that does not consume any random stream.
    private func idRandomPeek() -> String { String(microsoft.accessTokens.count) + "|" + String(microsoft.refreshTokens.count) }

    static func isoTimestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - day * 86_400
        return SandboxCalendar.string(day) + String(format: " %02d:%02d:%02dZ", rest / 3600, rest % 3600 / 60, rest % 60)
    }
}
