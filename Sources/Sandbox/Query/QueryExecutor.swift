import Foundation

/// Runs a GAQL query against one account and returns `GoogleAdsRow` JSON.
///
/// Supported: `FROM campaign | campaign_budget | campaign_criterion | ad_group | ad_group_criterion |
/// ad_group_ad | keyword_view | landing_page_view`; any field of the FROM resource and of the
/// resources it is attributed to (campaign → campaign_budget; criteria, ad groups and ads → their ad
/// group and campaign; landing_page_view → ad_group and campaign, never keyword fields);
/// `metrics.*` (impressions, clicks, cost_micros, ctr, average_cpc, interactions and, where there
/// were eligible searches, search_impression_share, search_budget_lost_impression_share and
/// search_rank_lost_impression_share) on campaign, ad_group, ad_group_criterion, keyword_view,
/// ad_group_ad and landing_page_view; `segments.date` and `segments.day_of_week` (other segments
/// are accepted and left unset). All operators of the grammar except that `CONTAINS` works on
/// repeated scalar fields only. Rows come in id order unless ORDER BY says otherwise; each selected
/// resource's `resourceName` is always included, as Google does.
///
/// Metrics are the stored keyword-day figures, restated for the last three days (`Restatement`),
/// summed per row. Ads split their ad group's keyword delivery (`adDelivery`); landing pages sum the
/// ads by first final URL. Date-segmented rows come only for days with delivery, except that
/// `FROM campaign` also returns each past day of an ENABLED campaign's flight with zero metrics.
struct QueryExecutor {
    let account: StoredAccount
    let customerId: String
    /// Today (days since 1970) for `DURING` and the restatement of recent days.
    let today: Int
    /// The sandbox seed, for restatement and the split of ad group delivery across ads.
    let seed: UInt64

    /// A selected or filtered field, resolved against the schema.
    struct ResolvedField: Sendable {
        /// GAQL prefix: `campaign`, `metrics`, `segments`, …
        let resource: String
        /// The key in `GoogleAdsRow`: `campaign`, `campaignBudget`, `metrics`, …
        let rowKey: String
        /// The lowerCamelCase path inside it.
        let jsonPath: [String]
        let leaf: FieldSchema
    }

    /// FROM resource → the resources whose fields a query may use.
    static let attributed: [String: Set<String>] = [
        "campaign": ["campaign", "campaign_budget"],
        "campaign_budget": ["campaign_budget"],
        "campaign_criterion": ["campaign_criterion", "campaign"],
        "ad_group": ["ad_group", "campaign"],
        "ad_group_criterion": ["ad_group_criterion", "ad_group", "campaign"],
        "ad_group_ad": ["ad_group_ad", "ad_group", "campaign"],
        "keyword_view": ["keyword_view", "ad_group_criterion", "ad_group", "campaign"],
        // Google cannot join landing pages with keywords: ad_group_criterion fields are prohibited.
        "landing_page_view": ["landing_page_view", "ad_group", "campaign"],
    ]
    static let metricResources: Set<String> = [
        "campaign", "ad_group", "ad_group_criterion", "keyword_view", "ad_group_ad", "landing_page_view",
    ]

    static func resolve(_ name: String, from: String) throws(GAQLError) -> ResolvedField {
        let segments = name.split(separator: ".").map(String.init)
        let row = GoogleAdsSchema.message("services.GoogleAdsRow")!
        guard segments.count >= 2, let rowField = row.byProto[segments[0]],
            case .message(let messageName) = rowField.kind
        else { throw GAQLError(.queryErrorUnrecognizedField, "Unrecognized field in the query: '\(name)'.") }
        var jsonPath: [String] = []
        var message = GoogleAdsSchema.message(messageName)
        var leaf: FieldSchema?
        for segment in segments.dropFirst() {
            guard let schema = message, let field = schema.byProto[segment], leaf?.repeated != true else {
                throw GAQLError(.queryErrorUnrecognizedField, "Unrecognized field in the query: '\(name)'.")
            }
            jsonPath.append(field.json)
            leaf = field
            if case .message(let child) = field.kind { message = GoogleAdsSchema.message(child) } else { message = nil }
        }
        let resource = segments[0]
        if resource == "metrics" || resource == "segments" {
            guard metricResources.contains(from) else {
                throw GAQLError(
                    resource == "metrics"
                        ? .queryErrorProhibitedMetricInSelectOrWhereClause
                        : .queryErrorProhibitedSegmentInSelectOrWhereClause,
                    "'\(name)' cannot be used with FROM \(from)."
                )
            }
        } else if attributed[from]?.contains(resource) != true {
            throw GAQLError(
                .queryErrorProhibitedResourceTypeInSelectClause, "'\(name)' cannot be selected with FROM \(from)."
            )
        }
        return ResolvedField(resource: resource, rowKey: rowField.json, jsonPath: jsonPath, leaf: leaf!)
    }

