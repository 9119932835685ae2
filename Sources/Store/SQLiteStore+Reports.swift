import CampaignKit
import GRDB

/// Reports over the stored metrics: sums grouped by report dimensions, and the search demand evidence.
extension SQLiteStore {
    /// What a report shows for a campaign tfz did not launch, in place of its zone, campaign and purpose.
    public static let notTFZ = "(not tfz)"

    /// Sums impressions, clicks, cost and conversions of the stored rows that pass `filter`, grouped by
    /// `dimensions` in the order given, sorted by the dimension values in that order.
    ///
    /// Which rows are read depends on the dimensions: keyword rows for `keyword`, ad rows for `creative`,
    /// landing-page rows for `landing_page`, and the platforms' own campaign totals otherwise. Values:
    /// - `zone`, `purpose`, `campaign` (the tfz key `zone/template/platform`): from the campaign labels,
    ///   ``notTFZ`` for campaigns tfz did not launch;
    /// - `platform`: its raw value (`google_ads`);
    /// - `keyword`: the text, then the match type in lower case in parentheses (`buy sex (phrase)`,
    ///   `escorts (exact)`); the text alone when the platform gave no match type, and
    ///   `keyword <criterion id>` when it gave no text. Parentheses, not the library's `"…"`/`[…]`, so that
    ///   broad match reads unambiguously;
    /// - `creative`: the creative name (`outreach/help-is-available`), else `ad <ad id>`;
    /// - `landing_page`: the URL; `day`: `yyyy-MM-dd`; `week`: the Monday that starts its ISO week
    ///   (`yyyy-MM-dd`; a week may start in the previous year); `month`: `yyyy-MM`.
    ///
    /// Conversions are summed when any row of a group has them, else nil. No dimensions give one total
    /// line, and no matching rows give no lines (neither is an error). Throws
    /// ``StoreError/Code/invalidReport`` when more than one of keyword, creative and landing page is asked.
    public func aggregate(by dimensions: [ReportDimension], filter: ReportFilter) throws -> [AggregateRow] {
        let (grain, needsLabels) = try ReportShape.plan(dimensions, filter)

        var conditions = ["f.grain = ?"]
        var arguments: StatementArguments = [grain.rawValue]
        Self.restrict(&conditions, &arguments, by: filter)
        let groups = dimensions.flatMap(Self.grouping(for:)).joined(separator: ", ")
        let sql = """
            SELECT \(dimensions.map(Self.expression(for:)).map { $0 + ", " }.joined())
                sum(f.impressions), sum(f.clicks), sum(f.cost_micros), sum(f.conversions), count(*), sum(f.reach)
            FROM metric_fact AS f\(needsLabels ? Self.labelJoin : "")
            WHERE \(conditions.joined(separator: " AND "))
            \(groups.isEmpty ? "" : "GROUP BY \(groups)")
            """

        let weekColumns = dimensions.indices.filter { dimensions[$0] == .week }
        return try read("add up the stored metrics") { db in
            var lines: [AggregateRow] = []
            let n = dimensions.count
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                guard row[n + 4] as Int64 > 0 else { continue }  // no GROUP BY and no rows
                lines.append(AggregateRow(
                    values: (0..<n).map { row[$0] as String }, impressions: row[n], clicks: row[n + 1],
                    costMicros: row[n + 2], conversions: row[n + 3], reach: row[n + 5]))
            }
            // SQL groups weeks by day (cheap); fold the days into their Mondays here. Merging also joins
            // the rare groups that print alike (a keyword whose text is literally `keyword 12`).
            if !weekColumns.isEmpty || dimensions.contains(.keyword) || dimensions.contains(.creative) {
                lines = Self.merge(lines, weeks: weekColumns)
            }
            lines.sort { $0.values.lexicographicallyPrecedes($1.values) }
            return lines
        }
    }

    /// Search demand evidence per zone, purpose and day, from the campaign rows of the search platforms
    /// (Google Ads, Microsoft Advertising) of campaigns whose zone and purpose tfz knows, sorted by zone,
    /// purpose and date. See ``DemandDay`` for the figures: a share of at least 0.1 estimates the searches
    /// as impressions ÷ share; a share under 0.1 (Google reports `0.0999` for "under 10 %") gives only a
    /// lower bound, impressions ÷ 0.0999; a campaign-day with impressions and no share is counted as
    /// missing. A filter on non-search platforms only gives no days (not an error).
    public func demandDays(filter: ReportFilter) throws -> [DemandDay] {
        guard let searchFilter = ReportShape.searchOnly(filter) else { return [] }
        var conditions = ["f.grain = 'campaign'", "c.zone IS NOT NULL", "c.purpose IS NOT NULL"]
        var arguments: StatementArguments = []
        Self.restrict(&conditions, &arguments, by: searchFilter)
        let sql = """
            SELECT c.zone, c.purpose, f.date,
                sum(CASE WHEN f.search_impression_share IS NOT NULL THEN f.impressions ELSE 0 END),
                total(CASE WHEN f.search_impression_share >= 0.1 THEN f.impressions / f.search_impression_share END),
                total(CASE WHEN f.search_impression_share < 0.1 THEN f.impressions / 0.0999 END),
                count(CASE WHEN f.search_impression_share IS NULL AND f.impressions > 0 THEN 1 END),
                count(CASE WHEN f.search_impression_share < 0.1 THEN 1 END)
            FROM metric_fact AS f\(Self.labelJoin)
            WHERE \(conditions.joined(separator: " AND "))
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """
        return try read("read the search demand evidence") { db in
            var days: [DemandDay] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let purposeText: String = row[1]
                guard let purpose = Purpose(rawValue: purposeText) else {
                    throw StoreError(.unreadableRow, "The state store holds a campaign purpose this version of tfz does not know: \(purposeText).")
                }
                days.append(DemandDay(
                    zone: row[0], purpose: purpose, date: row[2], impressions: row[3], estimatedSearches: row[4],
                    censoredSearches: row[5], missingShareDays: row[6], censoredDays: row[7]))
            }
            return days
        }
    }
}

