import Foundation

extension RunningSandbox {
    /// The Microsoft identity platform token endpoint: `baseURL/common/oauth2/v2.0/token`.
    public var microsoftTokenURL: URL { URL(string: baseURL.absoluteString + SandboxConfiguration.microsoftTokenPath)! }

    /// A copy of the Microsoft Advertising accounts and their objects.
    public func microsoftSnapshot() async -> MicrosoftAdsState { await engine.microsoftSnapshot() }

    /// `MicrosoftAdsState.Account.duplicateObjects()` of one account: what a client that re-created objects
    /// after a lost answer would leave behind. Tests expect it empty.
    public func microsoftDuplicateObjects(accountId: String) async -> [String] {
        await microsoftSnapshot().account(accountId).duplicateObjects()
    }

    /// Test hook: every Microsoft refresh token (the configured one and those the endpoint issued) now fails
    /// with HTTP 400 `invalid_grant` AADSTS700082 ("expired due to inactivity"), as after 90 days unused;
    /// `expireMicrosoftRefreshToken(false)` revives them. Persisted with the state.
    public func expireMicrosoftRefreshToken(_ expired: Bool = true) async {
        await engine.setMicrosoftRefreshTokenExpired(expired)
    }

    /// The sandbox's location id of a county (FIPS code) in its geographical locations file, or nil. For
    /// tests only: clients find the id in the file (`GetGeoLocationsFileUrl`) by display name, as they must
    /// against Microsoft.
    public static func microsoftCountyLocationId(fips: String) -> String? {
        MicrosoftGeoLocations.countyLocationId(fips: fips).map(String.init)
    }
}
