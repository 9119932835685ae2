/// Content rules that no ad platform checks for us: victim-centred language, sexual content, phone numbers.
public enum LanguageRules {
    /// Discouraged terms and the wording to use instead (documented in docs/campaign-files.md).
    /// An error in outreach copy, a warning elsewhere. Matched as whole words, ignoring case.
    public static let discouraged: [(term: String, suggestion: String)] = [
        ("child prostitute", "child who is being sexually exploited"),
        ("child prostitution", "child sexual exploitation"),
        ("underage prostitute", "child who is being sexually exploited"),
        ("teen prostitute", "child who is being sexually exploited"),
        ("prostitutes", "people being sold for sex"),
        ("prostitute", "person being sold for sex"),
        ("prostitution", "commercial sexual exploitation"),
        ("hooker", "person being sold for sex"),
        ("whore", "person being sold for sex"),
        ("call girl", "person being sold for sex"),
        ("working girl", "person being sold for sex"),
        ("johns", "sex buyers"),
        ("john", "sex buyer"),
        ("pimps", "traffickers"),
        ("pimp", "trafficker"),
        ("sex slave", "survivor of sex trafficking"),
        ("illegal alien", "person without legal status"),
        ("illegal immigrant", "person without legal status"),
    ]

    /// Sexual or explicit words that the ad platforms' adult-content policies reject in ad text. Always an error.
    public static let sexualContent: [String] = [
        "sexy", "nude", "nudes", "naked", "porn", "porno", "pornography", "xxx", "erotic", "erotica", "horny", "orgasm",
        "blowjob", "handjob", "happy ending", "fetish", "bdsm", "topless", "lingerie", "nsfw", "hot girls", "hot singles",
        "busty", "sensual massage", "full service", "gfe", "hookup", "hook up", "one night stand", "strip club", "stripper",
    ]

    /// Lower-cased words of a text, for whole-word matching.
    static func words(_ text: String) -> [Substring] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'") }
    }

    /// Whole-word phrases of `phrases` that occur in `text`.
    static func matches(_ text: String, _ phrases: [String]) -> [String] {
        let w = words(text)
        var found: [String] = []
        for phrase in phrases {
            let p = phrase.split(separator: " ")
            guard p.count <= w.count else { continue }
            for i in 0...(w.count - p.count) where w[i] == p[0] && zip(w[i..<(i + p.count)], p).allSatisfy({ $0 == $1 }) {
                if !found.contains(where: { $0.contains(phrase) }) { found.append(phrase) }
                break
            }
        }
        return found
    }

    /// Language and content diagnostics for one piece of copy.
    static func check(_ text: Located<String>, purpose: Purpose) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for term in matches(text.value, discouraged.map(\.term)) {
            let suggestion = discouraged.first { $0.term == term }!.suggestion
            let severity: Severity = purpose == .outreach ? .error : .warning
            out.append(Diagnostic(severity, "discouraged-term",
                                  "'\(term)' is not victim-centred language\(purpose == .outreach ? " and cannot be used in outreach copy" : "")",
                                  at: text.location, hints: ["write '\(suggestion)' instead (see docs/campaign-files.md#language)"]))
        }
        for term in matches(text.value, sexualContent) {
            out.append(Diagnostic(.error, "sexual-content", "'\(term)' is sexual content that ad platforms reject, and it has no place in \(purpose.rawValue) copy",
                                  at: text.location))
        }
        for number in PhoneNumbers.find(in: text.value) where !number.wellFormed {
            out.append(Diagnostic(.error, "bad-phone", "phone number '\(number.text.clipped)' is not a well-formed US number",
                                  at: text.location, hints: ["write it as 1-NXX-NXX-XXXX, e.g. the National Human Trafficking Hotline 1-888-373-7888"]))
        }
        return out
    }
}
