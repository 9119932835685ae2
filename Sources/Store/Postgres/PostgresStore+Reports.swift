import CampaignKit
import Foundation
import PostgresNIO

/// Reports on PostgreSQL: the same answers as the SQLite store's (see `SQLiteStore+Reports.swift`), aggregated by the
/// server, weeks included (`date_trunc('week', …)` starts ISO weeks on Monday), so that only the report's lines cross
/// the network.
extension PostgresStore {
    public func aggregate(by dimensions: [ReportDimension], filter: ReportFilter) throws -> [AggregateRow] {
        let (grain, needsLabels) = try ReportShape.plan(dimensions, filter)
        var conditions = ["f.grain = $1"]
        var binds: [PGBind] = [.text(grain.rawValue)]
        Self.restrict(&conditions, &binds, by: filter)
        let groups = dimensions.flatMap(Self.grouping(for:)).joined(separator: ", ")
        let sql = """
            SELECT \(dimensions.map(Self.expression(for:)).map { $0 + ", " }.joined())
                sum(f.impressions)::int8, sum(f.clicks)::int8, sum(f.cost_micros)::int8, sum(f.conversions), count(*), sum(f.reach)::int8
            FROM metric_fact AS f\(needsLabels ? SQLiteStore.labelJoin : "")
            WHERE \(conditions.joined(separator: " AND "))
            \(groups.isEmpty ? "" : "GROUP BY \(groups)")
            """
        return try read("add up the stored metrics") {
            var lines: [AggregateRow] = []
            let n = dimensions.count
            for row in try session.query(sql, binds) {
                let cells = row.makeRandomAccess()
                guard try cells[n + 4].decode(Int64.self) > 0 else { continue }  // no GROUP BY and no rows
                lines.append(AggregateRow(
                    values: try (0..<n).map { try cells[$0].decode(String.self) }, impressions: try cells[n].decode(Int64.self),
                    clicks: try cells[n + 1].decode(Int64.self), costMicros: try cells[n + 2].decode(Int64.self),
                    conversions: try cells[n + 3].decode(Double?.self), reach: try cells[n + 5].decode(Int64?.self)))
            }
            // Joins the rare groups that print alike (a keyword whose text is literally `keyword 12`); weeks are
            // already Mondays.
            if dimensions.contains(.keyword) || dimensions.contains(.creative) {
                lines = SQLiteStore.merge(lines, weeks: [])
            }
            lines.sort { $0.values.lexicographicallyPrecedes($1.values) }
            return lines
        }
    }

    public func demandDays(filter: ReportFilter) throws -> [DemandDay] {
        guard let searchFilter = ReportShape.searchOnly(filter) else { return [] }
        var conditions = ["f.grain = 'campaign'", "c.zone IS NOT NULL", "c.purpose IS NOT NULL"]
        var binds: [PGBind] = []
        Self.restrict(&conditions, &binds, by: searchFilter)
        let sql = """
            SELECT c.zone, c.purpose, f.date,
                coalesce(sum(CASE WHEN f.search_impression_share IS NOT NULL THEN f.impressions ELSE 0 END), 0)::int8,
                coalesce(sum(CASE WHEN f.search_impression_share >= 0.1 THEN f.impressions / f.search_impression_share END), 0)::float8,
                coalesce(sum(CASE WHEN f.search_impression_share < 0.1 THEN f.impressions / 0.0999::float8 END), 0)::float8,
                count(CASE WHEN f.search_impression_share IS NULL AND f.impressions > 0 THEN 1 END),
                count(CASE WHEN f.search_impression_share < 0.1 THEN 1 END)
            FROM metric_fact AS f\(SQLiteStore.labelJoin)
            WHERE \(conditions.joined(separator: " AND "))
            GROUP BY 1, 2, 3
            ORDER BY c.zone COLLATE "C", c.purpose COLLATE "C", f.date
            """
        return try read("read the search demand evidence") {
            try session.query(sql, binds).map { row in
                let purposeText: String = try row.get(1)
                guard let purpose = Purpose(rawValue: purposeText) else {
                    throw StoreError(.unreadableRow, "The state store holds a campaign purpose this version of tfz does not know: \(purposeText).")
                }
                return DemandDay(
                    zone: try row.get(0), purpose: purpose, date: try row.get(2), impressions: try row.get(3),
                    estimatedSearches: try row.get(4), censoredSearches: try row.get(5),
                    missingShareDays: Int(try row.get(6, as: Int64.self)), censoredDays: Int(try row.get(7, as: Int64.self)))
            }
        }
    }

    /// PostgreSQL groups by the shown value itself (it cannot see that the value depends only on the stored columns),
    /// but for weeks, grouped by their Monday as a date and printed once per group (a quarter faster than printing
    /// every row's Monday).
    static func grouping(for dimension: ReportDimension) -> [String] {
        dimension == .week ? [monday] : [expression(for: dimension)]
    }

