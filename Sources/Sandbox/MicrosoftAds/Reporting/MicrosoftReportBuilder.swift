import Foundation

/// Builds the file of a Microsoft Advertising performance report from the simulated delivery.
///
/// Rows: one per entity of the report's grain (keyword; ad; ad group; campaign; ad and final URL for
/// destination URL reports) and period of the aggregation (`Daily`, `Weekly` from Sunday,
/// `WeeklyStartingMonday`, `Monthly`, `Yearly`, `Summary`), only where the entity had impressions.
/// Figures are the keyword-day figures, restated for the three days before the sandbox's today exactly
/// as the Google module restates them (`Restatement`), summed up to the grain; ads split their ad
/// group's keyword delivery of a day across the group's ads (active ones first) with fixed per-day
/// weights, so every grain of a day adds up to the same totals.
///
/// File (CSV; TSV with tabs and no quotes): a UTF-8 byte order mark; unless `ExcludeReportHeader`, the
/// header block (`"Report Name: …"`, `"Report Time: M/d/yyyy,M/d/yyyy"`, `"Time Zone: …"`,
/// `"Last Completed Available Day: …"`, `"Last Completed Available Hour: …"`, `"Report Aggregation: …"`,
/// `"Report Filter: "`, `"Potential Incomplete Data: true|false"`, `"Rows: N"`, then an empty line); unless
/// `ExcludeColumnHeaders`, the column names (the `*ReportColumn` values, in the order requested); the
/// rows, every field quoted; unless `ExcludeReportFooter`, an empty line and
/// `"©YYYY Microsoft Corporation. All rights reserved. "`. Lines end with CRLF.
///
/// Values: ids as digits; `TimePeriod` `yyyy-MM-dd` (the period's first day; empty for Summary is not
/// possible, TimePeriod is refused with Summary); `Impressions`, `Clicks` integers; `Spend`,
/// `AverageCpc`, `AverageCpm`, `CurrentMaxCpc`, `Revenue` decimals with two places; `Ctr`,
/// `ImpressionSharePercent`, `ImpressionLostToBudgetPercent`, `ImpressionLostToRankAggPercent`,
/// `ConversionRate` as `12.34%`; `Conversions`, `AllConversions` `0`; statuses as in Campaign
/// Management (`Active`, `Paused`, `Deleted`); `CurrencyCode` `USD`. Columns the sandbox does not
/// simulate (device, quality score, labels, …) are empty strings.
struct MicrosoftReportBuilder {
    let request: SandboxJSON
    let accountIds: [String]
    let state: MicrosoftStoredState
    let seed: UInt64
    let asOfDay: Int
    let customerId: String
    let range: ClosedRange<Int>

    /// The report types the sandbox serves.
    static let servedTypes: Set<String> = [
        "KeywordPerformanceReportRequest", "AdPerformanceReportRequest", "AdGroupPerformanceReportRequest",
        "CampaignPerformanceReportRequest", "DestinationUrlPerformanceReportRequest",
    ]

    /// Columns that count as measures for "at least one measurement column" (2017).
    static let measures: Set<String> = [
        "Impressions", "Clicks", "Ctr", "AverageCpc", "Spend", "AveragePosition", "Conversions", "ConversionRate",
        "CostPerConversion", "ImpressionSharePercent", "ImpressionLostToBudgetPercent", "ImpressionLostToRankAggPercent",
        "AverageCpm", "Revenue", "ReturnOnAdSpend", "AllConversions", "AllRevenue", "Assists",
    ]

    private struct Key: Hashable {
        var account: String
        var campaign: Int64
        var adGroup: Int64 = 0
        var entity: Int64 = 0
        var url: String = ""
        var period: Int = 0
    }

    private var type: String { request["Type"]?.stringValue ?? "" }
    private var columns: [String] { (request["Columns"]?.arrayValue ?? []).compactMap(\.stringValue) }
    private var aggregation: String { request["Aggregation"]?.stringValue ?? "Summary" }

