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

        /// The campaign key in a remote name `tfz <zone>/<template>/<platform> · …`.
        static func key(inName name: String) -> CampaignKey? {
            guard name.hasPrefix("tfz ") else { return nil }
            return CampaignKey(String(name.dropFirst(4).prefix { $0 != " " }))
        }
    }

    /// Every live campaign of every account of `platform` whose name carries a tfz key (none for a platform the sandbox
    /// does not imitate).
    public func tfzCampaigns(_ platform: Platform) async -> [CampaignView] {
        await engine.campaignViews(platform).sorted { $0.key < $1.key }
    }

    /// Objects that stand twice in any account of `platform` (see each module's `duplicateObjects`).
    public func duplicateObjects(_ platform: Platform) async -> [String] {
        await engine.duplicateObjects(platform).sorted()
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
        for (date, impressions, clicks, cost) in await engine.deliveryRows(platform) { add(date, impressions, clicks, cost) }
        return days
    }
}

extension SandboxEngine {
    func campaignViews(_ platform: Platform) -> [RunningSandbox.CampaignView] {
        SandboxModules.module(platform)?.campaigns(engine: self) ?? []
    }

    func duplicateObjects(_ platform: Platform) -> [String] {
        SandboxModules.module(platform)?.duplicateObjects(engine: self) ?? []
    }

    func deliveryRows(_ platform: Platform) -> [(String, Int64, Int64, Int64)] {
        var rows: [(String, Int64, Int64, Int64)] = []
        SandboxModules.module(platform)?.delivery(engine: self) { rows.append(($0, $1, $2, $3)) }
        return rows
    }
}

extension RunningSandbox.CampaignView {
    /// A campaign of a module's state as the view: nil when its name carries no tfz key; `status` is the platform's word,
    /// read against its words for enabled and paused.
    init?(name: String, remoteId: String, status: String, enabled: String, paused: String) {
        guard let key = Self.key(inName: name) else { return nil }
        self.init(key: key, remoteId: remoteId, name: name, status: status == enabled ? .enabled : status == paused ? .paused : .other(status))
    }
}
