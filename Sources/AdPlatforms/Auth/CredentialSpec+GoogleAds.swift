import Foundation

extension CredentialSpec {
    /// Google Ads: a Google OAuth client with its secret, the `developer-token` header (required, secret) and the optional
    /// `login-customer-id` header (the manager account, ten digits; dashes are dropped). Google's token endpoint takes no
    /// `scope` with a refresh.
    public static let googleAds = CredentialSpec(
        platformName: "Google Ads",
        defaultTokenURL: OAuthCredentials.googleTokenURL,
        scope: "https://www.googleapis.com/auth/adwords",
        sendsScope: false,
        clientSecretRequired: true,
        fields: [
            Field(key: "developer_token", required: true, secret: true, header: "developer-token"),
            Field(key: "login_customer_id", required: false, secret: false, header: "login-customer-id",
                  format: (description: "a Google Ads customer id: 10 digits, dashes allowed (123-456-7890)",
                           normalize: { CredentialSpec.digits($0, count: 10, dropping: "- ") })),
        ],
        expiredRefreshTokenHint: "Get a new one by running the OAuth consent flow again for the scope https://www.googleapis.com/auth/adwords "
            + "with the same OAuth client, then update the credentials (the _REFRESH_TOKEN variable or refresh_token in the credentials file).")

    /// `raw` without the `dropping` characters when what is left is ASCII digits only (exactly `count` of them when
    /// given); nil otherwise.
    public static func digits(_ raw: String, count: Int? = nil, dropping: String = "") -> String? {
        let kept = raw.filter { !dropping.contains($0) }
        guard !kept.isEmpty, kept.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        if let count, kept.utf8.count != count { return nil }
        return kept
    }
}
