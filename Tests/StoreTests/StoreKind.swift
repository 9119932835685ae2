import Foundation
import PostgresHarness
import Testing
@testable import Store

/// The two stores every store test runs against: `@Test(arguments: StoreKind.allCases)`.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty store of this kind: SQLite in the workspace's `.tfz/`, PostgreSQL in a new database of the test
    /// process's throwaway server.
    func makeStore(in workspace: borrowing TemporaryWorkspace) throws -> any WorkspaceStore & RawSQLStore {
        switch self {
        case .sqlite: return try SQLiteStore(directory: workspace.stateDirectory)
        case .postgres: return try PostgresStore(try Self.newDatabase())
        }
    }

    /// Opens the same store again (a second process, a second machine), as `makeStore` left it.
    func reopen(_ store: any WorkspaceStore, in workspace: borrowing TemporaryWorkspace) throws -> any WorkspaceStore & RawSQLStore {
        switch self {
        case .sqlite: return try SQLiteStore(directory: workspace.stateDirectory)
        case .postgres: return try PostgresStore((store as! PostgresStore).session.settings)
        }
    }

    /// The settings of a new empty database on the throwaway server.
    static func newDatabase() throws -> PostgresSettings {
        let server = try ThrowawayPostgres.shared()
        let name = try server.createDatabase()
        return PostgresSettings(host: server.host, port: server.port, user: server.adminUser, database: name,
                                password: server.adminPassword, tls: .disable)
    }
}
