import Foundation

/// What tfz needs to call an OAuth 2 API on an operator's behalf: the OAuth client, a refresh token, and for Google
/// Ads the developer token and the manager account to act through.
///
/// Printing it shows the client id, URL and customer id; the secrets print as `<redacted>`.
public struct OAuthCredentials: Sendable, Equatable {
    public var clientId: String
    public var clientSecret: Secret
    public var refreshToken: Secret
    public var tokenURL: URL
    /// Google Ads `developer-token` header.
    public var developerToken: Secret?
    /// Google Ads `login-customer-id` header: the manager account, ten digits without dashes.
    public var loginCustomerId: String?

    public static let googleTokenURL = URL(string: "https://oauth2.googleapis.com/token")!

    public init(clientId: String, clientSecret: Secret, refreshToken: Secret, tokenURL: URL = Self.googleTokenURL,
                developerToken: Secret? = nil, loginCustomerId: String? = nil) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.tokenURL = tokenURL
        self.developerToken = developerToken
        self.loginCustomerId = loginCustomerId
    }
}
