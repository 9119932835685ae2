import Foundation
import Testing
@testable import CampaignKit

/// Google Ad Grants rules, pinned by their full rendered text on `Fixture` with its Google account made a grant account.
@Suite struct AdGrantsRulesTests {
    /// `Fixture`'s tfz.yaml with its Google account marked as an Ad Grants account.
    static let grantConfig = Fixture.files["tfz.yaml"]!.replacingOccurrences(
        of: "    credentials: env:TFZ_GOOGLE_ADS\n", with: "    credentials: env:TFZ_GOOGLE_ADS\n    grant: true\n")

    /// The fixture made Ad Grants compliant: two keyword lists (two ad groups), two search creatives (two ads each).
    static let compliant: [String: String?] = [
        "tfz.yaml": grantConfig,
        "Campaigns/templates/base.yaml": """
            channels:
              - platform: google_ads
            keywords:
              lists: [buyers, hotel-searches]
              match_type: phrase
              negatives: [negatives]
            """,
        "Campaigns/keywords/hotel-searches.txt": """
            massage near my hotel
            "hotel escorts tonight"
            """,
        "Campaigns/templates/deterrence-search.yaml": """
            extends: base
            purpose: deterrence
            audience: buyers
            creative: [deterrence/arrest, deterrence/minors]
            landing_page: https://example.org/stop/{zone}?utm_source={platform}
            budget: {daily: 20.00}
            bid_ceiling: 2.00
            """,
        "Creative/deterrence/minors.yaml": """
            purpose: deterrence
            search:
              headlines:
                - Think Before You Buy
                - Minors Are Sold Here Too
                - Police Arrest Buyers Here
              descriptions:
                - Many people sold for sex are children. Do not be part of it.
                - Police in this county arrest buyers. Confidential help exists.
            """,
    ]

    static let zone = """
        name: Hillsborough County, FL
        county: "12057"
        time_zone: America/New_York
        geo:
          - county: "12057"
          - postal_codes: ["33602"]
        campaigns:
          - template: deterrence-search
            budget: {daily: 30.00}
          - template: social
        """

    /// Rendered diagnostics of the compliant grant fixture with more changes.
    static func grant(_ changes: [String: String?]) -> [String] {
        Fixture.diagnostics(compliant.merging(changes) { _, new in new })
    }

    static func isGrantCode(_ code: String) -> Bool { code.hasPrefix("grant-") }

    @Test func compliantGrantWorkspaceIsClean() {
        let library = Fixture.library(Self.compliant)
        #expect(library.diagnostics.map(\.rendered) == [])
        let google = library.campaigns.first { $0.key.platform == .googleAds }
        #expect(google?.account.grant == true)
        #expect(google?.adGroups.count == 2)
        #expect(google?.ads.count == 2)
    }

