import CampaignKit

/// What a client must send the sandbox for one platform: the OAuth client and refresh token its token endpoint
/// accepts, and the platform's other credential values by their `file:` key (`developer_token`, `customer_id`).
/// Plain sandbox strings, not secrets.
public struct SandboxCredentials: Sendable, Equatable {
    /// The token endpoint's path under the sandbox's base URL, without the leading slash.
    public var tokenPath: String
    public var clientId: String
    public var clientSecret: String?
    public var refreshToken: String
    public var values: [String: String]
}

extension SandboxConfiguration {
    /// The credentials the sandbox accepts for `platform`; nil for a platform it does not imitate.
    public func credentials(for platform: Platform) -> SandboxCredentials? {
        SandboxModules.module(platform)?.credentials(self)
    }

    /// Makes the sandbox accept other secrets for `platform` — its OAuth client secret, its refresh token and, from
    /// `values` (by `file:` key), its developer token — so that a suite or the soak can plant canaries and look for
    /// them in what tfz writes without naming a platform. Keys the sandbox does not check are ignored; nothing happens
    /// for a platform the sandbox does not imitate. ``credentials(for:)`` then hands out the new values.
    public mutating func replaceSecrets(for platform: Platform, clientSecret: String, refreshToken: String, values: [String: String] = [:]) {
        SandboxModules.module(platform)?.replaceSecrets(&self, clientSecret: clientSecret, refreshToken: refreshToken, values: values)
    }
}
