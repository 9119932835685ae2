import CampaignKit

extension ReportTable {
    /// The line printed instead of a table when the selection has no rows. Not an error: metrics arrive with `tfz pull`.
    public static let emptyMessage = "No metrics for this selection yet — run `tfz pull`."

    /// The measure headings, in column order (conversions only when present).
    var measureTitles: [String] {
        ["Impressions", "Clicks", "CTR", "Cost", "CPC"] + (hasConversions ? ["Conversions"] : [])
    }

    /// The measure cells for people: grouped integers, `3.21 %`, `$1,234.56`; `—` where a ratio has no denominator.
    func measureCells(_ m: ReportMeasures) -> [String] {
        var cells = [
            NumberText.grouped(m.impressions),
            NumberText.grouped(m.clicks),
            m.ctrBasisPoints.map(NumberText.percent(basisPoints:)) ?? "—",
            NumberText.money(micros: m.costMicros, currency: currency),
            m.cpcMicros.map { NumberText.money(micros: $0, currency: currency) } ?? "—",
        ]
        if hasConversions { cells.append(m.conversions.map { NumberText.groupedFixed($0, 2) } ?? "—") }
        return cells
    }

    /// An aligned terminal table: dimension columns left-aligned, measures right-aligned, a heading line,
    /// a rule, the rows, a rule and a `Total` line. With `maxRows`, the first `maxRows` rows are shown
    /// followed by `… N more rows (included in the total)`. Zero rows render ``emptyMessage``.
    public func renderText(maxRows: Int? = nil) -> String {
        if rows.isEmpty { return Self.emptyMessage + "\n" }
        let shown = maxRows.map { Array(rows.prefix(max(0, $0))) } ?? rows
        let header = dimensions.map(\.title) + measureTitles
        let lines = shown.map { values($0) + measureCells(ReportMeasures($0)) }
        let totalLine = (dimensions.isEmpty ? [] : ["Total"] + Array(repeating: "", count: dimensions.count - 1)) + measureCells(totals)
        let all = [header] + lines + [totalLine]
        var widths = Array(repeating: 0, count: header.count)
        for line in all { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }

        func format(_ line: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in line.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(i < dimensions.count ? cell + pad : pad + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        var out = format(header) + "\n" + rule + "\n"
        for line in lines { out += format(line) + "\n" }
        let hidden = rows.count - shown.count
        if hidden > 0 { out += "… \(NumberText.grouped(Int64(hidden))) more row\(hidden == 1 ? "" : "s") (included in the total)\n" }
        out += rule + "\n" + format(totalLine) + "\n"
        return out
    }
}