    @Test func bidAboveTwoDollarsInTheTemplate() {
        let template = (Self.compliant["Campaigns/templates/deterrence-search.yaml"]!!).replacingOccurrences(of: "bid_ceiling: 2.00", with: "bid_ceiling: 2.01")
        #expect(Self.grant(["Campaigns/templates/deterrence-search.yaml": template]) == [
            "Campaigns/templates/deterrence-search.yaml:7:14: error: bid ceiling $2.01 is above $2.00, the highest bid a Google Ad Grants account allows\n    hint: lower bid_ceiling to 2.00 or less; Ad Grants allows higher bids only with Maximize conversions or target CPA bidding, which tfz does not use",
        ])
    }

    @Test func bidAboveTwoDollarsInTheZone() {
        let zone = Self.zone.replacingOccurrences(of: "    budget: {daily: 30.00}\n", with: "    budget: {daily: 30.00}\n    bid_ceiling: 2.50\n")
        #expect(Self.grant(["Campaigns/zones/fl-hillsborough.yaml": zone]) == [
            "Campaigns/zones/fl-hillsborough.yaml:10:18: error: bid ceiling $2.50 is above $2.00, the highest bid a Google Ad Grants account allows\n    hint: lower bid_ceiling to 2.00 or less; Ad Grants allows higher bids only with Maximize conversions or target CPA bidding, which tfz does not use",
        ])
    }

    @Test func singleWordKeywordsAtTheirLines() {
        // `[escorts]` is one word after its notation; `zone` is a word of the organization name, so it may stand alone;
        // `brothel` is removed by the zone, `tampa` is added by it.
        let zone = Self.zone.replacingOccurrences(of: "    budget: {daily: 30.00}\n",
                                                  with: "    budget: {daily: 30.00}\n    keywords:\n      add: [\"buy sex tampa\", tampa]\n      remove: [brothel]\n")
        #expect(Self.grant([
            "Campaigns/keywords/buyers.txt": "# buyer searches\nescorts near me\n\"buy sex\"\n[hourly rates]\n[escorts]\n  brothel\nzone\n",
            "Campaigns/zones/fl-hillsborough.yaml": zone,
        ]) == [
            "Campaigns/keywords/buyers.txt:5:1: error: 'escorts' is a single-word keyword, which Google Ad Grants does not allow\n    hint: make it a phrase of two or more words that says what the searcher looks for; only words of the organization name in tfz.yaml may stand alone",
            "Campaigns/zones/fl-hillsborough.yaml:11:30: error: 'tampa' is a single-word keyword, which Google Ad Grants does not allow\n    hint: make it a phrase of two or more words that says what the searcher looks for; only words of the organization name in tfz.yaml may stand alone",
        ])
    }

    @Test func oneAdGroup() {
        let base = (Self.compliant["Campaigns/templates/base.yaml"]!!).replacingOccurrences(of: "[buyers, hotel-searches]", with: "[buyers]")
        #expect(Self.grant(["Campaigns/templates/base.yaml": base]) == [
            "Campaigns/zones/fl-hillsborough.yaml:8:15: error: fl-hillsborough/deterrence-search/google_ads has 1 ad group; a Google Ad Grants campaign needs at least 2\n    hint: each keyword list is an ad group: add a list to keywords.lists (Campaigns/templates/base.yaml:4:10), or keywords.add in this zone",
        ])
    }

    @Test func aZoneAddingKeywordsMakesTheSecondAdGroup() {
        let base = (Self.compliant["Campaigns/templates/base.yaml"]!!).replacingOccurrences(of: "[buyers, hotel-searches]", with: "[buyers]")
        let zone = Self.zone.replacingOccurrences(of: "    budget: {daily: 30.00}\n", with: "    budget: {daily: 30.00}\n    keywords:\n      add: [\"buy sex tampa\"]\n")
        #expect(Self.grant(["Campaigns/templates/base.yaml": base, "Campaigns/zones/fl-hillsborough.yaml": zone]) == [])
    }

    @Test func oneAdPerAdGroup() {
        let template = (Self.compliant["Campaigns/templates/deterrence-search.yaml"]!!)
            .replacingOccurrences(of: "[deterrence/arrest, deterrence/minors]", with: "[deterrence/arrest]")
        #expect(Self.grant(["Campaigns/templates/deterrence-search.yaml": template]) == [
            "Campaigns/templates/deterrence-search.yaml:4:11: error: template 'deterrence-search' gives each ad group 1 ad; Google Ad Grants needs at least 2 in every ad group\n    hint: each creative with a search block is an ad in every ad group: add another to creative:",
        ])
    }

    /// Expansion always gives a Google campaign a target (the zone's county at least), so this is checked on a
    /// campaign whose targets were taken away: the rule guards the model, not today's files.
    @Test func noGeoTargeting() throws {
        let library = Fixture.library(Self.compliant)
        var campaigns = library.campaigns
        let i = try #require(campaigns.firstIndex { $0.key.platform == .googleAds })
        #expect(AdGrantsRules.check(campaigns, workspace: library.workspace, templates: library.workspace.templates, config: library.workspace.config!) == [])
        campaigns[i].geo = []
        let rendered = AdGrantsRules.check(campaigns, workspace: library.workspace, templates: library.workspace.templates, config: library.workspace.config!)
            .map(\.rendered)
        #expect(rendered == [
            "Campaigns/zones/fl-hillsborough.yaml:5:5: error: fl-hillsborough/deterrence-search/google_ads has no geo targeting; a Google Ad Grants campaign must target the locations it serves\n    hint: list the areas it should reach under geo: in this zone, e.g. - county: \"12057\"",
        ])
    }

    @Test func nonGrantAccountNeverGetsThem() {
        // Every rule's trigger at once, on the fixture's ordinary Google account.
        var changes = Self.compliant
        changes["tfz.yaml"] = Fixture.files["tfz.yaml"]
        changes["Campaigns/templates/base.yaml"] = (Self.compliant["Campaigns/templates/base.yaml"]!!).replacingOccurrences(of: "[buyers, hotel-searches]", with: "[buyers]")
        changes["Campaigns/templates/deterrence-search.yaml"] = (Self.compliant["Campaigns/templates/deterrence-search.yaml"]!!)
            .replacingOccurrences(of: "[deterrence/arrest, deterrence/minors]", with: "[deterrence/arrest]")
            .replacingOccurrences(of: "bid_ceiling: 2.00", with: "bid_ceiling: 3.00")
        changes["Campaigns/keywords/buyers.txt"] = "escorts near me\nescorts\n"
        let library = Fixture.library(changes)
        #expect(library.diagnostics.map(\.rendered) == [])
        var campaigns = library.campaigns
        for i in campaigns.indices { campaigns[i].geo = [] }
        #expect(AdGrantsRules.check(campaigns, workspace: library.workspace, templates: library.workspace.templates, config: library.workspace.config!) == [])
        // The same files on the grant account: every rule but the geo one fires.
        changes["tfz.yaml"] = Self.grantConfig
        #expect(Set(Fixture.library(changes).diagnostics.map(\.code)) == ["grant-bid-limit", "grant-single-word-keyword", "grant-ad-groups"])
    }

    @Test func shippedSampleHasNoGrantDiagnostics() throws {
        let library = Library.build(try SampleWorkspace.files())
        #expect(library.diagnostics.map(\.rendered) == [])
        #expect(library.workspace.config?.accounts.contains(where: \.grant) == false)
    }

    @Test func organizationWordsMayStandAlone() {
        #expect(AdGrantsRules.allowedSingleWords(organization: "TraffickingFree Zone Florida (sample)") == ["traffickingfree", "zone", "florida", "sample"])
        #expect(!AdGrantsRules.isSingleWord("traffickingfree", ["traffickingfree"]))
        #expect(AdGrantsRules.isSingleWord("escorts", ["traffickingfree"]))
        #expect(!AdGrantsRules.isSingleWord("escorts near me", []))
    }

    /// Each grant code is in the rules table of docs/campaign-files.md as an error.
    @Test(arguments: ["grant-bid-limit", "grant-single-word-keyword", "grant-geo-required", "grant-ad-groups"])
    func documented(_ code: String) throws {
        let text = try String(contentsOf: SampleWorkspace.root.appendingPathComponent("docs/campaign-files.md"), encoding: .utf8)
        let row = text.split(separator: "\n").first { $0.hasPrefix("| `\(code)`") }
        #expect(row?.contains("| error |") == true, "no rules-table row for \(code) with severity error")
    }
}
