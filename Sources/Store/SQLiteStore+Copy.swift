import CampaignKit
import Foundation
import GRDB

extension SQLiteStore: WorkspaceStore {
    public var description: String { "SQLite \(databaseURL.path)" }

    public func appliedMigrations() throws -> [String] {
        try read("read the state store's schema version") { db in
            let applied = try Self.migrator.appliedIdentifiers(db)
            // In the order they were registered (the order they are applied in).
            return Self.migrator.migrations.filter(applied.contains)
        }
    }

    /// A lease row stays after its holder was killed, until it expires (`Workbench` takes over one whose holder was a
    /// process of this machine that no longer runs).
    public var leasesOutliveTheirHolder: Bool { true }

    public func leases(now: Date) throws -> [StoredLease] {
        try read("read the leases") { db in
            try Row.fetchAll(db, sql: "SELECT name, holder, expires_at FROM lease ORDER BY name").compactMap { row in
                guard let until = Date.fromDatabaseValue(row["expires_at"]), until > now else { return nil }
                return StoredLease(name: row["name"], holder: row["holder"], until: until)
            }
        }
    }

    public func readRows(of table: StoreTable, chunk: Int, _ body: ([[StoreValue]]) throws -> Void) throws {
        try read("read the table \(table.name)") { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.orderBy)")
            var batch: [[StoreValue]] = []
            batch.reserveCapacity(chunk)
            while let row = try rows.next() {
                batch.append(row.databaseValues.map(Self.storeValue))
                if batch.count >= chunk {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }

    public func insertRows(_ rows: [[StoreValue]], into table: StoreTable) throws {
        guard !rows.isEmpty else { return }
        try write("copy \(rows.count) row(s) into \(table.name)") { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO \(table.name) (\(table.columns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: table.columns.count).joined(separator: ", ")))
                """)
            for row in rows {
                try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
            }
        }
    }

    public func totals(of table: StoreTable) throws -> StoreTotals {
        try read("add up the table \(table.name)") { db in
            let sums = table.summed.map { "coalesce(sum(\($0)), 0)" }
            let row = try Row.fetchOne(db, sql: "SELECT \((["count(*)"] + sums).joined(separator: ", ")) FROM \(table.name)")!
            var totals = StoreTotals(rows: row[0], sums: [:])
            for (index, column) in table.summed.enumerated() { totals.sums[column] = row[index + 1] }
            return totals
        }
    }

    /// Nothing to do: SQLite moves an `AUTOINCREMENT` counter past any id inserted explicitly.
    public func finishCopy() throws {}

    static func storeValue(_ value: DatabaseValue) -> StoreValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .text(String(decoding: v, as: UTF8.self))
        }
    }

    static func databaseValue(_ value: StoreValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.databaseValue
        case .text(let v): v.databaseValue
        }
    }
}
