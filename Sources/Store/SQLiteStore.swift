import CampaignKit
import Foundation
import GRDB

/// The workspace's state on disk: remote ids, the last applied snapshots, the change log and job
/// leases, in `.tfz/state.sqlite`.
///
/// Follows GRDB's `AppDatabase` pattern: this type owns the only writer, runs the named migrations of
/// ``SQLiteStore/migrator`` when it opens, and each method keeps the store's invariants in one
/// transaction. Constraints live in the schema (see `SQLiteStore+Schema.swift`), so a bug elsewhere or a
/// hand edit with `sqlite3` cannot store, say, a campaign with an unknown status.
///
/// Several processes may open the same store (a `tfz launch` while the scheduler runs): the database
/// is in WAL mode, every write takes SQLite's write lock up front (`BEGIN IMMEDIATE`, GRDB's default
/// for writes), and a process that finds the lock taken waits up to ``busyTimeout`` instead of failing.
///
/// Files are private to their owner: the folder is 0700, the database and its `-wal`/`-shm` side files
/// 0600. A looser mode on an existing folder or file is not an error: it is tightened.
public final class SQLiteStore: StateRecorder {
    /// The database's file name inside the store's folder.
    public static let fileName = "state.sqlite"
    /// How long a process waits for another one's write lock before giving up.
    public static let busyTimeout: TimeInterval = 5

    /// The store's folder (the workspace's `.tfz/`).
    public let directory: URL
    /// `directory/state.sqlite`.
    public let databaseURL: URL
    /// The only writer. Internal so that tests can look at the schema and try raw SQL.
    let writer: DatabasePool

    /// Opens the store in `directory` (the workspace's `.tfz/`), creating the folder (0700) and the
    /// database (0600) if they are missing, tightening them if their modes are looser, and migrating
    /// the schema to the current version.
    ///
    /// It is not an error for another process to open, or create, the same store at the same time.
    public init(directory: URL) throws {
        self.directory = directory
        databaseURL = directory.appendingPathComponent(Self.fileName, isDirectory: false)
        try PrivateFiles.makeDirectory(directory)
        try PrivateFiles.makeFile(databaseURL)

        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "tfz.state"
        // 64 MiB of page cache per connection (SQLite's default is 2 MiB): a pull upserts hundreds of thousands of rows
        // into one B-tree, and reports scan it.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        let path = databaseURL.path
        do {
            // A pool always runs in WAL mode: readers do not block the writer, nor the writer readers.
            writer = try Self.retryingWhileBusy { try DatabasePool(path: path, configuration: configuration) }
        } catch {
            throw StoreError(.open, "Could not open the state store \(databaseURL.path): \(Self.reason(error)).")
        }
        try PrivateFiles.tightenSideFiles(of: databaseURL)
        do {
            try Self.migrate(writer)
        } catch {
            throw StoreError(.open, "Could not bring the state store \(databaseURL.path) up to date: \(Self.reason(error)).")
        }
    }

    /// Runs the migrations. GRDB reads which ones are applied before it opens each migration's
    /// transaction, so two processes that open a new store at once may both try the same migration: the
    /// loser fails on "table already exists" (or "duplicate column name"), and running the migrator again
    /// goes on from the migrations the winner applied. Each retry follows at least one migration applied
    /// by another process, so there are at most as many as migrations.
    static func migrate(_ writer: DatabasePool) throws {
        try retryingWhileBusy {
            var attempts = 0
            while true {
                do {
                    return try migrator.migrate(writer)
                } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && attempts < migrator.migrations.count {
                    attempts += 1
                }
            }
        }
    }

    /// Runs `body` again while SQLite answers "database is locked", for up to ``busyTimeout`` in all.
    ///
    /// The busy timeout covers statements, but not everything that opening a store does: switching a
    /// new database to WAL needs the file to itself and SQLite does not wait for it, so two processes
    /// opening a new store at once would otherwise see one of them fail at once.
    static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        var slept: TimeInterval = 0
        var pause: TimeInterval = 0.005
        while true {
            do {
                return try body()
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && slept < busyTimeout
            {
                Thread.sleep(forTimeInterval: pause)
                slept += pause
                pause = min(pause * 2, 0.1)
            }
        }
    }

    /// Reads in a snapshot of the database, wrapping SQLite's errors as ``StoreError``.
    func read<T>(_ doing: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrapping(error, while: doing, busyTimeout: Self.busyTimeout)
        }
    }

    /// Writes in one immediate transaction, wrapping SQLite's errors as ``StoreError``.
    func write<T>(_ doing: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrapping(error, while: doing, busyTimeout: Self.busyTimeout)
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        }
        return error.localizedDescription
    }
}
