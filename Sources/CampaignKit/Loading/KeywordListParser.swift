/// Reads `Campaigns/keywords/<name>.txt`.
enum KeywordListParser {
    static func parse(_ file: SourceFile) -> (KeywordList, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var entries: [Located<KeywordEntry>] = []
        var seen: [String: Int] = [:]
        var lineNumber = 0
        for line in file.contents.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            switch KeywordSyntax.parse(line) {
            case .empty: continue
            case .invalid(let message, let column):
                diagnostics.append(Diagnostic(.error, "keyword-syntax", message, at: SourceLocation(path: file.path, line: lineNumber, column: column)))
            case .keyword(let entry, let column):
                let at = SourceLocation(path: file.path, line: lineNumber, column: column)
                if let reason = CredentialScanner.reason(entry.text) {
                    diagnostics.append(Diagnostic(.error, "credential-in-file", "this line looks like \(reason); secrets never go in campaign files", at: at))
                    continue
                }
                if let problem = KeywordSyntax.problem(entry.text) {
                    diagnostics.append(Diagnostic(.error, problem.code, problem.message, at: at))
                    continue
                }
                let key = "\(entry.matchType?.rawValue ?? "")|\(entry.text)"
                if let first = seen[key] {
                    diagnostics.append(Diagnostic(.warning, "duplicate-keyword", "'\(entry.text)' is already on line \(first)", at: at))
                    continue
                }
                seen[key] = lineNumber
                entries.append(Located(entry, at: at))
            }
        }
        return (KeywordList(name: RepoPath.stem(file.path), path: file.path, entries: entries), diagnostics)
    }
}
