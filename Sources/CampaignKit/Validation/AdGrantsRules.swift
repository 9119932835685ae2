/// Google Ad Grants policy checks for the campaigns of a `grant: true` Google Ads account.
///
/// Not an error: a grant campaign without `bid_ceiling` (tfz bids Maximize clicks, and the account itself holds
/// Ad Grants bids to the limit); a single-word keyword in a list that only non-grant campaigns use; anything on an
/// account without `grant: true`. The click-through-rate rule needs pulled metrics and is not checked here.
enum AdGrantsRules {
    /// The highest bid Ad Grants allows without a conversion-based strategy: US$2.00.
    static let bidLimit = Money(micros: 2_000_000)

    static func check(_ campaigns: [Campaign], workspace w: Workspace, templates: [String: Template], config: WorkspaceConfig) -> [Diagnostic] {
        guard config.accounts.contains(where: { $0.grant && $0.platform == .googleAds }) else { return [] }
        var out: [Diagnostic] = []
        func add(_ code: String, _ message: String, _ at: SourceLocation, _ hints: [String]) {
            out.append(Diagnostic(.error, code, message, at: at, hints: hints))
        }
        let zones = Dictionary(w.zones.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let allowed = allowedSingleWords(organization: config.organization)
        var singleWords: [String: [Located<KeywordEntry>]] = [:]
        for c in campaigns where c.account.grant && c.key.platform == .googleAds {
            guard let zone = zones[c.key.zone], let t = templates[c.key.template],
                  let entry = zone.campaigns.first(where: { $0.template.value == c.key.template }) else { continue }
            // Bids: tfz always bids Maximize clicks, never a conversion-based strategy, so the limit always applies.
            if config.currency.value == "USD", let bid = entry.bidCeiling ?? t.bidCeiling, bid.value > bidLimit {
                add("grant-bid-limit", "bid ceiling \(bid.value.formatted("USD")) is above \(bidLimit.formatted("USD")), the highest bid a Google Ad Grants account allows",
                    bid.location, ["lower bid_ceiling to 2.00 or less; Ad Grants allows higher bids only with Maximize conversions or target CPA bidding, which tfz does not use"])
            }
            // Keywords, at their line in the keyword list (or in the zone for keywords.add).
            let removed = Set(entry.keywordsRemove.map(\.value))
            var keywords: [Located<KeywordEntry>] = []
            for list in w.keywordLists(t.keywordLists) {
                if singleWords[list.name] == nil { singleWords[list.name] = list.entries.filter { isSingleWord($0.value.text, allowed) } }
                keywords += singleWords[list.name]!
            }
            keywords += entry.keywordsAdd.filter { isSingleWord($0.value.text, allowed) }
            for k in keywords where !removed.contains(k.value.text) {
                add("grant-single-word-keyword", "'\(k.value.text)' is a single-word keyword, which Google Ad Grants does not allow", k.location,
                    ["make it a phrase of two or more words that says what the searcher looks for; only words of the organization name in tfz.yaml may stand alone"])
            }
            // Geo.
            if c.geo.isEmpty {
                add("grant-geo-required", "\(c.key) has no geo targeting; a Google Ad Grants campaign must target the locations it serves",
                    zone.geo.first?.location ?? zone.county.location, ["list the areas it should reach under geo: in this zone, e.g. - county: \"\(zone.county.value)\""])
            }
            // Ad groups and ads: at least 2 of each. A group whose keywords were all removed serves nothing, so it does not count.
            let groups = c.adGroups.filter { !$0.keywords.isEmpty }.count
            if groups < 2 {
                let lists = t.keywordLists?.location.description ?? t.path
                add("grant-ad-groups", "\(c.key) has \(groups) ad group\(groups == 1 ? "" : "s"); a Google Ad Grants campaign needs at least 2",
                    entry.template.location, ["each keyword list is an ad group: add a list to keywords.lists (\(lists)), or keywords.add in this zone"])
            }
            if groups > 0, c.ads.count < 2 {
                add("grant-ad-groups", "template '\(t.id)' gives each ad group \(c.ads.count) ad\(c.ads.count == 1 ? "" : "s"); Google Ad Grants needs at least 2 in every ad group",
                    t.creative?.location ?? t.location, ["each creative with a search block is an ad in every ad group: add another to creative:"])
            }
        }
        return out
    }

    /// The one-word keywords Ad Grants accepts here: the words of the organization's own name (Google's brand-term
    /// exception). Google's other exceptions (recognised medical conditions, a short list of words) are not listed.
    static func allowedSingleWords(organization: String) -> Set<String> {
        Set(organization.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
    }

    /// Whether a keyword (its text without the match-type notation) is one word that is not allowed alone.
    static func isSingleWord(_ text: String, _ allowed: Set<String>) -> Bool {
        let words = text.split(separator: " ")
        return words.count == 1 && !allowed.contains(String(words[0]))
    }
}
