import Foundation
import GRDB

/// Leases: one actor at a time per job (`launch`, `scheduler`, …), with an expiry so that a holder
/// that crashed does not block the others forever.
///
/// Each call is one immediate write transaction, so two processes (or two connections) that race for
/// the same lease are served one after the other, and exactly one of them wins. Time is passed in as
/// `now`, never read here. A lease is held while `now < expires_at`; from `expires_at` on, anyone may
/// take it over. Times are kept to the millisecond.
extension SQLiteStore {
    /// Takes the lease `name` for `holder` until `now + ttl`, unless another holder has it and it has not
    /// expired.
    ///
    /// Not errors: taking over an expired lease, and acquiring a lease the holder already has (that
    /// sets its expiry to `now + ttl`, keeping when it was first acquired).
    public func acquireLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> LeaseResult {
        try Self.check(name: name, holder: holder, ttl: ttl)
        let expiry = now.addingTimeInterval(ttl)
        return try write("acquire the lease “\(name)”") { db in
            if let current = try Self.lease(name, in: db) {
                if current.holder == holder, current.expiresAt > now {
                    try db.execute(
                        sql: "UPDATE lease SET expires_at = ? WHERE name = ?", arguments: [expiry, name])
                    return .acquired
                }
                if current.expiresAt > now {
                    return .heldBy(holder: current.holder, until: current.expiresAt)
                }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO lease (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [name, holder, now, expiry])
            return .acquired
        }
    }

    /// Extends a lease its holder still has to `now + ttl`, and returns the new expiry.
    ///
    /// Renewing after the expiry is not an error as long as nobody took the lease over in between (the
    /// holder is still the recorded one, so nobody else acted). Throws ``StoreError/Code/leaseLost`` when
    /// another holder has taken it, or it was released: the caller must stop what it was doing.
    @discardableResult
    public func renewLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> Date {
        try Self.check(name: name, holder: holder, ttl: ttl)
        let expiry = now.addingTimeInterval(ttl)
        return try write("renew the lease “\(name)”") { db in
            guard let current = try Self.lease(name, in: db), current.holder == holder else {
                throw StoreError(.leaseLost, "The lease “\(name)” is no longer held by \(holder); another run may have acted since, so stop and start again.")
            }
            try db.execute(sql: "UPDATE lease SET expires_at = ? WHERE name = ?", arguments: [expiry, name])
            return try Self.lease(name, in: db)?.expiresAt ?? expiry
        }
    }

    /// Gives the lease up so that the next actor need not wait for it to expire.
    ///
    /// Releasing a lease that `holder` does not hold (never acquired, expired and taken over, already
    /// released) is not an error and changes nothing.
    public func releaseLease(_ name: String, holder: String) throws {
        try write("release the lease “\(name)”") { db in
            try db.execute(sql: "DELETE FROM lease WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }

    private static func check(name: String, holder: String, ttl: TimeInterval) throws {
        guard !name.isEmpty, !holder.isEmpty else {
            throw StoreError(.invalidLease, "A lease needs a name and a holder.")
        }
        guard ttl.isFinite, ttl >= 0.001 else {
            throw StoreError(.invalidLease, "The lease “\(name)” needs a duration of at least a millisecond, not \(ttl) seconds.")
        }
    }

    private static func lease(_ name: String, in db: Database) throws -> (holder: String, expiresAt: Date)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT holder, expires_at FROM lease WHERE name = ?", arguments: [name])
        else { return nil }
        guard let expiresAt = Date.fromDatabaseValue(row["expires_at"]) else {
            throw StoreError(.unreadableRow, "The lease “\(name)” has an expiry this version of tfz cannot read; delete its row from the lease table with `sqlite3`.")
        }
        return (row["holder"], expiresAt)
    }
}
