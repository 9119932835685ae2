extension MicrosoftAdsState.Account {
    /// Every live object that stands more than once under the same parent with the same content: a
    /// campaign name twice in the account (case-insensitive), an ad group name twice in a campaign, the
    /// same keyword text and match type twice in an ad group, the same responsive search ad (headlines,
    /// descriptions, paths, final URLs) twice in an ad group, the same criterion twice in a campaign, the
    /// same negative keyword twice on an entity. What a client that re-created objects after a lost
    /// answer would leave behind; tests expect it empty.
    ///
    /// The sandbox already rejects a second campaign, ad group or keyword with the same name/text (as
    /// Microsoft does), so in practice duplicates show up among ads, criterions and negative keywords.
    public func duplicateObjects() -> [String] {
        func live(_ entity: MicrosoftEntity) -> Bool { entity.status != "Deleted" }
        func text(_ value: SandboxJSON?) -> String { value.map { String(decoding: $0.encoded(), as: UTF8.self) } ?? "" }
        func assetTexts(_ value: SandboxJSON?) -> String {
            (value?.arrayValue ?? []).map { $0["Asset"]?["Text"]?.stringValue ?? "" }.joined(separator: "|")
        }
        var out: [String] = []
        func check(_ label: String, _ items: [MicrosoftEntity], key: (MicrosoftEntity) -> String) {
            for (content, group) in Dictionary(grouping: items.filter(live), by: key) where group.count > 1 {
                out.append("\(label) ×\(group.count): \(content.prefix(160))")
            }
        }
        check("campaign", campaigns) { ($0.name ?? $0.id).lowercased() }
        check("ad group", adGroups) { "\($0.parentId)|\($0.name ?? $0.id)" }
        check("keyword", keywords) {
            "\($0.parentId)|\($0["Text"]?.stringValue?.lowercased() ?? "")|\($0["MatchType"]?.stringValue ?? "")"
        }
        check("ad", ads) {
            "\($0.parentId)|\(assetTexts($0["Headlines"]))|\(assetTexts($0["Descriptions"]))|\($0["Path1"]?.stringValue ?? "")|\($0["Path2"]?.stringValue ?? "")|\(text($0["FinalUrls"]))"
        }
        check("campaign criterion", campaignCriterions) {
            var criterion = $0["Criterion"]
            criterion?["DisplayName"] = nil
            criterion?["LocationType"] = nil
            return "\($0.parentId)|\(text(criterion))"
        }
        check("negative keyword", negativeKeywords) {
            "\($0.entityType ?? "")|\($0.parentId)|\($0["Text"]?.stringValue?.lowercased() ?? "")|\($0["MatchType"]?.stringValue ?? "")"
        }
        return out.sorted()
    }
}
