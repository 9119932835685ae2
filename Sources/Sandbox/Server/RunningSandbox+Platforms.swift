import CampaignKit
import Foundation

/// Platform-neutral views of the sandbox's accounts, for the suites that run once per platform.
extension RunningSandbox {
    /// A tfz campaign as the sandbox holds it.
    public struct CampaignView: Sendable, Hashable, CustomStringConvertible {
        public enum Status: Sendable, Hashable { case enabled, paused, removed, other(String) }
        public var key: CampaignKey
        /// The platform's id (Microsoft) or resource name (Google).
        public var remoteId: String
        public var name: String
        public var status: Status
        public var description: String { "\(key) \(status)" }
    }

    /// Every live campaign of every account of `platform` whose name carries a tfz key.
    public func tfzCampaigns(_ platform: Platform) async -> [CampaignView] {
        func key(_ name: String) -> CampaignKey? {
            guard name.hasPrefix("tfz ") else { return nil }
            return CampaignKey(String(name.dropFirst(4).prefix { $0 != " " }))
        }
        var out: [CampaignView] = []
        switch platform {
        case .googleAds:
            for account in await snapshot().accounts.values {
                for c in account.campaigns {
                    guard let name = c.name, let k = key(name), c.status != "REMOVED" else { continue }
                    let status: CampaignView.Status = c.status == "ENABLED" ? .enabled : c.status == "PAUSED" ? .paused : .other(c.status ?? "?")
                    out.append(CampaignView(key: k, remoteId: c.resourceName, name: name, status: status))
                }
            }
        case .microsoftAds:
            for account in await microsoftSnapshot().accounts.values {
                for c in account.campaigns {
                    guard let name = c.name, let k = key(name), c.status != "Deleted" else { continue }
                    let status: CampaignView.Status = c.status == "Active" ? .enabled : c.status == "Paused" ? .paused : .other(c.status ?? "?")
                    out.append(CampaignView(key: k, remoteId: c.id, name: name, status: status))
                }
            }
        case .meta, .reddit: break
        }
        return out.sorted { $0.key < $1.key }
    }

    /// Objects that stand twice in any account of `platform` (see each platform's `duplicateObjects()`).
    public func duplicateObjects(_ platform: Platform) async -> [String] {
        switch platform {
        case .googleAds: await snapshot().accounts.values.flatMap { $0.duplicateObjects() }.sorted()
        case .microsoftAds: await microsoftSnapshot().accounts.values.flatMap { $0.duplicateObjects() }.sorted()
        case .meta, .reddit: []
        }
    }

    /// The final delivery the sandbox simulated for `platform` (every account) on the days through `through`
    /// (`yyyy-MM-dd`, inclusive): what a complete pull must store for days older than the restated ones.
    public func deliveryTotals(platform: Platform, through: String) async -> (impressions: Int64, clicks: Int64, costMicros: Int64) {
        await deliveryByDay(platform: platform, through: through).values.reduce((0, 0, 0)) {
            ($0.impressions + $1.impressions, $0.clicks + $1.clicks, $0.costMicros + $1.costMicros)
        }
    }

    /// The final delivery of `platform` (every account) by day, `yyyy-MM-dd` → sums, for the days through `through`
    /// (inclusive): ``deliveryTotals(platform:through:)`` day by day, so that a check can say which day a store lost or
    /// counted twice.
    public func deliveryByDay(platform: Platform, through: String) async -> [String: (impressions: Int64, clicks: Int64, costMicros: Int64)] {
        var days: [String: (impressions: Int64, clicks: Int64, costMicros: Int64)] = [:]
        func add(_ date: String, _ impressions: Int64, _ clicks: Int64, _ cost: Int64) {
            guard date <= through else { return }
            var t = days[date] ?? (0, 0, 0)
            t.impressions += impressions
            t.clicks += clicks
            t.costMicros += cost
            days[date] = t
        }
        switch platform {
        case .googleAds:
            for m in await snapshot().accounts.values.flatMap(\.keywordMetrics) { add(m.date, m.impressions, m.clicks, m.costMicros) }
        case .microsoftAds:
            for m in await microsoftSnapshot().accounts.values.flatMap(\.keywordMetrics) { add(m.date, m.impressions, m.clicks, m.costMicros) }
        case .meta, .reddit: break
        }
        return days
    }
}
