/// Reads `Campaigns/keywords/<name>.txt`.
///
/// One pass over the file's UTF-8 bytes, linear in its size. A line of ASCII text (nearly every keyword) is read byte by
/// byte; a line with any other character goes through ``KeywordSyntax/parse(_:)``, so both read a line the same way.
/// Repeated keywords are found with a hash table.
///
/// A list longer than any platform takes in one ad group (``keywordLimit``) is not read to the end: the parser keeps the
/// keywords up to the first one over the limit, then only counts the keyword lines after it, unchecked (``KeywordList``
/// `keywordCount`, `isCut`); ``AdGroupLimits/lists(_:templates:reported:)`` reports it.
enum KeywordListParser {
    /// The most keywords a platform takes in one ad group, the same for every list whatever its use.
    static var keywordLimit: Int { AdGroupLimits.keywords.values.max() ?? Int.max }

    static func parse(_ file: SourceFile) -> (KeywordList, [Diagnostic]) {
        var contents = file.contents
        contents.makeContiguousUTF8()
        if let parsed = contents.utf8.withContiguousStorageIfAvailable({ parse($0, path: file.path, limit: keywordLimit) }) {
            return parsed
        }
        return Array(contents.utf8).withUnsafeBufferPointer { parse($0, path: file.path, limit: keywordLimit) }   // not reached after makeContiguousUTF8
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, limit: Int) -> (KeywordList, [Diagnostic]) {
        let n = bytes.count
        // About 20 bytes a keyword; no more than the parser keeps. Growing the table as it fills cost a fifth of the time.
        var reader = Reader(path: path, expected: min(n / 16 + 1, 2 * limit + 2))
        var start = 0, lineNumber = 0
        while start <= n {
            var end = start
            while end < n, bytes[end] != Byte.newline { end += 1 }
            lineNumber += 1
            reader.read(UnsafeBufferPointer(rebasing: bytes[start..<end]), line: lineNumber)
            start = end + 1
            // Twice the limit: room for a zone's keywords.remove to bring a list back under it, and no more.
            if reader.entries.count > 2 * limit {
                let rest = start <= n ? countKeywordLines(UnsafeBufferPointer(rebasing: bytes[start...])) : 0
                let at = reader.entries[limit].location
                let seen = reader.entries.count
                reader.entries.removeLast(seen - limit)   // the rules after loading see a list at the limit, not over it
                let list = KeywordList(name: RepoPath.stem(path), path: path, entries: reader.entries,
                                       keywordCount: seen + rest, overLimitAt: at)
                return (list, reader.diagnostics)
            }
        }
        let at = reader.entries.count > limit ? reader.entries[limit].location : nil
        return (KeywordList(name: RepoPath.stem(path), path: path, entries: reader.entries, overLimitAt: at), reader.diagnostics)
    }

