import Foundation
import GRDB

/// Why the state store could not do what was asked, in one sentence for the user.
///
/// Messages name the store's file, a lease or a table, and SQLite's own reason; they never carry
/// statement arguments (GRDB keeps them out of its errors unless `publicStatementArguments` is on,
/// and tfz never turns it on), so a value written to the store cannot leak through an error.
public struct StoreError: LocalizedError, Sendable, Equatable {
    /// What went wrong, for code that reacts to it (tests, the scheduler).
    public enum Code: String, Sendable, Equatable {
        /// The `.tfz` folder could not be created, is not a folder, or its mode could not be tightened.
        case directory
        /// `state.sqlite` (or a side file) could not be created or its mode could not be tightened.
        case file
        /// SQLite could not open or migrate the database.
        case open
        /// Another process kept the database locked for longer than the busy timeout.
        case busy
        /// A statement failed (a constraint, a full disk, a read-only file…).
        case database
        /// A row holds a value this version of tfz cannot read (a damaged snapshot, an unknown platform).
        case unreadableRow
        /// A lease call had an empty name or holder, or a duration that is not positive.
        case invalidLease
        /// `renewLease` was called by a holder that no longer holds the lease.
        case leaseLost
        /// A metrics call named a pull that does not exist or has already ended, or gave rows of another
        /// account than the pull's.
        case invalidPull
        /// A report asked for a grouping the stored rows cannot answer.
        case invalidReport
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var errorDescription: String? { message }
}

extension StoreError {
    /// Wraps an error from SQLite with what tfz was doing. Keeps SQLite's message, never the SQL's arguments.
    static func wrapping(_ error: any Error, while doing: String, busyTimeout: TimeInterval) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let dbError = error as? DatabaseError else {
            return StoreError(.database, "Could not \(doing): \(error.localizedDescription).")
        }
        if dbError.resultCode == .SQLITE_BUSY || dbError.resultCode == .SQLITE_LOCKED {
            return StoreError(.busy, "Could not \(doing): another tfz process kept the state store busy for more than \(Int(busyTimeout)) seconds; try again when it has finished.")
        }
        let reason = dbError.message ?? "SQLite error \(dbError.extendedResultCode.rawValue)"
        return StoreError(.database, "Could not \(doing): \(reason).")
    }
}
