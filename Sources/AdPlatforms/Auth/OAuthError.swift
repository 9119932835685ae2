import Foundation

/// The token endpoint refused to hand out an access token.
public enum OAuthError: LocalizedError, Sendable {
    /// `invalid_grant`: the refresh token was revoked or has expired (or belongs to another client); `hint` is the
    /// platform's ``CredentialSpec/expiredRefreshTokenHint``.
    case invalidGrant(detail: String, hint: String)
    /// The platform says the refresh token expired because it was not used for too long (Microsoft's identity platform:
    /// `invalid_grant` with `AADSTS700082`, after 90 days without a refresh).
    case refreshTokenExpired(platform: String, detail: String, hint: String)
    /// `invalid_client` / `unauthorized_client`: the client id or secret is wrong.
    case invalidClient(code: String, detail: String)
    /// The endpoint answered 200 without a usable `access_token`.
    case malformedResponse(String)
    /// Any other failure, with the HTTP details.
    case tokenEndpoint(HTTPError)

    public var errorDescription: String? {
        switch self {
        case .invalidGrant(let detail, let hint):
            "The OAuth refresh token was refused (invalid_grant\(Self.quote(detail))): it was revoked or has expired. \(Redactor.redact(hint))"
        case .refreshTokenExpired(let platform, let detail, let hint):
            "The \(platform) refresh token has expired because it was not used for too long (invalid_grant\(Self.quote(detail))). "
                + Redactor.redact(hint)
        case .invalidClient(let code, let detail):
            "The OAuth client was refused (\(Redactor.redact(code))\(Self.quote(detail))): check the client id and client secret in the credentials."
        case .malformedResponse(let detail):
            "The OAuth token endpoint answered without a usable access token (\(Redactor.redact(detail)))."
        case .tokenEndpoint(let error):
            error.errorDescription ?? "The OAuth token endpoint failed."
        }
    }

    private static func quote(_ detail: String) -> String {
        let clean = HTTPError.clip(Redactor.redact(detail))
        return clean.isEmpty ? "" : ": \(clean)"
    }
}
