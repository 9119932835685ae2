/// Checks across keyword lists: a negative keyword that would block a campaign's own keywords, and a keyword
/// that two ad groups of one campaign both bid on.
enum KeywordRules {
    /// Whether the negative keyword stops the ads of `keyword` (matched as the platforms do for negatives:
    /// no close variants; broad = all words in any order, phrase = the words in order, exact = the same text).
    static func blocks(_ negative: KeywordEntry, _ defaultMatch: MatchType, keyword: String) -> Bool {
        let words = keyword.split(separator: " ")
        let neg = negative.text.split(separator: " ")
        switch negative.matchType ?? defaultMatch {
        case .exact: return negative.text == keyword
        case .broad: return Set(neg).isSubset(of: Set(words))
        case .phrase:
            guard neg.count <= words.count else { return false }
            return (0...(words.count - neg.count)).contains { i in Array(words[i..<(i + neg.count)]) == neg }
        }
    }

    static func check(_ t: Template, lists: [KeywordList], negatives: [KeywordList], extraNegatives: [Located<KeywordEntry>] = [],
                      defaultMatch: MatchType) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let allNegatives = negatives.flatMap(\.entries) + extraNegatives
        let index = KeywordIndex(lists.flatMap { $0.entries.map(\.value.text) })
        for negative in allNegatives {
            let blocked = index.candidates(for: negative.value).filter { blocks(negative.value, defaultMatch, keyword: index.keywords[$0]) }
                .map { index.keywords[$0] }
            guard let first = blocked.first else { continue }
            let what = blocked.count == 1 ? "the keyword '\(first)' of template '\(t.id)'"
                                          : "\(blocked.count) keywords of template '\(t.id)', e.g. '\(first)'"
            let exact = (negative.value.matchType ?? defaultMatch) == .exact
            out.append(Diagnostic(.warning, "negative-blocks-keyword", "negative keyword '\(negative.value.text)' blocks \(what)",
                                  at: negative.location,
                                  hints: [exact ? "remove the negative or the keyword: the campaign cannot show for a search it excludes"
                                                : "remove the negative, or make it exact ([\(negative.value.text)]) so it only stops that one search"]))
        }
        var firstList: [String: String] = [:]
        for list in lists {
            for entry in list.entries {
                if let other = firstList[entry.value.text], other != list.name {
                    out.append(Diagnostic(.warning, "keyword-in-two-ad-groups",
                                          "'\(entry.value.text)' is also in '\(other)'; template '\(t.id)' would bid on it in two ad groups that compete",
                                          at: entry.location))
                } else {
                    firstList[entry.value.text] = list.name
                }
            }
        }
        return out
    }
}

/// The keywords of a template's lists, in order, indexed by word and by text, so that each negative is compared only with
/// the keywords that could match it (every word of a broad or phrase negative is in what it blocks; an exact negative
/// blocks its own text): a 20,000-keyword list against 20,000 negatives is not 400 million comparisons.
struct KeywordIndex {
    let keywords: [String]
    private var byWord: [Substring: [Int]] = [:]
    private var byText: [String: [Int]] = [:]

    init(_ keywords: [String]) {
        self.keywords = keywords
        for (i, keyword) in keywords.enumerated() {
            byText[keyword, default: []].append(i)
            for word in keyword.split(separator: " ") where byWord[word]?.last != i { byWord[word, default: []].append(i) }
        }
    }

    /// Positions of the keywords that could be blocked by `negative`, ascending: a superset of those it blocks.
    func candidates(for negative: KeywordEntry) -> [Int] {
        if negative.matchType == .exact { return byText[negative.text] ?? [] }
        var rarest: [Int]?
        for word in negative.text.split(separator: " ") {
            let postings = byWord[word] ?? []
            if rarest == nil || postings.count < rarest!.count { rarest = postings }
            if postings.isEmpty { break }
        }
        return rarest ?? []
    }
}
