import CampaignKit
import Foundation
import Logging

/// How to run the ad-platform sandbox (every platform in `SandboxModules.all`).
///
/// The credentials are what the sandbox's token endpoints and APIs accept; tfz must be configured
/// with the same values (the defaults are plain sandbox strings, not secrets).
public struct SandboxConfiguration: Sendable {
    /// Where the modules' state files (`google-ads.json`, `microsoft-ads.json`, …) live. nil keeps everything in memory.
    public var stateDirectory: URL?
    /// Seeds ids, tokens, request ids, random faults and simulated delivery.
    public var seed: UInt64
    /// Injected failures.
    public var faults: FaultPlan
    /// OAuth client id the token endpoint accepts. Default `sandbox-client-id`.
    public var clientId: String
    /// OAuth client secret the token endpoint accepts. Default `sandbox-client-secret`.
    public var clientSecret: String
    /// Refresh token the token endpoint accepts. Default `sandbox-refresh-token`.
    public var refreshToken: String
    /// Value required in the `developer-token` header. Default `sandbox-developer-token`.
    public var developerToken: String
    /// Customer ids (digits only) the credentials may access; nil allows any, creating the account
    /// on first use.
    public var customerIds: Set<String>?
    /// The clock used for token expiry, default campaign start dates and `DURING` date ranges.
    public var now: @Sendable () -> Date
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Logger for the HTTP server; defaults to warnings only.
    public var logger: Logger
    /// Microsoft identity platform client id the Microsoft token endpoint accepts. Default `sandbox-ms-client-id`.
    public var microsoftClientId: String
    /// Client secret the Microsoft token endpoint requires when set; nil (the default) is a public client that
    /// may send none (a secret that is sent anyway is ignored).
    public var microsoftClientSecret: String?
    /// Refresh token the Microsoft token endpoint accepts (besides the ones it issued). Default
    /// `sandbox-ms-refresh-token`.
    public var microsoftRefreshToken: String
    /// Value required in the `DeveloperToken` header. Default `sandbox-ms-developer-token`.
    public var microsoftDeveloperToken: String
    /// The manager account (customer) id required in the `CustomerId` header. Default `170000001`.
    public var microsoftCustomerId: String
    /// Account ids (`CustomerAccountId`) the credentials may access; nil allows any account id of digits,
    /// creating the account on first use.
    public var microsoftAccountIds: Set<String>?
    /// The secrets of modules that keep them here rather than in fields of their own (a module added after the first
    /// two): set by ``replaceSecrets(for:clientSecret:refreshToken:values:)``, read by the module's `credentials`.
    public var moduleSecrets: [Platform: SandboxCredentials] = [:]

    public init(
        stateDirectory: URL? = nil,
        seed: UInt64 = 1,
        faults: FaultPlan = .none,
        clientId: String = "sandbox-client-id",
        clientSecret: String = "sandbox-client-secret",
        refreshToken: String = "sandbox-refresh-token",
        developerToken: String = "sandbox-developer-token",
        customerIds: Set<String>? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        maxBodyBytes: Int = 64 << 20,
        logger: Logger? = nil,
        microsoftClientId: String = "sandbox-ms-client-id",
        microsoftClientSecret: String? = nil,
        microsoftRefreshToken: String = "sandbox-ms-refresh-token",
        microsoftDeveloperToken: String = "sandbox-ms-developer-token",
        microsoftCustomerId: String = "170000001",
        microsoftAccountIds: Set<String>? = nil
    ) {
        self.microsoftClientId = microsoftClientId
        self.microsoftClientSecret = microsoftClientSecret
        self.microsoftRefreshToken = microsoftRefreshToken
        self.microsoftDeveloperToken = microsoftDeveloperToken
        self.microsoftCustomerId = microsoftCustomerId
        self.microsoftAccountIds = microsoftAccountIds
        self.stateDirectory = stateDirectory
        self.seed = seed
        self.faults = faults
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.developerToken = developerToken
        self.customerIds = customerIds
        self.now = now
        self.maxBodyBytes = maxBodyBytes
        self.logger =
            logger
            ?? {
                var logger = Logger(label: "tfz.sandbox.google-ads")
                logger.logLevel = .warning
                return logger
            }()
    }
}

extension SandboxConfiguration {
    /// The Microsoft identity platform token endpoint path: `POST /common/oauth2/v2.0/token`.
    public static let microsoftTokenPath = "/common/oauth2/v2.0/token"
    /// The OAuth scope Microsoft Advertising uses (`offline_access` is added to get a refresh token).
    public static let microsoftScope = "https://ads.microsoft.com/msads.manage"
}