    /// Lines that hold a keyword (not blank, not only a comment), without reading the keywords.
    static func countKeywordLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0, i = 0
        let n = bytes.count
        while i < n {
            let lineStart = i
            while i < n, bytes[i] == Byte.space || bytes[i] == Byte.tab || bytes[i] == Byte.carriageReturn { i += 1 }
            if i < n, bytes[i] != Byte.newline {
                // A '#' after spaces (or first) starts a comment; after a carriage return it is text, as in KeywordSyntax.
                let comment = bytes[i] == Byte.hash && (i == lineStart || bytes[i - 1] == Byte.space || bytes[i - 1] == Byte.tab)
                if !comment { count += 1 }
                while i < n, bytes[i] != Byte.newline { i += 1 }
            }
            i += 1
        }
        return count
    }

    enum Byte {
        static let newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20, tab: UInt8 = 0x09, hash: UInt8 = 0x23
        static let quote: UInt8 = 0x22, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D

        /// Whether search platforms reject `b` in keywords: `! @ % ^ * = ; ~ < > ? \ | { }` (a switch, not a table: a static
        /// table is a lazy global, checked on every byte).
        @inline(__always) static func isRejected(_ b: UInt8) -> Bool {
            switch b {
            case 0x21, 0x40, 0x25, 0x5E, 0x2A, 0x3D, 0x3B, 0x7E, 0x3C, 0x3E, 0x3F, 0x5C, 0x7C, 0x7B, 0x7D: return true
            default: return false
            }
        }
    }

    /// The parser's state across lines.
    struct Reader {
        let path: String
        var entries: [Located<KeywordEntry>] = []
        var diagnostics: [Diagnostic] = []
        /// Line of the first occurrence of each keyword (with its match type).
        var seen: [KeywordEntry: Int] = [:]
        /// The normalized text of the current line, reused.
        var buffer: [UInt8] = []

        init(path: String, expected: Int) {
            self.path = path
            buffer.reserveCapacity(256)
            entries.reserveCapacity(expected)
            seen.reserveCapacity(expected)
        }

        mutating func read(_ line: UnsafeBufferPointer<UInt8>, line number: Int) {
            var ascii = true
            for b in line where b >= 0x80 { ascii = false; break }
            if ascii { readASCII(line, line: number) } else { readText(line, line: number) }
        }

        /// Any line, as ``KeywordSyntax/parse(_:)`` reads it.
        private mutating func readText(_ line: UnsafeBufferPointer<UInt8>, line number: Int) {
            switch KeywordSyntax.parse(Substring(String(decoding: line, as: UTF8.self))) {
            case .empty: return
            case .invalid(let message, let column):
                diagnostics.append(Diagnostic(.error, "keyword-syntax", message, at: SourceLocation(path: path, line: number, column: column)))
            case .keyword(let entry, let column):
                add(entry, problem: { KeywordSyntax.problem(entry.text) }, line: number, column: column)
            }
        }

        /// An ASCII line, byte by byte, with the same result as ``KeywordSyntax/parse(_:)`` and ``KeywordSyntax/problem(_:)``.
        private mutating func readASCII(_ line: UnsafeBufferPointer<UInt8>, line number: Int) {
            var end = line.count
            if let hash = line.firstIndex(of: Byte.hash), hash == 0 || line[hash - 1] == Byte.space || line[hash - 1] == Byte.tab { end = hash }
            var start = 0
            while start < end, line[start] == Byte.space || line[start] == Byte.tab { start += 1 }
            while end > start, line[end - 1] == Byte.space || line[end - 1] == Byte.tab || line[end - 1] == Byte.carriageReturn { end -= 1 }
            if start == end { return }
            let column = start + 1
            var match: MatchType?
            if line[start] == Byte.quote || line[start] == Byte.openBracket {
                let phrase = line[start] == Byte.quote
                guard end - start >= 2, line[end - 1] == (phrase ? Byte.quote : Byte.closeBracket) else {
                    diagnostics.append(Diagnostic(.error, "keyword-syntax",
                                                  phrase ? "unterminated quote: a phrase keyword is written \"like this\""
                                                         : "unterminated bracket: an exact keyword is written [like this]",
                                                  at: SourceLocation(path: path, line: number, column: column)))
                    return
                }
                match = phrase ? .phrase : .exact
                start += 1
                end -= 1
            }
            // Words separated by single spaces, in lower case; words counted and the first rejected character noted.
            buffer.removeAll(keepingCapacity: true)
            var words = 0, inWord = false
            var rejected: UInt8?
            for i in start..<end {
                var b = line[i]
                if b == Byte.space || b == Byte.tab { inWord = false; continue }
                if !inWord {
                    if !buffer.isEmpty { buffer.append(Byte.space) }
                    words += 1
                    inWord = true
                }
                if b >= 0x41 && b <= 0x5A { b += 0x20 }
                if rejected == nil, Byte.isRejected(b) { rejected = b }
                buffer.append(b)
            }
            if buffer.isEmpty {
                diagnostics.append(Diagnostic(.error, "keyword-syntax", "empty keyword", at: SourceLocation(path: path, line: number, column: column)))
                return
            }
            let text = String(decoding: buffer, as: UTF8.self)
            let count = buffer.count
            add(KeywordEntry(text: text, matchType: match), problem: {
                if count > KeywordSyntax.maximumCharacters { return KeywordSyntax.tooLong(count) }
                if words > KeywordSyntax.maximumWords { return KeywordSyntax.tooManyWords(words) }
                if let rejected { return KeywordSyntax.rejectedCharacter(Character(Unicode.Scalar(rejected))) }
                return nil
            }, line: number, column: column)
        }

        /// A keyword read from line `number`: checked, then kept unless it repeats an earlier one.
        private mutating func add(_ entry: KeywordEntry, problem: () -> (code: String, message: String)?, line number: Int, column: Int) {
            let at = SourceLocation(path: path, line: number, column: column)
            // CredentialScanner ignores text under 16 characters; most keywords are shorter.
            if entry.text.utf8.count >= 16, let reason = CredentialScanner.reason(entry.text) {
                diagnostics.append(Diagnostic(.error, "credential-in-file", "this line looks like \(reason); secrets never go in campaign files", at: at))
                return
            }
            if entry.text.utf8.contains(where: { $0 < Byte.space || $0 == 0x7F }) {
                diagnostics.append(Diagnostic(.error, "control-character",
                                              "this keyword contains a control character (an invisible byte such as NUL), which search platforms do not accept",
                                              at: at, hints: ["delete the invisible character; it often comes from copying text out of another program"]))
                return
            }
            if let problem = problem() {
                diagnostics.append(Diagnostic(.error, problem.code, problem.message, at: at))
                return
            }
            if let first = seen[entry] {
                diagnostics.append(Diagnostic(.warning, "duplicate-keyword", "'\(entry.text)' is already on line \(first)", at: at))
                return
            }
            seen[entry] = number
            entries.append(Located(entry, at: at))
        }
    }
}
