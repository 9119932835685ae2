import Testing
@testable import CampaignKit

@Suite struct ExpansionTests {
    @Test func keysAreZoneTemplatePlatform() {
        let library = Fixture.library()
        #expect(library.campaigns.map(\.key.description).sorted() == [
            "fl-hillsborough/deterrence-search/google_ads",
            "fl-hillsborough/social/meta",
        ])
        #expect(CampaignKey("fl-hillsborough/deterrence-search/google_ads")?.platform == .googleAds)
        #expect(CampaignKey("fl-hillsborough/deterrence-search/tiktok") == nil)
    }

    @Test func templateValuesZoneOverridesAndPlaceholders() throws {
        let c = try #require(Fixture.library().campaigns.first { $0.key.platform == .googleAds })
        #expect(c.dailyBudget == Money(parsing: "30.00"))          // zone override
        #expect(c.bidCeiling == Money(parsing: "2"))               // template
        #expect(c.landingPage == "https://example.org/stop/fl-hillsborough?utm_source=google_ads")
        #expect(c.flight == Flight(start: CalendarDate(year: 2027, month: 1, day: 1), end: CalendarDate(year: 2027, month: 12, day: 31)))
        #expect(c.dayparts == [Daypart(days: Weekday.allCases, fromMinute: 18 * 60, toMinute: 24 * 60)])
        #expect(c.geo == [.county(fips: "12057"), .postalCodes(["33602"])])
        #expect(c.account.name == "google-main")
        // Keyword list notation: plain takes the template's match type, "quoted" phrase, [bracketed] exact.
        #expect(c.adGroups == [AdGroup(name: "buyers", keywords: [
            Keyword(text: "escorts near me", matchType: .phrase), Keyword(text: "buy sex", matchType: .phrase),
            Keyword(text: "hourly rates", matchType: .exact),
        ])])
        #expect(c.negatives == [Keyword(text: "ford escort", matchType: .phrase)])
        #expect(c.ads.map(\.creative) == ["deterrence/arrest"])
        #expect(c.ads[0].headlines.count == 3)
    }

    @Test func socialCampaignDropsCountyAndKeywords() throws {
        let c = try #require(Fixture.library().campaigns.first { $0.key.platform == .meta })
        #expect(c.geo == [.postalCodes(["33602"])])              // Meta cannot target a county
        #expect(c.trigger == .interests)
        #expect(c.adGroups == [AdGroup(name: "interests", keywords: [])])
        #expect(c.ads.first?.image == "Creative/images/signs.png")
        #expect(c.flight == nil)
    }

    @Test func zoneAddsRemovesAndRestrictsPlatforms() throws {
        let zone = """
            name: Hillsborough County, FL
            county: "12057"
            geo: [{county: "12057"}, {postal_codes: ["33602"]}]
            campaigns:
              - template: deterrence-search
                status: paused
                flight: {end: 2027-06-30}
                keywords:
                  add: ["tampa escorts", "[escorts tampa bay]"]
                  remove: ["buy sex"]
                  negatives_add: ["lightning"]
              - template: social
                platforms: [meta]
            """
        let library = Fixture.library(["Campaigns/zones/fl-hillsborough.yaml": zone])
        #expect(library.diagnostics.map(\.rendered) == [])
        let c = try #require(library.campaigns.first { $0.key.platform == .googleAds })
        #expect(c.status == .paused)
        #expect(c.flight == Flight(start: CalendarDate(year: 2027, month: 1, day: 1), end: CalendarDate(year: 2027, month: 6, day: 30)))
        #expect(c.adGroups.map(\.name) == ["buyers", "fl-hillsborough-local"])
        #expect(c.adGroups[0].keywords.map(\.text) == ["escorts near me", "hourly rates"])
        #expect(c.adGroups[1].keywords == [Keyword(text: "tampa escorts", matchType: .phrase), Keyword(text: "escorts tampa bay", matchType: .exact)])
        #expect(c.negatives.map(\.notation) == ["\"ford escort\"", "\"lightning\""])
        #expect(c.keywordCount == 4)
    }

    @Test func extendsFillsFromParentAndChildWins() throws {
        let library = Fixture.library(["Campaigns/templates/base.yaml": """
            channels:
              - platform: google_ads
            keywords:
              lists: [buyers]
              match_type: exact
              negatives: [negatives]
            budget: {daily: 5}
            """])
        let c = try #require(library.campaigns.first { $0.key.platform == .googleAds })
        #expect(c.adGroups[0].keywords.map(\.matchType) == [.exact, .phrase, .exact])   // "quoted" stays phrase
        #expect(c.dailyBudget == Money(parsing: "30"))                                   // zone > child > parent
    }

    @Test func moneyIsExact() {
        #expect(Money(parsing: "25.00")?.micros == 25_000_000)
        #expect(Money(parsing: "0.1")?.micros == 100_000)
        #expect(Money(parsing: "19.99")?.description == "19.99")
        #expect(Money(parsing: "1.000001")?.micros == 1_000_001)
        for bad in ["", ".5", "5.", "-1", "1e3", "1,000", "$5", "1.0000001", "99999999999999"] {
            #expect(Money(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func datesAreReal() {
        #expect(CalendarDate(parsing: "2028-02-29") != nil)
        #expect(CalendarDate(parsing: "2027-02-29") == nil)
        #expect(CalendarDate(parsing: "2027-13-01") == nil)
        #expect(CalendarDate(parsing: "27-01-01") == nil)
    }

    @Test func phoneNumbers() {
        #expect(PhoneNumbers.isWellFormedPhone("1-888-373-7888"))
        #expect(PhoneNumbers.isWellFormedPhone("(888) 373-7888"))
        #expect(!PhoneNumbers.isWellFormedPhone("1-888-373-788"))
        #expect(!PhoneNumbers.isWellFormedPhone("1-088-373-7888"))
        #expect(PhoneNumbers.find(in: "Text 233733 24/7. Call 1-888-373-7888.").map(\.text) == ["1-888-373-7888"])
        #expect(PhoneNumbers.find(in: "Call 888-37-7888 now").map(\.wellFormed) == [false])
    }
}
