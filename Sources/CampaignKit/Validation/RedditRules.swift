/// Reddit Ads API v3 limits on what a campaign targets, from the reference digest `reddit-ads-v3.json` (`limits`,
/// `targeting`, `models.Targeting`): a Reddit ad group holds at most 1000 keywords (`targeting.keywords`) and 2000
/// excluded keywords; keywords are plain strings with no match types; communities are subreddit names.
public enum RedditLimits {
    public static let keywords = 1000
    public static let excludedKeywords = 2000
    /// CPM bids, in micros: 3.50–100.00 (`limits.bid_value.CPM`, spec2026 text).
    public static let cpmBidMicros: ClosedRange<Int64> = 3_500_000...100_000_000
}

/// Checks only for campaigns that run on `reddit`, every message starting "Reddit:" so staff know which platform
/// objects. One Reddit ad group carries all of a campaign's keyword lists (Reddit has no per-list ad groups in tfz).
///
/// Not an error: match types written in a keyword list (`"phrase"`, `[exact]`): Reddit has none, so they are dropped
/// there and one list serves search and Reddit alike. What stays in a keyword's text — quotes, brackets, a `+` — is an
/// error: Reddit refuses a keyword that is not a plain string. Not checked: keyword length (the reference has none for
/// targeting) and whether a community exists (the API's `/targeting/communities` look-up is not called by validate).
enum RedditRules {
    static let platformName = Platform.reddit.displayName

    /// A subreddit name as `interests:` of a Reddit channel may give it: `name`, `r/name` or `/r/name`; 2–21 letters,
    /// digits or underscores (the sandbox's rule too; Reddit's own is 3–21 for new communities).
    static func isCommunity(_ text: String) -> Bool {
        text.range(of: #"^(/?r/)?[A-Za-z0-9_]{2,21}$"#, options: .regularExpression) != nil
    }

    static func campaign(_ c: Campaign, channel: Channel, lists: [KeywordList], negatives: [KeywordList], template t: Template,
                         entry: ZoneCampaign) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func error(_ code: String, _ message: String, _ at: SourceLocation, _ hints: [String]) {
            out.append(Diagnostic(.error, code, "\(platformName): \(message)", at: at, hints: hints))
        }
        let removed = Set(entry.keywordsRemove.map(\.value))
        let byKeywords = c.trigger == .keywords
        let written = byKeywords ? lists.flatMap(\.entries).filter { !removed.contains($0.value.text) } + entry.keywordsAdd : []
        let negativeEntries = byKeywords ? negatives.flatMap(\.entries) + entry.negativesAdd : []
        let punctuation = Set("\"[]+")
        for keyword in written + negativeEntries where keyword.value.text.contains(where: punctuation.contains) {
            error("reddit-keyword-not-plain", "keyword '\(keyword.value.text)' has match-type punctuation in its text; Reddit keywords are plain strings",
                  keyword.location, ["Reddit has no match types: write the words only (a list's \"phrase\" and [exact] marks are fine: Reddit drops them)"])
        }
        var seen = Set<String>()
        let distinct = written.filter { seen.insert($0.value.text.lowercased()).inserted }
        if distinct.count > RedditLimits.keywords {
            error("reddit-too-many-keywords",
                  "a campaign of template '\(t.id)' would have \(distinct.count.thousands) keywords; Reddit allows at most \(RedditLimits.keywords.thousands) in one ad group, and this is keyword \((RedditLimits.keywords + 1).thousands)",
                  distinct[RedditLimits.keywords].location, ["Reddit puts all of a campaign's keyword lists in one ad group: use fewer or shorter lists for the Reddit channel"])
        }
        if c.negatives.count > RedditLimits.excludedKeywords {
            error("reddit-too-many-negatives",
                  "a campaign of template '\(t.id)' would have \(c.negatives.count.thousands) negative keywords; Reddit allows at most \(RedditLimits.excludedKeywords.thousands) excluded keywords",
                  t.negativeLists?.location ?? entry.location, ["drop a list from keywords.negatives"])
        }
        for name in channel.interests where !isCommunity(name) {
            error("reddit-community-name",
                  "'\(name)' is not a community name; a Reddit channel's interests are subreddits, written name or r/name (2–21 letters, digits or underscores)",
                  channel.location, ["for example: interests: [r/legaladvice, news]"])
        }
        if let ceiling = c.bidCeiling, c.purpose == .education, !RedditLimits.cpmBidMicros.contains(ceiling.micros) {
            error("reddit-cpm-bid",
                  "an education campaign bids per thousand impressions on Reddit (CPM), which must be between 3.50 and 100.00; bid_ceiling is \(ceiling)",
                  entry.bidCeiling?.location ?? t.bidCeiling?.location ?? entry.location, ["set bid_ceiling between 3.50 and 100.00, or leave it out for automatic bidding"])
        }
        return out
    }
}
