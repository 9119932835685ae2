import CampaignKit
import Foundation

/// Daily metrics of one Reddit ad account from its synchronous reports (`POST /ad_accounts/{a2_id}/reports`): ad rows
/// with breakdowns `AD_ID, DATE`, campaign rows with `CAMPAIGN_ID, DATE`, landing-page rows from the ad rows and each
/// ad's `click_url`. An ad row's campaign and ad group come from the account's ads (listed with every configured
/// status, so that a removed ad's days keep their campaign).
///
/// The range is `starts_at` = the first day `T00:00:00Z`, `ends_at` = the day after the last `T00:00:00Z` (whole UTC
/// hours, as the reference requires; ends_at read as exclusive — UNCONFIRMED). Days are UTC days: no `time_zone_id` is
/// sent (its semantics are UNCONFIRMED in the reference). `spend` is in micros, stored exactly; `IMPRESSIONS`,
/// `CLICKS`, `SPEND` are asked for (`REACH` too: it is not summed over days). Reddit has no keyword rows tfz can tie to
/// its keywords (the `KEYWORD` breakdown reaches back about 10 days only, unconfirmed): no keyword rows.
public struct RedditMetricsSource: MetricsSource {
    public let client: RedditClient
    /// The account id as `tfz.yaml` writes it (the store's key for the account's rows).
    public let accountId: String

    public var platform: Platform { .reddit }
    public var apiVersion: String { client.version }
    public var attribution: String { "reddit: the ad account's default attribution windows; days are UTC days; reach is counted per day, not summed over days" }

    public init(client: RedditClient, accountId: String) {
        self.client = client
        self.accountId = accountId
    }

    static let fields = ["IMPRESSIONS", "REACH", "CLICKS", "SPEND"]

    public func fetch(_ grain: MetricGrain, since: String, until: String) async throws -> [MetricRow] {
        switch grain {
        case .keyword: return []
        case .campaign:
            return try await report(["CAMPAIGN_ID", "DATE"], since: since, until: until).compactMap { raw in
                RedditClient.string(raw["campaign_id"]).flatMap { row(raw, grain: .campaign, campaignId: $0, adGroupId: "", adId: "") }
            }
        case .ad, .landingPage:
            let rows = try await report(["AD_ID", "DATE"], since: since, until: until)
            guard !rows.isEmpty else { return [] }
            let ads = try await adsById()
            let out = rows.compactMap { raw -> MetricRow? in
                guard let adId = RedditClient.string(raw["ad_id"]), let ad = ads[adId] else { return nil }
                guard var r = row(raw, grain: grain, campaignId: ad.campaignId, adGroupId: ad.adGroupId, adId: adId) else { return nil }
                if grain == .landingPage {
                    guard let link = ad.clickURL else { return nil }
                    r.adId = ""
                    r.landingPage = link
                }
                return r
            }
            return grain == .ad ? out : MetricRow.summedByLandingPage(out)
        }
    }

    /// The report body for `since…until` (inclusive days) by `breakdowns`.
    static func request(_ breakdowns: [String], since: String, until: String) -> JSONValue? {
        guard let first = CalendarDate(parsing: since), let last = CalendarDate(parsing: until) else { return nil }
        let end = CalendarDate(dayNumber: last.dayNumber + 1)
        return RedditMapper.data([
            ("starts_at", .string("\(first)T00:00:00Z")), ("ends_at", .string("\(end)T00:00:00Z")),
            ("breakdowns", .array(breakdowns.map { .string($0) })), ("fields", .array(fields.map { .string($0) })),
        ])
    }

    func report(_ breakdowns: [String], since: String, until: String) async throws -> [[String: Any]] {
        guard let body = Self.request(breakdowns, since: since, until: until) else { return [] }
        return try await client.report(body)
    }

    /// A report row as tfz stores it; nil without a date.
    func row(_ raw: [String: Any], grain: MetricGrain, campaignId: String, adGroupId: String, adId: String) -> MetricRow? {
        guard let date = (raw["date"] as? String).map({ String($0.prefix(10)) }) else { return nil }
        func count(_ key: String) -> Int64 { (raw[key] as? NSNumber)?.int64Value ?? (raw[key] as? String).flatMap { Int64($0) } ?? 0 }
        return MetricRow(platform: .reddit, accountId: accountId, grain: grain, campaignId: campaignId, adGroupId: adGroupId, adId: adId,
                         date: date, impressions: count("impressions"), clicks: count("clicks"), costMicros: count("spend"))
    }

    struct AdInfo { var campaignId: String, adGroupId: String, clickURL: String? }

    /// Every ad of the account (whatever its status) by id.
    func adsById() async throws -> [String: AdInfo] {
        let rows = try await client.list("ads", [("configured_status", "ACTIVE,PAUSED,ARCHIVED,DELETED")])
        var out: [String: AdInfo] = [:]
        for row in rows {
            guard let id = RedditClient.string(row["id"]) else { continue }
            out[id] = AdInfo(campaignId: RedditClient.string(row["campaign_id"]) ?? "", adGroupId: RedditClient.string(row["ad_group_id"]) ?? "",
                             clickURL: row["click_url"] as? String)
        }
        return out
    }
}
