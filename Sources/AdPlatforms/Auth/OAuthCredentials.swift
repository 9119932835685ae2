import Foundation

/// What tfz needs to call an OAuth 2 API on an operator's behalf: the OAuth client, a refresh token, and the values the
/// platform's ``CredentialSpec`` declares (Google Ads: the developer token and the manager account to act through;
/// Microsoft Advertising: the developer token and the customer id).
///
/// Printing it shows the client id, URL and the values that are not secret; the secrets print as `<redacted>`.
public struct OAuthCredentials: Sendable, Equatable {
    public var clientId: String
    /// Empty for a public client (Microsoft desktop and mobile apps have no secret); the token request then omits it.
    public var clientSecret: Secret
    public var refreshToken: Secret
    public var tokenURL: URL
    /// The spec's secret fields by key (`developer_token`).
    public var secrets: [String: Secret]
    /// The spec's other fields by key (`login_customer_id`, `customer_id`), normalised.
    public var values: [String: String]
    /// The access token itself, for a platform whose ``CredentialSpec/Grant`` is `.accessToken` (no client, no refresh).
    public var accessToken: Secret?

    public static let googleTokenURL = URL(string: "https://oauth2.googleapis.com/token")!

    /// - Parameters:
    ///   - developerToken: stored as the `developer_token` secret (Google Ads and Microsoft Advertising both have one).
    ///   - loginCustomerId: stored as the `login_customer_id` value (Google Ads).
    public init(clientId: String, clientSecret: Secret, refreshToken: Secret, tokenURL: URL = Self.googleTokenURL,
                developerToken: Secret? = nil, loginCustomerId: String? = nil,
                secrets: [String: Secret] = [:], values: [String: String] = [:], accessToken: Secret? = nil) {
        self.accessToken = accessToken
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.tokenURL = tokenURL
        self.secrets = secrets
        self.values = values
        if let developerToken { self.secrets["developer_token"] = developerToken }
        if let loginCustomerId { self.values["login_customer_id"] = loginCustomerId }
    }

    /// The value of one of the spec's fields as it goes into a header; nil when absent or empty.
    public func value(of field: CredentialSpec.Field) -> Secret? {
        let value = field.secret ? secrets[field.key] : values[field.key].map(Secret.init)
        return value.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The developer token (`developer-token` for Google Ads, `DeveloperToken` for Microsoft Advertising).
    public var developerToken: Secret? {
        get { secrets["developer_token"] }
        set { secrets["developer_token"] = newValue }
    }

    /// Google Ads `login-customer-id`: the manager account, ten digits without dashes.
    public var loginCustomerId: String? {
        get { values["login_customer_id"] }
        set { values["login_customer_id"] = newValue }
    }
}
