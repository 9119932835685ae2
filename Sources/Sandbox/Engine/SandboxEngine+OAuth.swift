import Foundation

extension SandboxEngine {
    /// Access tokens live as long as Google's: 3599 seconds.
    static let tokenLifetime = 3599

    /// `POST /oauth2/token` with a refresh-token grant (form-encoded, or JSON).
    ///
    /// A wrong client id, client secret or refresh token is `400 invalid_grant`; a grant other than
    /// `refresh_token` is `400 unsupported_grant_type`; a missing parameter is `400 invalid_request`.
    func tokenResponse(_ request: SandboxHTTPRequest) -> SandboxHTTPResponse {
        let form = Self.formFields(request)
        func oauthError(_ status: Int, _ error: String, _ description: String) -> SandboxHTTPResponse {
            .json(status, ["error": .string(error), "error_description": .string(description)])
        }
        guard let grant = form["grant_type"] else {
            return oauthError(400, "invalid_request", "Missing required parameter: grant_type")
        }
        guard grant == "refresh_token" else {
            return oauthError(400, "unsupported_grant_type", "Invalid grant_type: \(grant)")
        }
        for name in ["client_id", "refresh_token"] where (form[name] ?? "").isEmpty {
            return oauthError(400, "invalid_request", "Missing required parameter: \(name)")
        }
        guard form["client_id"] == configuration.clientId, form["client_secret"] == configuration.clientSecret,
            form["refresh_token"] == configuration.refreshToken
        else {
            return oauthError(400, "invalid_grant", "Token has been expired or revoked.")
        }
        let token = "sandbox-at-" + idRandom.token(count: 32)
        let now = configuration.now().timeIntervalSince1970
        state.tokens = state.tokens.filter { $0.value > now }
        state.tokens[token] = now + Double(Self.tokenLifetime)
        persist()
        return .json(
            200,
            [
                "access_token": .string(token),
                "expires_in": .int(Int64(Self.tokenLifetime)),
                "scope": "https://www.googleapis.com/auth/adwords",
                "token_type": "Bearer",
            ],
            headers: [("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"), ("Pragma", "no-cache")]
        )
    }

    /// The fields of a form-encoded (or JSON object) body.
    static func formFields(_ request: SandboxHTTPRequest) -> [String: String] {
        if let json = SandboxJSON.parse(request.body)?.objectValue {
            return json.compactMapValues { $0.stringValue }
        }
        var fields: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
