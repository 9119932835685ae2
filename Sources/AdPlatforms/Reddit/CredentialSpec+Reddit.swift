import CampaignKit
import Foundation

extension CredentialSpec {
    /// Reddit Ads API v3: a Reddit developer application (client id and secret, sent as HTTP Basic to the token endpoint,
    /// not in the form), a refresh token for the `adsread,adsedit` scopes, and the descriptive `User-Agent` Reddit
    /// requires on the token request and every API call (`platform:app id:version (by /u/username)`; generic agents are
    /// throttled hard) — a credentials value (`PREFIX_USER_AGENT` / `user_agent`), not a secret.
    public static let reddit = CredentialSpec(
        platformName: "Reddit",
        defaultTokenURL: URL(string: "https://www.reddit.com/api/v1/access_token")!,
        scope: "adsread,adsedit",
        sendsScope: false,
        clientSecretRequired: true,
        fields: [Field(key: "user_agent", required: true, secret: false, header: "User-Agent",
                       format: (description: "a descriptive agent such as 'web:org.example.tfz:1.0 (by /u/your_name)'",
                                normalize: { $0.contains(":") && $0.contains("(by /u/") ? $0 : nil }))],
        expiredRefreshTokenHint: "Reddit refused the refresh token: authorise the app again (duration=permanent, scopes adsread,adsedit) "
            + "with the Reddit account that manages the ads, then update the credentials (the _REFRESH_TOKEN variable or refresh_token "
            + "in the credentials file).",
        clientAuthentication: .basic,
        tokenRequestHeaders: { credentials in credentials.values["user_agent"].map { ["User-Agent": $0] } ?? [:] })
}
