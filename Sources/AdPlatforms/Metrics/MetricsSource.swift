import CampaignKit

/// One platform account's daily metrics, read one grain at a time.
public protocol MetricsSource: Sendable {
    var platform: Platform { get }
    var accountId: String { get }
    var apiVersion: String { get }
    /// The attribution / conversion-window setting the figures follow, in words.
    var attribution: String { get }
    /// Rows of `grain` for the inclusive window; ids only (labels are added by the pull).
    func fetch(_ grain: MetricGrain, since: String, until: String) async throws -> [MetricRow]
}