    /// The file and its number of data rows.
    func build() -> (contents: Data, rows: Int) {
        let groups = aggregate()
        let keys = groups.keys.filter { groups[$0]!.impressions > 0 }.sorted { left, right in
            (left.period, left.account, left.campaign, left.adGroup, left.entity, left.url)
                < (right.period, right.account, right.campaign, right.adGroup, right.entity, right.url)
        }
        let tsv = request["Format"]?.stringValue == "Tsv"
        func line(_ fields: [String]) -> String {
            tsv ? fields.map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t")
                : fields.map(MicrosoftCSV.quoted).joined(separator: ",")
        }
        var lines: [String] = []
        if request["ExcludeReportHeader"]?.boolValue != true {
            let name = request["ReportName"]?.stringValue ?? String(type.dropLast("Request".count))
            lines += [
                "Report Name: \(name)",
                "Report Time: \(Self.usDate(range.lowerBound)),\(Self.usDate(range.upperBound))",
                "Time Zone: \(Self.timeZoneName(request["Time"]?["ReportTimeZone"]?.stringValue))",
                "Last Completed Available Day: \(Self.usDate(asOfDay - 1)) 11:59:00 PM (GMT)",
                "Last Completed Available Hour: \(Self.usDate(asOfDay - 1)) 11:00:00 PM (GMT)",
                "Report Aggregation: \(aggregation)",
                "Report Filter: ",
                "Potential Incomplete Data: \(range.upperBound >= asOfDay - Restatement.maximumExtra.count + 1 ? "true" : "false")",
                "Rows: \(keys.count)",
            ].map { line([$0]) }
            lines.append("")
        }
        if request["ExcludeColumnHeaders"]?.boolValue != true { lines.append(line(columns)) }
        let account = accountIds.reduce(into: [String: MicrosoftStoredAccount]()) { $0[$1] = state.accounts[$1] }
        for key in keys {
            lines.append(line(columns.map { value($0, key, groups[key]!, account[key.account] ?? MicrosoftStoredAccount()) }))
        }
        if request["ExcludeReportFooter"]?.boolValue != true {
            lines.append("")
            let year = SandboxCalendar.string(asOfDay).prefix(4)
            lines.append(line(["©\(year) Microsoft Corporation. All rights reserved. "]))
        }
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
        return (data, keys.count)
    }

    // MARK: figures

    private func aggregate() -> [Key: DailyMetrics] {
        var groups: [Key: DailyMetrics] = [:]
        let scopeCampaigns = request["Scope"]?["Campaigns"]?.arrayValue.map {
            Set($0.compactMap { $0["CampaignId"]?.int64Value })
        }.flatMap { $0.isEmpty ? nil : $0 }
        let scopeAdGroups = request["Scope"]?["AdGroups"]?.arrayValue.map {
            Set($0.compactMap { $0["AdGroupId"]?.int64Value })
        }.flatMap { $0.isEmpty ? nil : $0 }
        for accountId in accountIds {
            guard let account = state.accounts[accountId] else { continue }
            let keywords = account[.keyword]
            let adGroups = account[.adGroup]
            var adsByAdGroup: [Int64: [(id: Int64, record: MicrosoftRecord)]] = [:]
            for (id, ad) in account[.ad] { adsByAdGroup[ad.parent, default: []].append((id, ad)) }
            for (keywordId, days) in account.keywordMetrics {
                guard let keyword = keywords[keywordId], let adGroup = adGroups[keyword.parent] else { continue }
                let campaignId = adGroup.parent
                if let scopeCampaigns, !scopeCampaigns.contains(campaignId) { continue }
                if let scopeAdGroups, !scopeAdGroups.contains(keyword.parent) { continue }
                let stream = MicrosoftDeliverySimulator.streamName(accountId: accountId, keywordId: keywordId)
                for (date, final) in days {
                    guard let day = SandboxCalendar.day(date), range.contains(day) else { continue }
                    let served = Restatement.served(final, keyword: stream, date: date, day: day, today: asOfDay, seed: seed)
                    var key = Key(account: accountId, campaign: campaignId, period: period(day))
                    switch type {
                    case "CampaignPerformanceReportRequest":
                        groups[key, default: .zero] += served
                    case "AdGroupPerformanceReportRequest":
                        key.adGroup = keyword.parent
                        groups[key, default: .zero] += served
                    case "KeywordPerformanceReportRequest":
                        key.adGroup = keyword.parent
                        key.entity = keywordId
                        groups[key, default: .zero] += served
                    default:
                        key.adGroup = keyword.parent
                        let ads = Self.servingAds(adsByAdGroup[keyword.parent] ?? [])
                        for (ad, share) in zip(ads, split(served, across: ads.map(\.id), adGroup: keyword.parent, date: date)) {
                            key.entity = ad.id
                            if type == "DestinationUrlPerformanceReportRequest" {
                                key.url = ad.record.fields["FinalUrls"]?.arrayValue?.first?.stringValue ?? ""
                            }
                            groups[key, default: .zero] += share
                        }
                    }
                }
            }
        }
        return groups
    }

