import CampaignKit
import Foundation
import Testing
@testable import Reporting

@Suite struct NumberTextTests {
    @Test func groupsThousands() {
        #expect(NumberText.grouped(0) == "0")
        #expect(NumberText.grouped(999) == "999")
        #expect(NumberText.grouped(1_000) == "1,000")
        #expect(NumberText.grouped(1_234_567) == "1,234,567")
        #expect(NumberText.grouped(-1_234) == "-1,234")
        #expect(NumberText.grouped(Int64.min) == "-9,223,372,036,854,775,808")
    }

    @Test func moneyRoundsMicrosToTheCentHalfUp() {
        #expect(NumberText.money(micros: 0, currency: "USD") == "$0.00")
        #expect(NumberText.money(micros: 4_999, currency: "USD") == "$0.00")
        #expect(NumberText.money(micros: 5_000, currency: "USD") == "$0.01")
        #expect(NumberText.money(micros: 1_234_564_999, currency: "USD") == "$1,234.56")
        #expect(NumberText.money(micros: 1_234_565_000, currency: "USD") == "$1,234.57")
        #expect(NumberText.money(micros: 1_000_000_000_000, currency: "USD") == "$1,000,000.00")
        #expect(NumberText.money(micros: 1_234_560_000, currency: "EUR") == "1,234.56 EUR")
        #expect(NumberText.money(micros: -1_005_000, currency: "USD") == "-$1.01")
        #expect(NumberText.money(micros: -1_005_000, currency: "EUR") == "-1.01 EUR")
    }

    @Test func fixedDecimalsRoundHalfAwayFromZero() {
        #expect(NumberText.fixed(3.14159, 2) == "3.14")
        #expect(NumberText.fixed(0.125, 2) == "0.13")
        #expect(NumberText.fixed(-0.04, 1) == "0.0")
        #expect(NumberText.fixed(-1.25, 1) == "-1.3")
        #expect(NumberText.fixed(0.05, 2) == "0.05")
        #expect(NumberText.groupedFixed(12_345.5, 2) == "12,345.50")
    }

    @Test func signedPercentUsesARealMinus() {
        #expect(NumberText.signedPercent(-0.18) == "\u{2212}18 %")
        #expect(NumberText.signedPercent(0.054) == "+5 %")
        #expect(NumberText.signedPercent(0.001) == "0 %")
        #expect(NumberText.signedPercent(25) == "+2,500 %")
        #expect(NumberText.signedPercent(.infinity) == "more than +10,000 %")
    }
}

@Suite struct ReportMeasuresTests {
    @Test func ratiosWithoutADenominatorAreNil() {
        let none = ReportMeasures(impressions: 0, clicks: 0, costMicros: 0)
        #expect(none.ctrBasisPoints == nil)
        #expect(none.ctr == nil)
        #expect(none.cpcMicros == nil)
        let noClicks = ReportMeasures(impressions: 100, clicks: 0, costMicros: 1_000_000)
        #expect(noClicks.ctrBasisPoints == 0)
        #expect(noClicks.cpcMicros == nil)
    }

    @Test func ctrIsRoundedHalfUpInBasisPoints() {
        #expect(ReportMeasures(impressions: 3, clicks: 1, costMicros: 0).ctrBasisPoints == 3_333)
        #expect(ReportMeasures(impressions: 3, clicks: 2, costMicros: 0).ctrBasisPoints == 6_667)
        #expect(ReportMeasures(impressions: 20_000, clicks: 1, costMicros: 0).ctrBasisPoints == 1) // 0.5 bp rounds up
        #expect(ReportMeasures(impressions: 20_001, clicks: 1, costMicros: 0).ctrBasisPoints == 0)
        #expect(ReportMeasures(impressions: 123, clicks: 4, costMicros: 0).ctrBasisPoints == 325)
    }

    @Test func cpcIsCostOverClicksToTheCent() {
        #expect(ReportMeasures(impressions: 1, clicks: 3, costMicros: 1_000_000).cpcMicros == 330_000)
        #expect(ReportMeasures(impressions: 1, clicks: 3, costMicros: 2_000_000).cpcMicros == 670_000)
        #expect(ReportMeasures(impressions: 1, clicks: 1, costMicros: 5_000).cpcMicros == 10_000)
        #expect(ReportMeasures(impressions: 1, clicks: 2, costMicros: 9_999).cpcMicros == 0)
    }

    @Test func totalsSumOnlyReportedConversions() {
        let rows = [AggregateRow(values: ["a"], impressions: 1, clicks: 1, costMicros: 1, conversions: 1.5),
                    AggregateRow(values: ["b"], impressions: 2, clicks: 0, costMicros: 2)]
        let total = ReportMeasures(summing: rows)
        #expect(total == ReportMeasures(impressions: 3, clicks: 1, costMicros: 3, conversions: 1.5))
        #expect(ReportMeasures(summing: [rows[1]]).conversions == nil)
    }
}

@Suite struct ReportTableTextTests {
    @Test func zeroRowsSaySoInEveryHumanFormat() {
        let table = ReportTable(dimensions: [.zone], rows: [], currency: "USD")
        #expect(table.renderText() == "No metrics for this selection yet — run `tfz pull`.\n")
        #expect(table.renderCSV() == "zone,impressions,clicks,ctr,cost,cost_micros,cpc,currency\r\n")
        #expect(table.renderJSON().contains("\"rows\": []"))
        #expect(table.render(.html).contains("No metrics for this selection yet"))
    }