    /// One candidate row before metrics: the resources it joins and where its delivery comes from.
    private struct Entity {
        var resources: [String: SandboxJSON]
        /// Keywords whose delivery this row adds up.
        var keywords: [String] = []
        /// Delivery by day, already worked out (ads and landing pages).
        var daily: [Int: DailyMetrics]?
        /// Days (before today) on which a date-segmented row is returned even without delivery: the
        /// flight of an ENABLED campaign.
        var flight: ClosedRange<Int>?
    }

    /// One result row: its entity's fixed part plus, with metrics or segments, its day and figures.
    struct ResultRow: Sendable {
        var base: Int
        var day: Int?
        var figures: DailyMetrics?
    }

    /// How result rows become `GoogleAdsRow` JSON.
    struct RowLayout: Sendable {
        /// Per entity, the row without `metrics` and `segments`.
        var bases: [SandboxJSON] = []
        /// Selected `metrics` keys (lowerCamelCase, sorted); nil when no metric is selected.
        var metricKeys: [String]?
        /// Selected `segments` keys (sorted); nil when no segment is selected.
        var segmentKeys: [String]?

        /// The row as JSON (proto3: zero metrics left out; `metrics` is `{}` when all are zero).
        func json(_ row: ResultRow) -> SandboxJSON {
            var json = bases[row.base]
            if let metricKeys {
                var metrics: [String: SandboxJSON] = [:]
                if let figures = row.figures {
                    for key in metricKeys { metrics[key] = QueryExecutor.metricValue(key, figures) }
                }
                json["metrics"] = .object(metrics)
            }
            if let segmentKeys, let day = row.day {
                var segments: [String: SandboxJSON] = [:]
                for key in segmentKeys { segments[key] = QueryExecutor.segmentValue(key, day: day) }
                if !segments.isEmpty { json["segments"] = .object(segments) }
            }
            return json
        }

        /// The bases as bytes, once per output.
        func encodedBases() -> [[UInt8]] {
            bases.map { base in
                var bytes: [UInt8] = []
                base.write(to: &bytes)
                return bytes
            }
        }