    /// The ads that share an ad group's delivery: the active ones, else every ad not deleted, else all.
    static func servingAds(_ ads: [(id: Int64, record: MicrosoftRecord)]) -> [(id: Int64, record: MicrosoftRecord)] {
        let sorted = ads.sorted { $0.id < $1.id }
        let active = sorted.filter { $0.record.status == "Active" }
        if !active.isEmpty { return active }
        let live = sorted.filter { !$0.record.isDeleted }
        return live.isEmpty ? sorted : live
    }

    /// A keyword-day split across ads with fixed weights per ad group and day (cost in whole cents).
    private func split(_ metrics: DailyMetrics, across ads: [Int64], adGroup: Int64, date: String) -> [DailyMetrics] {
        guard ads.count > 1 else { return ads.map { _ in metrics } }
        var random = SeededRandom(seed: seed, stream: "ms.adsplit|\(adGroup)|\(date)")
        let weights = ads.map { _ in Int64(1 + random.next() % 100) }
        let impressions = QueryExecutor.apportion(metrics.impressions, weights: weights)
        let clicks = QueryExecutor.apportion(metrics.clicks, weights: weights)
        let cents = QueryExecutor.apportion(metrics.costMicros / 10_000, weights: weights)
        let searches = QueryExecutor.apportion(metrics.eligibleSearches, weights: weights)
        let lost = QueryExecutor.apportion(metrics.budgetLostImpressions, weights: weights)
        return ads.indices.map {
            DailyMetrics(
                impressions: impressions[$0], clicks: clicks[$0],
                costMicros: cents[$0] * 10_000, eligibleSearches: searches[$0], budgetLostImpressions: lost[$0])
        }
    }

    /// The first day of the aggregation period containing `day` (0 for Summary).
    private func period(_ day: Int) -> Int {
        switch aggregation {
        case "Daily": return day
        case "Weekly": return day - (SandboxCalendar.weekdayIndex(day) + 1) % 7
        case "WeeklyStartingMonday": return day - SandboxCalendar.weekdayIndex(day)
        case "Monthly": return SandboxCalendar.startOfMonth(day)
        case "Yearly": return SandboxCalendar.day(String(SandboxCalendar.string(day).prefix(4)) + "-01-01")!
        default: return 0
        }
    }

    // MARK: values

