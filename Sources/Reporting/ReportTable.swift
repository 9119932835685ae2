import CampaignKit

/// Aggregated rows of one report, ready to render as a terminal table, CSV, JSON or a one-table HTML page.
///
/// Rows keep the order the store returned; every renderer shows them in that order. Each row's
/// `values` are in `dimensions` order (a short row is padded with empty values, extra values are
/// ignored). The total is summed over all rows, including those a `maxRows` limit hides.
public struct ReportTable: Sendable, Hashable {
    public var dimensions: [ReportDimension]
    public var rows: [AggregateRow]
    /// ISO 4217 code of `costMicros`, e.g. `USD`.
    public var currency: String
    /// The selection the rows answer (echoed in JSON).
    public var filter: ReportFilter

    public init(dimensions: [ReportDimension], rows: [AggregateRow], currency: String, filter: ReportFilter = ReportFilter()) {
        self.dimensions = dimensions
        self.rows = rows
        self.currency = currency
        self.filter = filter
    }

    /// The sums over every row.
    public var totals: ReportMeasures { ReportMeasures(summing: rows) }

    /// Whether a conversions column is shown: when any row reports conversions.
    public var hasConversions: Bool { rows.contains { $0.conversions != nil } }

    /// `row.values` aligned to `dimensions`.
    func values(_ row: AggregateRow) -> [String] {
        (0..<dimensions.count).map { $0 < row.values.count ? row.values[$0] : "" }
    }

    /// The table in `format`; `maxRows` limits the rows of the `text` format only (machine formats are complete).
    public func render(_ format: ReportFormat, maxRows: Int? = nil) -> String {
        switch format {
        case .text: renderText(maxRows: maxRows)
        case .csv: renderCSV()
        case .json: renderJSON()
        case .html: HTMLReport.renderTable(self)
        }
    }
}