extension SQLiteStore {
    /// The campaign labels, joined so that the facts stay the outer loop (one probe per fact row by the
    /// labels' primary key).
    static let labelJoin = """

        LEFT JOIN metric_campaign AS c
            ON c.platform = f.platform AND c.account_id = f.account_id AND c.campaign_id = f.campaign_id
        """

    /// What SQL groups a dimension by: the stored columns themselves where the shown value is built from
    /// them, so that the sort behind `GROUP BY` compares short stored texts instead of building a string per
    /// row (the shown value is then built once per group).
    static func grouping(for dimension: ReportDimension) -> [String] {
        switch dimension {
        case .keyword: ["f.keyword", "f.match_type", "CASE WHEN f.keyword IS NULL THEN f.criterion_id END"]
        case .creative: ["f.creative", "CASE WHEN f.creative IS NULL THEN f.ad_id END"]
        default: [expression(for: dimension)]
        }
    }

    /// The SQL value of a dimension (`week` is the day here, folded into weeks by ``merge(_:weeks:)``).
    static func expression(for dimension: ReportDimension) -> String {
        switch dimension {
        case .zone: "coalesce(c.zone, '\(notTFZ)')"
        case .campaign: "coalesce(c.campaign_key, '\(notTFZ)')"
        case .purpose: "coalesce(c.purpose, '\(notTFZ)')"
        case .platform: "f.platform"
        case .keyword:
            """
            CASE WHEN f.keyword IS NULL THEN 'keyword ' || f.criterion_id
                WHEN f.match_type IS NULL THEN f.keyword
                ELSE f.keyword || ' (' || lower(f.match_type) || ')' END
            """
        case .creative: "coalesce(f.creative, 'ad ' || f.ad_id)"
        case .landingPage: "f.landing_page"
        case .day, .week: "f.date"
        case .month: "substr(f.date, 1, 7)"
        }
    }

    /// Adds the filter's conditions. Zones are compared with the value reports show, so `(not tfz)` selects
    /// the campaigns tfz did not launch. The labels are only coalesced, never required, so that the
    /// planner keeps the facts as the outer loop.
    static func restrict(_ conditions: inout [String], _ arguments: inout StatementArguments, by filter: ReportFilter) {
        func list(_ values: [String]) -> String {
            arguments += StatementArguments(values)
            return Array(repeating: "?", count: values.count).joined(separator: ", ")
        }
        if let since = filter.since {
            conditions.append("f.date >= ?")
            arguments += [since]
        }
        if let until = filter.until {
            conditions.append("f.date <= ?")
            arguments += [until]
        }
        if !filter.platforms.isEmpty {
            conditions.append("f.platform IN (\(list(filter.platforms.map(\.rawValue).sorted())))")
        }
        if !filter.zones.isEmpty {
            conditions.append("coalesce(c.zone, '\(notTFZ)') IN (\(list(filter.zones.sorted())))")
        }
        if !filter.purposes.isEmpty {
            conditions.append("coalesce(c.purpose, '') IN (\(list(filter.purposes.map(\.rawValue).sorted())))")
        }
    }

    /// Replaces the days in the `weeks` columns by their weeks' Mondays and merges the lines whose values
    /// then coincide.
    static func merge(_ lines: [AggregateRow], weeks columns: [Int]) -> [AggregateRow] {
        var mondays: [String: String] = [:]
        var merged: [AggregateRow] = []
        var index: [[String]: Int] = [:]
        for var line in lines {
            for column in columns {
                let day = line.values[column]
                if let monday = mondays[day] {
                    line.values[column] = monday
                } else {
                    let monday = Self.monday(of: day)
                    mondays[day] = monday
                    line.values[column] = monday
                }
            }
            if let at = index[line.values] {
                merged[at].impressions += line.impressions
                merged[at].clicks += line.clicks
                merged[at].costMicros += line.costMicros
                if let conversions = line.conversions {
                    merged[at].conversions = (merged[at].conversions ?? 0) + conversions
                }
                if let reach = line.reach { merged[at].reach = (merged[at].reach ?? 0) + reach }
            } else {
                index[line.values] = merged.count
                merged.append(line)
            }
        }
        return merged
    }

    /// The Monday that starts the ISO week of a `yyyy-MM-dd` day (the day itself if it cannot be read).
    static func monday(of day: String) -> String {
        guard let date = CalendarDate(parsing: day) else { return day }
        let number = date.dayNumber
        // Day 0, 1970-01-01, was a Thursday: (number + 3) mod 7 counts the days since Monday.
        let sinceMonday = ((number + 3) % 7 + 7) % 7
        return CalendarDate(dayNumber: number - sinceMonday).description
    }
}
