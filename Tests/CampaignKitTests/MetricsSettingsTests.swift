@testable import CampaignKit
import Testing

/// `metrics:` in tfz.yaml: lookback per platform and the scheduler's pull interval.
@Suite struct MetricsSettingsTests {
    static func config(_ metrics: String) -> String {
        Fixture.files["tfz.yaml"]! + "\n" + metrics
    }

    @Test func defaultsWithoutTheSection() throws {
        let settings = try #require(Fixture.library().workspace.config).metrics
        #expect(settings.lookbackDays(for: .googleAds) == 30 && settings.lookbackDays(for: .meta) == 28)
        #expect(settings.pullEvery(for: .googleAds) == 6 * 3600)
        #expect(settings.isPullDue(.googleAds, lastFinished: nil, now: 0))
        #expect(!settings.isPullDue(.googleAds, lastFinished: 1000, now: 1000 + 6 * 3600 - 1))
        #expect(settings.isPullDue(.googleAds, lastFinished: 1000, now: 1000 + 6 * 3600))
    }

    @Test func valuesAreRead() throws {
        let library = Fixture.library(["tfz.yaml": Self.config("metrics:\n  lookback_days: {google_ads: 14}\n  pull_every: {google_ads: 90m, meta: 1d}\n")])
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        let settings = try #require(library.workspace.config).metrics
        #expect(settings.lookbackDays(for: .googleAds) == 14)
        #expect(settings.pullEvery(for: .googleAds) == 90 * 60 && settings.pullEvery(for: .meta) == 86400)
        #expect(settings.pullEvery(for: .reddit) == MetricsSettings.defaultPullEvery)
    }

    @Test("Bad values are located errors", arguments: [
        ("pull_every: {google_ads: 5m}", "pull_every for google_ads must be a whole number of minutes, hours or days between 15m and 7d, such as 6h, not '5m'"),
        ("pull_every: {google_ads: 6 hours}", "pull_every for google_ads must be a whole number of minutes, hours or days between 15m and 7d, such as 6h, not '6 hours'"),
        ("lookback_days: {google_ads: 120}", "lookback_days for google_ads must be between 1 and 90 days, not 120"),
    ])
    func badValues(line: String, message: String) {
        let diagnostics = Fixture.diagnostics(["tfz.yaml": Self.config("metrics:\n  \(line)\n")])
        #expect(diagnostics.contains { $0.hasPrefix("tfz.yaml:") && $0.contains("error: \(message)") }, "\(diagnostics)")
    }
}
