import CampaignKit
import Foundation

/// The secrets and settings a platform's account needs, as its adapter declares them: how `env:PREFIX` and `file:`
/// references are read (``CredentialsLoader``), and which request headers carry them (``AuthMiddleware``).
///
/// Every platform gets the same rules: secrets wrapped in ``Secret`` (redacted wherever printed), credential files private
/// (0600) and outside the workspace. How tfz gets an access token is the platform's ``Grant``: an OAuth 2 refresh token
/// exchanged at `tokenURL` (override with `PREFIX_TOKEN_URL` / `token_url`), or a long-lived access token used as it is.
public struct CredentialSpec: Sendable {
    /// How tfz gets the access token it sends as `Authorization: Bearer …`.
    public enum Grant: Sendable, Equatable {
        /// An OAuth 2 refresh token (with the OAuth client) exchanged at the token endpoint, refreshed before expiry
        /// (Google Ads, Microsoft Advertising): `PREFIX_CLIENT_ID`, `PREFIX_CLIENT_SECRET`, `PREFIX_REFRESH_TOKEN`.
        case refreshToken
        /// A long-lived access token used as it is, never refreshed (a Meta system-user token): `PREFIX_ACCESS_TOKEN` /
        /// `access_token`; no OAuth client and no token endpoint.
        case accessToken
    }

    /// One value beyond the OAuth client: `developer_token`, `login_customer_id`, `customer_id`.
    public struct Field: Sendable {
        /// The JSON key in a `file:` credentials file (`developer_token`); the environment variable is
        /// `PREFIX_` + the same in upper case (`PREFIX_DEVELOPER_TOKEN`).
        public var key: String
        public var required: Bool
        /// Secrets are never printed; ids are.
        public var secret: Bool
        /// The request header that carries it, if any (`developer-token`, `DeveloperToken`).
        public var header: String?
        /// What a valid value looks like, for the error message; nil accepts any non-empty text.
        public var format: (description: String, normalize: @Sendable (String) -> String?)?

        public init(key: String, required: Bool, secret: Bool, header: String?,
                    format: (description: String, normalize: @Sendable (String) -> String?)? = nil) {
            self.key = key
            self.required = required
            self.secret = secret
            self.header = header
            self.format = format
        }

        public var environmentSuffix: String { key.uppercased() }
    }

    /// `Google Ads`, for messages.
    public var platformName: String
    public var defaultTokenURL: URL
    /// The OAuth scope the refresh token was granted for (sent with the refresh where the platform wants it).
    public var scope: String
    /// Whether the token request sends `scope` (Microsoft's identity platform does; Google's token endpoint does not).
    public var sendsScope: Bool
    /// Public OAuth clients (Microsoft's desktop apps) have no secret.
    public var clientSecretRequired: Bool
    public var fields: [Field]
    /// Headers every API request carries that come from the account, not the credentials (Microsoft's
    /// `CustomerAccountId`), given the account.
    public var accountHeaders: @Sendable (Account) -> [String: String]
    /// What to tell the operator when the platform refuses the refresh token (`invalid_grant`).
    public var expiredRefreshTokenHint: String
    public var grant: Grant
    /// How the OAuth client proves itself at the token endpoint: `client_id`/`client_secret` in the form (Google,
    /// Microsoft), or HTTP Basic `base64(client_id:client_secret)` with neither in the form (Reddit).
    public var clientAuthentication: ClientAuthentication
    /// Headers the token request carries besides its own, from the credentials (Reddit's required `User-Agent`).
    public var tokenRequestHeaders: @Sendable (OAuthCredentials) -> [String: String]

    public enum ClientAuthentication: Sendable, Equatable {
        case form, basic
    }
    /// Adds what the platform wants besides the bearer token to every request, from the token and the credentials (Meta's
    /// `appsecret_proof` when an app secret is configured); nil for none.
    public var signRequest: (@Sendable (inout HTTPRequest, _ accessToken: Secret, OAuthCredentials) -> Void)?

    public init(platformName: String, defaultTokenURL: URL, scope: String, sendsScope: Bool, clientSecretRequired: Bool,
                fields: [Field], accountHeaders: @escaping @Sendable (Account) -> [String: String] = { _ in [:] },
                expiredRefreshTokenHint: String, grant: Grant = .refreshToken, clientAuthentication: ClientAuthentication = .form,
                tokenRequestHeaders: @escaping @Sendable (OAuthCredentials) -> [String: String] = { _ in [:] },
                signRequest: (@Sendable (inout HTTPRequest, _ accessToken: Secret, OAuthCredentials) -> Void)? = nil) {
        self.grant = grant
        self.clientAuthentication = clientAuthentication
        self.tokenRequestHeaders = tokenRequestHeaders
        self.signRequest = signRequest
        self.platformName = platformName
        self.defaultTokenURL = defaultTokenURL
        self.scope = scope
        self.sendsScope = sendsScope
        self.clientSecretRequired = clientSecretRequired
        self.fields = fields
        self.accountHeaders = accountHeaders
        self.expiredRefreshTokenHint = expiredRefreshTokenHint
    }
}
