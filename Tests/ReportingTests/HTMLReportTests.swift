import CampaignKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reporting

#if canImport(FoundationXML) || canImport(Darwin)
/// Records parse errors and element nesting.
final class XMLRecorder: NSObject, XMLParserDelegate {
    var errors = 0
    var open: [String] = []
    var balanced = true

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { errors += 1 }
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) { open.append(elementName) }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if open.popLast() != elementName { balanced = false }
    }
}
#endif

@Suite struct HTMLReportTests {
    static let html = HTMLReport.render(Fixture.bundle())

    static func emptyBundle() -> ReportBundle {
        ReportBundle(organization: "Org", title: "Report", since: "2026-03-01", until: "2026-03-30",
                     generatedAt: "now", currency: "USD", filterDescription: "All")
    }

    /// Every `<svg …>…</svg>` fragment of `html`.
    static func svgFragments(_ html: String) -> [String] {
        var fragments: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            fragments.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return fragments
    }

    @Test func escapesUserText() {
        let html = Self.html
        #expect(!html.contains("<script"))
        #expect(!html.contains("alert(\"x\")"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;escort&#39;"))
        #expect(html.contains("cheap, &quot;discreet&quot; massage"))
        #expect(html.contains("utm_source=tfz&amp;utm_campaign=outreach"))
        #expect(html.contains("TraffickingFree Zone — Central Florida"))

        var bundle = Self.emptyBundle()
        bundle.organization = "<b onload=\"x\">Org & 'Co'"
        bundle.notes = ["</p><img src=x onerror=alert(1)>"]
        bundle.landingPages = [AggregateRow(values: ["javascript:alert('1')\"><svg onload=x>", "outreach"], impressions: 1, clicks: 1, costMicros: 0)]
        let hostile = HTMLReport.render(bundle)
        #expect(!hostile.contains("<b onload"))
        #expect(!hostile.contains("<img"))
        #expect(!hostile.contains("<svg onload"))
        #expect(hostile.contains("&lt;b onload=&quot;x&quot;&gt;Org &amp; &#39;Co&#39;"))
        #expect(Markup.escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
    }