    /// The Monday of the row's ISO week, as a date.
    static let monday = "(f.date::date - (extract(isodow FROM f.date::date)::int - 1))"

    /// The SQL value of a dimension: the SQLite store's, but for weeks, which the server folds into their Mondays.
    static func expression(for dimension: ReportDimension) -> String {
        switch dimension {
        case .week: "to_char(\(monday), 'YYYY-MM-DD')"
        default: SQLiteStore.expression(for: dimension)
        }
    }

    static func restrict(_ conditions: inout [String], _ binds: inout [PGBind], by filter: ReportFilter) {
        func next(_ bind: PGBind) -> String {
            binds.append(bind)
            return "$\(binds.count)"
        }
        if let since = filter.since { conditions.append("f.date >= \(next(.text(since)))") }
        if let until = filter.until { conditions.append("f.date <= \(next(.text(until)))") }
        if !filter.platforms.isEmpty {
            conditions.append("f.platform = ANY(\(next(.texts(filter.platforms.map(\.rawValue).sorted()))))")
        }
        if !filter.zones.isEmpty {
            conditions.append("coalesce(c.zone, '\(SQLiteStore.notTFZ)') = ANY(\(next(.texts(filter.zones.sorted()))))")
        }
        if !filter.purposes.isEmpty {
            conditions.append("coalesce(c.purpose, '') = ANY(\(next(.texts(filter.purposes.map(\.rawValue).sorted()))))")
        }
    }
}

// MARK: - Copying

extension PostgresStore {
    /// Reads through a cursor, `chunk` rows a fetch, so that a ten-million-row table is never in memory at once.
    public func readRows(of table: StoreTable, chunk: Int, _ body: ([[StoreValue]]) throws -> Void) throws {
        try write("read the table \(table.name)") {
            try session.query("""
                DECLARE tfz_copy NO SCROLL CURSOR FOR
                SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(Self.collated(table.orderBy))
                """)
            while true {
                let rows = try session.query("FETCH \(max(1, chunk)) FROM tfz_copy")
                if rows.isEmpty { break }
                try body(try rows.map { row in try row.makeRandomAccess().map(Self.storeValue) })
            }
            try session.query("CLOSE tfz_copy")
        }
    }

    public func insertRows(_ rows: [[StoreValue]], into table: StoreTable) throws {
        guard !rows.isEmpty else { return }
        let width = table.columns.count
        let perStatement = max(1, 60_000 / width)
        try write("copy \(rows.count) row(s) into \(table.name)") {
            var start = 0
            while start < rows.count {
                let slice = rows[start..<min(start + perStatement, rows.count)]
                var binds: [PGBind] = []
                binds.reserveCapacity(slice.count * width)
                var tuples: [String] = []
                for row in slice {
                    var marks: [String] = []
                    for value in row {
                        switch value {
                        case .null: binds.append(.text(nil))
                        case .integer(let v): binds.append(.int(v))
                        case .real(let v): binds.append(.double(v))
                        case .text(let v): binds.append(.text(v))
                        }
                        marks.append("$\(binds.count)")
                    }
                    tuples.append("(" + marks.joined(separator: ", ") + ")")
                }
                // Untyped NULLs and texts take the column's type.
                try session.query("INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))",
                                  binds)
                start += perStatement
            }
        }
    }

    public func totals(of table: StoreTable) throws -> StoreTotals {
        try read("add up the table \(table.name)") {
            let sums = table.summed.map { "coalesce(sum(\($0)), 0)::int8" }
            let cells = try session.query("SELECT \((["count(*)"] + sums).joined(separator: ", ")) FROM \(table.name)")[0].makeRandomAccess()
            var totals = StoreTotals(rows: Int(try cells[0].decode(Int64.self)), sums: [:])
            for (index, column) in table.summed.enumerated() { totals.sums[column] = try cells[index + 1].decode(Int64.self) }
            return totals
        }
    }

    /// Moves each id counter past the largest id copied in.
    public func finishCopy() throws {
        try write("move the id counters past the copied rows") {
            for table in StoreTables.all {
                guard let serial = table.serial else { continue }
                try session.query("""
                    SELECT setval(pg_get_serial_sequence('\(table.name)', '\(serial)'), coalesce(max(\(serial)), 0) + 1, false) FROM \(table.name)
                    """)
            }
        }
    }

    /// `ORDER BY` columns compared bytewise, as SQLite compares them.
    static func collated(_ orderBy: String) -> String {
        orderBy.split(separator: ",").map { column in
            let name = column.trimmingCharacters(in: .whitespaces)
            return name == "id" ? name : "\(name) COLLATE \"C\""
        }.joined(separator: ", ")
    }

    static func storeValue(_ cell: PostgresCell) throws -> StoreValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        default: return .text(try cell.decode(String.self))
        }
    }
}