    private func value(_ column: String, _ key: Key, _ metrics: DailyMetrics, _ account: MicrosoftStoredAccount) -> String {
        func money(_ micros: Int64) -> String { String(format: "%.2f", Double(micros) / 1_000_000) }
        func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
        let campaign = account[.campaign][key.campaign]?.fields
        let adGroup = account[.adGroup][key.adGroup]?.fields
        let keyword = type == "KeywordPerformanceReportRequest" ? account[.keyword][key.entity]?.fields : nil
        let ad = type == "AdPerformanceReportRequest" || type == "DestinationUrlPerformanceReportRequest"
            ? account[.ad][key.entity]?.fields : nil
        func assets(_ name: String) -> [String] {
            (ad?[name]?.arrayValue ?? []).map { $0["Asset"]?["Text"]?.stringValue ?? "" }
        }
        func asset(_ name: String, _ index: Int) -> String {
            let texts = assets(name)
            return index < texts.count ? texts[index] : ""
        }
        let searches = Double(metrics.eligibleSearches)
        let share = searches > 0 ? min(1, Double(metrics.impressions) / searches) : nil
        let lostToBudget = searches > 0 ? min(1, Double(metrics.budgetLostImpressions) / searches) : nil
        switch column {
        case "AccountId": return key.account
        case "AccountName": return "Sandbox account \(key.account)"
        case "AccountNumber": return "S" + String(key.account.suffix(7))
        case "AccountStatus": return "Active"
        case "CustomerId": return customerId
        case "CustomerName": return "Sandbox customer \(customerId)"
        case "TimePeriod": return SandboxCalendar.string(key.period)
        case "CampaignId": return String(key.campaign)
        case "CampaignName": return campaign?["Name"]?.stringValue ?? ""
        case "CampaignStatus": return campaign?["Status"]?.stringValue ?? ""
        case "CampaignType": return "Search"
        case "AdGroupId": return key.adGroup == 0 ? "" : String(key.adGroup)
        case "AdGroupName": return adGroup?["Name"]?.stringValue ?? ""
        case "AdGroupStatus": return adGroup?["Status"]?.stringValue ?? ""
        case "Status": return type == "AdGroupPerformanceReportRequest" ? adGroup?["Status"]?.stringValue ?? "" : ""
        case "KeywordId": return keyword == nil ? "" : String(key.entity)
        case "Keyword": return keyword?["Text"]?.stringValue ?? ""
        case "KeywordStatus": return keyword?["Status"]?.stringValue ?? ""
        case "BidMatchType", "DeliveredMatchType": return keyword?["MatchType"]?.stringValue ?? ""
        case "CurrentMaxCpc":
            guard let keyword else { return "" }
            let bid = keyword["Bid"]?["Amount"]?.doubleValue ?? adGroup?["CpcBid"]?["Amount"]?.doubleValue
            return bid.map { money(MicrosoftWire.micros($0)) } ?? ""
        case "AdId": return ad == nil ? "" : String(key.entity)
        case "AdType": return ad == nil ? "" : "Responsive search ad"
        case "AdStatus": return ad?["Status"]?.stringValue ?? ""
        case "AdTitle", "TitlePart1": return asset("Headlines", 0)
        case "TitlePart2": return asset("Headlines", 1)
        case "TitlePart3": return asset("Headlines", 2)
        case "AdDescription": return asset("Descriptions", 0)
        case "AdDescription2": return asset("Descriptions", 1)
        case "Path1": return ad?["Path1"]?.stringValue ?? ""
        case "Path2": return ad?["Path2"]?.stringValue ?? ""
        case "DisplayUrl":
            guard let url = ad?["FinalUrls"]?.arrayValue?.first?.stringValue, let host = URLComponents(string: url)?.host
            else { return "" }
            return ([host] + [ad?["Path1"]?.stringValue, ad?["Path2"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty })
                .joined(separator: "/")
        case "FinalUrl":
            if type == "DestinationUrlPerformanceReportRequest" { return key.url }
            return (keyword ?? ad)?["FinalUrls"]?.arrayValue?.first?.stringValue ?? ""
        case "DestinationUrl": return type == "DestinationUrlPerformanceReportRequest" ? key.url : ""
        case "CurrencyCode": return "USD"
        case "AdDistribution": return "Search"
        case "Network": return "Microsoft sites and select traffic"
        case "Impressions": return String(metrics.impressions)
        case "Clicks": return String(metrics.clicks)
        case "Spend": return money(metrics.costMicros)
        case "Ctr": return percent(metrics.impressions > 0 ? Double(metrics.clicks) / Double(metrics.impressions) : 0)
        case "AverageCpc": return money(metrics.clicks > 0 ? metrics.costMicros / metrics.clicks : 0)
        case "AverageCpm": return money(metrics.impressions > 0 ? metrics.costMicros * 1000 / metrics.impressions : 0)
        case "Conversions", "AllConversions", "Assists", "ViewThroughConversions": return "0"
        case "ConversionRate", "AllConversionRate": return metrics.clicks > 0 ? percent(0) : ""
        case "Revenue", "AllRevenue": return money(0)
        case "ImpressionSharePercent": return share.map(percent) ?? ""
        case "ImpressionLostToBudgetPercent": return lostToBudget.map(percent) ?? ""
        case "ImpressionLostToRankAggPercent":
            guard let share, let lostToBudget else { return "" }
            return percent(max(0, 1 - share - lostToBudget))
        default: return ""
        }
    }

    // MARK: formatting

    /// `M/d/yyyy`, as Microsoft's report header writes dates.
    static func usDate(_ day: Int) -> String {
        let parts = SandboxCalendar.string(day).split(separator: "-").compactMap { Int($0) }
        return "\(parts[1])/\(parts[2])/\(parts[0])"
    }

    static func timeZoneName(_ value: String?) -> String {
        switch value {
        case "EasternTimeUSCanada": "(GMT-05:00) Eastern Time (US & Canada)"
        case "CentralTimeUSCanada": "(GMT-06:00) Central Time (US & Canada)"
        case "MountainTimeUSCanada": "(GMT-07:00) Mountain Time (US & Canada)"
        case "Arizona": "(GMT-07:00) Arizona"
        case "PacificTimeUSCanadaTijuana": "(GMT-08:00) Pacific Time (US & Canada); Tijuana"
        case "Alaska": "(GMT-09:00) Alaska"
        case "Hawaii": "(GMT-10:00) Hawaii"
        case "GreenwichMeanTimeDublinEdinburghLisbonLondon", nil: "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London"
        case let other?: other
        }
    }
}
