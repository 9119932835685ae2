import CampaignKit

/// A one-zone workspace with a deterrence search campaign on Google Ads, built through the real loader.
enum GoogleAdsFixture {
    static func files(keywords: Int = 3, zones: Int = 1) -> WorkspaceFiles {
        var files = [
            SourceFile(path: "tfz.yaml", contents: """
                version: 1
                organization: Test
                currency: USD
                time_zone: America/New_York
                accounts:
                  - {name: google-main, platform: google_ads, account_id: "1234567890", endpoint: sandbox, credentials: "env:TFZ_GOOGLE_ADS"}
                """),
            SourceFile(path: "Campaigns/templates/deterrence.yaml", contents: """
                purpose: deterrence
                audience: buyers
                channels: [{platform: google_ads}]
                keywords: {lists: [buyers], negatives: [negatives]}
                creative: [deterrence/arrest]
                landing_page: https://example.org/stop/{zone}
                dayparts: [{days: [fri, sat], from: "18:00", to: "24:00"}]
                budget: {daily: 25.00}
                bid_ceiling: 2.00
                flight: {start: 2027-01-01, end: 2027-12-31}
                """),
            SourceFile(path: "Campaigns/keywords/buyers.txt", contents: (0..<keywords).map { "\"escort service \($0)\"" }.joined(separator: "\n")),
            SourceFile(path: "Campaigns/keywords/negatives.txt", contents: "ford escort\n"),
            SourceFile(path: "Creative/deterrence/arrest.yaml", contents: """
                purpose: deterrence
                search:
                  headlines: [Buying Sex Is a Crime, Buyers Are Arrested Here, She Could Be a Minor]
                  descriptions: [Police arrest sex buyers in this county., Many people sold for sex are children.]
                  path1: stop
                """),
        ]
        for i in 0..<zones {
            files.append(SourceFile(path: "Campaigns/zones/fl-zone\(i).yaml", contents: """
                name: Hillsborough County, FL
                county: "12057"
                geo: [{county: "12057"}, {radius: {latitude: 27.95, longitude: -82.45, miles: 10}}]
                campaigns: [{template: deterrence}]
                """))
        }
        return WorkspaceFiles(files: files)
    }

    static func campaigns(keywords: Int = 3, zones: Int = 1) -> [Campaign] {
        let library = Library.build(files(keywords: keywords, zones: zones))
        precondition(library.diagnostics.filter { $0.severity == .error }.isEmpty, library.diagnostics.map(\.rendered).joined(separator: "\n"))
        return library.campaigns
    }
}
