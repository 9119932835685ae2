#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Inline SVG charts as text: no scripts, no external references, a `viewBox` that scales to the page,
/// `role="img"` with a `<title>` and a `<desc>` that states the data. Every text is escaped.
enum SVGChart {
    static let width = 480.0
    static let navy = "#2b4c7e"
    static let teal = "#1f7a6d"
    static let band = "#c9d8ec"
    static let amber = "#a35d16"
    static let grid = "#d9e2ec"
    static let muted = "#52606d"

    /// One labelled horizontal bar.
    struct Bar {
        var label: String
        var value: Double
        var valueText: String
    }

    /// The opening tag with title and description; close with `</svg>`.
    static func open(id: String, height: Double, title: String, desc: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Markup.n(width)) \(Markup.n(height))\" role=\"img\" "
            + "aria-labelledby=\"\(id)-title\" aria-describedby=\"\(id)-desc\">\n"
            + "<title id=\"\(id)-title\">\(Markup.escape(title))</title>\n"
            + "<desc id=\"\(id)-desc\">\(Markup.escape(desc))</desc>\n"
    }

    /// Horizontal bars, each with its label above it and its value to its right (readable on a phone).
    static func horizontalBars(id: String, title: String, desc: String, bars: [Bar], color: String) -> String {
        let rowHeight = 38.0
        let height = rowHeight * Double(bars.count) + 8
        let maxValue = bars.map(\.value).max() ?? 0
        let barArea = width - 90
        var svg = open(id: id, height: height, title: title, desc: desc)
        for (i, bar) in bars.enumerated() {
            let y = 8 + rowHeight * Double(i)
            let w = maxValue > 0 ? max(bar.value > 0 ? 1 : 0, barArea * bar.value / maxValue) : 0
            svg += "<g><title>\(Markup.escape(bar.label)): \(Markup.escape(bar.valueText))</title>"
            svg += "<text x=\"0\" y=\"\(Markup.n(y + 11))\">\(Markup.escape(Markup.truncate(bar.label, 64)))</text>"
            svg += "<rect x=\"0\" y=\"\(Markup.n(y + 16))\" width=\"\(Markup.n(w))\" height=\"14\" rx=\"2\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(Markup.n(w + 6))\" y=\"\(Markup.n(y + 27))\" class=\"value\">\(Markup.escape(bar.valueText))</text></g>\n"
        }
        return svg + "</svg>"
    }

    /// A "nice" axis: a top value and a step of 1, 2, 2.5 or 5 × 10ⁿ giving about `ticks` intervals.
    static func niceAxis(max value: Double, ticks: Int = 4) -> (top: Double, step: Double) {
        guard value > 0, value.isFinite else { return (1, 0.25) }
        let raw = value / Double(ticks)
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let factor: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10
        let step = factor * magnitude
        return ((value / step).rounded(.up) * step, step)
    }

    /// Axis tick text: grouped integers, or one decimal for small steps.
    static func tickText(_ v: Double, step: Double) -> String {
        step >= 1 ? NumberText.groupedFixed(v, 0) : NumberText.groupedFixed(v, step >= 0.1 ? 1 : 2)
    }

    /// Horizontal grid lines with their values on the left, for a panel from `top` to `bottom`.
    static func yAxis(top: Double, bottom: Double, left: Double, right: Double, axis: (top: Double, step: Double)) -> String {
        var svg = "<g class=\"axis\">"
        var v = 0.0
        while v <= axis.top + axis.step / 2 {
            let y = bottom - (bottom - top) * v / axis.top
            svg += "<line x1=\"\(Markup.n(left))\" x2=\"\(Markup.n(right))\" y1=\"\(Markup.n(y))\" y2=\"\(Markup.n(y))\" stroke=\"\(grid)\"/>"
            svg += "<text x=\"\(Markup.n(left - 4))\" y=\"\(Markup.n(y + 4))\" text-anchor=\"end\">\(tickText(v, step: axis.step))</text>"
            v += axis.step
        }
        return svg + "</g>\n"
    }

    /// Date labels under the x axis, at most `limit` of them, evenly thinned.
    static func xLabels(_ dates: [String], x: (Int) -> Double, y: Double, limit: Int) -> String {
        guard !dates.isEmpty else { return "" }
        let every = max(1, Int((Double(dates.count) / Double(limit)).rounded(.up)))
        var svg = "<g class=\"axis\">"
        for i in stride(from: 0, to: dates.count, by: every) {
            let anchor = x(i) > width - 40 ? "end" : "middle"
            svg += "<text x=\"\(Markup.n(x(i)))\" y=\"\(Markup.n(y))\" text-anchor=\"\(anchor)\">\(Markup.escape(DayNumber.short(dates[i])))</text>"
        }
        return svg + "</g>\n"
    }

    static func points(_ xs: [Double], _ ys: [Double]) -> String {
        zip(xs, ys).map { "\(Markup.n($0)),\(Markup.n($1))" }.joined(separator: " ")
    }

    /// Weekly estimated searches: the estimate as a line with dots, the part resting on "< 10 %" floors
    /// as a shaded band under it, and the fitted trend as a dashed line.
    static func demand(id: String, trend: DemandTrend, title: String, desc: String) -> String {
        let (left, right, top, bottom) = (58.0, width - 10, 24.0, 220.0)
        let weeks = trend.weeks
        var fitted: [Double] = []
        if case .fitted(let f) = trend.fit { fitted = weeks.indices.map { f.fitted(atWeek: $0) } }
        let axis = niceAxis(max: (weeks.map(\.searches) + fitted.filter(\.isFinite)).max() ?? 0)
        func x(_ i: Int) -> Double { weeks.count < 2 ? (left + right) / 2 : left + (right - left) * Double(i) / Double(weeks.count - 1) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * min(v, axis.top) / axis.top }
        let xs = weeks.indices.map(x)

        var svg = open(id: id, height: 250, title: title, desc: desc)
        svg += "<text x=\"0\" y=\"12\" class=\"axis-title\">Estimated searches per week</text>\n"
        svg += yAxis(top: top, bottom: bottom, left: left, right: right, axis: axis)
        if weeks.contains(where: { $0.censoredSearches > 0 }) {
            let upper = points(xs, weeks.map { y($0.searches) })
            let lower = points(xs.reversed(), weeks.reversed().map { y($0.measuredSearches) })
            svg += "<polygon points=\"\(upper) \(lower)\" fill=\"\(band)\" stroke=\"none\"/>\n"
        }
        if !fitted.isEmpty {
            svg += "<polyline points=\"\(points(xs, fitted.map(y)))\" fill=\"none\" stroke=\"\(muted)\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n"
        }
        svg += "<polyline points=\"\(points(xs, weeks.map { y($0.searches) }))\" fill=\"none\" stroke=\"\(navy)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n"
        for (i, w) in weeks.enumerated() {
            let label = "Week of \(DayNumber.long(w.start)): \(w.isLowerBound ? "at least " : "about ")\(NumberText.groupedFixed(w.searches, 0)) searches"
            svg += "<circle cx=\"\(Markup.n(xs[i]))\" cy=\"\(Markup.n(y(w.searches)))\" r=\"3.5\" fill=\"\(navy)\"><title>\(Markup.escape(label))</title></circle>\n"
        }
        svg += xLabels(weeks.map(\.start), x: x, y: bottom + 18, limit: 7)
        return svg + "</svg>"
    }

    /// Daily impressions (area, top panel) and clicks (line, bottom panel) on a shared date axis.
    static func daily(id: String, dates: [String], impressions: [Int64], clicks: [Int64], title: String, desc: String) -> String {
        let (left, right) = (58.0, width - 10)
        func x(_ i: Int) -> Double { dates.count < 2 ? (left + right) / 2 : left + (right - left) * Double(i) / Double(dates.count - 1) }
        let xs = dates.indices.map(x)
        var svg = open(id: id, height: 320, title: title, desc: desc)
        let panels: [(String, [Int64], Double, Double, String, Bool)] = [
            ("Impressions per day", impressions, 24, 130, navy, true),
            ("Clicks per day", clicks, 176, 272, amber, false),
        ]
        for (label, values, top, bottom, color, area) in panels {
            let axis = niceAxis(max: Double(values.max() ?? 0))
            let ys = values.map { bottom - (bottom - top) * Double($0) / axis.top }
            svg += "<text x=\"0\" y=\"\(Markup.n(top - 12))\" class=\"axis-title\">\(label)</text>\n"
            svg += yAxis(top: top, bottom: bottom, left: left, right: right, axis: axis)
            if area, !xs.isEmpty {
                svg += "<polygon points=\"\(Markup.n(xs[0])),\(Markup.n(bottom)) \(points(xs, ys)) \(Markup.n(xs[xs.count - 1])),\(Markup.n(bottom))\" fill=\"\(band)\" stroke=\"none\"/>\n"
            }
            svg += "<polyline points=\"\(points(xs, ys))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"
            if xs.count == 1 { svg += "<circle cx=\"\(Markup.n(xs[0]))\" cy=\"\(Markup.n(ys[0]))\" r=\"3.5\" fill=\"\(color)\"/>\n" }
        }
        svg += xLabels(dates, x: x, y: 292, limit: 8)
        return svg + "</svg>"
    }
}
