import CampaignKit

/// The partner report: one self-contained HTML5 file for county partners, sent by email.
///
/// Inline CSS and inline SVG only — no script, font, image, stylesheet or other URL is referenced,
/// and a Content-Security-Policy of `default-src 'none'` keeps it so; landing pages appear as plain
/// text, not links (a visit from a report would count as an ad click in the help page's statistics).
/// Charts scale with the page (`viewBox`), carry `role="img"`, a `<title>` and a `<desc>` stating
/// their data, and each has a table with the same figures. All caller text is escaped.
///
/// Sections, in order: search demand trend (the headline), help landing pages, daily impressions and
/// clicks, CTR by zone, the platforms side by side per zone (when more than one delivered), social platforms (when one
/// delivered), top keywords, creatives, zones, then the data sources and notes. A section
/// without data says so instead of drawing an empty chart.
public enum HTMLReport {
    /// The full report for `bundle`.
    public static func render(_ bundle: ReportBundle) -> String {
        var body = header(bundle)
        body += demandSection(bundle)
        body += helpPagesSection(bundle)
        body += dailySection(bundle)
        body += ctrByZoneSection(bundle)
        body += platformsSection(bundle)
        body += socialSection(bundle)
        body += keywordsSection(bundle)
        body += creativesSection(bundle)
        body += zonesSection(bundle)
        body += sourcesSection(bundle)
        return page(title: "\(bundle.title) — \(bundle.organization)", body: body)
    }

    /// A page holding one table (`tfz report --format html` for a single grouping).
    public static func renderTable(_ table: ReportTable) -> String {
        let dims = table.dimensions.map(\.title).joined(separator: ", ")
        let body = "<header><h1>Report by \(escape(dims.isEmpty ? "total" : dims.lowercased()))</h1></header>\n"
            + (table.rows.isEmpty ? empty(ReportTable.emptyMessage) : htmlTable(table, caption: "Metrics by \(dims.lowercased())"))
        return page(title: "tfz report", body: body)
    }

    static func escape(_ text: String) -> String { Markup.escape(text) }

    static func empty(_ text: String) -> String { "<p class=\"empty\">\(escape(text))</p>\n" }

    static func percentText(_ share: Double) -> String { NumberText.fixed(share * 100, 0) + " %" }

