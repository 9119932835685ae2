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
        for negative in allNegatives {
            let blocked = lists.flatMap { $0.entries.map(\.value.text) }.filter { blocks(negative.value, defaultMatch, keyword: $0) }
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
