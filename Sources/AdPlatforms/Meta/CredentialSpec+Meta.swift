import CampaignKit
import Crypto
import Foundation

extension CredentialSpec {
    /// Meta Marketing API: a system user's long-lived access token (`PREFIX_ACCESS_TOKEN` / `access_token`), used as it
    /// is — Meta has no refresh for it — and, when the app secret is configured (`PREFIX_APP_SECRET` / `app_secret`), an
    /// `appsecret_proof` on every call: the lowercase hex HMAC-SHA256 of the access token keyed with the app secret, which
    /// Meta requires when the app's "Require App Secret" setting is on. The proof goes in the query string (on reads and
    /// writes alike); the app secret itself is never sent.
    public static let meta = CredentialSpec(
        platformName: "Meta",
        defaultTokenURL: URL(string: "https://graph.facebook.com/v25.0/oauth/access_token")!,
        scope: "ads_management",
        sendsScope: false,
        clientSecretRequired: false,
        fields: [Field(key: "app_secret", required: false, secret: true, header: nil)],
        expiredRefreshTokenHint: "Meta refused the access token: in Business Settings → System users, generate a new token for the "
            + "system user with the ads_management permission for the ad account, then update the credentials (the _ACCESS_TOKEN "
            + "variable or access_token in the credentials file).",
        grant: .accessToken,
        signRequest: { request, token, credentials in
            guard let secret = credentials.secrets["app_secret"], !secret.isEmpty else { return }
            request.url = MetaAuth.appendingQuery(request.url, "appsecret_proof", MetaAuth.appSecretProof(token: token, appSecret: secret))
        })
}

/// Meta's request proof.
enum MetaAuth {
    /// Lowercase hex HMAC-SHA256 of `token` keyed with `appSecret`.
    static func appSecretProof(token: Secret, appSecret: Secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(token.reveal().utf8), using: SymmetricKey(data: Data(appSecret.reveal().utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// `url` with `name=value` added to its query (replacing an earlier value of the same name).
    static func appendingQuery(_ url: URL, _ name: String, _ value: String) -> URL {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        var items = (parts.queryItems ?? []).filter { $0.name != name }
        items.append(URLQueryItem(name: name, value: value))
        parts.queryItems = items
        return parts.url ?? url
    }
}
