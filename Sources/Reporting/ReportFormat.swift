/// How `tfz report` writes a report: `text` (the terminal table, default), `csv`, `json` or `html`.
///
/// `text`, `csv` and `json` render one ``ReportTable``; `html` is the self-contained partner report
/// rendered from a ``ReportBundle`` by ``HTMLReport/render(_:)``.
public enum ReportFormat: String, Sendable, CaseIterable, Hashable, Codable {
    case text, csv, json, html

    /// The file extension a saved report of this format takes (`txt`, `csv`, `json`, `html`).
    public var fileExtension: String { self == .text ? "txt" : rawValue }
}
