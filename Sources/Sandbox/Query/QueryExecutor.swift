import Foundation

/// Runs a GAQL query against one account and returns `GoogleAdsRow` JSON.
///
/// Supported: `FROM campaign | campaign_budget | campaign_criterion | ad_group | ad_group_criterion |
/// ad_group_ad | keyword_view`; any field of the FROM resource and of the resources it is attributed
/// to (campaign → campaign_budget; criteria, ad groups and ads → their ad group and campaign);
/// `metrics.*` (impressions, clicks, cost_micros, ctr, average_cpc, interactions) on campaign,
/// ad_group, ad_group_criterion and keyword_view; `segments.date` and `segments.day_of_week`
/// (other segments are accepted and left unset). All operators of the grammar except that
/// `CONTAINS` works on repeated scalar fields only. Rows come in id order unless ORDER BY says
/// otherwise; each selected resource's `resourceName` is always included, as Google does.
struct QueryExecutor {
    let account: StoredAccount
    let customerId: String
    /// Today (days since 1970) for `DURING`.
    let today: Int

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
    ]
    static let metricResources: Set<String> = ["campaign", "ad_group", "ad_group_criterion", "keyword_view"]

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

    /// One candidate row before metrics: the resources it joins.
    private struct Entity {
        var resources: [String: SandboxJSON]
        /// Keywords whose delivery this row adds up.
        var keywords: [String]
    }

    struct Output {
        var rows: [SandboxJSON]
        var fieldMask: String
        var scanned: Int
    }

    func run(_ query: GAQLQuery) throws(GAQLError) -> Output {
        guard Self.attributed[query.from] != nil else {
            throw GAQLError(
                .queryErrorBadResourceTypeInFromClause,
                "'\(query.from)' is not a resource the sandbox can query (campaign, campaign_budget, campaign_criterion, ad_group, ad_group_criterion, ad_group_ad, keyword_view)."
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
        let dateConditions = conditions.filter { $0.1.resource == "segments" && $0.1.jsonPath == ["date"] }
        if selected.contains(where: { $0.resource == "segments" && $0.jsonPath == ["date"] }),
            !Self.hasFiniteDateRange(dateConditions.map(\.0))
        {
            throw GAQLError(
                .queryErrorExpectedFiltersOnDateRange,
                "A finite date range filter on segments.date is required when segments.date is selected."
            )
        }

        var rows: [SandboxJSON] = []
        let entities = self.entities(for: query.from)
        for entity in entities {
            if usesMetrics || bySegment {
                let daily = dailyMetrics(entity.keywords)
                var dates: [String] = []
                dateLoop: for date in daily.keys.sorted() {
                    for (condition, field) in dateConditions
                    where try !evaluate(condition, field, value: .string(date)) {
                        continue dateLoop
                    }
                    dates.append(date)
                }
                if bySegment {
                    for date in dates {
                        let metrics = Self.metricsJSON(daily[date]!)
                        guard metrics != [:] else { continue }
                        if let row = try makeRow(
                            entity, from: query.from, metrics: metrics, date: date, selected, conditions)
                        {
                            rows.append(row)
                        }
                    }
                } else {
                    let total = dates.reduce(into: DailyMetrics(impressions: 0, clicks: 0, costMicros: 0)) {
                        sum, date in
                        sum.impressions += daily[date]!.impressions
                        sum.clicks += daily[date]!.clicks
                        sum.costMicros += daily[date]!.costMicros
                    }
                    if let row = try makeRow(
                        entity, from: query.from, metrics: Self.metricsJSON(total), date: nil, selected, conditions)
                    {
                        rows.append(row)
                    }
                }
            } else if let row = try makeRow(entity, from: query.from, metrics: nil, date: nil, selected, conditions) {
                rows.append(row)
            }
        }
        if !ordering.isEmpty {
            rows = rows.enumerated().sorted { left, right in
                for (field, descending) in ordering {
                    let order = Self.compare(
                        value(of: field, in: left.element), value(of: field, in: right.element), field.leaf)
                    if order != .orderedSame {
                        return descending ? order == .orderedDescending : order == .orderedAscending
                    }
                }
                return left.offset < right.offset
            }.map(\.element)
        }
        if let limit = query.limit, rows.count > limit { rows = Array(rows.prefix(limit)) }
        let mask = selected.map { ([$0.rowKey] + $0.jsonPath).joined(separator: ".") }.joined(separator: ",")
        return Output(rows: rows, fieldMask: mask, scanned: entities.count)
    }

    // MARK: entities

    private func entities(for from: String) -> [Entity] {
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
                return Entity(resources: resources, keywords: keywords)
            }
        case "campaign_budget":
            return sorted(.campaignBudget).map { Entity(resources: ["campaign_budget": $0.1], keywords: []) }
        case "campaign_criterion":
            return sorted(.campaignCriterion).map { _, criterion in
                var resources: [String: SandboxJSON] = ["campaign_criterion": criterion]
                resources["campaign"] = lookup(.campaign, criterion["campaign"]?.stringValue)
                return Entity(resources: resources, keywords: [])
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
            return sorted(.adGroupAd).map { _, ad in
                var resources: [String: SandboxJSON] = ["ad_group_ad": ad]
                let adGroup = lookup(.adGroup, ad["adGroup"]?.stringValue)
                resources["ad_group"] = adGroup
                resources["campaign"] = lookup(.campaign, adGroup?["campaign"]?.stringValue)
                return Entity(resources: resources, keywords: [])
            }
        default:
            return []
        }
    }

    /// A positive keyword criterion (the only kind that gets delivery).
    static func isDeliveringKeyword(_ criterion: SandboxJSON) -> Bool {
        criterion["keyword"] != nil && criterion["negative"]?.boolValue != true
    }

    private func dailyMetrics(_ keywords: [String]) -> [String: DailyMetrics] {
        var result: [String: DailyMetrics] = [:]
        for keyword in keywords {
            for (date, day) in account.keywordMetrics[keyword] ?? [:] {
                var sum = result[date] ?? DailyMetrics(impressions: 0, clicks: 0, costMicros: 0)
                sum.impressions += day.impressions
                sum.clicks += day.clicks
                sum.costMicros += day.costMicros
                result[date] = sum
            }
        }
        return result
    }

    /// `common.Metrics` JSON; zero values are left out, as proto3 JSON does.
    static func metricsJSON(_ metrics: DailyMetrics) -> [String: SandboxJSON] {
        var json: [String: SandboxJSON] = [:]
        if metrics.impressions > 0 { json["impressions"] = .string(String(metrics.impressions)) }
        if metrics.clicks > 0 {
            json["clicks"] = .string(String(metrics.clicks))
            json["interactions"] = .string(String(metrics.clicks))
            json["averageCpc"] = .double(Double(metrics.costMicros) / Double(metrics.clicks))
        }
        if metrics.costMicros > 0 { json["costMicros"] = .string(String(metrics.costMicros)) }
        if metrics.impressions > 0, metrics.clicks > 0 {
            json["ctr"] = .double(Double(metrics.clicks) / Double(metrics.impressions))
        }
        return json
    }

    // MARK: rows

    private func makeRow(
        _ entity: Entity, from: String, metrics: [String: SandboxJSON]?, date: String?, _ selected: [ResolvedField],
        _ conditions: [(GAQLCondition, ResolvedField)]
    ) throws(GAQLError) -> SandboxJSON? {
        var source = entity.resources
        if let metrics { source["metrics"] = .object(metrics) }
        if let date, let day = SandboxCalendar.day(date) {
            source["segments"] = ["date": .string(date), "dayOfWeek": .string(SandboxCalendar.weekday(day))]
        }
        for (condition, field) in conditions {
            let value = source[field.resource]?.value(at: field.jsonPath)
            if field.resource == "segments", field.jsonPath == ["date"], date == nil { continue }
            if try !evaluate(condition, field, value: value) { return nil }
        }
        var row: SandboxJSON = [:]
        // The FROM resource's name is always returned, as Google does.
        if let name = source[from]?["resourceName"], let rowKey = Self.rowKey(from) {
            row.setValue(name, at: [rowKey, "resourceName"][...])
        }
        for field in selected {
            if field.resource != "metrics", field.resource != "segments",
                let name = source[field.resource]?["resourceName"]
            {
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

    private func value(of field: ResolvedField, in row: SandboxJSON) -> SandboxJSON? {
        row.value(at: [field.rowKey] + field.jsonPath)
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

    private func evaluate(_ condition: GAQLCondition, _ field: ResolvedField, value: SandboxJSON?) throws(GAQLError)
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
