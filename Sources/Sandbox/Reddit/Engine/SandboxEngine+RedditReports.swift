import Foundation

/// `POST /ad_accounts/{id}/reports`: synchronous, `{"data": ReportRequest}` in, `{"data": {"metrics": [...],
/// "metrics_updated_at"}, "pagination": {"next_url", "previous_url", "page_index", "total_count"}}` out; `page.size` /
/// `page.token` in the query, the same body again on every page.
extension SandboxEngine {
    /// The breakdowns the sandbox simulates (one row per object and day); the others of the reference's enum are refused
    /// by name rather than answered without their key.
    static let redditServedBreakdowns: [String: String?] = [
        "AD_ACCOUNT_ID": nil,  // no row key (reference `reports.fieldToKey`): the rows are the account's anyway
        "CAMPAIGN_ID": "campaign_id", "AD_GROUP_ID": "ad_group_id", "AD_ID": "ad_id", "DATE": "date",
    ]

    func redditReport(account accountId: String, _ call: RedditCall) -> SandboxHTTPResponse {
        let data: [String: SandboxJSON]
        switch RedditWire.data(call.body) {
        case .success(let object): data = object
        case .failure(let problem): return RedditWire.invalid(problem)
        }
        if let problem = RedditSchema.problem(write: data, model: "ReportRequest") { return RedditWire.invalid(problem) }
        var hours: [String: Int] = [:]
        for key in ["starts_at", "ends_at"] {
            guard let hour = data[key]?.stringValue.flatMap(RedditWire.reportHour) else {
                return RedditWire.invalid(key, "\(key) must be YYYY-MM-DDTHH:00:00Z (UTC, a whole hour).")
            }
            hours[key] = hour
        }
        let (startHour, endHour) = (hours["starts_at"]!, hours["ends_at"]!)
        guard endHour > startHour else { return RedditWire.invalid("ends_at", "ends_at must be after starts_at.") }
        let breakdowns = data["breakdowns"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let geo = breakdowns.contains("COUNTRY") && breakdowns.contains("REGION")
        guard breakdowns.count <= (geo ? 4 : 3) else {
            return RedditWire.invalid("breakdowns", "At most 3 breakdowns (4 with COUNTRY and REGION together).")
        }
        for (index, breakdown) in breakdowns.enumerated() where Self.redditServedBreakdowns[breakdown] == nil {
            return RedditWire.invalid(
                "breakdowns[\(index)]",
                "The tfz sandbox simulates delivery by ad and day: breakdown \(breakdown) is not served (use AD_ACCOUNT_ID, CAMPAIGN_ID, "
                    + "AD_GROUP_ID, AD_ID, DATE).")
        }
        let fields = data["fields"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !fields.isEmpty else { return RedditWire.invalid("fields", "fields must name at least one report field.") }
        var filter: (entity: String, field: String, exact: Bool, value: String)?
        if let text = data["filter"]?.stringValue {
            guard let parsed = Self.redditFilter(text) else {
                return RedditWire.invalid(
                    "filter", "filter must be <entity>:<field><op><value>: entity campaign, ad_group or ad; field id, effective_status or name; op == or =@.")
            }
            filter = parsed
        }
        // time_zone_id is checked against its enum and not applied: the sandbox's days are UTC (its semantics are
        // UNCONFIRMED in the reference). The range is the hours [starts_at, ends_at) — whether ends_at is inclusive is
        // UNCONFIRMED; the sandbox reads it as exclusive, so one day is T00 … next day T00. The sandbox simulates whole
        // days: a day the range covers only in part counts that part of its figures (hours / 24, rounded down), as
        // Reddit's hourly data would.
        let firstDay = startHour / 24
        let lastDay = (endHour - 1) / 24
        func coveredHours(_ day: Int) -> Int64 { Int64(min(endHour, day * 24 + 24) - max(startHour, day * 24)) }
        let account = reddit.accounts[accountId] ?? RedditAccount()
        struct Sum { var impressions: Int64 = 0, reach: Int64 = 0, clicks: Int64 = 0, spend: Int64 = 0 }
        var sums: [[String: String]: Sum] = [:]
        for (adId, days) in account.adDays {
            guard let ad = account.objects[adId] else { continue }
            let group = ad.adGroupId.flatMap { account.objects[$0] }
            let campaign = ad.campaignId.flatMap { account.objects[$0] }
            if let filter {
                let entity = filter.entity == "campaign" ? campaign : filter.entity == "ad_group" ? group : ad
                let actual: String =
                    switch filter.field {
                    case "id": entity?.id ?? ""
                    case "name": entity?.name ?? ""
                    default: entity.map { redditEffectiveStatus($0, in: account, today: call.today) } ?? ""
                    }
                guard filter.exact ? actual == filter.value : actual.contains(filter.value) else { continue }
            }
            for (date, final) in days {
                guard let day = SandboxCalendar.day(date), day >= firstDay, day <= lastDay else { continue }
                var served = RedditDeliverySimulator.served(final, adId: adId, date: date, day: day, today: call.today, seed: configuration.seed)
                let hours = coveredHours(day)
                if hours < 24 {
                    served = RedditDay(
                        impressions: served.impressions * hours / 24, reach: served.reach * hours / 24, clicks: served.clicks * hours / 24,
                        spendMicros: served.spendMicros * hours / 24)
                }
                var key: [String: String] = [:]
                for breakdown in breakdowns {
                    switch breakdown {
                    case "CAMPAIGN_ID": key["campaign_id"] = ad.campaignId ?? ""
                    case "AD_GROUP_ID": key["ad_group_id"] = ad.adGroupId ?? ""
                    case "AD_ID": key["ad_id"] = adId
                    case "DATE": key["date"] = date
                    default: break
                    }
                }
                // Reach adds up over the days of a row (Reddit's reach over a period counts people once; the sandbox
                // keeps no people, so a multi-day row's reach is an upper bound).
                var sum = sums[key] ?? Sum()
                sum.impressions += served.impressions
                sum.reach += served.reach
                sum.clicks += served.clicks
                sum.spend += served.spendMicros
                sums[key] = sum
            }
        }
        let order = ["date", "campaign_id", "ad_group_id", "ad_id"]
        let keys = sums.keys.filter { sums[$0]!.impressions > 0 }.sorted { a, b in
            for name in order where a[name] != b[name] { return (a[name] ?? "") < (b[name] ?? "") }
            return false
        }
        let rows: [SandboxJSON] = keys.map { key in
            let sum = sums[key]!
            let impressions = Double(sum.impressions)
            var all: [String: SandboxJSON] = [
                "impressions": .int(sum.impressions), "reach": .int(sum.reach), "clicks": .int(sum.clicks), "spend": .int(sum.spend),
                // ctr in percent (whether Reddit's is a fraction or a percent is UNCONFIRMED; clients should compute
                // clicks / impressions), cpc and ecpm in micros, frequency impressions per person.
                "ctr": .double(Double(sum.clicks) * 100 / impressions), "ecpm": .double(Double(sum.spend) * 1_000 / impressions),
                "frequency": .double(impressions / Double(max(1, sum.reach))), "currency": "USD", "account_id": .string(accountId),
            ]
            if sum.clicks > 0 { all["cpc"] = .double(Double(sum.spend) / Double(sum.clicks)) }
            var row: [String: SandboxJSON] = key.mapValues { .string($0) }
            // Each requested field as its lower_snake key; fields the sandbox has no figure for are left out (the
            // reference: readers accept null and absence alike).
            for field in fields {
                let name = field.lowercased()
                if row[name] == nil, let value = all[name], RedditSchema.field("ReportMetricRow", name) != nil { row[name] = value }
            }
            return .object(row)
        }
        switch RedditWire.page(call.query) {
        case .failure(let problem):
            return RedditWire.invalid(problem)
        case .success(let page):
            var pagination = RedditWire.pagination(total: rows.count, offset: page.offset, size: page.size, baseURL: baseURL, path: call.path, query: call.query)
            // page_index counts from 1 (UNCONFIRMED); total_count is the number of rows.
            pagination["page_index"] = .int(Int64(page.offset / page.size + 1))
            pagination["total_count"] = .int(Int64(rows.count))
            return .json(200, [
                "data": ["metrics": .array(Array(rows.dropFirst(page.offset).prefix(page.size))), "metrics_updated_at": .string(RedditWire.timestamp(call.now))],
                "pagination": .object(pagination),
            ])
        }
    }

    /// `campaign:effective_status==ACTIVE`, `ad:name=@help` (reference `ReportRequest.filter`).
    static func redditFilter(_ text: String) -> (entity: String, field: String, exact: Bool, value: String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let entity = String(text[..<colon])
        let rest = text[text.index(after: colon)...]
        for (op, exact) in [("==", true), ("=@", false)] {
            guard let range = rest.range(of: op) else { continue }
            let field = String(rest[..<range.lowerBound])
            guard ["campaign", "ad_group", "ad"].contains(entity), ["id", "effective_status", "name"].contains(field) else { return nil }
            return (entity, field, exact, String(rest[range.upperBound...]))
        }
        return nil
    }
}