    // MARK: Page

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="referrer" content="no-referrer">
        <title>\(escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    static let css = """
    :root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--rule:#d9e2ec;--zebra:#f5f7fa}
    *{box-sizing:border-box}
    body{margin:0;background:#fff;color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    main{max-width:52rem;margin:0 auto;padding:1.5rem 1rem 3rem}
    h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0}
    h2{font-size:1.25rem;line-height:1.3;margin:2.5rem 0 .5rem;padding-top:1.25rem;border-top:1px solid var(--rule)}
    h3{font-size:1.05rem;margin:1.5rem 0 .25rem}
    .kicker,.meta{color:var(--muted);margin:0}
    .headline{font-size:1.15rem;font-weight:600;margin:.5rem 0}
    .empty{color:var(--muted);font-style:italic}
    figure{margin:1rem 0}
    svg.chart{display:block;width:100%;height:auto;max-width:40rem}
    svg.chart text{fill:var(--ink);font-size:12px}
    svg.chart .axis text{fill:var(--muted);font-size:11px}
    svg.chart .axis-title{fill:var(--muted);font-size:11px}
    .legend{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;color:var(--muted);font-size:.9rem}
    .swatch{display:inline-block;width:1.6em;height:.75em;margin-right:.4em;vertical-align:middle;border-radius:2px}
    .sw-line{background:#2b4c7e}.sw-band{background:#c9d8ec}.sw-fit{border-top:2px dashed #52606d;height:0}
    .sw-teal{background:#1f7a6d}.sw-amber{background:#a35d16}
    .table-wrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.75rem 0}
    caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:.25rem}
    th,td{padding:.35rem .5rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
    th{font-weight:600}
    tbody th{font-weight:normal}
    .key{white-space:nowrap}
    .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    thead th.n{white-space:normal}
    tbody tr:nth-child(even){background:var(--zebra)}
    tfoot td{font-weight:600;border-top:2px solid var(--ink);border-bottom:none}
    .url{overflow-wrap:anywhere;word-break:break-word}
    details{margin:.5rem 0}
    summary{cursor:pointer;color:var(--muted)}
    footer{margin-top:2.5rem;color:var(--muted);font-size:.85rem}
    @media (max-width:30rem){svg.chart text{font-size:15px}svg.chart .axis text,svg.chart .axis-title{font-size:13.5px}}
    @media print{body{font-size:10.5pt}main{max-width:none;padding:0}h2{break-after:avoid}figure,tr{break-inside:avoid}.table-wrap{overflow:visible}}
    """

    // MARK: Tables

    /// A table of `t`'s rows with the measures and, when `total`, a total line. Columns listed in
    /// `urlColumns` wrap anywhere (long URLs).
    static func htmlTable(_ t: ReportTable, caption: String, total: Bool = true, urlColumns: Set<Int> = []) -> String {
        var out = "<div class=\"table-wrap\"><table>\n<caption>\(escape(caption))</caption>\n<thead><tr>"
        for d in t.dimensions { out += "<th scope=\"col\">\(escape(d.title))</th>" }
        for m in t.measureTitles { out += "<th scope=\"col\" class=\"n\">\(escape(m))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in t.rows {
            out += "<tr>"
            for (i, v) in t.values(row).enumerated() {
                let cls = urlColumns.contains(i) ? " class=\"url\"" : keyDimensions.contains(t.dimensions[i]) ? " class=\"key\"" : ""
                out += i == 0 ? "<th scope=\"row\"\(cls)>\(escape(v))</th>" : "<td\(cls)>\(escape(v))</td>"
            }
            for c in t.measureCells(ReportMeasures(row)) { out += "<td class=\"n\">\(escape(c))</td>" }
            out += "</tr>\n"
        }
        out += "</tbody>\n"
        if total, !t.dimensions.isEmpty {
            out += "<tfoot><tr><td colspan=\"\(t.dimensions.count)\">Total</td>"
            for c in t.measureCells(t.totals) { out += "<td class=\"n\">\(escape(c))</td>" }
            out += "</tr></tfoot>\n"
        }
        return out + "</table></div>\n"
    }

    /// Dimensions whose values are short identifiers that should not wrap (`fl-orange`, `2026-03-02`).
    static let keyDimensions: Set<ReportDimension> = [.zone, .purpose, .platform, .day, .week, .month]

    /// A plain table of text cells; `numeric` columns are right-aligned, the first column does not wrap.
    static func simpleTable(caption: String, headers: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
        var out = "<div class=\"table-wrap\"><table>\n<caption>\(escape(caption))</caption>\n<thead><tr>"
        for (i, h) in headers.enumerated() { out += "<th scope=\"col\"\(numeric.contains(i) ? " class=\"n\"" : "")>\(escape(h))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                let cls = numeric.contains(i) ? " class=\"n\"" : i == 0 ? " class=\"key\"" : ""
                out += i == 0 ? "<th scope=\"row\"\(cls)>\(escape(cell))</th>" : "<td\(cls)>\(escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    static func section(_ id: String, _ heading: String, _ content: String) -> String {
        "<section id=\"\(id)\" aria-labelledby=\"\(id)-h\">\n<h2 id=\"\(id)-h\">\(escape(heading))</h2>\n\(content)</section>\n"
    }

    /// Rows sorted by clicks, then impressions (both descending), then by their values.
    static func byClicks(_ rows: [AggregateRow]) -> [AggregateRow] {
        rows.sorted { a, b in
            if a.clicks != b.clicks { return a.clicks > b.clicks }
            if a.impressions != b.impressions { return a.impressions > b.impressions }
            return a.values.lexicographicallyPrecedes(b.values)
        }
    }

    // MARK: Sections

    static func header(_ b: ReportBundle) -> String {
        """
        <header>
        <p class="kicker">\(escape(b.organization))</p>
        <h1>\(escape(b.title))</h1>
        <p class="meta">\(escape(DayNumber.long(b.since))) – \(escape(DayNumber.long(b.until))) · \(escape(b.filterDescription))</p>
        <p class="meta">Generated \(escape(b.generatedAt))</p>
        </header>

        """
    }

    static func demandSection(_ b: ReportBundle) -> String {
        let trend = DemandTrend(days: b.demand, purposes: b.demandPurposes)
        let heading = "Searches for \(trend.subject)"
        var out = ""
        guard !trend.weeks.isEmpty else {
            out += empty(b.demand.isEmpty
                ? "No search-demand data for this period yet. It comes from the impression share that `tfz pull` reads from the search platforms."
                : "No complete Monday-to-Sunday week of search-demand data yet, so there is no weekly figure or trend.")
            out += methodText()
            return section("demand", heading, out)
        }
        out += "<p class=\"headline\">\(escape(trend.summary))</p>\n"
        var shares: [String] = []
        if let c = trend.censoredDayShare { shares.append("\(percentText(c)) of county-days included a report of “under 10 %” (counted as exactly 10 %, so those weeks are “at least” figures)") }
        if let m = trend.missingDayShare { shares.append("\(percentText(m)) had no reported share or no data (left out, which lowers the weekly figures)") }
        if !shares.isEmpty { out += "<p>In the weeks used, \(escape(shares.joined(separator: ", and "))).</p>\n" }

        let first = trend.weeks[0], last = trend.weeks[trend.weeks.count - 1]
        var desc = "Line chart of estimated weekly searches for \(trend.subject), \(trend.weeks.count) complete weeks from \(DayNumber.long(first.start)) to the week of \(DayNumber.long(last.start)): "
        desc += trend.weeks.map { "\(DayNumber.short($0.start)) \($0.isLowerBound ? "at least " : "")\(NumberText.groupedFixed($0.searches, 0))" }.joined(separator: "; ")
        desc += ". " + trend.summary
        out += "<figure>\n" + SVGChart.demand(id: "demand-chart", trend: trend, title: "Estimated weekly searches for \(trend.subject)", desc: desc) + "\n"
        out += "<figcaption><ul class=\"legend\">"
        out += "<li><span class=\"swatch sw-line\"></span>Estimated searches</li>"
        if trend.weeks.contains(where: { $0.censoredSearches > 0 }) { out += "<li><span class=\"swatch sw-band\"></span>Part from “under 10 %” days (a floor)</li>" }
        if case .fitted = trend.fit { out += "<li><span class=\"swatch sw-fit\"></span>Fitted trend</li>" }
        out += "</ul></figcaption>\n</figure>\n"

        let rows = trend.weeks.map { w in
            [DayNumber.long(w.start), (w.isLowerBound ? "at least " : "") + NumberText.groupedFixed(w.searches, 0),
             NumberText.groupedFixed(w.censoredSearches, 0), NumberText.grouped(Int64(w.missingShareCampaignDays))]
        }
        out += "<details open><summary>Weekly figures</summary>\n"
        out += simpleTable(caption: "Estimated searches per complete week (Monday to Sunday)",
                           headers: ["Week of", "Estimated searches", "From “under 10 %” days", "Campaign-days without a share"],
                           rows: rows, numeric: [1, 2, 3])
        out += "</details>\n"

        let zones = DemandTrend.byZone(b.demand, purposes: b.demandPurposes)
        if zones.count > 1 {
            out += "<h3>By zone</h3>\n"
            out += simpleTable(
                caption: "Trend of estimated searches for \(trend.subject) in each zone",
                headers: ["Zone", "Complete weeks", "Change per year", "95 % CI", "Days “under 10 %”", "Days without a share"],
                rows: zones.map { z in
                    var cells = [z.zone ?? "", String(z.weeks.count)]
                    switch z.fit {
                    case .fitted(let f): cells += [NumberText.signedPercent(f.changePerYear), "\(NumberText.signedPercent(f.lower)) to \(NumberText.signedPercent(f.upper))"]
                    case .notEnoughData: cells += ["not enough data", "—"]
                    }
                    cells += [z.censoredDayShare.map(percentText) ?? "—", z.missingDayShare.map(percentText) ?? "—"]
                    return cells
                }, numeric: [1, 2, 3, 4, 5])
        }
        out += methodText()
        return section("demand", heading, out)
    }

    static func methodText() -> String {
        """
        <h3>How searches are estimated</h3>
        <p>When our search ad runs, the search platform reports what share of the matching searches in the county it appeared on (its “impression share”). Dividing the number of times the ad was shown by that share estimates how many searches there were.</p>
        <p>For small shares the platform only says “under 10 %”. We then count the share as exactly 10 %, which gives the smallest number of searches consistent with the report: weeks with such days are “at least” figures, and the true number may be higher. Days when the platform reported no share cannot be estimated and are left out, so they make the weekly figures lower, not higher.</p>
        <p>This is a search measure: it comes from the search platforms (Google Ads, Microsoft Advertising) only. Ads on social platforms (Meta, Reddit) answer no search and are reported in their own section.</p>
        <p>Only complete Monday-to-Sunday weeks are used. The trend is a straight line fitted to the logarithm of the weekly searches, given as a percentage change per year with a 95 % confidence interval (the range that, given the week-to-week ups and downs, likely holds the true trend). With fewer than 4 complete weeks no trend is given. If the share of “under 10 %” days changes a lot over the period, read the trend with care.</p>

        """
    }

    static func helpPagesSection(_ b: ReportBundle) -> String {
        let help = byClicks(b.landingPages.filter { $0.values.count > 1 && $0.values[1] == Purpose.outreach.rawValue })
        let other = byClicks(b.landingPages.filter { !($0.values.count > 1 && $0.values[1] == Purpose.outreach.rawValue) })
        var out = ""
        if help.isEmpty {
            out += empty("No help landing page had ads running in this period yet.")
        } else {
            let table = ReportTable(dimensions: [.landingPage], rows: help.map { AggregateRow(values: [$0.values[0]], impressions: $0.impressions, clicks: $0.clicks, costMicros: $0.costMicros, conversions: $0.conversions) }, currency: b.currency)
            let total = table.totals.clicks
            out += "<p class=\"headline\">\(escape(NumberText.grouped(total))) click\(total == 1 ? "" : "s") to help landing pages.</p>\n"
            if total > 0 {
                let bars = table.rows.map { SVGChart.Bar(label: $0.values[0], value: Double($0.clicks), valueText: NumberText.grouped($0.clicks)) }
                let desc = "Bar chart of clicks to each help landing page: " + bars.map { "\($0.label): \($0.valueText)" }.joined(separator: "; ") + "."
                out += "<figure>\n" + SVGChart.horizontalBars(id: "help-chart", title: "Clicks to help landing pages", desc: desc, bars: bars, color: SVGChart.teal) + "\n</figure>\n"
            } else {
                out += empty("No clicks to help landing pages yet.")
            }
            out += htmlTable(table, caption: "Help landing pages (outreach ads)", urlColumns: [0])
        }
        if !other.isEmpty {
            out += "<h3>Other landing pages</h3>\n"
            out += htmlTable(ReportTable(dimensions: [.landingPage, .purpose], rows: other, currency: b.currency), caption: "Landing pages of deterrence and education ads", urlColumns: [0])
        }
        return section("help-pages", "Help landing pages", out)
    }

    static func dailySection(_ b: ReportBundle) -> String {
        var sums: [String: (Int64, Int64)] = [:]
        for row in b.daily {
            let day = row.values.first ?? ""
            let s = sums[day] ?? (0, 0)
            sums[day] = (s.0 + row.impressions, s.1 + row.clicks)
        }
        guard !sums.isEmpty else { return section("daily", "Daily impressions and clicks", empty("No daily delivery in this period yet.")) }
        var dates = sums.keys.sorted()
        if let s = DayNumber.parse(b.since), let u = DayNumber.parse(b.until), s <= u, u - s <= 731,
           dates.allSatisfy({ DayNumber.parse($0).map { $0 >= s && $0 <= u } ?? false }) {
            dates = (s...u).map(DayNumber.text)
        }
        let impressions = dates.map { sums[$0]?.0 ?? 0 }
        let clicks = dates.map { sums[$0]?.1 ?? 0 }
        func peak(_ values: [Int64]) -> String {
            guard let m = values.max(), let i = values.firstIndex(of: m) else { return "" }
            return "highest \(NumberText.grouped(m)) on \(DayNumber.long(dates[i]))"
        }
        let desc = "Two line charts sharing a date axis from \(DayNumber.long(dates[0])) to \(DayNumber.long(dates[dates.count - 1])). "
            + "Impressions per day: total \(NumberText.grouped(impressions.reduce(0, +))), \(peak(impressions)). "
            + "Clicks per day: total \(NumberText.grouped(clicks.reduce(0, +))), \(peak(clicks))."
        var out = "<figure>\n" + SVGChart.daily(id: "daily-chart", dates: dates, impressions: impressions, clicks: clicks, title: "Impressions and clicks per day", desc: desc) + "\n"
        out += "<figcaption><ul class=\"legend\"><li><span class=\"swatch sw-line\"></span>Impressions</li><li><span class=\"swatch sw-amber\"></span>Clicks</li></ul></figcaption>\n</figure>\n"
        let rows = dates.map { AggregateRow(values: [$0], impressions: sums[$0]?.0 ?? 0, clicks: sums[$0]?.1 ?? 0, costMicros: 0) }
        out += "<details open><summary>Daily figures</summary>\n"
        out += simpleTable(caption: "Impressions, clicks and click-through rate per day", headers: ["Day", "Impressions", "Clicks", "CTR"],
                           rows: rows.map { r in
                               let m = ReportMeasures(r)
                               return [r.values[0], NumberText.grouped(m.impressions), NumberText.grouped(m.clicks), m.ctrBasisPoints.map(NumberText.percent(basisPoints:)) ?? "—"]
                           }, numeric: [1, 2, 3])
        out += "</details>\n"
        return section("daily", "Daily impressions and clicks", out)
    }

    static func ctrByZoneSection(_ b: ReportBundle) -> String {
        let rows = b.byZone.sorted { $0.values.lexicographicallyPrecedes($1.values) }
        let shown = rows.filter { $0.impressions > 0 }
        guard !shown.isEmpty else { return section("ctr-zones", "Click-through rate by zone", empty("No zone had impressions in this period yet.")) }
        let bars = shown.map { r in
            let bp = ReportMeasures(r).ctrBasisPoints ?? 0
            return SVGChart.Bar(label: r.values.first ?? "", value: Double(bp) / 100, valueText: NumberText.percent(basisPoints: bp))
        }
        let desc = "Bar chart of click-through rate (clicks ÷ impressions) by zone: " + bars.map { "\($0.label): \($0.valueText)" }.joined(separator: "; ") + "."
        var out = "<figure>\n" + SVGChart.horizontalBars(id: "ctr-chart", title: "Click-through rate by zone", desc: desc, bars: bars, color: SVGChart.navy) + "\n</figure>\n"
        let idle = rows.filter { $0.impressions == 0 }.map { $0.values.first ?? "" }
        if !idle.isEmpty { out += "<p>No impressions yet: \(escape(idle.joined(separator: ", "))).</p>\n" }
        out += htmlTable(ReportTable(dimensions: [.zone], rows: rows, currency: b.currency), caption: "Delivery by zone")
        return section("ctr-zones", "Click-through rate by zone", out)
    }

    /// Each zone's delivery on each platform, side by side: impressions, clicks, CTR and cost per platform. Left out
    /// when only one platform delivered (the zone table already says everything).
    static func platformsSection(_ b: ReportBundle) -> String {
        let platforms = Array(Set(b.byZonePlatform.compactMap { $0.values.count == 2 ? $0.values[1] : nil })).sorted()
        guard platforms.count > 1 else { return "" }
        let names = platforms.map { Platform(rawValue: $0)?.displayName ?? $0 }
        var cells: [String: [String: AggregateRow]] = [:]
        for r in b.byZonePlatform where r.values.count == 2 { cells[r.values[0], default: [:]][r.values[1]] = r }
        var headers = ["Zone"]
        for name in names { headers += ["\(name) impressions", "\(name) clicks", "\(name) CTR", "\(name) cost"] }
        let rows = cells.keys.sorted().map { zone -> [String] in
            var row = [zone]
            for p in platforms {
                guard let r = cells[zone]?[p] else { row += ["—", "—", "—", "—"]; continue }
                row += [NumberText.grouped(r.impressions), NumberText.grouped(r.clicks),
                        ReportMeasures(r).ctrBasisPoints.map { NumberText.percent(basisPoints: $0) } ?? "—",
                        NumberText.money(micros: r.costMicros, currency: b.currency)]
            }
            return row
        }
        let numeric = Set(1..<headers.count)
        let content = "<p>The same zones on each platform: each platform's own impressions, clicks and cost.</p>\n"
            + simpleTable(caption: "Delivery by zone on \(names.joined(separator: " and "))", headers: headers, rows: rows, numeric: numeric)
        return section("platforms", "Platforms side by side", content)
    }

    /// Social platforms (Meta, Reddit): people reached and clicks, by platform and purpose, and the clicks of outreach ads
    /// (which link to the help pages). Left out when no social platform delivered. Social ads answer no search, so the
    /// search demand trend does not count them; the section says so.
    static func socialSection(_ b: ReportBundle) -> String {
        let social = b.byPlatformPurpose.filter { r in r.values.count == 2 && Platform(rawValue: r.values[0]).map { !$0.isSearch } == true }
            .sorted { $0.values.lexicographicallyPrecedes($1.values) }
        guard social.contains(where: { $0.impressions > 0 }) else { return "" }
        var helpClicks: [String: Int64] = [:]
        for r in social where r.values[1] == Purpose.outreach.rawValue { helpClicks[r.values[0], default: 0] += r.clicks }
        let names = Dictionary(uniqueKeysWithValues: Set(social.map { $0.values[0] }).map { ($0, Platform(rawValue: $0)?.displayName ?? $0) })
        let total = helpClicks.values.reduce(0, +)
        var out: String
        if helpClicks.isEmpty {
            let clicks = social.reduce(0) { $0 + $1.clicks }, reach = social.reduce(0) { $0 + ($1.reach ?? 0) }
            out = "<p class=\"headline\">\(escape(NumberText.grouped(clicks))) click\(clicks == 1 ? "" : "s") from social ads, "
                + "\(escape(NumberText.grouped(reach))) daily reach; no outreach ad runs on a social platform, so none of them link to the help pages.</p>\n"
        } else {
            out = "<p class=\"headline\">\(escape(NumberText.grouped(total))) click\(total == 1 ? "" : "s") to help pages from social ads ("
                + helpClicks.keys.sorted().map { "\(names[$0]!) \(NumberText.grouped(helpClicks[$0]!))" }.joined(separator: ", ") + ").</p>\n"
        }
        let bars = social.map { r in
            SVGChart.Bar(label: "\(names[r.values[0]]!) · \(r.values[1])", value: Double(r.reach ?? 0), valueText: NumberText.grouped(r.reach ?? 0))
        }
        if bars.contains(where: { $0.value > 0 }) {
            let desc = "Bar chart of daily reach (people reached, summed over days) by social platform and purpose: "
                + bars.map { "\($0.label): \($0.valueText)" }.joined(separator: "; ") + "."
            out += "<figure>\n" + SVGChart.horizontalBars(id: "social-chart", title: "Daily reach by social platform and purpose", desc: desc, bars: bars, color: SVGChart.teal)
                + "\n</figure>\n"
        }
        out += simpleTable(caption: "Social platforms by purpose", headers: ["Platform", "Purpose", "Daily reach", "Impressions", "Clicks", "CTR", "Cost"],
                           rows: social.map { r in
                               [names[r.values[0]]!, r.values[1], r.reach.map(NumberText.grouped) ?? "—", NumberText.grouped(r.impressions),
                                NumberText.grouped(r.clicks), ReportMeasures(r).ctrBasisPoints.map { NumberText.percent(basisPoints: $0) } ?? "—",
                                NumberText.money(micros: r.costMicros, currency: b.currency)]
                           }, numeric: [2, 3, 4, 5, 6])
        out += "<p>Daily reach is the people each platform reached in a day, added up over the days: someone reached on two days "
            + "counts twice. Social ads answer no search, so the search demand trend at the top of this report does not count them.</p>\n"
        return section("social", "Social platforms", out)
    }

    static func keywordsSection(_ b: ReportBundle) -> String {
        let sorted = byClicks(b.topKeywords)
        guard !sorted.isEmpty else { return section("keywords", "Top keywords", empty("No keyword delivery in this period yet.")) }
        let top = Array(sorted.prefix(15))
        var out = ""
        if top.contains(where: { $0.clicks > 0 }) {
            let bars = top.map { SVGChart.Bar(label: $0.values.first ?? "", value: Double($0.clicks), valueText: NumberText.grouped($0.clicks)) }
            let desc = "Bar chart of clicks for the \(top.count) keywords with most clicks: " + bars.map { "\($0.label): \($0.valueText)" }.joined(separator: "; ") + "."
            out += "<figure>\n" + SVGChart.horizontalBars(id: "keyword-chart", title: "Clicks by keyword (top \(top.count))", desc: desc, bars: bars, color: SVGChart.navy) + "\n</figure>\n"
        } else {
            out += empty("No keyword has clicks yet; the table lists those with most impressions.")
        }
        out += htmlTable(ReportTable(dimensions: [.keyword], rows: top, currency: b.currency), caption: "Top \(top.count) keywords by clicks", total: false)
        if sorted.count > top.count {
            out += "<p class=\"meta\">\(NumberText.grouped(Int64(sorted.count - top.count))) more keywords not shown.</p>\n"
        }
        return section("keywords", "Top keywords", out)
    }

    static func creativesSection(_ b: ReportBundle) -> String {
        guard !b.byCreative.isEmpty else { return section("creatives", "Creatives", empty("No ad delivery by creative in this period yet.")) }
        let rows = b.byCreative.sorted { a, c in a.impressions != c.impressions ? a.impressions > c.impressions : a.values.lexicographicallyPrecedes(c.values) }
        return section("creatives", "Creatives", htmlTable(ReportTable(dimensions: [.creative], rows: rows, currency: b.currency), caption: "Delivery by creative (ad copy)"))
    }

    static func zonesSection(_ b: ReportBundle) -> String {
        let rows = b.byZonePurpose.sorted { $0.values.lexicographicallyPrecedes($1.values) }
        guard !rows.isEmpty else { return section("zones", "Zones", empty("No delivery in any zone in this period yet.")) }
        return section("zones", "Zones", htmlTable(ReportTable(dimensions: [.zone, .purpose], rows: rows, currency: b.currency), caption: "Delivery by zone and purpose"))
    }

    static func sourcesSection(_ b: ReportBundle) -> String {
        var out = ""
        if b.pulls.isEmpty {
            out += empty("No pull information was given.")
        } else {
            let pulls = b.pulls.sorted { ($0.platform, $0.startedAt) < ($1.platform, $1.startedAt) }
            out += simpleTable(caption: "Metric pulls these figures come from",
                               headers: ["Platform", "API version", "Days pulled", "Lookback", "Attribution", "Pulled at"],
                               rows: pulls.map { p in
                                   [p.platform.displayName, p.apiVersion, "\(p.since) to \(p.until)", "\(p.lookbackDays) day\(p.lookbackDays == 1 ? "" : "s")", p.attribution, p.startedAt]
                               })
        }
        for note in b.notes { out += "<p>\(escape(note))</p>\n" }
        out += "<p>Platforms may restate recent days; figures for the last days of the period can still change. "
            + "Money is in \(escape(b.currency)). This report holds aggregate counts only: it contains no personal data, loads nothing from the internet and has no tracking.</p>\n"
        return section("sources", "Data sources and notes", out)
    }
}
