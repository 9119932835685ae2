import Foundation

/// Insights: sync (`GET act_{id}/insights`) and async (`POST act_{id}/insights` → `report_run_id`, poll
/// `GET /{report_run_id}`, read `GET /{report_run_id}/insights`). Numbers are strings; `spend` in dollars; `ctr` in
/// percent; only days with delivery appear.
extension SandboxEngine {
    /// The insights fields the sandbox computes; other AdsInsights fields are accepted and left out of the rows (as
    /// Meta leaves out a metric it has no value for).
    static let metaDefaultInsightsFields = ["date_start", "date_stop", "impressions", "spend"]

    func metaInsights(account accountId: String, params: [String: String], asOfDay: Int, _ call: MetaCall) -> SandboxHTTPResponse {
        switch metaInsightsRows(account: accountId, params: params, asOfDay: asOfDay, now: call.now) {
        case .failure(let problem):
            return MetaWire.invalidParameter(problem, trace: call.trace)
        case .success(let rows):
            let limit = max(1, Int(params["limit"] ?? "") ?? 25)
            var offset = 0
            if let after = params["after"] {
                guard let position = MetaWire.position(after), let index = Int(position) else {
                    return MetaWire.invalidParameter(MetaSchema.Problem(param: "after", message: "(#100) param after is not a valid cursor"), trace: call.trace)
                }
                offset = index + 1
            }
            let keyed = rows.enumerated().map { (key: String($0.offset), row: $0.element) }
            return .json(200, MetaWire.page(keyed, offset: offset, limit: limit, baseURL: baseURL, path: call.path, query: call.query))
        }
    }

