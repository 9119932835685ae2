import Testing
@testable import CampaignKit

/// The ZIP data shipped with tfz, county → ZIPs for Meta, radius minimums and the county's time zone.
/// Figures pinned here were counted from ../shared/data/us-zip-codes.csv with a one-off Python count
/// (type standard, active true, by county_fips), not from the generated table.
@Suite struct SocialGeoTests {
    static func zone(county: String = "12057", timeZone: String? = "America/New_York", geo: String? = nil) -> String {
        var text = "name: Hillsborough County, FL\ncounty: \"\(county)\"\n"
        if let timeZone { text += "time_zone: \(timeZone)\n" }
        if let geo { text += "geo:\n\(geo)" }
        return text + "campaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n"
    }

    static let zonePath = "Campaigns/zones/fl-hillsborough.yaml"

    // MARK: the data

    @Test func generatedTableMatchesTheCSVForKnownCounties() {
        let hillsborough = USZipCodes.zipCodes(county: "12057")
        #expect(hillsborough.count == 51)
        #expect(Array(hillsborough.prefix(6)) == ["33510", "33511", "33527", "33534", "33547", "33548"])
        #expect(hillsborough == hillsborough.sorted())
        #expect(!hillsborough.contains("33601"))              // a PO box ZIP of Tampa: not a standard ZIP
        #expect(USZipCodes.zipCodes(county: "12103").count == 47)
        #expect(Array(USZipCodes.zipCodes(county: "06037").prefix(4)) == ["90001", "90002", "90003", "90004"])
        #expect(USZipCodes.zipCodes(county: "06037").count == 287)
        #expect(USZipCodes.zipCodes(county: "17031").count == 165)
        #expect(USZipCodes.zipCodes(county: "02013") == [])     // Aleutians East Borough: PO box ZIPs only
        #expect(USZipCodes.zipCodes(county: "99999") == [])
        #expect(USZipCodes.byFIPS.values.reduce(0) { $0 + $1.zipCodes.count } == 29_789)
        #expect(USZipCodes.byFIPS.count == 3_216)
    }

    @Test func usualTimeZoneIsTheOneMostZIPsHave() {
        #expect(USZipCodes.usualTimeZone(county: "12057") == "America/New_York")
        #expect(USZipCodes.usualTimeZone(county: "17031") == "America/Chicago")
        #expect(!USZipCodes.spansTimeZones(county: "12057"))
        // Gulf County, FL: 2 ZIPs on Eastern time, 1 on Central.
        #expect(USZipCodes.timeZones(county: "12045") == ["America/New_York", "America/Chicago"])
        #expect(USZipCodes.spansTimeZones(county: "12045"))
        // Aleutians East: no standard ZIP, but its PO box ZIPs still give its time zone (4 Nome, 1 Anchorage).
        #expect(USZipCodes.timeZones(county: "02013") == ["America/Nome", "America/Anchorage"])
        #expect(USZipCodes.usualTimeZone(county: "99999") == nil)
        #expect(USZipCodes.byFIPS.values.filter { $0.timeZones.count > 1 }.count == 25)
    }

    // MARK: resolution

    @Test func countyBecomesItsZIPsForMeta() {
        let r = GeoRules.resolve([.county(fips: "12057")], for: .meta)
        #expect(r.targets == [.postalCodes(USZipCodes.zipCodes(county: "12057"))])
        #expect(r.note == "county 12057 → 51 ZIP codes (33510, 33511, 33527, …); county → ZIP is an approximation: a ZIP that crosses a county line is counted in one county")
        #expect(r.countiesWithoutZIPs == [])
    }

    @Test func zoneWithItsOwnMetaGeoIsNotExpanded() {
        let radius = GeoTarget.radius(latitudeMicros: 27_950_600, longitudeMicros: -82_457_200, distance: 10, unit: .miles)
        for own in [GeoTarget.postalCodes(["33602"]), radius, .native(platform: .meta, ids: ["2421836"])] {
            let r = GeoRules.resolve([.county(fips: "12057"), own], for: .meta)
            #expect(r.targets == [own])
            #expect(r.note == "the zone's own geo is used for Meta; county 12057 is not expanded to ZIP codes")
        }
        // Another platform's ids are not Meta-ready: the county is expanded.
        let google = GeoRules.resolve([.county(fips: "12057"), .native(platform: .googleAds, ids: ["1015116"])], for: .meta)
        #expect(google.targets == [.postalCodes(USZipCodes.zipCodes(county: "12057"))])
    }

