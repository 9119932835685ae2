import AdPlatforms
import CampaignKit
import Foundation

/// `tfz status`: each launched campaign as tfz left it and as its platform has it now, with drift.
public struct StatusReader {
    public let bench: Workbench

    public init(bench: Workbench) { self.bench = bench }

    public struct Row: Sendable {
        public var key: CampaignKey
        public var recorded: RemoteCampaign
        /// nil when the platform could not be asked (see ``Account/unreachable``) or does not have it.
        public var remote: RemoteCampaignView?
        /// Set when the account could not be read; the row shows what tfz knows locally.
        public var unreachable: String?
        public var drift: [String]
    }

    /// Every launched campaign of the supported accounts, by key. An account that cannot be read gives rows with
    /// `unreachable` set instead of failing the whole status.
    public func rows() async throws -> [Row] {
        let state = try bench.store.remoteState()
        let currency = bench.config?.currency.value ?? "USD"
        var rows: [Row] = []
        for account in bench.supportedAccounts {
            let known = state.campaigns.values.filter { $0.accountId == account.accountId && $0.key.platform == account.platform }
            guard !known.isEmpty else { continue }
            var remote: [CampaignKey: RemoteCampaignView] = [:]
            var unreachable: String?
            do {
                let adapter = try await bench.adapter(for: account)
                remote = Dictionary(try await adapter.remoteCampaigns().map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            } catch {
                unreachable = error.userMessage
            }
            for r in known.sorted(by: { $0.key < $1.key }) {
                let view = remote[r.key]
                rows.append(Row(key: r.key, recorded: r, remote: view, unreachable: unreachable,
                                drift: unreachable == nil ? Drift.changes(recorded: r, remote: view, currency: currency) : []))
            }
        }
        return rows
    }
}
