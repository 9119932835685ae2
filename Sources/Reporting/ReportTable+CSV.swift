import CampaignKit

extension ReportTable {
    /// RFC 4180 CSV for spreadsheets and scripts. Lines end in CRLF; a field is quoted when it holds a
    /// comma, a quote, CR or LF, with quotes doubled. Values are written as given (nothing is prefixed
    /// to defuse spreadsheet formulas: keyword text is staff-authored, and scripts need it verbatim).
    ///
    /// Columns: the dimensions' raw names (`zone`, `landing_page` …), then
    /// `impressions,clicks,ctr,cost,cost_micros,cpc,currency` and `conversions` when any row has them.
    /// - `impressions`, `clicks`, `cost_micros`: plain integers.
    /// - `ctr`: clicks ÷ impressions as a fraction with 4 decimals (`0.0325`); empty without impressions.
    /// - `cost`, `cpc`: decimal units of `currency` with 2 decimals, no symbol or separators (`1234.56`);
    ///   `cpc` is empty without clicks.
    /// - `conversions`: the platform's figure with 2 decimals; empty where not reported.
    ///
    /// There is no total line (sum the columns); zero rows give the header alone.
    public func renderCSV() -> String {
        var header = dimensions.map(\.rawValue) + ["impressions", "clicks", "ctr", "cost", "cost_micros", "cpc", "currency"]
        if hasConversions { header.append("conversions") }
        var out = header.map(Self.csvField).joined(separator: ",") + "\r\n"
        for row in rows {
            let m = ReportMeasures(row)
            var fields = values(row)
            fields += [
                String(m.impressions),
                String(m.clicks),
                m.ctrBasisPoints.map(NumberText.fraction(basisPoints:)) ?? "",
                NumberText.decimal(cents: NumberText.cents(micros: m.costMicros)),
                String(m.costMicros),
                m.cpcMicros.map { NumberText.decimal(cents: NumberText.cents(micros: $0)) } ?? "",
                currency,
            ]
            if hasConversions { fields.append(m.conversions.map { NumberText.fixed($0, 2) } ?? "") }
            out += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// One RFC 4180 field: quoted (quotes doubled) when it contains `,`, `"`, CR or LF.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        var quoted = "\""
        for c in text { quoted += c == "\"" ? "\"\"" : String(c) }
        return quoted + "\""
    }
}