    /// Checks the insights params and computes the rows.
    func metaInsightsRows(account accountId: String, params: [String: String], asOfDay: Int, now: Int64) -> Result<[SandboxJSON], MetaSchema.Problem> {
        let known = MetaSchema.endpointParams["AdAccount GET insights"] ?? [:]
        var values: [String: SandboxJSON] = [:]
        for name in params.keys.sorted() where !metaCommonParams.contains(name) && !["after", "before"].contains(name) {
            guard let type = known[name] else {
                return .failure(MetaSchema.Problem(param: name, message: "(#100) Param \(name) is not a valid parameter of GET insights"))
            }
            switch MetaSchema.value(params[name]!, type: type, param: name) {
            case .success(let value): values[name] = value
            case .failure(let problem): return .failure(problem)
            }
        }
        // Breakdowns and several time ranges would change the rows' shape; the sandbox does not simulate them and says so
        // rather than answer rows without the breakdown.
        for unserved in ["breakdowns", "time_ranges"] {
            if let value = values[unserved], value.arrayValue?.isEmpty != true {
                return .failure(MetaSchema.Problem(param: unserved, message: "(#100) param \(unserved) is not served by the tfz sandbox (it simulates one row per object and period)"))
            }
        }
        let fields = metaFieldList(params["fields"]) ?? Self.metaDefaultInsightsFields
        if let unknown = fields.first(where: { MetaSchema.fieldType("AdsInsights", $0) == nil }) {
            return .failure(MetaSchema.Problem(param: "fields", message: "(#100) \(unknown) is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values"))
        }
        let level = values["level"]?.stringValue ?? "account"
        // The period: time_range, else date_preset (a few presets), else the last 30 days (Meta's default, unconfirmed).
        let today = asOfDay
        var since = today - 30
        var until = today - 1
        if let range = values["time_range"] {
            guard let s = range["since"]?.stringValue.flatMap(SandboxCalendar.day), let u = range["until"]?.stringValue.flatMap(SandboxCalendar.day), s <= u else {
                return .failure(MetaSchema.Problem(param: "time_range", message: "(#100) param time_range must be {\"since\":\"YYYY-MM-DD\",\"until\":\"YYYY-MM-DD\"} with since not after until"))
            }
            (since, until) = (s, u)
        } else if let preset = values["date_preset"]?.stringValue {
            switch preset {
            case "today": (since, until) = (today, today)
            case "yesterday": (since, until) = (today - 1, today - 1)
            case "last_3d": (since, until) = (today - 3, today - 1)
            case "last_7d": (since, until) = (today - 7, today - 1)
            case "last_14d": (since, until) = (today - 14, today - 1)
            case "last_28d": (since, until) = (today - 28, today - 1)
            case "last_30d": (since, until) = (today - 30, today - 1)
            case "last_90d": (since, until) = (today - 90, today - 1)
            case "maximum", "data_maximum": (since, until) = (today - 37 * 30, today)
            default:
                return .failure(MetaSchema.Problem(param: "date_preset", message: "(#100) date_preset \(preset) is not served by the sandbox; use time_range"))
            }
        }
        let increment: Int
        switch params["time_increment"] ?? "all_days" {
        case "all_days": increment = until - since + 1
        case "monthly": increment = 31  // approximate months (unconfirmed use)
        case let text:
            guard let days = Int(text), (1...90).contains(days) else {
                return .failure(MetaSchema.Problem(param: "time_increment", message: "(#100) param time_increment must be all_days, monthly or a number of days from 1 to 90"))
            }
            increment = days
        }
        var filters: [MetaFilter] = []
        if let raw = params["filtering"] {
            switch metaFilters(raw) {
            case .success(let parsed): filters = parsed
            case .failure(let problem): return .failure(problem)
            }
        }
        let account = meta.accounts[accountId] ?? MetaAccount()
        struct Key: Hashable, Comparable {
            let bucket: Int
            let entity: String
            static func < (a: Key, b: Key) -> Bool { a.bucket != b.bucket ? a.bucket < b.bucket : a.entity < b.entity }
        }
        var sums: [Key: MetaDay] = [:]
        var entityAd: [String: MetaNode] = [:]
        for (adId, days) in account.adDays {
            guard let ad = account.nodes[adId] else { continue }
            let entity: String
            switch level {
            case "ad": entity = adId
            case "adset": entity = ad.adsetId ?? ""
            case "campaign": entity = ad.campaignId ?? ""
            default: entity = accountId
            }
            let passes = filters.allSatisfy { filter in
                let actual: String =
                    switch filter.field {
                    case "ad.id", "ad_id": adId
                    case "adset.id", "adset_id": ad.adsetId ?? ""
                    case "campaign.id", "campaign_id": ad.campaignId ?? ""
                    case "ad.name": ad.name
                    case "campaign.name": ad.campaignId.flatMap { account.nodes[$0]?.name } ?? ""
                    case "adset.name": ad.adsetId.flatMap { account.nodes[$0]?.name } ?? ""
                    default: ""
                    }
                return filter.matches(actual)
            }
            guard passes else { continue }
            entityAd[entity] = entityAd[entity] ?? ad
            for (date, final) in days {
                guard let day = SandboxCalendar.day(date), day >= since, day <= until else { continue }
                let served = MetaDeliverySimulator.served(final, adId: adId, date: date, day: day, today: asOfDay, seed: configuration.seed)
                let key = Key(bucket: (day - since) / increment, entity: entity)
                var sum = sums[key] ?? MetaDay(impressions: 0, reach: 0, clicks: 0, spendCents: 0)
                sum.impressions += served.impressions
                sum.reach += served.reach
                sum.clicks += served.clicks
                sum.spendCents += served.spendCents
                sums[key] = sum
            }
        }
        var rows: [SandboxJSON] = []
        for key in sums.keys.sorted() {
            let sum = sums[key]!
            guard sum.impressions > 0 else { continue }
            let start = since + key.bucket * increment
            let stop = min(until, start + increment - 1)
            let ad = entityAd[key.entity]
            var all: [String: SandboxJSON] = [
                "account_id": .string(accountId), "account_currency": "USD", "account_name": .string("Sandbox ad account \(accountId)"),
                "date_start": .string(SandboxCalendar.string(start)), "date_stop": .string(SandboxCalendar.string(stop)),
                "impressions": .string(String(sum.impressions)), "reach": .string(String(sum.reach)), "clicks": .string(String(sum.clicks)),
                "spend": .string(MetaWire.dollars(sum.spendCents)),
                "ctr": .string(MetaWire.decimal(Double(sum.clicks) * 100 / Double(sum.impressions))),
                "cpm": .string(MetaWire.decimal(Double(sum.spendCents) * 10 / Double(sum.impressions))),
                "frequency": .string(MetaWire.decimal(Double(sum.impressions) / Double(max(1, sum.reach)))),
            ]
            if sum.clicks > 0 { all["cpc"] = .string(MetaWire.decimal(Double(sum.spendCents) / 100 / Double(sum.clicks))) }
            if let ad, level != "account" {
                all["campaign_id"] = ad.campaignId.map(SandboxJSON.string)
                all["campaign_name"] = ad.campaignId.flatMap { account.nodes[$0]?.fields["name"] }
                if level == "adset" || level == "ad" {
                    all["adset_id"] = ad.adsetId.map(SandboxJSON.string)
                    all["adset_name"] = ad.adsetId.flatMap { account.nodes[$0]?.fields["name"] }
                }
                if level == "ad" {
                    all["ad_id"] = .string(ad.id)
                    all["ad_name"] = ad.fields["name"]
                }
            }
            var row: [String: SandboxJSON] = [:]
            for field in fields { if let value = all[field] { row[field] = value } }
            // Meta always gives the period of a row.
            row["date_start"] = all["date_start"]
            row["date_stop"] = all["date_stop"]
            rows.append(.object(row))
        }
        return .success(rows)
    }

