import Foundation

/// Diagnostics as text (one per line, hints indented) or JSON Lines (one object per diagnostic).
public enum DiagnosticRenderer {
    public static func text(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(\.rendered).joined(separator: "\n")
    }

    /// One JSON object per line: `{"file","line","column","severity","code","message","hints"}`.
    public static func jsonLines(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return diagnostics.map { d in
            let object = JSONDiagnostic(file: d.location.path, line: d.location.line, column: d.location.column,
                                        severity: d.severity.rawValue, code: d.code, message: d.message, hints: d.hints)
            return String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self)
        }.joined(separator: "\n")
    }

    /// `2 errors, 1 warning`.
    public static func counts(_ diagnostics: [Diagnostic]) -> String {
        let e = diagnostics.filter { $0.severity == .error }.count, w = diagnostics.count - e
        return "\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")"
    }

    private struct JSONDiagnostic: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var code: String
        var message: String
        var hints: [String]
    }
}
