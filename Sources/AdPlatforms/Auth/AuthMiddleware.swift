import CampaignKit
import Foundation

/// Adds `Authorization: Bearer <token>` and the headers the platform's ``CredentialSpec`` declares: its fields that
/// have a header (Google Ads `developer-token` and `login-customer-id`; Microsoft Advertising `DeveloperToken` and
/// `CustomerId`) and the account's own headers (Microsoft's `CustomerAccountId`).
///
/// Header values stay wrapped in ``Secret`` until the request is built, so printing the middleware shows none of them.
/// When the platform answers 401 the token is dropped and the request is sent once more with a fresh one (a 401 means
/// the request was not applied, so this is safe for a mutate too). An absent optional field sends no header.
public struct AuthMiddleware: HTTPMiddleware {
    public let tokens: OAuthTokenProvider
    /// Header name → value, sent with every request besides `Authorization`.
    public var headers: [String: Secret]
    /// The platform's additions from the token (``CredentialSpec/signRequest``), after the headers.
    var sign: (@Sendable (inout HTTPRequest, Secret) -> Void)?

    public init(tokens: OAuthTokenProvider, headers: [String: Secret]) {
        self.tokens = tokens
        self.headers = headers.filter { !$0.value.isEmpty }
    }

    /// The headers of `spec`'s fields from `credentials`, and `spec`'s account headers for `account`.
    public init(tokens: OAuthTokenProvider, credentials: OAuthCredentials, spec: CredentialSpec = .googleAds, account: Account? = nil) {
        var headers: [String: Secret] = [:]
        for field in spec.fields {
            guard let header = field.header, let value = credentials.value(of: field) else { continue }
            headers[header] = value
        }
        if let account {
            for (name, value) in spec.accountHeaders(account) { headers[name] = Secret(value) }
        }
        self.init(tokens: tokens, headers: headers)
        if let signRequest = spec.signRequest {
            sign = { request, token in signRequest(&request, token, credentials) }
        }
    }

    /// Google Ads' two headers, under other names if need be.
    public init(tokens: OAuthTokenProvider, developerToken: Secret?, loginCustomerId: String?,
                developerTokenHeader: String = "developer-token", loginCustomerIdHeader: String = "login-customer-id") {
        var headers: [String: Secret] = [:]
        if let developerToken { headers[developerTokenHeader] = developerToken }
        if let loginCustomerId { headers[loginCustomerIdHeader] = Secret(loginCustomerId) }
        self.init(tokens: tokens, headers: headers)
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
        for (name, value) in headers { request.setHeader(name, value.reveal()) }
        sign?(&request, token)
        return request
    }
}