    @Test func referencesNothingOnTheNetwork() throws {
        for html in [Self.html, HTMLReport.render(Self.emptyBundle()), Fixture.table().render(.html)] {
            let lower = html.lowercased()
            for forbidden in ["<script", "@import", "url(", "<link", "<iframe", "<img", "<object", "<embed", "srcset", "xlink:href"] {
                #expect(!lower.contains(forbidden), "found \(forbidden)")
            }
            let reference = try Regex(#"(src|href|action|poster|data)\s*=\s*["']?\s*(https?:|//)"#).ignoresCase()
            #expect(html.firstMatch(of: reference) == nil)
            #expect(!lower.contains("href="), "landing pages are plain text, not links")
            #expect(!lower.contains("src="))
            // The only http(s) text is the landing pages given by the caller.
            let urls = html.matches(of: try Regex(#"https?://[^\s<"&]+"#)).map { String(html[$0.range]).trimmingCharacters(in: CharacterSet(charactersIn: ":.,;")) }
            #expect(Set(urls).isSubset(of: ["https://help.example.org/orange?utm_source=tfz", "https://help.example.org/osceola", "https://deter.example.org/consequences"]))
            #expect(html.contains("default-src 'none'"))
        }
    }

    @Test func svgFragmentsAreWellFormedAndAccessible() throws {
        let fragments = Self.svgFragments(Self.html)
        #expect(fragments.count == 5) // demand, help pages, daily, CTR by zone, keywords
        for svg in fragments {
            #expect(svg.contains("role=\"img\""))
            #expect(svg.contains("<title id="))
            #expect(svg.contains("<desc id="))
            #expect(svg.contains("viewBox=\"0 0 480 "))
            #expect(svg.contains("aria-labelledby="))
            #expect(try Self.isWellFormedXML(svg), "\(svg.prefix(200))")
        }
        // The escaped keyword must survive as well-formed XML too.
        #expect(fragments.contains { $0.contains("&lt;script&gt;") })
        #expect(try !Self.isWellFormedXML("<svg><text>a & b</text></svg>"), "the check can fail")
        #expect(try !Self.isWellFormedXML("<svg><g></svg>"), "the check can fail")
    }

    static func isWellFormedXML(_ text: String) throws -> Bool {
        #if canImport(FoundationXML) || canImport(Darwin)
        // On Linux `parse()` can return true after an error (an unclosed tag), so errors and balance are checked too.
        let parser = XMLParser(data: Data(text.utf8))
        let recorder = XMLRecorder()
        parser.delegate = recorder
        let parsed = parser.parse()
        return parsed && parser.parserError == nil && recorder.errors == 0 && recorder.balanced && recorder.open.isEmpty
        #else
        // Tag balance only.
        var stack: [String] = []
        for match in text.matches(of: try Regex(#"<(/?)([a-zA-Z]+)[^>]*?(/?)>"#)) {
            let closing = match.output[1].substring == "/", selfClosing = match.output[3].substring == "/"
            let name = String(match.output[2].substring ?? "")
            if selfClosing { continue }
            if closing { guard stack.popLast() == name else { return false } } else { stack.append(name) }
        }
        return stack.isEmpty && !text.contains("& ")
        #endif
    }

    @Test func sectionsComeInOrder() {
        let ids = ["id=\"demand\"", "id=\"help-pages\"", "id=\"daily\"", "id=\"ctr-zones\"", "id=\"keywords\"", "id=\"creatives\"", "id=\"zones\"", "id=\"sources\""]
        let positions = ids.map { Self.html.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil))
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted())
    }

    @Test func headlineStatesTheTrendInWords() throws {
        let html = Self.html
        let trend = DemandTrend(days: Fixture.bundle().demand)
        #expect(html.contains(trend.summary))
        #expect(trend.summary.hasPrefix("Searches for buyer terms changed "))
        #expect(trend.summary.contains("(95 % CI "))
        #expect(trend.summary.hasSuffix("over 4 complete weeks."))
        #expect(html.contains("under 10 %"))
        #expect(html.contains("No impressions yet: fl-lake."))
        #expect(html.contains("3 more keywords not shown."))
    }

    @Test func emptySectionsSaySoWithoutCharts() {
        let html = HTMLReport.render(Self.emptyBundle())
        #expect(!html.contains("<svg"))
        for message in ["No search-demand data for this period yet.", "No help landing page had ads running in this period yet.",
                        "No daily delivery in this period yet.", "No zone had impressions in this period yet.",
                        "No keyword delivery in this period yet.", "No ad delivery by creative in this period yet.",
                        "No delivery in any zone in this period yet.", "No pull information was given."] {
            #expect(html.contains(message), "\(message)")
        }
        // Too few days for a complete week: no chart, and no trend number.
        var short = Self.emptyBundle()
        short.demand = Fixture.demand(zone: "z", start: "2026-03-04", days: 5) { _ in 10 }
        let shortHTML = HTMLReport.render(short)
        #expect(shortHTML.contains("No complete Monday-to-Sunday week"))
        #expect(!shortHTML.contains("<svg"))
    }

    /// Social platforms get their own section: daily reach and clicks by platform and purpose, the clicks of outreach
    /// ads (to the help pages) in the headline, and a word that the search demand trend does not count them. Search
    /// platforms alone give no social section.
    @Test func socialPlatformsHaveTheirOwnSection() throws {
        var bundle = Self.emptyBundle()
        #expect(!HTMLReport.render(bundle).contains("id=\"social\""))
        bundle.byPlatformPurpose = [
            AggregateRow(values: ["google_ads", "outreach"], impressions: 5_000, clicks: 90, costMicros: 40_000_000),
            AggregateRow(values: ["meta", "education"], impressions: 12_000, clicks: 80, costMicros: 30_000_000, reach: 9_000),
            AggregateRow(values: ["meta", "outreach"], impressions: 8_000, clicks: 64, costMicros: 20_000_000, reach: 6_500),
            AggregateRow(values: ["reddit", "outreach"], impressions: 3_000, clicks: 21, costMicros: 9_000_000, reach: 2_400),
        ]
        let html = HTMLReport.render(bundle)
        let section = try #require(html.range(of: "id=\"social\"").map { String(html[$0.lowerBound...]) })
        #expect(section.contains("85 clicks to help pages from social ads (Meta 64, Reddit 21)."), "\(section.prefix(400))")
        #expect(section.contains("9,000") && section.contains("6,500") && section.contains("2,400"))
        #expect(section.contains("<svg") && section.contains("Daily reach by social platform and purpose"))
        #expect(!section.contains("Google Ads · "), "a search platform is not in the social section")
        #expect(html.contains("the search demand trend at the top of this report does not count them"))
        #expect(html.contains("This is a search measure"))
        // Without outreach ads on social platforms, the headline says so rather than "0 clicks to help pages".
        bundle.byPlatformPurpose = [AggregateRow(values: ["meta", "education"], impressions: 12_000, clicks: 80, costMicros: 30_000_000, reach: 9_000)]
        #expect(HTMLReport.render(bundle).contains("80 clicks from social ads, 9,000 daily reach; no outreach ad runs on a social platform"))
    }

    @Test func staysSmall() {
        #expect(Self.html.utf8.count < 300_000, "\(Self.html.utf8.count) bytes")
    }
}