    @Test func columnsAlignAndRatiosShowADash() {
        let table = ReportTable(dimensions: [.zone], rows: [
            AggregateRow(values: ["fl-orange"], impressions: 12_345, clicks: 321, costMicros: 1_234_560_000),
            AggregateRow(values: ["fl-lake"], impressions: 0, clicks: 0, costMicros: 0),
            AggregateRow(values: ["fl-seminole"], impressions: 100, clicks: 0, costMicros: 2_000_000),
        ], currency: "USD")
        let text = table.renderText()
        #expect(text == """
            Zone         Impressions  Clicks     CTR       Cost    CPC
            ----------------------------------------------------------
            fl-orange         12,345     321  2.60 %  $1,234.56  $3.85
            fl-lake                0       0       —      $0.00      —
            fl-seminole          100       0  0.00 %      $2.00      —
            ----------------------------------------------------------
            Total             12,445     321  2.58 %  $1,236.56  $3.85

            """)
        let lengths = Set(text.split(separator: "\n").map(\.count))
        #expect(lengths.count == 1, "every line ends in the right-aligned last column")
    }

    @Test func otherCurrenciesFollowTheAmount() {
        let table = ReportTable(dimensions: [.platform], rows: [AggregateRow(values: ["meta"], impressions: 10, clicks: 1, costMicros: 1_500_000)], currency: "EUR")
        #expect(table.renderText().contains("1.50 EUR"))
    }

    @Test func maxRowsNotesTheRestAndTotalsEverything() {
        let rows = (1...5).map { AggregateRow(values: ["k\($0)"], impressions: 10, clicks: 1, costMicros: 1_000_000) }
        let text = ReportTable(dimensions: [.keyword], rows: rows, currency: "USD").renderText(maxRows: 2)
        #expect(text.contains("k2"))
        #expect(!text.contains("k3"))
        #expect(text.contains("… 3 more rows (included in the total)\n"))
        #expect(text.contains("Total             50       5  10.00 %  $5.00  $1.00\n"))
        let one = ReportTable(dimensions: [.keyword], rows: Array(rows.prefix(2)), currency: "USD").renderText(maxRows: 1)
        #expect(one.contains("… 1 more row (included in the total)\n"))
    }

    @Test func conversionsColumnOnlyWhenReported() {
        let without = ReportTable(dimensions: [.zone], rows: [AggregateRow(values: ["a"], impressions: 1, clicks: 0, costMicros: 0)], currency: "USD")
        #expect(!without.renderText().contains("Conversions"))
        var with = without
        with.rows.append(AggregateRow(values: ["b"], impressions: 1, clicks: 0, costMicros: 0, conversions: 2.5))
        let text = with.renderText()
        #expect(text.contains("Conversions"))
        #expect(text.contains("2.50"))
    }
}

@Suite struct ReportTableCSVTests {
    @Test func quotesFieldsPerRFC4180() {
        #expect(ReportTable.csvField("plain") == "plain")
        #expect(ReportTable.csvField("a,b") == "\"a,b\"")
        #expect(ReportTable.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ReportTable.csvField("two\nlines") == "\"two\nlines\"")
        #expect(ReportTable.csvField("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(ReportTable.csvField("") == "")
    }

    @Test func writesRawNumbersAndEmptyRatios() {
        let table = ReportTable(dimensions: [.keyword, .landingPage], rows: [
            AggregateRow(values: ["cheap, \"discreet\"", "https://x.example/?a=1,2"], impressions: 1_234, clicks: 40, costMicros: 12_345_678),
            AggregateRow(values: ["none", ""], impressions: 0, clicks: 0, costMicros: 0),
        ], currency: "USD")
        #expect(table.renderCSV() == "keyword,landing_page,impressions,clicks,ctr,cost,cost_micros,cpc,currency\r\n"
            + "\"cheap, \"\"discreet\"\"\",\"https://x.example/?a=1,2\",1234,40,0.0324,12.35,12345678,0.31,USD\r\n"
            + "none,,0,0,,0.00,0,,USD\r\n")
    }
}

@Suite struct ReportTableJSONTests {
    @Test func isValidJSONWithNullRatiosAndStringMoney() throws {
        let table = ReportTable(dimensions: [.keyword], rows: [
            AggregateRow(values: ["tab\there \"q\" \u{01}"], impressions: 0, clicks: 0, costMicros: 1_005_000),
        ], currency: "USD")
        let json = table.renderJSON()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let row = try #require((object["rows"] as? [[String: Any]])?.first)
        #expect(row["keyword"] as? String == "tab\there \"q\" \u{01}")
        #expect(row["ctr"] is NSNull)
        #expect(row["cpc"] is NSNull)
        #expect(row["cost"] as? String == "1.01")
        #expect((row["costMicros"] as? NSNumber)?.int64Value == 1_005_000)
        #expect(json.contains("\\u0001"))
    }

    @Test func keysKeepTheirOrder() {
        let json = Fixture.table().renderJSON()
        let keys = ["\"dimensions\"", "\"currency\"", "\"filter\"", "\"rows\"", "\"totals\""]
        let positions = keys.map { json.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(json.contains("\"zones\": [\"fl-orange\", \"fl-seminole\"]"))
        #expect(json.contains("\"platforms\": [\"google_ads\", \"microsoft_ads\"]"))
    }
}

@Suite struct ReportFormatTests {
    @Test func parsesTheCLINames() {
        #expect(ReportFormat(rawValue: "text") == .text)
        #expect(ReportFormat(rawValue: "csv") == .csv)
        #expect(ReportFormat(rawValue: "json") == .json)
        #expect(ReportFormat(rawValue: "html") == .html)
        #expect(ReportFormat(rawValue: "pdf") == nil)
        #expect(ReportFormat.text.fileExtension == "txt")
    }
}
