/// How many keywords one ad group may hold on each search platform, checked for the ad groups a zone's campaign builds
/// (a keyword list less the zone's removals, or the zone's `keywords.add`).
///
/// Sources: Google Ads, "About your Google Ads account limits" (support.google.com/google-ads/answer/6372658): "20,000 ad
/// group targeting items per ad group"; Microsoft Advertising, MicrosoftDocs/Advertising
/// `advertising/bingads-13/guides/entity-hierarchy-limits.md`, Keywords: "Each ad group can contain 20,000 keywords."
///
/// Not an error: a list over the limit used only by Meta or Reddit channels, or only by campaigns whose zone removes
/// enough of it — up to twice the limit. A longer list is refused however it is used, and a list over the limit that
/// nothing uses is reported too (``lists(_:templates:reported:)``).
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

    /// Keyword lists with more keywords than the largest ad group limit, at the first keyword over it: every list the
    /// parser cut short (over twice the limit; the other rules saw only its first keywords), with its length, and a
    /// list over the limit that no template uses (one that a template uses is judged where it is used).
    static func lists(_ lists: some Sequence<KeywordList>, templates: [String: Template], reported: [Diagnostic]) -> [Diagnostic] {
        guard let limit = keywords.values.max() else { return [] }
        var out: [Diagnostic] = []
        for list in lists where list.keywordCount > limit {
            guard let at = list.overLimitAt else { continue }
            if !list.isCut {
                // A list a template uses is judged where it is used (check above, Microsoft's negatives limit); a zone's
                // keywords.remove may bring it under, and Meta and Reddit channels make no ad group of it.
                let used = templates.values.contains { t in
                    ((t.keywordLists?.value ?? []) + (t.negativeLists?.value ?? [])).contains { Workspace.listName($0.value) == list.name }
                }
                if used || reported.contains(where: { $0.code == "too-many-keywords" && $0.location == at }) { continue }
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
