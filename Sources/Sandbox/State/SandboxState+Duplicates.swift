import Foundation

extension SandboxState.Account {
    /// Every live object that stands more than once under the same parent with the same content: a campaign or
    /// budget name twice, the same criterion, ad group, keyword or ad twice. What a client that re-created objects
    /// after a lost answer would leave behind; tests expect it empty.
    public func duplicateObjects() -> [String] {
        func live(_ r: SandboxResource) -> Bool { r.status != "REMOVED" }
        func text(_ value: SandboxJSON?) -> String { value.map { String(decoding: $0.encoded(), as: UTF8.self) } ?? "" }
        let idFields: Set<String> = ["resourceName", "id", "criterionId", "status", "type", "biddingStrategyType", "ad"]
        func content(_ r: SandboxResource) -> String {
            guard let object = r.fields.objectValue else { return r.resourceName }
            return object.filter { !idFields.contains($0.key) }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\(text($0.value))" }.joined(separator: ";")
        }
        var out: [String] = []
        func check(_ label: String, _ items: [SandboxResource], key: (SandboxResource) -> String) {
            for (k, v) in Dictionary(grouping: items.filter(live), by: key) where v.count > 1 {
                out.append("\(label) ×\(v.count): \(k.prefix(160))")
            }
        }
        check("budget", campaignBudgets) { $0.name ?? $0.resourceName }
        check("campaign", campaigns) { $0.name ?? $0.resourceName }
        check("campaign criterion", campaignCriteria, key: content)
        check("ad group", adGroups) { "\($0["campaign"]?.stringValue ?? "")|\($0.name ?? "")" }
        check("keyword", adGroupCriteria, key: content)
        check("ad", adGroupAds) { "\($0["adGroup"]?.stringValue ?? "")|\(text($0["ad.responsiveSearchAd"]))|\(text($0["ad.finalUrls"]))" }
        return out.sorted()
    }
}
