import Foundation

/// Copies a workspace's state and metrics from one store into another (`tfz store copy`): SQLite into PostgreSQL when
/// a team moves in, and back.
///
/// The destination must be empty (a copy never merges two histories); every table of ``StoreTables/all`` is read in
/// its key order and written in chunks, each chunk one transaction; id counters are moved past the copied ids; and the
/// copy is then verified table by table, by row count and the sums of its figures. A mismatch is an error that names
/// the table.
public enum StoreCopier {
    /// Rows read and written per chunk.
    public static let chunk = 5_000

    /// One copied table and what both stores hold after the copy.
    public struct Line: Sendable {
        public var table: StoreTable
        public var totals: StoreTotals
    }

    public static func copy(from source: any WorkspaceStore, to destination: any WorkspaceStore,
                            progress: (String) -> Void = { _ in }) throws -> [Line] {
        for table in StoreTables.all where try destination.totals(of: table).rows > 0 {
            throw StoreError(.database, "\(destination.description) is not empty (its table \(table.name) has rows): tfz copies only into an empty store, so that two histories are never mixed.")
        }
        for table in StoreTables.all {
            var copied = 0
            try source.readRows(of: table, chunk: chunk) { rows in
                try destination.insertRows(rows, into: table)
                copied += rows.count
            }
            progress("\(table.name): \(copied) row(s) copied")
        }
        try destination.finishCopy()
        var lines: [Line] = []
        for table in StoreTables.all {
            let before = try source.totals(of: table)
            let after = try destination.totals(of: table)
            guard before == after else {
                throw StoreError(.database, "The copy of \(table.name) does not match: \(source.description) has \(before), \(destination.description) has \(after).")
            }
            lines.append(Line(table: table, totals: after))
        }
        return lines
    }
}
