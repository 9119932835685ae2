import CampaignKit
import Foundation
import GRDB
import Testing

@testable import Store

// Raw SQL for the store tests, in statements that both SQLite and PostgreSQL accept (values inlined as literals).

extension RawSQLStore {
    /// The number of rows in `table`.
    func count(_ table: String) throws -> Int {
        let rows = try queryRaw("SELECT count(*) FROM \(table)")
        guard case .integer(let n)? = rows.first?.first else { throw StoreError(.database, "count(*) of \(table) is \(rows)") }
        return Int(n)
    }

    /// The first column of a query's rows as text (`nil` for NULL, numbers as Swift prints them).
    func strings(_ sql: String) throws -> [String?] {
        try queryRaw(sql).map { $0.first.flatMap(\.text) }
    }
}

extension StoreValue {
    /// The value as text the same way for both stores: integers and reals as Swift prints them, NULL as nil.
    var text: String? {
        switch self {
        case .null: nil
        case .integer(let v): "\(v)"
        case .real(let v): "\(v)"
        case .text(let v): v
        }
    }
}

/// Why the schema refuses a statement, as each database says it.
enum Refusal {
    case check
    case notNull
    case foreignKey
    case unique
    /// A message both databases give (a trigger's), or one database's own words.
    case message(String)

    func words(_ kind: StoreKind) -> String {
        switch (self, kind) {
        case (.check, .sqlite): "CHECK constraint failed"
        case (.check, .postgres): "violates check constraint"
        case (.notNull, .sqlite): "NOT NULL constraint failed"
        case (.notNull, .postgres): "violates not-null constraint"
        case (.foreignKey, .sqlite): "FOREIGN KEY constraint failed"
        case (.foreignKey, .postgres): "violates foreign key constraint"
        case (.unique, .sqlite): "UNIQUE constraint failed"
        case (.unique, .postgres): "violates unique constraint"
        case (.message(let text), _): text
        }
    }
}

/// Expects the schema to refuse `sql` (a `StoreError` of code `.database` whose message says `why`, or on PostgreSQL
/// `postgres` where its reason differs in kind) and `table` to keep the rows it had.
func expectRefused(
    _ store: any RawSQLStore, _ kind: StoreKind, _ sql: String, _ why: Refusal, postgres: Refusal? = nil, table: String,
    _ comment: Comment? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let before = try? store.count(table)
    let error = #expect(throws: StoreError.self, comment, sourceLocation: sourceLocation) { try store.executeRaw(sql) }
    #expect(error?.code == .database, comment, sourceLocation: sourceLocation)
    let words = (kind == .postgres ? postgres ?? why : why).words(kind)
    #expect(error?.message.contains(words) == true, "\(comment.map { "\($0): " } ?? "")“\(error?.message ?? "")” does not say “\(words)”",
            sourceLocation: sourceLocation)
    #expect((try? store.count(table)) == before, comment, sourceLocation: sourceLocation)
}

/// A text literal for inlined SQL.
func literal(_ text: String?) -> String {
    text.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
}

/// When a lease was first acquired, from its row (SQLite keeps GRDB's `yyyy-MM-dd HH:mm:ss.SSS` text, PostgreSQL a
/// `timestamptz`).
func leaseAcquiredAt(_ store: any RawSQLStore, _ kind: StoreKind, name: String) throws -> Date? {
    switch kind {
    case .sqlite:
        let text = try store.strings("SELECT acquired_at FROM lease WHERE name = \(literal(name))").first ?? nil
        return text.flatMap { Date.fromDatabaseValue($0.databaseValue) }
    case .postgres:
        guard case .real(let seconds)? = try store.queryRaw("SELECT extract(epoch FROM acquired_at)::float8 FROM lease WHERE name = \(literal(name))").first?.first
        else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}

extension WorkspaceStore {
    /// The store's own `campaign(_:)`: both stores have it, but ``WorkspaceStore`` does not declare it.
    func campaign(_ key: CampaignKey) throws -> RemoteCampaign? {
        switch self {
        case let store as SQLiteStore: try store.campaign(key)
        case let store as PostgresStore: try store.campaign(key)
        default: throw StoreError(.database, "\(type(of: self)) is neither store")
        }
    }
}
