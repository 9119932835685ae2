import CampaignKit
import Foundation

/// Why Meta's insights could not be had.
public enum MetaInsightsError: LocalizedError, Sendable, Equatable {
    case failed(run: String, status: String)
    case timedOut(run: String, polls: Int)

    public var errorDescription: String? {
        switch self {
        case .failed(let run, let status): "Meta could not run the insights report \(run) (\(status)); pull again later"
        case .timedOut(let run, let polls): "Meta had not finished the insights report \(run) after \(polls) polls; pull again later"
        }
    }
}

/// Daily metrics of one Meta ad account from its insights (`/act_{id}/insights`, `time_increment=1`): ad rows at
/// `level=ad`, campaign rows at `level=campaign`, landing-page rows from the ad rows and the link of each ad's creative.
/// A window longer than a week is an asynchronous report run (`POST …/insights`, polled until `Job Completed`: its
/// percentage can reach 100 first, reference gotcha 8), a shorter one a plain read. Numbers come as strings; `spend` in
/// currency units (`"12.34"` is 12,340,000 micros, exactly). Meta has no search keywords: no keyword rows.
public struct MetaMetricsSource: MetricsSource {
    public let client: MetaClient
    /// The account id as `tfz.yaml` writes it (the store's key for the account's rows).
    public let accountId: String
    var sleep: @Sendable (Duration) async throws -> Void
    /// Windows of more days than this are asynchronous report runs.
    public var asyncAboveDays = 7
    public var pollDelays: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(15)]
    public var maxPolls = 60

    public var platform: Platform { .meta }
    public var apiVersion: String { client.version }
    public var attribution: String { "meta: the ad account's default attribution setting; reach is counted per day, not summed over days" }

    public init(client: MetaClient, accountId: String, sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.client = client
        self.accountId = accountId
        self.sleep = sleep
    }

    public func fetch(_ grain: MetricGrain, since: String, until: String) async throws -> [MetricRow] {
        switch grain {
        case .keyword: return []
        case .campaign: return try await insights(level: "campaign", since: since, until: until).compactMap { row($0, grain: .campaign) }
        case .ad: return try await insights(level: "ad", since: since, until: until).compactMap { row($0, grain: .ad) }
        case .landingPage:
            let ads = try await insights(level: "ad", since: since, until: until)
            guard !ads.isEmpty else { return [] }
            let links = try await adLinks()
            return MetricRow.summedByLandingPage(ads.compactMap { raw in
                guard var r = row(raw, grain: .landingPage), let link = links[r.adId] else { return nil }
                r.adId = ""
                r.landingPage = link
                return r
            })
        }
    }

    static let fields = ["date_start", "campaign_id", "adset_id", "ad_id", "impressions", "reach", "clicks", "spend"]

    /// One row per object and day with delivery.
    func insights(level: String, since: String, until: String) async throws -> [[String: Any]] {
        let range = MetaMapper.json(.object([("since", .string(since)), ("until", .string(until))]))
        let params = [("level", level), ("fields", Self.fields.joined(separator: ",")), ("time_range", range), ("time_increment", "1")]
        let days = (CalendarDate(parsing: until)?.dayNumber ?? 0) - (CalendarDate(parsing: since)?.dayNumber ?? 0) + 1
        guard days > asyncAboveDays else {
            return try await client.pages("\(client.accountId)/insights", params, operation: "meta.insights:get")
        }
        let started = try await client.post("\(client.accountId)/insights", params, operation: "meta.insights:start", idempotent: true)
        guard let run = MetaClient.string(started["report_run_id"]) else {
            throw MetaAPIError.unexpected(operation: "meta.insights:start", "no report_run_id in the answer")
        }
        for poll in 0..<maxPolls {
            try await sleep(pollDelays[min(poll, pollDelays.count - 1)])
            let job = try await client.node(run, fields: ["async_status", "async_percent_completion"], node: "insights")
            switch job["async_status"] as? String ?? "" {
            case "Job Completed": return try await client.pages("\(run)/insights", [], operation: "meta.insights:get")
            case "Job Failed", "Job Skipped": throw MetaInsightsError.failed(run: run, status: job["async_status"] as? String ?? "")
            default: continue
            }
        }
        throw MetaInsightsError.timedOut(run: run, polls: maxPolls)
    }

    /// An insights row as tfz stores it; nil without a date or a campaign.
    func row(_ raw: [String: Any], grain: MetricGrain) -> MetricRow? {
        guard let date = raw["date_start"] as? String, let campaign = MetaClient.string(raw["campaign_id"]) else { return nil }
        func count(_ key: String) -> Int64 { (raw[key] as? String).flatMap { Int64($0) } ?? (raw[key] as? NSNumber)?.int64Value ?? 0 }
        let spend = (raw["spend"] as? String).flatMap(Money.init(parsing:))?.micros ?? 0
        var row = MetricRow(platform: .meta, accountId: accountId, grain: grain, campaignId: campaign,
                            adGroupId: grain == .campaign ? "" : MetaClient.string(raw["adset_id"]) ?? "",
                            adId: grain == .campaign ? "" : MetaClient.string(raw["ad_id"]) ?? "", date: date,
                            impressions: count("impressions"), clicks: count("clicks"), costMicros: spend)
        if raw["reach"] != nil { row.reach = count("reach") }
        return row
    }

    /// Ad id → the link its creative sends people to.
    func adLinks() async throws -> [String: String] {
        let ads = try await client.list("ads", fields: ["id", "creative"])
        let creatives = try await client.list("adcreatives", fields: ["id", "object_story_spec"])
        var links: [String: String] = [:]
        for c in creatives {
            guard let id = MetaClient.string(c["id"]), let spec = c["object_story_spec"] as? [String: Any],
                  let link = (spec["link_data"] as? [String: Any])?["link"] as? String else { continue }
            links[id] = link
        }
        var out: [String: String] = [:]
        for ad in ads {
            guard let id = MetaClient.string(ad["id"]), let creative = MetaClient.string((ad["creative"] as? [String: Any])?["id"]),
                  let link = links[creative] else { continue }
            out[id] = link
        }
        return out
    }
}
