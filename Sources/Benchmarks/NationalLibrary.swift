import CampaignKit
import Foundation

/// A generated campaign library the size of a national program: every county in the 50 states and DC, each running
/// three search templates on both Google Ads and Microsoft Advertising and one social template on Meta and Reddit
/// (tfz.yaml has an account on each).
struct NationalLibrary {
    var files: [SourceFile]
    var otherPaths: Set<String>
    var zones: Int

    var bytes: Int { files.reduce(0) { $0 + $1.contents.utf8.count } }

    /// The social creative's image (the file itself is the sample's, written by the benchmarks that upload it).
    static let imagePath = "Creative/images/signs.png"

    static func generate(zoneLimit: Int?, keywordsPerList: Int) -> NationalLibrary {
        var files: [SourceFile] = []
        files.append(SourceFile(path: "tfz.yaml", contents: """
            version: 1
            organization: National benchmark
            currency: USD
            time_zone: America/New_York
            accounts:
              - {name: google-main, platform: google_ads, account_id: "1234567890", endpoint: sandbox, credentials: "env:TFZ_GOOGLE_ADS"}
              - {name: microsoft-main, platform: microsoft_ads, account_id: "180000001", endpoint: sandbox, credentials: "env:TFZ_MICROSOFT_ADS"}
              - {name: meta-main, platform: meta, account_id: "act_100000000000001", page_id: "100000000000002", endpoint: sandbox, credentials: "env:TFZ_META"}
              - {name: reddit-main, platform: reddit, account_id: "a2_sample01", endpoint: sandbox, credentials: "env:TFZ_REDDIT"}
            guardrails: {max_daily_budget_per_campaign: 150.00, monthly_cap: 2000000}

            """))
        let words = ["escort", "companion", "hourly", "rates", "near", "me", "tonight", "late", "night", "massage", "date", "sugar",
                     "arrangement", "outcall", "incall", "discreet", "meet", "local", "adult", "services", "hire", "cheap", "real", "verified"]
        for (list, salt) in [("buyers-a", 1), ("buyers-b", 7), ("help", 13)] {
            var lines = ["# generated \(list)"]
            var seen = Set<String>()
            var i = 0
            while lines.count <= keywordsPerList {
                let n = 2 + (i + salt) % 4
                let text = (0..<n).map { words[(i * 7 + $0 * 11 + salt * 3 + i / 24) % words.count] }.joined(separator: " ") + " \(list.prefix(1))\(i)"
                i += 1
                guard seen.insert(text).inserted else { continue }
                lines.append(i % 3 == 0 ? "[\(text)]" : i % 3 == 1 ? "\"\(text)\"" : text)
            }
            files.append(SourceFile(path: "Campaigns/keywords/\(list).txt", contents: lines.joined(separator: "\n") + "\n"))
        }
        files.append(SourceFile(path: "Campaigns/keywords/negatives.txt", contents: "ford escort\nescort mission\njobs\nhiring\nlyrics\n"))
        // Three search templates, each on Google Ads and Microsoft Advertising: every zone runs six campaigns.
        files.append(SourceFile(path: "Campaigns/templates/deterrence-a.yaml", contents: """
            purpose: deterrence
            audience: buyers
            channels: [{platform: google_ads}, {platform: microsoft_ads}]
            keywords: {lists: [buyers-a], match_type: phrase, negatives: [negatives]}
            creative: [deterrence/arrest]
            landing_page: https://example.org/stop/{zone}?utm_source={platform}&utm_campaign={template}
            dayparts:
              - {days: every_day, from: "18:00", to: "24:00"}
              - {days: every_day, from: "00:00", to: "03:00"}
            budget: {daily: 20.00}
            bid_ceiling: 2.00

            """))
        files.append(SourceFile(path: "Campaigns/templates/deterrence-b.yaml", contents: """
            purpose: deterrence
            audience: buyers
            channels: [{platform: google_ads}, {platform: microsoft_ads}]
            keywords: {lists: [buyers-b], negatives: [negatives]}
            creative: [deterrence/arrest]
            landing_page: https://example.org/stop/{zone}?utm_source={platform}
            budget: {daily: 10.00}

            """))
        files.append(SourceFile(path: "Campaigns/templates/outreach.yaml", contents: """
            purpose: outreach
            audience: people_at_risk
            channels: [{platform: google_ads}, {platform: microsoft_ads}]
            keywords: {lists: [help], negatives: [negatives]}
            creative: [outreach/help]
            landing_page: https://example.org/help/{zone}?utm_source={platform}
            budget: {daily: 15.00}

            """))
        // Public education on social platforms: Meta by interests (its geography: each county's ZIP codes), Reddit by keywords.
        files.append(SourceFile(path: "Campaigns/templates/social.yaml", contents: """
            purpose: education
            audience: general_public
            channels:
              - {platform: meta, trigger: interests, interests: ["Social issues", "Community issues"]}
              - {platform: reddit, trigger: keywords}
            keywords: {lists: [help]}
            creative: [education/signs]
            landing_page: https://example.org/learn/{zone}?utm_source={platform}
            budget: {daily: 12.00}

            """))
        files.append(SourceFile(path: "Creative/education/signs.yaml", contents: """
            purpose: education
            social:
              primary_text: "Buying sex fuels human trafficking here. Learn the signs. To report, call 1-888-373-7888 or text 233733."
              headline: Learn the Signs of Human Trafficking
              description: Confidential hotline, 24/7
              image: images/signs.png
              call_to_action: LEARN_MORE
            hotline: {phone: 1-888-373-7888, sms: "233733"}

            """))
        files.append(SourceFile(path: "Creative/deterrence/arrest.yaml", contents: """
            purpose: deterrence
            search:
              headlines: [Buying Sex Is a Crime, Buyers Are Arrested Here, She Could Be a Minor, Get Help to Stop Buying Sex]
              descriptions: [Police arrest sex buyers in this county. Get confidential help to stop., Many people sold for sex are children. Think before you act.]
              path1: stop

            """))
        files.append(SourceFile(path: "Creative/outreach/help.yaml", contents: """
            purpose: outreach
            search:
              headlines: [Help Is Available 24/7, Free and Confidential Help, You Deserve to Be Safe]
              descriptions: [Call or text the National Human Trafficking Hotline any time., Advocates listen and help you find safety in many languages.]
            hotline: {phone: 1-888-373-7888, sms: "233733"}

            """))
        var zones = 0
        for county in USCounties.all where Int(county.fips.prefix(2))! <= 56 {
            if let zoneLimit, zones >= zoneLimit { break }
            zones += 1
            let state = county.name.suffix(2).lowercased()
            let id = "\(state)-\(county.fips)"
            let name = county.name.replacingOccurrences(of: "\"", with: "")
            var text = """
                name: "\(name)"
                county: "\(county.fips)"
                time_zone: \(USZipCodes.usualTimeZone(county: county.fips) ?? "America/New_York")
                partners: ["\(name) Sheriff's Office"]
                campaigns:
                  - template: deterrence-a

                """
            if zones % 10 == 0 {
                text += "    budget: {daily: 35.00}\n    flight: {start: 2027-01-01, end: 2027-12-31}\n"
            }
            if zones % 25 == 0 {
                text += "    keywords:\n      add: [\"escorts \(id)\", \"[companion \(id)]\"]\n      negatives_add: [\"\(id) football\"]\n"
            }
            text += "  - template: deterrence-b\n  - template: outreach\n  - template: social\n"
            // Meta targets a county by its ZIP codes: a county the ZIP data has none for runs on Reddit only.
            if USZipCodes.zipCodes(county: county.fips).isEmpty { text += "    platforms: [reddit]\n" }
            files.append(SourceFile(path: "Campaigns/zones/\(id).yaml", contents: text))
        }
        return NationalLibrary(files: files, otherPaths: [Self.imagePath], zones: zones)
    }

    func write(to dir: URL) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: dir)
        for file in files {
            let url = dir.appendingPathComponent(file.path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
        // The social creative's image, so that the files on disk validate as they do in memory.
        let image = dir.appendingPathComponent(Self.imagePath)
        try fm.createDirectory(at: image.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.copyItem(at: LaunchBenchmark.sampleRoot().appendingPathComponent("Creative/images/know-the-signs.png"), to: image)
    }
}
