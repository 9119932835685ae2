import Foundation
import Sandbox
import Testing

/// Reads the sandbox's own state (what Google Ads would hold), as persisted under a workspace's `.tfz/sandbox/`.
enum SandboxInspection {
    static func state(of workspace: URL, customer: String = "1234567890") async throws -> SandboxState.Account {
        let sandbox = try await startSandbox(SandboxConfiguration(stateDirectory: workspace.appendingPathComponent(".tfz/sandbox"), seed: 2026))
        let state = await sandbox.snapshot()
        await sandbox.stop()
        return state.account(customer)
    }

    /// Every live object that appears more than once with the same parent and content: must be empty.
    static func duplicates(_ a: SandboxState.Account) -> [String] {
        func live(_ r: SandboxResource) -> Bool { r.status != "REMOVED" }
        func content(_ r: SandboxResource, dropping: Set<String>) -> String {
            guard let object = r.fields.objectValue else { return r.resourceName }
            let kept = object.filter { !dropping.contains($0.key) }.sorted { $0.key < $1.key }
            return kept.map { "\($0.key)=\(String(decoding: $0.value.encoded(), as: UTF8.self))" }.joined(separator: ";")
        }
        let idFields: Set<String> = ["resourceName", "id", "criterionId", "status", "type", "biddingStrategyType", "ad"]
        var out: [String] = []
        func check(_ label: String, _ items: [SandboxResource], key: (SandboxResource) -> String) {
            let groups = Dictionary(grouping: items.filter(live), by: key)
            for (k, v) in groups where v.count > 1 { out.append("\(label) ×\(v.count): \(k.prefix(160))") }
        }
        check("budget", a.campaignBudgets) { $0.name ?? $0.resourceName }
        check("campaign", a.campaigns) { $0.name ?? $0.resourceName }
        check("campaign criterion", a.campaignCriteria) { content($0, dropping: idFields) }
        check("ad group", a.adGroups) { "\($0["campaign"]?.stringValue ?? "")|\($0.name ?? "")" }
        check("keyword", a.adGroupCriteria) { content($0, dropping: idFields) }
        check("ad", a.adGroupAds) { r in
            "\(r["adGroup"]?.stringValue ?? "")|\(String(decoding: (r["ad.responsiveSearchAd"]?.encoded() ?? Data()), as: UTF8.self))|\(String(decoding: (r["ad.finalUrls"]?.encoded() ?? Data()), as: UTF8.self))"
        }
        return out
    }
}
