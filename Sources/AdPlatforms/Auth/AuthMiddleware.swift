import Foundation

/// Adds `Authorization: Bearer <token>` and, for Google Ads, the `developer-token` and `login-customer-id` headers.
///
/// When the platform answers 401 the token is dropped and the request is sent once more with a fresh one (a 401 means
/// the request was not applied, so this is safe for a mutate too).
public struct AuthMiddleware: HTTPMiddleware {
    public let tokens: OAuthTokenProvider
    public var developerToken: Secret?
    public var loginCustomerId: String?
    public var developerTokenHeader: String
    public var loginCustomerIdHeader: String

    public init(tokens: OAuthTokenProvider, developerToken: Secret?, loginCustomerId: String?,
                developerTokenHeader: String = "developer-token", loginCustomerIdHeader: String = "login-customer-id") {
        self.tokens = tokens
        self.developerToken = developerToken
        self.loginCustomerId = loginCustomerId
        self.developerTokenHeader = developerTokenHeader
        self.loginCustomerIdHeader = loginCustomerIdHeader
    }

    /// Takes the developer token and login customer id from the credentials.
    public init(tokens: OAuthTokenProvider, credentials: OAuthCredentials) {
        self.init(tokens: tokens, developerToken: credentials.developerToken, loginCustomerId: credentials.loginCustomerId)
    }

    public func intercept(_ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let token = try await tokens.accessToken()
        let response = try await next(authorized(request, token))
        guard response.status == 401 else { return response }
        await tokens.invalidate(token)
        let fresh = try await tokens.accessToken()
        guard fresh != token else { return response }
        return try await next(authorized(request, fresh))
    }

    private func authorized(_ request: HTTPRequest, _ token: Secret) -> HTTPRequest {
        var request = request
        request.setHeader("Authorization", "Bearer " + token.reveal())
        if let developerToken { request.setHeader(developerTokenHeader, developerToken.reveal()) }
        if let loginCustomerId, !loginCustomerId.isEmpty { request.setHeader(loginCustomerIdHeader, loginCustomerId) }
        return request
    }
}
