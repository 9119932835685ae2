import Testing
@testable import CampaignKit

/// Issue 10 part 3, huge and hostile files: every limit's error by its full text and location, hostile YAML and text
/// giving located errors, and a big list within the limits loading whole. Inputs are generated here; speed is measured
/// by `Benchmarks --keywords`, never by a test.
@Suite struct FileLimitsTests {
    /// `count` distinct keywords, one a line, after a comment line (so keyword n is on line n + 1).
    static func keywordList(_ count: Int, comment: String = "# generated") -> String {
        var text = comment + "\n"
        text.reserveCapacity(count * 24)
        for i in 1...count { text += "buyer search \(i)\n" }
        return text
    }

    static let overLimitHint = "split it into lists of at most 20,000 keywords and name them all in the template's keywords.lists: each list is its own ad group"

    // MARK: Keywords per list

    @Test func listNothingUsesIsCutAndReportedAtItsFirstKeywordOverTheLimit() throws {
        let library = Fixture.library(["Campaigns/keywords/huge.txt": Self.keywordList(45_000)])
        #expect(library.diagnostics.map(\.rendered) == [
            "Campaigns/keywords/huge.txt:20002:1: error: this list has 45,000 keywords; Google Ads and Microsoft Advertising allow at most 20,000 in one ad group, and this is keyword 20,001\n    hint: \(Self.overLimitHint) (tfz stops reading a list here)",
        ])
        // Not held as structures past the limit.
        let list = try #require(library.workspace.keywordLists["huge"])
        #expect(list.entries.count == 20_000)
        #expect(list.keywordCount == 45_000)
        #expect(list.isCut)
    }

    @Test func listOneOverTheLimitThatNothingUsesIsReported() {
        #expect(Fixture.diagnostics(["Campaigns/keywords/huge.txt": Self.keywordList(20_001)]) == [
            "Campaigns/keywords/huge.txt:20002:1: error: this list has 20,001 keywords; Google Ads and Microsoft Advertising allow at most 20,000 in one ad group, and this is keyword 20,001\n    hint: \(Self.overLimitHint)",
        ])
    }

    /// A list used by a campaign and cut short is reported once, with its real length (the ad group rule saw only its
    /// first 20,000 keywords).
    @Test func usedListCutShortIsReportedOnceWithItsLength() {
        #expect(Fixture.diagnostics(["Campaigns/keywords/buyers.txt": Self.keywordList(40_001, comment: "# buyers")]) == [
            "Campaigns/keywords/buyers.txt:20002:1: error: this list has 40,001 keywords; Google Ads and Microsoft Advertising allow at most 20,000 in one ad group, and this is keyword 20,001\n    hint: \(Self.overLimitHint) (tfz stops reading a list here)",
        ])
    }

    /// Blank lines, comments and repeats are not keywords: a list of 20,000 keywords written on 40,000+ lines loads
    /// whole, and every keyword reaches the campaign's ad group.
    @Test func bigListWithinTheLimitLoadsWhole() throws {
        var text = "# buyers\n"
        for i in 1...20_000 { text += "buyer search \(i)   # note\n\n" }
        text += "buyer search 7\n"   // a repeat: a warning, not a 20,001st keyword
        let library = Fixture.library(["Campaigns/keywords/buyers.txt": text])
        #expect(library.diagnostics.map(\.rendered) == [
            "Campaigns/keywords/buyers.txt:40002:1: warning: 'buyer search 7' is already on line 14",
        ])
        let list = try #require(library.workspace.keywordLists["buyers"])
        #expect(list.entries.count == 20_000 && !list.isCut)
        #expect(list.entries.last?.location == SourceLocation(path: "Campaigns/keywords/buyers.txt", line: 40_000, column: 1))
        let campaign = try #require(library.campaigns.first { $0.key.platform == .googleAds })
        #expect(campaign.adGroups.map(\.keywords.count) == [20_000])
    }

    @Test func keywordLinesAfterTheCutAreCountedNotRead() {
        let text = "a\n  \n# c\n\t# c\nb # c\n\r\n \r#x\n\"q\"\nc#d\n#\n"
        let counted = Array(text.utf8).withUnsafeBufferPointer { KeywordListParser.countKeywordLines($0) }
        #expect(counted == 5)   // a, b, \r#x, "q", c#d
    }

    // MARK: Bytes per file

    /// A file one byte over its cap, refused before it is parsed (its text is not YAML, so parsing would have said so).
    @Test(arguments: [
        ("Campaigns/keywords/huge.txt", 16, "this keyword list is 16.000001 MB; tfz reads keyword lists up to 16 MB because a list becomes one ad group, and the 20,000 keywords an ad group takes on Google Ads and Microsoft Advertising fit in 7 MB",
         "split it into lists of at most 20,000 keywords, or check that it is the file you meant to commit"),
        ("Campaigns/zones/fl-huge.yaml", 4, "this zone file is 4.000001 MB; tfz reads zone files up to 4 MB because the most one of its campaigns can add — 20,000 keywords (an ad group) and 20,000 negatives (Microsoft Advertising's limit per campaign) — fits in under 3 MB",
         "check that this is the file you meant to commit"),
        ("Campaigns/templates/huge.yaml", 1, "this template is 1.000001 MB; tfz reads templates up to 1 MB because a template names its keyword lists and creative; it holds no long text",
         "check that this is the file you meant to commit"),
        ("Creative/outreach/huge.yaml", 1, "this creative file is 1.000001 MB; tfz reads creative files up to 1 MB because the longest ad text any platform takes is a few thousand characters",
         "check that this is the file you meant to commit"),
        ("tfz.yaml", 1, "tfz.yaml is 1.000001 MB; tfz reads tfz.yaml up to 1 MB because it holds accounts and settings, a few KB",
         "check that this is the file you meant to commit"),
    ])
    func fileOverItsCapIsRefusedBeforeParsing(_ path: String, _ megabytes: Int, _ message: String, _ hint: String) {
        let text = "[" + String(repeating: "x", count: megabytes * 1_000_000)
        let diagnostics = Fixture.diagnostics([path: text])
        #expect(diagnostics == ["\(path):1:1: error: \(message)\n    hint: \(hint)"])
    }

    @Test func sizesAreShownWithEnoughDecimalsToExceedTheCap() {
        #expect(FileLimits.megabytes(58_213_000, over: 16_000_000) == "58.2")
        #expect(FileLimits.megabytes(16_050_000, over: 16_000_000) == "16.05")
        #expect(FileLimits.megabytes(2_147_483_648, over: 8_000_000) == "2,147.4")
        #expect(FileLimits.refusal(path: "Campaigns/zones/a.yaml", byteCount: 4_000_000) == nil)
        #expect(FileLimits.refusal(path: "Creative/images/a.png", byteCount: 5_000_000_000) == nil, "images are not read")
        #expect(FileLimits.refusal(path: "Campaigns/zones/a.yml", byteCount: 5_000_000_000) == nil, "ignored files are not read")
        #expect(FileLimits.byteLimit(for: "Creative/notes/a.txt") == 0)
    }

    /// The generated 3,000-county national library is far inside every cap.
    @Test func capsLeaveRoomForTheLargestLegalFiles() {
        #expect(FileLimits.largestUsableKeywordList < FileLimits.byteLimit(.keywordList) / 2)
        // A zone using the most it can: 20,000 keywords added and 20,000 negatives added, long ones.
        var zone = "name: Big County\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo: [{county: \"12057\"}]\ncampaigns:\n  - template: deterrence-search\n    keywords:\n      add:\n"
        for i in 1...20_000 { zone += "        - \"[buyer search words for a long keyword number \(i)]\"\n" }
        zone += "      negatives_add:\n"
        for i in 1...20_000 { zone += "        - \"[unrelated search words for a long negative \(i)]\"\n" }
        #expect(zone.utf8.count < 3 * FileLimits.megabyte)
        #expect(!Fixture.diagnostics(["Campaigns/zones/fl-big.yaml": zone]).contains { $0.contains("fl-big.yaml") && $0.contains("error") })
    }

    // MARK: Hostile text

    @Test func notUTF8IsLocatedAtTheFirstBadByte() {
        let bytes: [UInt8] = Array("name: ok\ncounty: \"12".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        guard case .notText(let d) = SourceFile.decoding(bytes, path: "Campaigns/zones/x.yaml") else {
            Issue.record("decoded bytes that are not UTF-8")
            return
        }
        #expect(d.rendered == "Campaigns/zones/x.yaml:2:12: error: this file is not UTF-8 text\n    hint: save it as UTF-8 in your editor")
        guard case .text(let file) = SourceFile.decoding(Array("é\n".utf8), path: "a") else {
            Issue.record("UTF-8 refused")
            return
        }
        #expect(file.contents == "é\n")
    }

    @Test func controlCharacterInAKeywordIsLocated() {
        #expect(Fixture.diagnostics(["Campaigns/keywords/negatives.txt": "ford escort\njobs\u{0}hiring\n  [caf\u{E9}\u{7F}]\n"]) == [
            "Campaigns/keywords/negatives.txt:2:1: error: this keyword contains a control character (an invisible byte such as NUL), which search platforms do not accept\n    hint: delete the invisible character; it often comes from copying text out of another program",
            "Campaigns/keywords/negatives.txt:3:3: error: this keyword contains a control character (an invisible byte such as NUL), which search platforms do not accept\n    hint: delete the invisible character; it often comes from copying text out of another program",
        ])
    }

    @Test func windowsLineEndsEndLines() throws {
        let library = Fixture.library(["Campaigns/keywords/buyers.txt": "# buyers\r\nescorts near me\r\n\"buy sex\"\r\n[hourly rates]  # exact\r\n"])
        #expect(library.diagnostics.map(\.rendered) == [])
        let list = try #require(library.workspace.keywordLists["buyers"])
        #expect(list.entries.map { "\($0.location.line):\($0.value.text)" } == ["2:escorts near me", "3:buy sex", "4:hourly rates"])
    }

    /// The byte-level reader of ASCII lines gives what ``KeywordSyntax`` gives, line by line.
    @Test func asciiReaderAgreesWithKeywordSyntax() {
        let lines = ["escorts near me", "  Escorts   NEAR\tme  ", "\"buy sex\"", "[hourly rates]", "\"unterminated", "[open", "[]", "\"",
                     "\" \"", "c# programmer", "#comment", "x #c", "x\t#c", "a#b #c", "  ", "\t", "a\r", "\r#x",
                     "buy sex!", "one two three four five six seven eight nine ten eleven", String(repeating: "a", count: 81),
                     "ya29." + "abcdefghijklmnopqrstuvwxyz", "sk_" + "live_abcdefghijklmnop", "{curly}", "back\\slash", "[exact] trailing",
                     "\"a\" b \"c\"", "x\u{1}y", "café près", "[CAFÉ]"]
        for line in lines {
            let (list, diagnostics) = KeywordListParser.parse(SourceFile(path: "k.txt", contents: line))
            var expected: [String] = []
            var kept: [String] = []
            switch KeywordSyntax.parse(Substring(line)) {
            case .empty: break
            case .invalid(let message, let column): expected.append("k.txt:1:\(column): error: \(message)")
            case .keyword(let entry, let column):
                if CredentialScanner.reason(entry.text) != nil {
                    expected.append("credential-in-file")
                } else if entry.text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    expected.append("control-character")
                } else if let problem = KeywordSyntax.problem(entry.text) {
                    expected.append("k.txt:1:\(column): error: \(problem.message)")
                } else {
                    kept.append("\(column) \(entry.matchType?.rawValue ?? "-") \(entry.text)")
                }
            }
            let actual = diagnostics.map { ["credential-in-file", "control-character"].contains($0.code) ? $0.code : $0.rendered }
            #expect(actual == expected, "\(line.debugDescription)")
            #expect(list.entries.map { "\($0.location.column) \($0.value.matchType?.rawValue ?? "-") \($0.value.text)" } == kept, "\(line.debugDescription)")
        }
    }

    /// The credential scanner compares bytes (prefixes, and the private-key markers anywhere in the value): what it finds
    /// and what it leaves alone. Token-shaped values are assembled from parts.
    @Test func credentialScannerFindsByBytes() {
        let found: [(String, String)] = [
            ("ya" + "29." + "a0AfB_byCabcdefghij", "a Google OAuth access token"),
            ("  " + "1//0" + "4abcdefghijklmnop  ", "a Google OAuth refresh token"),
            ("GOCSPX" + "-abcdefghijklmnop", "a Google OAuth client secret"),
            ("EA" + "ABwzLixnjYBO" + String(repeating: "Z9", count: 12), "a Meta access token"),
            ("AK" + "IAIOSFODNN7EXAMPLE", "an AWS access key"),
            ("key: -----" + "BEGIN RSA " + "PRIVATE KEY----- MIIE", "a private key"),
            ("https://x.org/help?api_key=" + "abcdef0123", "a URL carrying a secret in its 'api_key' parameter"),
            ("Zx8" + "Qm2Lp9Rt4Vw7Ny3Kb6Hd" + "Jf5Gs1Tc0Xe", "a token or client secret"),
        ]
        for (value, reason) in found { #expect(CredentialScanner.reason(value) == reason, "\(value.prefix(8))") }
        let clean = ["escort service near me tonight", "env:" + "GOOGLE_ADS_REFRESH_TOKEN_VALUE", "file:/etc/tfz/google-ads.json",
                     "-----BEGIN but nothing private here", "a private key is not a BEGIN marker", "https://x.org/help?utm_source=tfz-ads",
                     "café près de la gare tard le soir", "ya29"]
        for value in clean { #expect(CredentialScanner.reason(value) == nil, "\(value)") }
    }

    /// 100,000 nested `[`: a syntax error where the YAML parser stops, not a stack overflow.
    @Test func deepNestingIsALocatedSyntaxError() {
        let zone = "name: " + String(repeating: "[", count: 100_000) + "\n"
        let diagnostics = Fixture.library(["Campaigns/zones/fl-deep.yaml": zone]).diagnostics
        #expect(diagnostics.map(\.rendered) == [
            "Campaigns/zones/fl-deep.yaml:1:8: error: the values in this file are nested more than 64 deep\n    hint: campaign files need a few levels; look for an unclosed [ or { before this point",
        ])
    }

    /// The same in 70 files at once, so that loading runs on worker threads (smaller stacks than the main thread's).
    @Test func deepNestingOnWorkerThreads() {
        var changes: [String: String?] = [:]
        for i in 0..<70 { changes["Campaigns/zones/deep-\(i).yaml"] = String(repeating: "- ", count: 50_000) + "x\n" }
        let diagnostics = Fixture.library(changes).diagnostics
        #expect(diagnostics.count == 70)
        #expect(diagnostics.allSatisfy { $0.code == "too-deep" && $0.location.line == 1 && $0.location.column == 129 })
    }

    /// "Billion laughs": nine aliases of nine aliases of … never expanded beyond the value budget.
    @Test func aliasBombIsRefused() {
        var zone = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in zip("bcdefghi", "abcdefgh") {
            zone += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        zone += "name: [*i, *i, *i, *i, *i, *i, *i, *i, *i]\n"
        #expect(Fixture.diagnostics(["Campaigns/zones/fl-bomb.yaml": zone]) == [
            "Campaigns/zones/fl-bomb.yaml:1:1: error: this file expands to more than 200000 values\n    hint: YAML aliases (*name) are probably repeating a large block; write the values out or use a template",
        ])
    }

    @Test func nulInYAMLIsLocated() {
        #expect(Fixture.diagnostics(["Campaigns/zones/fl-hillsborough.yaml": "name: Hills\u{0}borough County, FL\ncounty: \"12057\"\n"]) == [
            "Campaigns/zones/fl-hillsborough.yaml:1:12: error: this file contains a control character (an invisible byte such as NUL), which YAML does not allow\n    hint: delete the invisible character; it often comes from copying text out of another program",
        ])
    }

    /// A 3.5 MB value on one line within the zone cap: read, and judged as a value like any other.
    @Test func hugeScalarOnOneLineGetsANormalVerdict() {
        let zone = "name: Hillsborough County, FL\ncounty: \"" + String(repeating: "1", count: 3_500_000) + "\"\n"
        #expect(Fixture.diagnostics(["Campaigns/zones/fl-hillsborough.yaml": zone]) == [
            "Campaigns/zones/fl-hillsborough.yaml:1:1: error: zone is missing the required key 'campaigns'",
            "Campaigns/zones/fl-hillsborough.yaml:2:9: error: county must be a 5-digit FIPS code (state + county, e.g. \"12057\"), not '\(String(repeating: "1", count: 999 - 72))…",
        ])
    }
}
