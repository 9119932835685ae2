/// One file of the workspace: its path relative to the workspace root (with `/`) and its text.
public struct SourceFile: Sendable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }

    /// The file read from `bytes` as UTF-8 text, or a `not-utf8` error at the line and column of the first byte that is
    /// not UTF-8 (columns count characters before it, as the other diagnostics do).
    public static func decoding<Bytes: Collection<UInt8>>(_ bytes: Bytes, path: String) -> Decoded {
        if let text = String(validating: bytes, as: UTF8.self) { return .text(SourceFile(path: path, contents: text)) }
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decode: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                break decode
            }
        }
        return .notText(Diagnostic(.error, "not-utf8", "this file is not UTF-8 text", at: SourceLocation(path: path, line: line, column: column),
                                   hints: ["save it as UTF-8 in your editor"]))
    }

    /// What ``decoding(_:path:)`` made of some bytes.
    public enum Decoded: Sendable {
        case text(SourceFile)
        case notText(Diagnostic)
    }
}

/// What the CLI read from disk: the text of every campaign file, and the paths of every other file
/// (images) so that references can be checked without the core touching the disk.
public struct WorkspaceFiles: Sendable {
    public var files: [SourceFile]
    public var otherPaths: Set<String>
    /// Problems the reader met (a file that is not UTF-8, a link out of the repository).
    public var diagnostics: [Diagnostic]

    public init(files: [SourceFile], otherPaths: Set<String> = [], diagnostics: [Diagnostic] = []) {
        self.files = files
        self.otherPaths = otherPaths
        self.diagnostics = diagnostics
    }

    /// Whether a path is one the loader reads as text (the CLI uses this to decide what to read).
    public static func isCampaignText(_ path: String) -> Bool {
        path == "tfz.yaml" || ((path.hasPrefix("Campaigns/") || path.hasPrefix("Creative/"))
            && (path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".txt")))
    }
}

/// Repository-relative path arithmetic, without touching the disk.
public enum RepoPath {
    /// `base` joined with `reference`, `..` resolved; nil when the result leaves the repository.
    public static func resolve(_ reference: String, in base: String) -> String? {
        if reference.hasPrefix("/") || reference.hasPrefix("~") || reference.contains("\\") { return nil }
        var parts = base.split(separator: "/").map(String.init)
        for component in reference.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The file name without its folder and extension.
    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }
}