    @Test func searchPlatformsKeepTheCountyAndRedditTargetsItsState() {
        #expect(GeoRules.resolve([.county(fips: "12057")], for: .googleAds) == ResolvedGeo(targets: [.county(fips: "12057")]))
        // Reddit has no county or ZIP targeting in its reference: the county's state, unless the zone gives Reddit ids.
        #expect(GeoRules.resolve([.county(fips: "12057")], for: .reddit) == ResolvedGeo(
            targets: [.native(platform: .reddit, ids: ["US-FL"])],
            note: "county 12057 → US-FL: Reddit targets no county or ZIP code, so the whole state is targeted"))
        #expect(GeoRules.resolve([.county(fips: "12057"), .postalCodes(["33602"])], for: .reddit).targets == [.native(platform: .reddit, ids: ["US-FL"])])
        let own = GeoTarget.native(platform: .reddit, ids: ["US-GA"])
        #expect(GeoRules.resolve([.county(fips: "12057"), own], for: .reddit).targets == [own])
        #expect(GeoRules.resolve([.county(fips: "02013")], for: .meta) == ResolvedGeo(targets: [], countiesWithoutZIPs: ["02013"]))
    }

    @Test func countyOnlyZoneIsPlannedForMetaWithItsZIPs() throws {
        let library = Fixture.library([Self.zonePath: Self.zone()])
        #expect(library.diagnostics.map(\.rendered) == [])
        let meta = try #require(library.campaigns.first { $0.key.platform == .meta })
        #expect(meta.geo == [.postalCodes(USZipCodes.zipCodes(county: "12057"))])
        let google = try #require(library.campaigns.first { $0.key.platform == .googleAds })
        #expect(google.geo == [.county(fips: "12057")] && google.geoNote == nil)
        let plan = Planner.plan(library.campaigns, remote: RemoteState(), organization: "Test", currency: "USD")
        let text = PlanRenderer.text(plan, stateNote: "Known remote state: none.", detail: true)
        #expect(text.contains("""
                    geo: postal codes 33510,33511,33527 and 48 more
                    geo used: county 12057 → 51 ZIP codes (33510, 33511, 33527, …); county → ZIP is an approximation: a ZIP that crosses a county line is counted in one county

            """))
    }

    // MARK: located errors and warnings

    @Test func halfMileRadiusIsBelowEveryPlatformsMinimum() {
        let geo = "  - county: \"12057\"\n  - radius: {latitude: 27.9506, longitude: -82.4572, miles: 0.5}\n"
        #expect(Fixture.diagnostics([Self.zonePath: Self.zone(geo: geo)]) == [
            "Campaigns/zones/fl-hillsborough.yaml:6:61: error: a radius of 0.5 miles is below Google Ads's minimum of 1 mile or 1 km (tfz sends whole miles or km), so fl-hillsborough/deterrence-search/google_ads cannot use it\n    hint: write miles: 1 or more, or give postal_codes for a smaller area",
            "Campaigns/zones/fl-hillsborough.yaml:6:61: error: a radius of 0.5 miles is below Meta's minimum of 1 mile (1.6 km), so fl-hillsborough/social/meta cannot use it\n    hint: write miles: 1 or more, or give postal_codes for a smaller area",
        ])
    }

    @Test func halfMileRadiusForMetaOnly() {
        let geo = "  - radius: {latitude: 27.9506, longitude: -82.4572, miles: 0.5}\n"
        let zone = Self.zone(geo: geo).replacingAll("  - template: deterrence-search\n    budget: {daily: 30.00}\n", "")
        #expect(Fixture.diagnostics([Self.zonePath: zone]) == [
            "Campaigns/zones/fl-hillsborough.yaml:5:61: error: a radius of 0.5 miles is below Meta's minimum of 1 mile (1.6 km), so fl-hillsborough/social/meta cannot use it\n    hint: write miles: 1 or more, or give postal_codes for a smaller area",
        ])
    }

    @Test func oneKilometreIsTooSmallForMetaOnly() {
        let geo = "  - county: \"12057\"\n  - radius: {latitude: 27.9506, longitude: -82.4572, km: 1}\n"
        #expect(Fixture.diagnostics([Self.zonePath: Self.zone(geo: geo)]) == [
            "Campaigns/zones/fl-hillsborough.yaml:6:58: error: a radius of 1 km is below Meta's minimum of 1 mile (1.6 km), so fl-hillsborough/social/meta cannot use it\n    hint: write miles: 1 or more, or give postal_codes for a smaller area",
        ])
        let two = "  - county: \"12057\"\n  - radius: {latitude: 27.9506, longitude: -82.4572, km: 2}\n"
        #expect(Fixture.diagnostics([Self.zonePath: Self.zone(geo: two)]) == [])
    }

    @Test func fractionalRadiusAboveOneMustBeWhole() {
        let geo = "  - county: \"12057\"\n  - radius: {latitude: 27.9506, longitude: -82.4572, miles: 1.5}\n"
        #expect(Fixture.diagnostics([Self.zonePath: Self.zone(geo: geo)]) == [
            "Campaigns/zones/fl-hillsborough.yaml:6:61: error: radius must be a whole number of miles between 1 and 500, not 1.5\n    hint: the search platforms take whole miles or km; for a smaller area give postal_codes",
        ])
    }

    @Test func countyWithoutStandardZIPsIsAnErrorForMeta() {
        let zone = Self.zone(county: "02013", timeZone: "America/Nome").replacingAll("Hillsborough County, FL", "Aleutians East Borough, AK")
        #expect(Fixture.diagnostics([Self.zonePath: zone]) == [
            "Campaigns/zones/fl-hillsborough.yaml:2:9: error: Meta cannot target a county, and county 02013 (Aleutians East Borough, AK) has no standard, active ZIP code to target instead; zone 'fl-hillsborough' needs postal_codes, a radius or native ids in geo: to run fl-hillsborough/social/meta\n    hint: for example: geo: [{county: \"02013\"}, {radius: {latitude: …, longitude: …, miles: 10}}]",
        ])
    }

    @Test func timeZoneThatIsNotTheCountysIsAWarning() {
        #expect(Fixture.diagnostics([Self.zonePath: Self.zone(timeZone: "America/Chicago", geo: "  - postal_codes: [\"33602\"]\n")]) == [
            "Campaigns/zones/fl-hillsborough.yaml:3:12: warning: time_zone America/Chicago differs from Hillsborough County, FL's time zone America/New_York (from its ZIP codes); dayparts and flight dates would follow the wrong clock\n    hint: write time_zone: America/New_York",
        ])
        // The same clock under another name is not a mismatch.
        #expect(Fixture.diagnostics([Self.zonePath: Self.zone(timeZone: "America/Detroit", geo: "  - postal_codes: [\"33602\"]\n")]) == [])
    }

    @Test func countySpanningTwoZonesAcceptsEither() {
        func gulf(_ tz: String) -> [String] {
            let zone = Self.zone(county: "12045", timeZone: tz, geo: "  - postal_codes: [\"32456\"]\n").replacingAll("Hillsborough County", "Gulf County")
            return Fixture.diagnostics([Self.zonePath: zone])
        }
        #expect(gulf("America/New_York") == [])
        #expect(gulf("America/Chicago") == [])
        #expect(gulf("America/Denver") == [
            "Campaigns/zones/fl-hillsborough.yaml:3:12: warning: time_zone America/Denver is not one of Gulf County, FL's time zones: it spans America/New_York (most of its ZIP codes) and America/Chicago; dayparts and flight dates would follow the wrong clock\n    hint: write time_zone: America/New_York, or the zone of the part of the county this zone covers",
        ])
    }

    @Test func zoneWithoutTimeZoneIsCheckedWithTheWorkspaces() {
        let zone = Self.zone(county: "17031", timeZone: nil, geo: "  - postal_codes: [\"60601\"]\n").replacingAll("Hillsborough County, FL", "Cook County, IL")
        #expect(Fixture.diagnostics([Self.zonePath: zone]) == [
            "Campaigns/zones/fl-hillsborough.yaml:2:9: warning: this zone has no time_zone:, so it follows the workspace's America/New_York, which is not Cook County, IL's time zone America/Chicago; dayparts and flight dates would follow the wrong clock\n    hint: add time_zone: America/Chicago to this zone",
        ])
    }
}

/// `special_ad_categories` and the "Paid for by" disclaimer on a Meta channel.
@Suite struct SpecialAdsTests {
    static let path = "Campaigns/templates/social.yaml"

    static func template(_ extra: String, platform: String = "meta") -> String {
        """
        purpose: education
        audience: general_public
        channels:
          - platform: \(platform)
            trigger: interests
            interests: [Social issues]
        \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        creative: [education/signs]
        landing_page: https://example.org/learn/{zone}
        budget: {daily: 10}
        """
    }

    /// Dayparts on a template with a Meta channel: Meta schedules ads only with a lifetime budget, so they are not sent
    /// and the operator is told where.
    @Test func daypartsOnAMetaChannelAreAWarningAtTheTemplate() throws {
        let text = Self.template("") + "\ndayparts:\n  - {days: every_day, from: \"18:00\", to: \"24:00\"}\n"
        let library = Fixture.library([Self.path: text])
        let warnings = library.diagnostics.filter { $0.code == "meta-dayparts-not-sent" }
        #expect(warnings.count == 1 && warnings[0].severity == .warning, "\(library.diagnostics.map(\.rendered))")
        #expect(warnings.first?.rendered.hasPrefix("Campaigns/templates/social.yaml:12:") == true, "\(warnings.map(\.rendered))")
        #expect(Fixture.library([Self.path: Self.template("")]).diagnostics.allSatisfy { $0.code != "meta-dayparts-not-sent" })
    }

    @Test func socialIssueChannelWithDisclaimerIsCarriedToTheCampaign() throws {
        let library = Fixture.library([Self.path: Self.template("special_ad_categories: [ISSUES_ELECTIONS_POLITICS]\nspecial_ad_category_country: [US]\npaid_for_by: Test Zone Program")])
        #expect(library.diagnostics.map(\.rendered) == [])
        let meta = try #require(library.campaigns.first { $0.key.platform == .meta })
        #expect(meta.specialAds == SpecialAdSettings(categories: [.ISSUES_ELECTIONS_POLITICS], countries: ["US"], authorizationCategory: .POLITICAL,
                                                     paidForBy: "Test Zone Program"))
        #expect(meta.socialIssueRefusal == "Meta refused fl-hillsborough/social/meta (run by Campaigns/zones/fl-hillsborough.yaml:10:5) as an ad about social issues, elections or politics. The campaign is already marked ISSUES_ELECTIONS_POLITICS with a \"Paid for by\" disclaimer in Campaigns/templates/social.yaml, so the ad account is what is missing: an admin must complete Meta's ad authorisation (identity confirmed, the account and Page authorised for ads about social issues) in Meta's Business settings, then launch again.")
        let plain = try #require(Fixture.library().campaigns.first { $0.key.platform == .meta })
        #expect(plain.specialAds == nil)
        #expect(plain.socialIssueRefusal.hasSuffix("add special_ad_categories: [ISSUES_ELECTIONS_POLITICS] and paid_for_by: to the meta channel of Campaigns/templates/social.yaml, then launch again."))
    }

    @Test func socialIssueWithoutDisclaimerIsAnError() {
        #expect(Fixture.diagnostics([Self.path: Self.template("special_ad_categories: [ISSUES_ELECTIONS_POLITICS]")]) == [
            "Campaigns/templates/social.yaml:7:28: error: Meta runs ISSUES_ELECTIONS_POLITICS ads only with a \"Paid for by\" disclaimer: add paid_for_by: to this channel\n    hint: for example: paid_for_by: TraffickingFree Zone Florida\n    hint: the ad account must also be authorised for ads about social issues in Meta's Business settings",
        ])
    }

    @Test func unknownCategoryIsABadValueWithASuggestion() {
        #expect(Fixture.diagnostics([Self.path: Self.template("special_ad_categories: [ISSUES_ELECTION_POLITICS]\npaid_for_by: Test")]) == [
            "Campaigns/templates/social.yaml:7:29: error: special_ad_categories must be one of CREDIT, EMPLOYMENT, FINANCIAL_PRODUCTS_SERVICES, HOUSING, ISSUES_ELECTIONS_POLITICS, NONE, ONLINE_GAMBLING_AND_GAMING, not 'ISSUES_ELECTION_POLITICS'\n    hint: did you mean 'ISSUES_ELECTIONS_POLITICS'?",
            "Campaigns/templates/social.yaml:8:5: warning: paid_for_by is only sent with ads about social issues; this channel's special_ad_categories has no ISSUES_ELECTIONS_POLITICS\n    hint: add ISSUES_ELECTIONS_POLITICS to special_ad_categories, or remove paid_for_by",
        ])
    }

    @Test func noneWithOthersAndBadCountries() {
        #expect(Fixture.diagnostics([Self.path: Self.template("special_ad_categories: [NONE, HOUSING]\nspecial_ad_category_country: [usa]")]) == [
            "Campaigns/templates/social.yaml:7:28: error: special_ad_categories cannot combine NONE with other categories\n    hint: write NONE alone (or leave the key out) when no category applies",
            "Campaigns/templates/social.yaml:8:35: error: special_ad_category_country takes two-letter country codes in capitals, such as US, not 'usa'",
        ])
    }

    @Test func specialAdKeysOnAnotherPlatformAreErrors() {
        let text = """
            channels:
              - platform: google_ads
                special_ad_categories: [ISSUES_ELECTIONS_POLITICS]
                paid_for_by: Test
            keywords:
              lists: [buyers]
              match_type: phrase
              negatives: [negatives]
            """
        #expect(Fixture.diagnostics(["Campaigns/templates/base.yaml": text]) == [
            "Campaigns/templates/base.yaml:3:5: error: special_ad_categories is a Meta setting; a Google Ads channel does not take it\n    hint: move it to this template's platform: meta channel, or remove it",
            "Campaigns/templates/base.yaml:4:5: error: paid_for_by is a Meta setting; a Google Ads channel does not take it\n    hint: move it to this template's platform: meta channel, or remove it",
        ])
    }

    @Test func unknownChannelKeysAreStillErrors() {
        let found = Fixture.diagnostics([Self.path: Self.template("paid_for: Test")])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("Campaigns/templates/social.yaml:7:5: error: unknown key 'paid_for' in channels[0]") == true)
    }
}

/// `page_id` on accounts: read for Meta, refused elsewhere, digits only.
@Suite struct PageIdTests {
    static func config(_ account: String) -> (WorkspaceConfig?, [Diagnostic]) {
        let yaml = "version: 1\norganization: T\ncurrency: USD\ntime_zone: America/New_York\naccounts:\n  - " + account + "\n"
        let (workspace, diagnostics) = WorkspaceLoader.load(WorkspaceFiles(files: [SourceFile(path: "tfz.yaml", contents: yaml)]))
        return (workspace.config, diagnostics)
    }

    @Test func aMetaAccountCarriesItsPage() {
        let (config, diagnostics) = Self.config(#"{name: meta-main, platform: meta, account_id: "act_1", page_id: "100200300", credentials: "env:TFZ_META"}"#)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.rendered))")
        #expect(config?.accounts.first?.pageId == "100200300")
    }

    @Test func pageIdElsewhereOrNotDigitsIsLocated() {
        let google = Self.config(#"{name: g, platform: google_ads, account_id: "1234567890", page_id: "1", credentials: "env:TFZ_G"}"#).1
        #expect(google.map(\.rendered) == ["tfz.yaml:6:72: error: page_id is for Meta accounts (the Facebook Page the ads run as); Google Ads has no pages"])
        let letters = Self.config(#"{name: m, platform: meta, account_id: "act_1", page_id: "my-page", credentials: "env:TFZ_M"}"#).1
        #expect(letters.map(\.rendered) == ["tfz.yaml:6:61: error: a Facebook Page id is digits, not 'my-page'"])
    }
}
