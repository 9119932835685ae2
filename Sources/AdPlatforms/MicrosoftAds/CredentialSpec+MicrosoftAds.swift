import CampaignKit
import Foundation

extension CredentialSpec {
    /// Microsoft Advertising: a Microsoft identity platform app (a public client may have no secret), a refresh token
    /// for `msads.manage` (the refresh sends the scope, as the identity platform wants), the `DeveloperToken` header
    /// (required, secret), the `CustomerId` header (the manager customer, digits) and, from the account, the
    /// `CustomerAccountId` header (the account's `account_id`).
    public static let microsoftAds = CredentialSpec(
        platformName: "Microsoft Advertising",
        defaultTokenURL: URL(string: "https://login.microsoftonline.com/common/oauth2/v2.0/token")!,
        scope: "https://ads.microsoft.com/msads.manage offline_access",
        sendsScope: true,
        clientSecretRequired: false,
        fields: [
            Field(key: "developer_token", required: true, secret: true, header: "DeveloperToken"),
            Field(key: "customer_id", required: true, secret: false, header: "CustomerId",
                  format: (description: "a Microsoft Advertising customer id: digits only (the manager customer, e.g. 123456789)",
                           normalize: { CredentialSpec.digits($0) })),
        ],
        accountHeaders: { account in ["CustomerAccountId": account.accountId] },
        expiredRefreshTokenHint: "Microsoft Advertising refresh tokens expire after 90 days without use: sign in again with the Microsoft "
            + "account that manages the ads (the OAuth consent flow for the scope https://ads.microsoft.com/msads.manage offline_access, "
            + "with the same app registration) to get a new refresh token, then update the credentials (the _REFRESH_TOKEN variable or "
            + "refresh_token in the credentials file).")
}