        /// Appends the same bytes as `json(row).encoded()`, without building the JSON value:
        /// `metrics` and `segments` sort after every other `GoogleAdsRow` key, so they go at the end.
        func write(_ row: ResultRow, bases encoded: [[UInt8]], to out: inout [UInt8]) {
            let base = encoded[row.base]
            let segmentKeys = row.day == nil ? [] : (self.segmentKeys ?? []).filter { $0 == "date" || $0 == "dayOfWeek" }
            guard metricKeys != nil || !segmentKeys.isEmpty else {
                out.append(contentsOf: base)
                return
            }
            out.append(contentsOf: base.dropLast())
            var needsComma = base.count > 2
            func member(_ key: String) {
                if needsComma { out.append(UInt8(ascii: ",")) }
                needsComma = true
                SandboxJSON.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
            }
            if let metricKeys {
                member("metrics")
                out.append(UInt8(ascii: "{"))
                var first = true
                if let figures = row.figures {
                    for key in metricKeys {
                        guard let value = QueryExecutor.metricValue(key, figures) else { continue }
                        if !first { out.append(UInt8(ascii: ",")) }
                        first = false
                        SandboxJSON.writeString(key, to: &out)
                        out.append(UInt8(ascii: ":"))
                        value.write(to: &out)
                    }
                }
                out.append(UInt8(ascii: "}"))
            }
            if let day = row.day, !segmentKeys.isEmpty {
                member("segments")
                out.append(UInt8(ascii: "{"))
                for (index, key) in segmentKeys.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    SandboxJSON.writeString(key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    QueryExecutor.segmentValue(key, day: day)?.write(to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    struct Output: Sendable {
        var rows: [ResultRow]
        var layout: RowLayout
        var fieldMask: String
        var scanned: Int
    }

    func run(_ query: GAQLQuery) throws(GAQLError) -> Output {
        guard Self.attributed[query.from] != nil else {
            throw GAQLError(
                .queryErrorBadResourceTypeInFromClause,
                "'\(query.from)' is not a resource the sandbox can query (campaign, campaign_budget, campaign_criterion, ad_group, ad_group_criterion, ad_group_ad, keyword_view, landing_page_view)."
            )
        }
        var selected: [ResolvedField] = []
        for name in query.select { selected.append(try Self.resolve(name, from: query.from)) }
        var conditions: [(GAQLCondition, ResolvedField)] = []
        for condition in query.conditions {
            let field = try Self.resolve(condition.field, from: query.from)
            try Self.check(condition, field)
            conditions.append((condition, field))
        }
        var ordering: [(ResolvedField, Bool)] = []
        for order in query.orderBy {
            ordering.append((try Self.resolve(order.field, from: query.from), order.descending))
        }

        let usesMetrics = (selected + conditions.map(\.1) + ordering.map(\.0)).contains { $0.resource == "metrics" }
        let segmentFields = (selected + ordering.map(\.0)).filter { $0.resource == "segments" }
        let bySegment = !segmentFields.isEmpty
        func isDate(_ field: ResolvedField) -> Bool { field.resource == "segments" && field.jsonPath == ["date"] }
        let dateConditions = conditions.filter { isDate($0.1) }.map(\.0)
        if selected.contains(where: isDate), !Self.hasFiniteDateRange(dateConditions) {
            throw GAQLError(
                .queryErrorExpectedFiltersOnDateRange,
                "A finite date range filter on segments.date is required when segments.date is selected."
            )
        }
        let entityConditions = conditions.filter { $0.1.resource != "metrics" && $0.1.resource != "segments" }
        let rowConditions = conditions.filter {
            ($0.1.resource == "metrics" || $0.1.resource == "segments") && !isDate($0.1)
        }
        let dates = try DateFilter(dateConditions, executor: self)

        var layout = RowLayout()
        let metricKeys = Set(selected.filter { $0.resource == "metrics" }.map { $0.jsonPath[0] })
        if !metricKeys.isEmpty { layout.metricKeys = metricKeys.sorted() }
        let segmentKeys = Set(selected.filter { $0.resource == "segments" }.map { $0.jsonPath[0] })
        if !segmentKeys.isEmpty { layout.segmentKeys = segmentKeys.sorted() }

        let referenced = Set((selected + conditions.map(\.1) + ordering.map(\.0)).map(\.resource))
        let entities = try self.entities(for: query.from, referenced: referenced, dates: dates)
        var rows: [ResultRow] = []
        entityLoop: for entity in entities {
            for (condition, field) in entityConditions
            where try !evaluate(condition, field, value: entity.resources[field.resource]?.value(at: field.jsonPath)) {
                continue entityLoop
            }
            let base = layout.bases.count
            layout.bases.append(baseRow(entity, from: query.from, selected))
            guard usesMetrics || bySegment else {
                rows.append(ResultRow(base: base, day: nil, figures: nil))
                continue
            }
            let daily: [Int: DailyMetrics]
            if let precomputed = entity.daily {
                daily = precomputed
            } else {
                daily = try dailyMetrics(entity.keywords, dates: dates)
            }
            if bySegment {
                var days = Set<Int>()
                for day in daily.keys where try dates.allows(day) { days.insert(day) }
                if let flight = entity.flight, let bounds = dates.bounds {
                    let first = max(flight.lowerBound, bounds.lowerBound)
                    let last = min(flight.upperBound, bounds.upperBound, today - 1)
                    if first <= last {
                        for day in first...last where try dates.allows(day) { days.insert(day) }
                    }
                }
                for day in days.sorted() {
                    let figures = daily[day] ?? .zero
                    if figures.isEmpty, entity.flight?.contains(day) != true || day >= today { continue }
                    rows.append(ResultRow(base: base, day: day, figures: figures))
                }
            } else {
                var total = DailyMetrics.zero
                for (day, figures) in daily where try dates.allows(day) { total += figures }
                if query.from == "landing_page_view", total.isEmpty { continue }
                rows.append(ResultRow(base: base, day: nil, figures: total))
            }
        }
        if !rowConditions.isEmpty {
            var kept: [ResultRow] = []
            rowLoop: for row in rows {
                for (condition, field) in rowConditions
                where try !evaluate(condition, field, value: Self.computedValue(field, row)) {
                    continue rowLoop
                }
                kept.append(row)
            }
            rows = kept
        }
        if !ordering.isEmpty {
            let keys = rows.map { row in
                ordering.map { field, _ in
                    field.resource == "metrics" || field.resource == "segments"
                        ? Self.computedValue(field, row)
                        : layout.bases[row.base].value(at: [field.rowKey] + field.jsonPath)
                }
            }
            let order = rows.indices.sorted { left, right in
                for (index, (field, descending)) in ordering.enumerated() {
                    let order = Self.compare(keys[left][index], keys[right][index], field.leaf)
                    if order != .orderedSame {
                        return descending ? order == .orderedDescending : order == .orderedAscending
                    }
                }
                return left < right
            }
            rows = order.map { rows[$0] }
        }
        if let limit = query.limit, rows.count > limit { rows = Array(rows.prefix(limit)) }
        let mask = selected.map { ([$0.rowKey] + $0.jsonPath).joined(separator: ".") }.joined(separator: ",")
        return Output(rows: rows, layout: layout, fieldMask: mask, scanned: entities.count)
    }

    /// The value of a `metrics` or `segments` field in a row (all metrics, selected or not).
    private static func computedValue(_ field: ResolvedField, _ row: ResultRow) -> SandboxJSON? {
        if field.resource == "metrics" { return row.figures.flatMap { metricValue(field.jsonPath[0], $0) } }
        return row.day.flatMap { segmentValue(field.jsonPath[0], day: $0) }
    }

    /// Which days the `segments.date` conditions let through, with each day's answer kept.
    private final class DateFilter {
        let conditions: [GAQLCondition]
        let executor: QueryExecutor
        /// The inclusive range the conditions bound on both sides, else nil.
        let bounds: ClosedRange<Int>?
        private var answers: [Int: Bool] = [:]
        private var days: [String: Int] = [:]

        init(_ conditions: [GAQLCondition], executor: QueryExecutor) throws(GAQLError) {
            self.conditions = conditions
            self.executor = executor
            var lower = Int.min
            var upper = Int.max
            for condition in conditions {
                let values = condition.values.compactMap { SandboxCalendar.day($0.text) }
                switch condition.op {
                case .equal, .in:
                    guard let low = values.min(), let high = values.max() else { continue }
                    lower = max(lower, low)
                    upper = min(upper, high)
                case .between where values.count == 2:
                    lower = max(lower, values[0])
                    upper = min(upper, values[1])
                case .during:
                    let range = executor.dateRange(condition.values[0].text)
                    lower = max(lower, range.lowerBound)
                    upper = min(upper, range.upperBound)
                case .greater: if let value = values.first { lower = max(lower, value + 1) }
                case .greaterOrEqual: if let value = values.first { lower = max(lower, value) }
                case .less: if let value = values.first { upper = min(upper, value - 1) }
                case .lessOrEqual: if let value = values.first { upper = min(upper, value) }
                default: break
                }
            }
            bounds = lower != Int.min && upper != Int.max && lower <= upper ? lower...upper : nil
            emptyRange = lower > upper
        }

        /// The conditions exclude every day (e.g. `BETWEEN` with its ends swapped).
        private let emptyRange: Bool

        func allows(_ day: Int) throws(GAQLError) -> Bool {
            if let known = answers[day] { return known }
            var answer = !emptyRange
            if answer, let bounds, !bounds.contains(day) { answer = false }
            if answer {
                let field = try QueryExecutor.resolve("segments.date", from: "campaign")
                let text = SandboxCalendar.string(day)
                for condition in conditions where try !executor.evaluate(condition, field, value: .string(text)) {
                    answer = false
                    break
                }
            }
            answers[day] = answer
            return answer
        }

        /// Days since 1970 of a stored `yyyy-MM-dd`, parsed once per query.
        func day(_ date: String) -> Int? {
            if let known = days[date] { return known }
            let day = SandboxCalendar.day(date)
            days[date] = day
            return day
        }
    }

    // MARK: entities

    private func entities(for from: String, referenced: Set<String>, dates: DateFilter) throws(GAQLError)
        -> [Entity]
    {
        func sorted(_ kind: ResourceKind) -> [(String, SandboxJSON)] {
            ResourceOrder.sorted(account[kind]).map { ($0.key, $0.value) }
        }
        func lookup(_ kind: ResourceKind, _ name: String?) -> SandboxJSON? {
            name.flatMap { account.resource(kind, $0) }
        }
        var keywordsByAdGroup: [String: [String]] = [:]
        for (name, criterion) in account[.adGroupCriterion] where Self.isDeliveringKeyword(criterion) {
            keywordsByAdGroup[criterion["adGroup"]?.stringValue ?? "", default: []].append(name)
        }
        var adGroupsByCampaign: [String: [String]] = [:]
        for (name, adGroup) in account[.adGroup] {
            adGroupsByCampaign[adGroup["campaign"]?.stringValue ?? "", default: []].append(name)
        }
        switch from {
        case "campaign":
            return sorted(.campaign).map { name, campaign in
                var resources: [String: SandboxJSON] = ["campaign": campaign]
                resources["campaign_budget"] = lookup(.campaignBudget, campaign["campaignBudget"]?.stringValue)
                let keywords = (adGroupsByCampaign[name] ?? []).flatMap { keywordsByAdGroup[$0] ?? [] }
                return Entity(resources: resources, keywords: keywords, flight: Self.flight(campaign))
            }
        case "campaign_budget":
            return sorted(.campaignBudget).map { Entity(resources: ["campaign_budget": $0.1]) }
        case "campaign_criterion":
            return sorted(.campaignCriterion).map { _, criterion in
                var resources: [String: SandboxJSON] = ["campaign_criterion": criterion]
                resources["campaign"] = lookup(.campaign, criterion["campaign"]?.stringValue)
                return Entity(resources: resources)
            }
        case "ad_group":
            return sorted(.adGroup).map { name, adGroup in
                var resources: [String: SandboxJSON] = ["ad_group": adGroup]
                resources["campaign"] = lookup(.campaign, adGroup["campaign"]?.stringValue)
                return Entity(resources: resources, keywords: keywordsByAdGroup[name] ?? [])
            }
        case "ad_group_criterion", "keyword_view":
            return sorted(.adGroupCriterion).compactMap { name, criterion in
                if from == "keyword_view", !Self.isDeliveringKeyword(criterion) { return nil }
                var resources: [String: SandboxJSON] = ["ad_group_criterion": criterion]
                let adGroup = lookup(.adGroup, criterion["adGroup"]?.stringValue)
                resources["ad_group"] = adGroup
                resources["campaign"] = lookup(.campaign, adGroup?["campaign"]?.stringValue)
                if from == "keyword_view", let id = ResourceName(name)?.id {
                    resources["keyword_view"] = ["resourceName": .string("customers/\(customerId)/keywordViews/\(id)")]
                }
                return Entity(resources: resources, keywords: Self.isDeliveringKeyword(criterion) ? [name] : [])
            }
        case "ad_group_ad":
            let delivery = try adDelivery(keywordsByAdGroup, dates: dates)
            return sorted(.adGroupAd).map { name, ad in
                var resources: [String: SandboxJSON] = ["ad_group_ad": ad]
                let adGroup = lookup(.adGroup, ad["adGroup"]?.stringValue)
                resources["ad_group"] = adGroup
                resources["campaign"] = lookup(.campaign, adGroup?["campaign"]?.stringValue)
                return Entity(resources: resources, daily: delivery[name] ?? [:])
            }
        case "landing_page_view":
            // Landing pages have no rows of their own: ad delivery grouped by the ad's first final URL,
            // and by ad group or campaign when the query uses their fields.
            let delivery = try adDelivery(keywordsByAdGroup, dates: dates)
            let byAdGroup = referenced.contains("ad_group")
            let byCampaign = byAdGroup || referenced.contains("campaign")
            var order: [String] = []
            var groups: [String: Entity] = [:]
            for (name, ad) in sorted(.adGroupAd) {
                guard let daily = delivery[name], !daily.isEmpty,
                    let url = ad.value(atPath: "ad.finalUrls")?.arrayValue?.first?.stringValue
                else { continue }
                let adGroupName = ad["adGroup"]?.stringValue
                let adGroup = lookup(.adGroup, adGroupName)
                let campaignName = adGroup?["campaign"]?.stringValue
                let key = [url, byAdGroup ? adGroupName ?? "" : "", byCampaign ? campaignName ?? "" : ""]
                    .joined(separator: "\n")
                if groups[key] == nil {
                    var resources: [String: SandboxJSON] = [
                        "landing_page_view": [
                            "resourceName": .string(
                                "customers/\(customerId)/landingPageViews/\(SeededRandom.hash(url))"),
                            "unexpandedFinalUrl": .string(url),
                        ]
                    ]
                    if byAdGroup { resources["ad_group"] = adGroup }
                    if byCampaign { resources["campaign"] = lookup(.campaign, campaignName) }
                    groups[key] = Entity(resources: resources, daily: [:])
                    order.append(key)
                }
                for (day, figures) in daily { groups[key]!.daily![day, default: .zero] += figures }
            }
            return order.map { groups[$0]! }
        default:
            return []
        }
    }

    /// The flight of an ENABLED campaign as days since 1970 (open ends far away), else nil.
    private static func flight(_ campaign: SandboxJSON) -> ClosedRange<Int>? {
        guard campaign["status"]?.stringValue == "ENABLED" else { return nil }
        let start = campaign["startDateTime"]?.stringValue.flatMap { SandboxCalendar.day(String($0.prefix(10))) }
        let end = campaign["endDateTime"]?.stringValue.flatMap { SandboxCalendar.day(String($0.prefix(10))) }
        let first = start ?? -1_000_000
        let last = end ?? 1_000_000
        return first <= last ? first...last : nil
    }

    /// A positive keyword criterion (the only kind that gets delivery).
    static func isDeliveringKeyword(_ criterion: SandboxJSON) -> Bool {
        criterion["keyword"] != nil && criterion["negative"]?.boolValue != true
    }

    /// The served (restated where recent) delivery of `keywords`, summed by day, for the days the
    /// date conditions let through.
    private func dailyMetrics(_ keywords: [String], dates: DateFilter) throws(GAQLError) -> [Int: DailyMetrics] {
        var result: [Int: DailyMetrics] = [:]
        for keyword in keywords {
            for (date, final) in account.keywordMetrics[keyword] ?? [:] {
                guard let day = dates.day(date), try dates.allows(day) else { continue }
                let served = Restatement.served(
                    final, keyword: keyword, date: date, day: day, today: today, seed: seed)
                result[day, default: .zero] += served
            }
        }
        return result
    }

    /// Ad delivery: each ad group's keyword delivery of a day split across its ENABLED ads (all its ads
    /// when none is enabled) by seeded weights, with integer apportionment (largest remainder) so the
    /// ads of a day add up exactly to the ad group's impressions, clicks and cost. Clicks follow the
    /// ads' impressions and cost their clicks, so no ad gets clicks without impressions.
    private func adDelivery(_ keywordsByAdGroup: [String: [String]], dates: DateFilter) throws(GAQLError)
        -> [String: [Int: DailyMetrics]]
    {
        var adsByAdGroup: [String: [String]] = [:]
        var enabledByAdGroup: [String: [String]] = [:]
        for (name, ad) in ResourceOrder.sorted(account[.adGroupAd]) {
            let adGroup = ad["adGroup"]?.stringValue ?? ""
            adsByAdGroup[adGroup, default: []].append(name)
            if ad["status"]?.stringValue == "ENABLED" { enabledByAdGroup[adGroup, default: []].append(name) }
        }
        var result: [String: [Int: DailyMetrics]] = [:]
        for (adGroup, keywords) in keywordsByAdGroup {
            let ads = enabledByAdGroup[adGroup] ?? adsByAdGroup[adGroup] ?? []
            guard !ads.isEmpty else { continue }
            for (day, total) in try dailyMetrics(keywords, dates: dates) where !total.isEmpty {
                let date = SandboxCalendar.string(day)
                let weights = ads.map { ad -> Int64 in
                    var random = SeededRandom(seed: seed, stream: "ad-weight|\(ad)|\(date)")
                    return 500 + Int64(random.next() % 1_000)
                }
                let impressions = Self.apportion(total.impressions, weights: weights)
                let clicks = Self.apportion(total.clicks, weights: total.impressions > 0 ? impressions : weights)
                let cost = Self.apportion(total.costMicros, weights: total.clicks > 0 ? clicks : weights)
                for (index, ad) in ads.enumerated() {
                    let figures = DailyMetrics(
                        impressions: impressions[index], clicks: clicks[index], costMicros: cost[index])
                    if !figures.isEmpty { result[ad, default: [:]][day] = figures }
                }
            }
        }
        return result
    }

    /// Splits `total` in proportion to `weights` (largest remainder; ties to the earlier index).
    static func apportion(_ total: Int64, weights: [Int64]) -> [Int64] {
        let sum = weights.reduce(0, +)
        guard total > 0, sum > 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { total.multipliedFullWidth(by: $0) }.map { product -> (Int64, Int64) in
            let (quotient, remainder) = sum.dividingFullWidth(product)
            return (quotient, remainder)
        }
        var left = total - shares.reduce(0) { $0 + $1.0 }
        let byRemainder = shares.indices.sorted { shares[$0].1 != shares[$1].1 ? shares[$0].1 > shares[$1].1 : $0 < $1 }
        for index in byRemainder where left > 0 {
            shares[index].0 += 1
            left -= 1
        }
        return shares.map(\.0)
    }

    /// A `common.Metrics` value (lowerCamelCase key) for summed figures; nil for zero, as proto3 JSON
    /// leaves it out, and for metrics the sandbox does not simulate. Impression shares are fractions,
    /// served only when there were eligible searches; a search impression share under 10 % is served
    /// as 0.0999, as Google does.
    static func metricValue(_ key: String, _ metrics: DailyMetrics) -> SandboxJSON? {
        func count(_ value: Int64) -> SandboxJSON? { value > 0 ? .string(String(value)) : nil }
        let searches = Double(metrics.eligibleSearches)
        let share = min(1, Double(metrics.impressions) / searches)
        let budgetLost = min(1, Double(metrics.budgetLostImpressions) / searches)
        switch key {
        case "impressions": return count(metrics.impressions)
        case "clicks", "interactions": return count(metrics.clicks)
        case "costMicros": return count(metrics.costMicros)
        case "averageCpc":
            return metrics.clicks > 0 && metrics.costMicros > 0
                ? .double(Double(metrics.costMicros) / Double(metrics.clicks)) : nil
        case "ctr":
            return metrics.impressions > 0 && metrics.clicks > 0
                ? .double(Double(metrics.clicks) / Double(metrics.impressions)) : nil
        case "searchImpressionShare":
            return metrics.eligibleSearches > 0 ? .double(share < 0.1 ? 0.0999 : share) : nil
        case "searchBudgetLostImpressionShare":
            return metrics.eligibleSearches > 0 ? .double(budgetLost) : nil
        case "searchRankLostImpressionShare":
            return metrics.eligibleSearches > 0 ? .double(max(0, 1 - share - budgetLost)) : nil
        default: return nil
        }
    }

    /// `common.Metrics` JSON for summed figures; zero values are left out, as proto3 JSON does.
    static func metricsJSON(_ metrics: DailyMetrics) -> [String: SandboxJSON] {
        let keys = [
            "impressions", "clicks", "interactions", "costMicros", "averageCpc", "ctr", "searchImpressionShare",
            "searchBudgetLostImpressionShare", "searchRankLostImpressionShare",
        ]
        var json: [String: SandboxJSON] = [:]
        for key in keys { json[key] = metricValue(key, metrics) }
        return json
    }

    /// A `common.Segments` value for a day: `date` and `dayOfWeek`; other segments stay unset.
    static func segmentValue(_ key: String, day: Int) -> SandboxJSON? {
        switch key {
        case "date": .string(SandboxCalendar.string(day))
        case "dayOfWeek": .string(SandboxCalendar.weekday(day))
        default: nil
        }
    }

    // MARK: rows

    /// The row without metrics and segments: the FROM resource's name (always returned, as Google
    /// does) and the selected fields with their resources' names.
    private func baseRow(_ entity: Entity, from: String, _ selected: [ResolvedField]) -> SandboxJSON {
        let source = entity.resources
        var row: SandboxJSON = [:]
        if let name = source[from]?["resourceName"], let rowKey = Self.rowKey(from) {
            row.setValue(name, at: [rowKey, "resourceName"][...])
        }
        for field in selected where field.resource != "metrics" && field.resource != "segments" {
            if let name = source[field.resource]?["resourceName"] {
                row.setValue(name, at: [field.rowKey, "resourceName"][...])
            }
            if let value = source[field.resource]?.value(at: field.jsonPath) {
                row.setValue(value, at: ([field.rowKey] + field.jsonPath)[...])
            }
        }
        return row
    }

    /// The `GoogleAdsRow` key of a GAQL resource (`campaign_budget` → `campaignBudget`).
    static func rowKey(_ resource: String) -> String? {
        GoogleAdsSchema.message("services.GoogleAdsRow")?.byProto[resource]?.json
    }

    // MARK: conditions

    /// Static checks of a condition against its field's type.
    private static func check(_ condition: GAQLCondition, _ field: ResolvedField) throws(GAQLError) {
        let kind = field.leaf.kind
        switch condition.op {
        case .in, .notIn, .containsAny, .containsAll, .containsNone:
            if condition.values.isEmpty {
                throw GAQLError(
                    .queryErrorProhibitedEmptyListInCondition,
                    "The list in the condition on '\(condition.field)' is empty.")
            }
        case .like, .notLike, .regexpMatch, .notRegexpMatch:
            guard kind == .string else {
                throw GAQLError(
                    .queryErrorOperatorFieldMismatch, "\(condition.op.rawValue) can only be used on string fields.")
            }
            guard case .string(let pattern) = condition.values[0] else {
                throw GAQLError(
                    .queryErrorInvalidValueWithLikeOperator, "\(condition.op.rawValue) needs a quoted string.")
            }
            if condition.op == .like || condition.op == .notLike, LikePattern(pattern) == nil {
                throw GAQLError(
                    .queryErrorInvalidValueWithLikeOperator, "The LIKE pattern '\(pattern)' has an unclosed '['.")
            }
        case .during:
            guard field.resource == "segments", field.jsonPath == ["date"],
                case .literal(let function) = condition.values[0],
                dateRanges.contains(function.uppercased())
            else {
                throw GAQLError(
                    .queryErrorInvalidValueWithDuringOperator,
                    "DURING needs segments.date and a date range such as LAST_7_DAYS.")
            }
        default:
            break
        }
        if case .enumeration(let name) = kind, let schema = GoogleAdsSchema.enums[name] {
            for value in condition.values where !schema.valueSet.contains(value.text) {
                throw GAQLError(.queryErrorBadEnumConstant, "'\(value.text)' is not a value of \(name).")
            }
        }
        if field.resource == "segments", field.jsonPath == ["date"], condition.op != .during {
            for value in condition.values where SandboxCalendar.day(value.text) == nil {
                throw GAQLError(.queryErrorInvalidDateFormat, "'\(value.text)' is not a date in the form yyyy-MM-dd.")
            }
        }
    }

    static let dateRanges: Set<String> = [
        "TODAY", "YESTERDAY", "LAST_7_DAYS", "LAST_14_DAYS", "LAST_30_DAYS", "LAST_BUSINESS_WEEK", "LAST_MONTH",
        "LAST_WEEK_MON_SUN", "LAST_WEEK_SUN_SAT", "THIS_MONTH", "THIS_WEEK_MON_TODAY", "THIS_WEEK_SUN_TODAY",
    ]

    /// True when the date conditions bound `segments.date` on both sides.
    static func hasFiniteDateRange(_ conditions: [GAQLCondition]) -> Bool {
        var lower = false
        var upper = false
        for condition in conditions {
            switch condition.op {
            case .equal, .in, .between, .during:
                lower = true
                upper = true
            case .greater, .greaterOrEqual: lower = true
            case .less, .lessOrEqual: upper = true
            default: break
            }
        }
        return lower && upper
    }

    /// The inclusive day range of a `DURING` function.
    func dateRange(_ function: String) -> ClosedRange<Int> {
        let weekday = SandboxCalendar.weekdayIndex(today)
        switch function.uppercased() {
        case "TODAY": return today...today
        case "YESTERDAY": return (today - 1)...(today - 1)
        case "LAST_7_DAYS": return (today - 7)...(today - 1)
        case "LAST_14_DAYS": return (today - 14)...(today - 1)
        case "LAST_30_DAYS": return (today - 30)...(today - 1)
        case "THIS_MONTH": return SandboxCalendar.startOfMonth(today)...today
        case "LAST_MONTH":
            let thisMonth = SandboxCalendar.startOfMonth(today)
            return SandboxCalendar.startOfMonth(thisMonth - 1)...(thisMonth - 1)
        case "THIS_WEEK_MON_TODAY": return (today - weekday)...today
        case "THIS_WEEK_SUN_TODAY": return (today - (weekday + 1) % 7)...today
        case "LAST_WEEK_MON_SUN": return (today - weekday - 7)...(today - weekday - 1)
        case "LAST_WEEK_SUN_SAT":
            let sunday = today - (weekday + 1) % 7
            return (sunday - 7)...(sunday - 1)
        case "LAST_BUSINESS_WEEK": return (today - weekday - 7)...(today - weekday - 3)
        default: return today...today
        }
    }

    fileprivate func evaluate(_ condition: GAQLCondition, _ field: ResolvedField, value: SandboxJSON?) throws(GAQLError)
        -> Bool
    {
        let leaf = field.leaf
        switch condition.op {
        case .isNull: return value == nil
        case .isNotNull: return value != nil
        case .during:
            guard let text = value?.stringValue, let day = SandboxCalendar.day(text) else { return false }
            return dateRange(condition.values[0].text).contains(day)
        case .like, .notLike:
            let matched = LikePattern(condition.values[0].text)!.matches(value?.stringValue ?? "")
            return matched == (condition.op == .like)
        case .regexpMatch, .notRegexpMatch:
            guard let regex = try? NSRegularExpression(pattern: condition.values[0].text) else {
                throw GAQLError(.queryErrorBadValue, "'\(condition.values[0].text)' is not a valid regular expression.")
            }
            let text = value?.stringValue ?? ""
            let range = NSRange(text.startIndex..., in: text)
            let matched =
                regex.firstMatch(in: text, options: [.anchored], range: range).map { $0.range == range } ?? false
            return matched == (condition.op == .regexpMatch)
        case .containsAny, .containsAll, .containsNone:
            let elements = value?.arrayValue ?? []
            let hits = condition.values.map { wanted in
                elements.contains { Self.compare($0, wanted, leaf) == .orderedSame }
            }
            switch condition.op {
            case .containsAny: return hits.contains(true)
            case .containsAll: return !hits.contains(false)
            default: return !hits.contains(true)
            }
        case .in, .notIn:
            let found = condition.values.contains { Self.compare(value, $0, leaf) == .orderedSame }
            return found == (condition.op == .in)
        case .between:
            return Self.compare(value, condition.values[0], leaf) != .orderedAscending
                && Self.compare(value, condition.values[1], leaf) != .orderedDescending
        case .equal: return Self.compare(value, condition.values[0], leaf) == .orderedSame
        case .notEqual: return Self.compare(value, condition.values[0], leaf) != .orderedSame
        case .greater: return Self.compare(value, condition.values[0], leaf) == .orderedDescending
        case .greaterOrEqual: return Self.compare(value, condition.values[0], leaf) != .orderedAscending
        case .less: return Self.compare(value, condition.values[0], leaf) == .orderedAscending
        case .lessOrEqual: return Self.compare(value, condition.values[0], leaf) != .orderedDescending
        }
    }

    /// Compares a stored value (nil = the proto default) with a query value, by the field's type.
    private static func compare(_ value: SandboxJSON?, _ wanted: GAQLValue, _ leaf: FieldSchema) -> ComparisonResult {
        compare(value, SandboxJSON.string(wanted.text), leaf)
    }

    /// Compares two stored values (nil = the proto default) by the field's type.
    static func compare(_ left: SandboxJSON?, _ right: SandboxJSON?, _ leaf: FieldSchema) -> ComparisonResult {
        func ordered<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
            a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        }
        switch leaf.kind {
        case .int32, .uint32, .int64, .uint64, .double, .float:
            return ordered(left?.doubleValue ?? 0, right?.doubleValue ?? 0)
        case .bool:
            func truth(_ value: SandboxJSON?) -> Bool {
                value?.boolValue ?? (value?.stringValue?.uppercased() == "TRUE")
            }
            return ordered(truth(left) ? 1 : 0, truth(right) ? 1 : 0)
        case .enumeration(let name):
            let values = GoogleAdsSchema.enums[name]?.values ?? []
            let a = left?.stringValue ?? values.first ?? ""
            let b = right?.stringValue ?? values.first ?? ""
            if a == b { return .orderedSame }
            guard let indexA = values.firstIndex(of: a), let indexB = values.firstIndex(of: b) else {
                return ordered(a, b)
            }
            return ordered(indexA, indexB)
        default:
            return ordered(left?.stringValue ?? "", right?.stringValue ?? "")
        }
    }
}
