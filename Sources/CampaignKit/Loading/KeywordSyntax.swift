/// One line of a keyword list: `plain`, `"phrase"` or `[exact]`, with an optional trailing `# comment`.
enum KeywordSyntax {
    enum Line {
        case empty
        case keyword(KeywordEntry, column: Int)
        case invalid(String, column: Int)
    }

    static func parse(_ raw: Substring) -> Line {
        var line = raw
        if let hash = line.firstIndex(of: "#"), hash == line.startIndex || line[line.index(before: hash)] == " " || line[line.index(before: hash)] == "\t" {
            line = line[..<hash]
        }
        let leading = line.prefix { $0 == " " || $0 == "\t" }.count
        line = line.drop { $0 == " " || $0 == "\t" }
        while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
        if line.isEmpty { return .empty }
        let column = leading + 1
        var match: MatchType?
        var text = line
        if line.first == "\"" || line.first == "[" {
            let close: Character = line.first == "\"" ? "\"" : "]"
            guard line.count >= 2, line.last == close else {
                return .invalid(line.first == "\"" ? "unterminated quote: a phrase keyword is written \"like this\""
                                                    : "unterminated bracket: an exact keyword is written [like this]", column: column)
            }
            match = close == "\"" ? .phrase : .exact
            text = line.dropFirst().dropLast()
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let normalized = words.joined(separator: " ")
        if normalized.isEmpty { return .invalid("empty keyword", column: column) }
        return .keyword(KeywordEntry(text: normalized.lowercased(), matchType: match), column: column)
    }

    /// The most characters and words a keyword may have.
    static let maximumCharacters = 80, maximumWords = 10

    /// Why a keyword cannot be used on the search platforms, or nil. Limits are Google's, the stricter: Microsoft takes 100
    /// characters and sets no word limit (MicrosoftDocs/Advertising `advertising/bingads-13/campaign-management-service/keyword.md`).
    static func problem(_ text: String) -> (code: String, message: String)? {
        let count = text.count
        if count > maximumCharacters { return tooLong(count) }
        let words = text.split(separator: " ").count
        if words > maximumWords { return tooManyWords(words) }
        if let bad = text.first(where: { "!@%^*=;~<>?\\|{}".contains($0) }) { return rejectedCharacter(bad) }
        return nil
    }

    static func tooLong(_ count: Int) -> (code: String, message: String) {
        ("keyword-too-long", "keyword is \(count) characters; the limit is \(maximumCharacters)")
    }

    static func tooManyWords(_ words: Int) -> (code: String, message: String) {
        ("keyword-too-many-words", "keyword has \(words) words; the limit is \(maximumWords)")
    }

    static func rejectedCharacter(_ bad: Character) -> (code: String, message: String) {
        ("keyword-bad-character", "keyword contains '\(bad)', which search platforms do not accept in keywords")
    }
}
