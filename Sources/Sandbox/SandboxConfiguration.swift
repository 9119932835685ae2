import Foundation
import Logging

/// How to run the Google Ads sandbox.
///
/// The credentials are what the sandbox's token endpoint and API accept; tfz must be configured
/// with the same values (the defaults are plain sandbox strings, not secrets).
public struct SandboxConfiguration: Sendable {
    /// Where `google-ads.json` lives. nil keeps everything in memory.
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
        logger: Logger? = nil
    ) {
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
