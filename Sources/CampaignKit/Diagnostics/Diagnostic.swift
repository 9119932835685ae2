/// How serious a diagnostic is. Warnings do not stop `tfz validate` unless `--strict` is given.
public enum Severity: String, Sendable, Codable, Hashable {
    case error
    case warning
}

/// A position in a file of the workspace: a path relative to the workspace root, 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// One problem found in the campaign library: a finding, never a thrown error.
///
/// Rendered as `Campaigns/zones/fl-hillsborough.yaml:12:5: error: message`, followed by one
/// indented `hint:` line per hint.
public struct Diagnostic: Sendable, Hashable, Codable {
    public var severity: Severity
    /// A stable identifier of the rule, e.g. `unknown-key`; documented in `docs/campaign-files.md`.
    public var code: String
    public var message: String
    public var location: SourceLocation
    public var hints: [String]

    /// The longest message kept whole: a value quoted back from a file can be megabytes long (a one-line 3 MB scalar).
    static let maximumMessageLength = 1_000

    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation, hints: [String] = []) {
        self.severity = severity
        self.code = code
        self.message = message.utf8.count <= Diagnostic.maximumMessageLength || message.count <= Diagnostic.maximumMessageLength
            ? message : message.prefix(Diagnostic.maximumMessageLength - 1) + "…"
        self.location = location
        self.hints = hints
    }

    /// The compiler-style text form, hints included.
    public var rendered: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        for hint in hints { text += "\n    hint: \(hint)" }
        return text
    }
}

extension Array where Element == Diagnostic {
    /// True when at least one diagnostic is an error (or a warning, when `strict`).
    public func hasFailures(strict: Bool = false) -> Bool {
        contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }

    /// Sorted by file, line, column, then message, duplicates removed: the order users read them in.
    public func sortedForDisplay() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return self.filter { seen.insert($0).inserted }.sorted {
            ($0.location, $0.severity.rawValue, $0.message) < ($1.location, $1.severity.rawValue, $1.message)
        }
    }
}
