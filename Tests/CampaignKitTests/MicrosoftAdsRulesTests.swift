import Foundation
import Testing
@testable import CampaignKit

/// Microsoft Advertising's own rules fire only for campaigns that run on `microsoft_ads` (the pinned texts are in
/// `DiagnosticCases.swift`); here: that they stay silent elsewhere, how Microsoft counts characters, and the docs.
@Suite struct MicrosoftAdsRulesTests {
    /// Copy that breaks only Microsoft's way of counting: three emoji in a 28-character headline, a 8-character Japanese path.
    static let doubleWidthCreative = """
        purpose: deterrence
        search:
          headlines:
            - Buying Sex Is a Crime
            - Buyers Are Arrested Here 🚨🚨🚨
            - She Could Be a Minor
          descriptions:
            - Police arrest sex buyers in this county. Get help to stop.
            - Many people sold for sex are children. Think before you act.
          path1: 相談窓口のご案内
        """

    static let zoneGoogleOnly = """
        name: Hillsborough County, FL
        county: "12057"
        time_zone: America/New_York
        geo:
          - county: "12057"
          - postal_codes: ["33602"]
        campaigns:
          - template: deterrence-search
            platforms: [google_ads]
          - template: social
        """

    @Test func microsoftFixtureIsClean() {
        let library = Fixture.library(MicrosoftFixture.changes([:]))
        #expect(library.diagnostics.map(\.rendered) == [])
        #expect(Set(library.campaigns.map(\.key.description)) == [
            "fl-hillsborough/deterrence-search/google_ads", "fl-hillsborough/deterrence-search/microsoft_ads", "fl-hillsborough/social/meta",
        ])
    }

    @Test func doubleWidthCopyIsReportedOnlyWhenACampaignRunsOnMicrosoft() {
        let creative: [String: String?] = ["Creative/deterrence/arrest.yaml": Self.doubleWidthCreative]
        // Google only (the plain fixture has no Microsoft account or channel): nothing.
        #expect(Fixture.diagnostics(creative) == [])
        // Microsoft channel in the template, but the only zone runs it on Google only: nothing.
        #expect(Fixture.diagnostics(MicrosoftFixture.changes(creative.merging(["Campaigns/zones/fl-hillsborough.yaml": Self.zoneGoogleOnly]) { _, new in new })) == [])
        // On Microsoft: both, once each, at the creative's lines, naming the platform.
        let lines = Fixture.diagnostics(MicrosoftFixture.changes(creative))
        #expect(lines.map { $0.prefix(while: { $0 != "\n" }) } == [
            "Creative/deterrence/arrest.yaml:5:7: error: Microsoft Advertising: headline is 31 characters as Microsoft counts them; the limit is 30",
            "Creative/deterrence/arrest.yaml:10:10: error: Microsoft Advertising: display path is 16 characters as Microsoft counts them; the limit is 15",
        ])
    }

    @Test func everyZoneOnMicrosoftReportsACreativeOnce() {
        var changes = MicrosoftFixture.changes(["Creative/deterrence/arrest.yaml": Self.doubleWidthCreative])
        for county in ["12103", "12095"] {
            changes["Campaigns/zones/fl-\(county).yaml"] = "name: Zone \(county)\ncounty: \"\(county)\"\ncampaigns:\n  - template: deterrence-search\n"
        }
        let codes = Fixture.library(changes).diagnostics.map(\.code)
        #expect(codes == ["microsoft-headline-too-long", "microsoft-path-too-long"])
    }

    @Test func microsoftCountsEmojiAndEastAsianCharactersTwice() {
        #expect(MicrosoftAdsRules.width("Help Is Available 24/7") == 22)
        #expect(MicrosoftAdsRules.width("Café près de chez vous") == 22)     // accents are single width
        #expect(MicrosoftAdsRules.width("求助热线") == 8)
        #expect(MicrosoftAdsRules.width("상담 전화") == 9)
        #expect(MicrosoftAdsRules.width("ヘルプ") == 6)
        #expect(MicrosoftAdsRules.width("Ｈｅｌｐ") == 8)                   // fullwidth Latin
        #expect(MicrosoftAdsRules.width("Help 🚨") == 7)
        #expect(MicrosoftAdsRules.width("Call ☎️ now") == 11)             // text symbol shown as emoji (U+260E U+FE0F)
        #expect(MicrosoftAdsRules.width("Call ☎ now") == 10)              // the same symbol as text
        #expect(MicrosoftAdsRules.width("Text 1️⃣") == 7)                 // keycap
        #expect(MicrosoftAdsRules.width("24/7 # 1") == 8)                 // digits and '#' are emoji only as keycaps
    }

    @Test func displayURLHostIsTheLandingPageHost() {
        #expect(MicrosoftAdsRules.hostName("https://example.org/stop/x?utm_source=microsoft_ads") == "example.org")
        #expect(MicrosoftAdsRules.hostName("https://example.org:8443?x=1") == "example.org")
        #expect(20_000.thousands == "20,000")
        #expect(2048.thousands == "2,048")
        #expect(999.thousands == "999")
        #expect(1_234_567.thousands == "1,234,567")
    }

    @Test func zoneRemovalsThatBringAListUnderTheLimitAreFine() {
        let list = "# buyer searches\n" + (1...20_001).map { "\"buyer search \($0)\"" }.joined(separator: "\n") + "\n"
        let zone = Fixture.files["Campaigns/zones/fl-hillsborough.yaml"]!.replacingOccurrences(
            of: "    budget: {daily: 30.00}\n", with: "    budget: {daily: 30.00}\n    keywords: {remove: [buyer search 7]}\n")
        #expect(Fixture.diagnostics(MicrosoftFixture.changes(["Campaigns/keywords/buyers.txt": list, "Campaigns/zones/fl-hillsborough.yaml": zone])) == [])
        // A list that only a social channel uses is not an ad group of a search platform.
        let social = "purpose: education\naudience: general_public\nchannels:\n  - platform: meta\n    trigger: interests\n    interests: [Social issues]\nkeywords: {lists: [buyers]}\ncreative: [education/signs]\nlanding_page: https://example.org/learn/{zone}\nbudget: {daily: 10}\n"
        let base = MicrosoftFixture.base.replacingOccurrences(of: "lists: [buyers]", with: "lists: [hotel]")
        #expect(Fixture.diagnostics(MicrosoftFixture.changes([
            "Campaigns/keywords/buyers.txt": list, "Campaigns/keywords/hotel.txt": "massage near my hotel\n",
            "Campaigns/templates/base.yaml": base, "Campaigns/templates/social.yaml": social,
        ])) == [])
    }

    @Test func shippedSampleHasNoMicrosoftDiagnostics() throws {
        let library = Library.build(try SampleWorkspace.files())
        #expect(library.diagnostics.map(\.rendered) == [])
        #expect(library.campaigns.contains { $0.key.platform == .microsoftAds })
    }

    /// Each new code has a row in the rules table of docs/campaign-files.md, as an error.
    @Test(arguments: ["microsoft-headline-too-long", "microsoft-description-too-long", "microsoft-path-too-long", "microsoft-line-break", "microsoft-display-url-too-long",
                      "microsoft-campaign-name-too-long", "microsoft-landing-page-too-long", "microsoft-too-many-negatives", "too-many-keywords"])
    func documented(_ code: String) throws {
        let text = try String(contentsOf: SampleWorkspace.root.appendingPathComponent("docs/campaign-files.md"), encoding: .utf8)
        let row = text.split(separator: "\n").first { $0.hasPrefix("| ") && $0.split(separator: "|").first?.contains("`\(code)`") == true }
        #expect(row?.contains("| error |") == true, "no rules-table row for \(code) with severity error")
    }
}
