@testable import CampaignKit

/// A small valid workspace held in memory; tests replace one file at a time and read the diagnostics.
enum Fixture {
    static let files: [String: String] = [
        "tfz.yaml": """
            version: 1
            organization: Test Zone Program
            currency: USD
            time_zone: America/New_York
            accounts:
              - name: google-main
                platform: google_ads
                account_id: "1234567890"
                endpoint: sandbox
                credentials: env:TFZ_GOOGLE_ADS
              - name: meta-main
                platform: meta
                account_id: act_1001
                credentials: env:TFZ_META
            guardrails:
              max_daily_budget_per_campaign: 100.00
              monthly_cap: 5000
            """,
        "Campaigns/zones/fl-hillsborough.yaml": """
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
            """,
        "Campaigns/templates/base.yaml": """
            channels:
              - platform: google_ads
            keywords:
              lists: [buyers]
              match_type: phrase
              negatives: [negatives]
            """,
        "Campaigns/templates/deterrence-search.yaml": """
            extends: base
            purpose: deterrence
            audience: buyers
            creative: deterrence/arrest
            landing_page: https://example.org/stop/{zone}?utm_source={platform}
            budget: {daily: 20.00}
            bid_ceiling: 2.00
            dayparts:
              - days: every_day
                from: "18:00"
                to: "24:00"
            flight: {start: 2027-01-01, end: 2027-12-31}
            """,
        "Campaigns/templates/social.yaml": """
            purpose: education
            audience: general_public
            channels:
              - platform: meta
                trigger: interests
                interests: [Social issues]
            creative: [education/signs]
            landing_page: https://example.org/learn/{zone}
            budget: {daily: 10}
            """,
        "Campaigns/keywords/buyers.txt": """
            # buyer searches
            escorts near me
            "buy sex"
            [hourly rates]
            """,
        "Campaigns/keywords/negatives.txt": """
            ford escort
            """,
        "Creative/deterrence/arrest.yaml": """
            purpose: deterrence
            search:
              headlines:
                - Buying Sex Is a Crime
                - Buyers Are Arrested Here
                - She Could Be a Minor
              descriptions:
                - Police arrest sex buyers in this county. Get help to stop.
                - Many people sold for sex are children. Think before you act.
              path1: stop
            """,
        "Creative/education/signs.yaml": """
            purpose: education
            social:
              primary_text: Learn the signs of trafficking in our county.
              headline: Know the Signs
              image: images/signs.png
              call_to_action: LEARN_MORE
            hotline: {phone: 1-888-373-7888, sms: "233733"}
            """,
    ]

    static let otherPaths: Set<String> = ["Creative/images/signs.png"]

    /// The fixture with some files replaced (a nil value deletes the file).
    static func library(_ changes: [String: String?] = [:]) -> Library {
        var all = files
        for (path, text) in changes { all[path] = text }
        let sources = all.compactMap { SourceFile(path: $0.key, contents: $0.value) }.sorted { $0.path < $1.path }
        return Library.build(WorkspaceFiles(files: sources, otherPaths: otherPaths))
    }

    /// Rendered diagnostics of the fixture with changes.
    static func diagnostics(_ changes: [String: String?]) -> [String] {
        library(changes).diagnostics.map(\.rendered)
    }
}
