/// How many keywords one ad group may hold on each search platform, checked for the ad groups a zone's campaign builds
/// (a keyword list less the zone's removals, or the zone's `keywords.add`).
///
/// Sources: Google Ads, "About your Google Ads account limits" (support.google.com/google-ads/answer/6372658): "20,000 ad
/// group targeting items per ad group"; Microsoft Advertising, MicrosoftDocs/Advertising
/// `advertising/bingads-13/guides/entity-hierarchy-limits.md`, Keywords: "Each ad group can contain 20,000 keywords."
///
/// A keyword list is also held to the limit on its own (``lists(_:templates:reported:)``), however it is used: the parser
/// stops keeping keywords one past the limit, so a zone's `keywords.remove` cannot bring a longer list back under it.
enum AdGroupLimits {
    static let keywords: [Platform: Int] = [.googleAds: 20_000, .microsoftAds: 20_000]

    /// One ad group: its name, where its keywords are written (in order, before removals) and its keywords.
    struct Group {
        var group: AdGroup
        var written: [Located<KeywordEntry>]
        var isList: Bool
    }

    /// Diagnostics for `groups` of a campaign entry that runs on `platforms` with keywords; at the first keyword over the
    /// limit, naming every platform with that limit (so a list that both search platforms use is reported once).
    static func check(_ groups: [Group], removed: Set<String>, platforms: Set<Platform>) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for g in groups {
            let count = g.group.keywords.count
            // The smallest limit among the platforms the campaign runs on that this group is over.
            guard let limit = platforms.compactMap({ keywords[$0] }).filter({ count > $0 }).min() else { continue }
            let kept = removed.isEmpty || !g.isList ? g.written : g.written.filter { !removed.contains($0.value.text) }
            guard kept.count > limit else { continue }
            let names = keywords.filter { $0.value == limit }.keys.sorted().map(\.displayName)
            let allow = names.count == 1 ? "\(names[0]) allows" : names.joined(separator: " and ") + " allow"
            out.append(Diagnostic(.error, "too-many-keywords",
                                  "ad group '\(g.group.name)'\(g.isList ? "" : " (keywords.add)") would have \(count.thousands) keywords; \(allow) at most \(limit.thousands) in one ad group, and this is keyword \((limit + 1).thousands)",
                                  at: kept[limit].location,
                                  hints: [g.isList ? "split the list in two files and name both in the template's keywords.lists: each list is its own ad group"
                                                   : "move these keywords into keyword lists in Campaigns/keywords/: each list is its own ad group"]))
        }
        return out
    }

    /// Keyword lists with more keywords than the largest ad group limit, at the first keyword over it, unless the check
    /// above or Microsoft's negatives limit already reported the list where a campaign uses it (so each is reported
    /// once). A list the parser cut short is always reported here, with its length: the other rules saw only its
    /// first keywords. This covers lists that nothing uses, or that only Meta or Reddit channels use.
    static func lists(_ lists: some Sequence<KeywordList>, templates: [String: Template], reported: [Diagnostic]) -> [Diagnostic] {
        guard let limit = keywords.values.max() else { return [] }
        var out: [Diagnostic] = []
        for list in lists where list.keywordCount > limit {
            guard let at = list.overLimitAt else { continue }
            if !list.isCut {
                if reported.contains(where: { $0.code == "too-many-keywords" && $0.location == at }) { continue }
                let asNegatives = Set(templates.values.compactMap { t -> SourceLocation? in
                    guard let refs = t.negativeLists, refs.value.contains(where: { Workspace.listName($0.value) == list.name }) else { return nil }
                    return refs.location
                })
                if reported.contains(where: { $0.code == "microsoft-too-many-negatives" && asNegatives.contains($0.location) }) { continue }
            }
            let names = keywords.filter { $0.value == limit }.keys.sorted().map(\.displayName)
            let allow = names.count == 1 ? "\(names[0]) allows" : names.joined(separator: " and ") + " allow"
            out.append(Diagnostic(.error, "too-many-keywords",
                                  "this list has \(list.keywordCount.thousands) keywords; \(allow) at most \(limit.thousands) in one ad group, and this is keyword \((limit + 1).thousands)",
                                  at: at,
                                  hints: ["split it into lists of at most \(limit.thousands) keywords and name them all in the template's keywords.lists: each list is its own ad group"
                                          + (list.isCut ? " (tfz stops reading a list here)" : "")]))
        }
        return out
    }
}