    func metaStartReport(account accountId: String, _ call: MetaCall) -> SandboxHTTPResponse {
        // Check the params now, as Meta does before it queues the job.
        var params = call.params.filter { !metaCommonParams.contains($0.key) }
        let known = MetaSchema.endpointParams["AdAccount POST insights"] ?? [:]
        if let unknown = params.keys.sorted().first(where: { known[$0] == nil }) {
            return MetaWire.invalidParameter(MetaSchema.Problem(param: unknown, message: "(#100) Param \(unknown) is not a valid parameter of POST insights"), trace: call.trace)
        }
        if case .failure(let problem) = metaInsightsRows(account: accountId, params: params, asOfDay: call.today, now: call.now) {
            return MetaWire.invalidParameter(problem, trace: call.trace)
        }
        params["limit"] = nil
        var state = meta
        let id = state.nextId(.reportRun)
        state.reports[id] = MetaReportRun(accountId: accountId, params: params, asOfDay: call.today, polls: 0, createdAt: call.now)
        meta = state
        persistMeta()
        return .json(200, ["report_run_id": .string(id)])
    }

    /// The job, one step further per poll: the first poll says `Job Running` at 100 % (the percentage can reach 100 before
    /// the status says completed, reference gotcha 8), the second `Job Completed`.
    func metaReportRun(_ id: String, _ call: MetaCall) -> SandboxHTTPResponse {
        var state = meta
        guard var job = state.reports[id] else { return MetaWire.unknownObject(id, method: "GET", trace: call.trace) }
        job.polls += 1
        state.reports[id] = job
        meta = state
        persistMeta()
        let completed = job.polls >= 2
        let range = SandboxJSON.parse(Data((job.params["time_range"] ?? "{}").utf8))
        let all: [String: SandboxJSON] = [
            "id": .string(id), "account_id": .string(job.accountId),
            "async_status": completed ? "Job Completed" : "Job Running",
            "async_percent_completion": 100,
            "date_start": range?["since"] ?? .string(SandboxCalendar.string(job.asOfDay - 30)),
            "date_stop": range?["until"] ?? .string(SandboxCalendar.string(job.asOfDay - 1)),
            "time_ref": .int(job.createdAt), "time_completed": completed ? .int(job.createdAt + 2) : .int(0),
            "is_running": .bool(!completed), "emails": .array([]), "friendly_name": .string("tfz insights \(id)"),
        ]
        let wanted = metaFieldList(call.params["fields"])
        if let wanted, let unknown = wanted.first(where: { MetaSchema.fieldType("AdReportRun", $0) == nil }) {
            return MetaWire.error(400, message: "(#100) Tried accessing nonexisting field (\(unknown)) on node type (AdReportRun)", code: 100, trace: call.trace)
        }
        let fields = wanted ?? ["id", "account_id", "time_ref", "time_completed", "async_status", "async_percent_completion", "date_start", "date_stop"]
        var row: [String: SandboxJSON] = ["id": .string(id)]
        for field in fields { if let value = all[field] { row[field] = value } }
        return .json(200, .object(row))
    }

    func metaReportRows(_ id: String, _ call: MetaCall) -> SandboxHTTPResponse {
        guard let job = meta.reports[id] else { return MetaWire.unknownObject(id, method: "GET", trace: call.trace) }
        guard job.polls >= 2 else {
            // Wording unconfirmed.
            return MetaWire.error(400, message: "(#100) The report is not ready yet: poll the report run until async_status is Job Completed", code: 100, trace: call.trace)
        }
        var params = job.params
        for key in ["limit", "after"] { params[key] = call.params[key] }
        return metaInsights(account: job.accountId, params: params, asOfDay: job.asOfDay, call)
    }
}
