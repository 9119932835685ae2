import Foundation

/// The token endpoint refused to hand out an access token.
public enum OAuthError: LocalizedError, Sendable {
    /// `invalid_grant`: the refresh token was revoked or has expired (or belongs to another client).
    case invalidGrant(detail: String, scope: String)
    /// `invalid_client` / `unauthorized_client`: the client id or secret is wrong.
    case invalidClient(code: String, detail: String)
    /// The endpoint answered 200 without a usable `access_token`.
    case malformedResponse(String)
    /// Any other failure, with the HTTP details.
    case tokenEndpoint(HTTPError)

    public var errorDescription: String? {
        switch self {
        case .invalidGrant(let detail, let scope):
            "The OAuth refresh token was refused (invalid_grant\(Self.quote(detail))): it was revoked or has expired. "
                + "Get a new one by running the OAuth consent flow again for the scope \(scope) "
                + "with the same OAuth client, then update the credentials (the _REFRESH_TOKEN variable or refresh_token in the credentials file)."
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
