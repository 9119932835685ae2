import CampaignKit
import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct LeaseTests {
    let t0 = Date(timeIntervalSince1970: 1_900_000_000)
    func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    @Test(arguments: StoreKind.allCases)
    func secondHolderIsRefusedWithTheHolderAndExpiry(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        #expect(try store.acquireLease("launch", holder: "ana@laptop", now: t0, ttl: 60) == .acquired)
        #expect(try store.acquireLease("launch", holder: "scheduler", now: at(10), ttl: 60) == .heldBy(holder: "ana@laptop", until: at(60)))
        // Another lease name is another lease.
        #expect(try store.acquireLease("scheduler", holder: "scheduler", now: at(10), ttl: 60) == .acquired)
        // And a second store (another process) is refused alike.
        let other = try kind.reopen(store, in: workspace)
        #expect(try other.acquireLease("launch", holder: "bo", now: at(20), ttl: 60) == .heldBy(holder: "ana@laptop", until: at(60)))
    }

    /// SQLite: a lease expires at `now + ttl` and is taken over from then on. PostgreSQL: a lease lives as long as its
    /// holder's session, whatever its expiry says, and is free at once when that session ends.
    @Test(arguments: StoreKind.allCases)
    func anExpiredLeaseIsTakenOverFromItsExpiryOn(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let crashed = try kind.makeStore(in: workspace)
        let next = try kind.reopen(crashed, in: workspace)
        #expect(try crashed.acquireLease("launch", holder: "crashed", now: t0, ttl: 60) == .acquired)
        #expect(try next.acquireLease("launch", holder: "next", now: at(59.999), ttl: 60) == .heldBy(holder: "crashed", until: at(60)))
        switch kind {
        case .sqlite:
            #expect(try next.acquireLease("launch", holder: "next", now: at(60), ttl: 60) == .acquired)
        case .postgres:
            // Expired, but its holder's session lives: not taken over, however late.
            #expect(try next.acquireLease("launch", holder: "next", now: at(60), ttl: 60) == .heldBy(holder: "crashed", until: at(60)))
            #expect(try next.acquireLease("launch", holder: "next", now: at(6_000), ttl: 60) == .heldBy(holder: "crashed", until: at(60)))
            (crashed as! PostgresStore).close()
            #expect(try next.acquireLease("launch", holder: "next", now: at(60), ttl: 60) == .acquired)
        }
        let third = try kind.reopen(next, in: workspace)
        #expect(try third.acquireLease("launch", holder: "crashed", now: at(61), ttl: 60) == .heldBy(holder: "next", until: at(120)))
        #expect(try leaseAcquiredAt(next, kind, name: "launch") == at(60))
    }

    @Test(arguments: StoreKind.allCases)
    func theSameHolderReacquiringExtendsItsLease(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let other = try kind.reopen(store, in: workspace)
        #expect(try store.acquireLease("launch", holder: "ana", now: t0, ttl: 60) == .acquired)
        #expect(try store.acquireLease("launch", holder: "ana", now: at(30), ttl: 60) == .acquired)
        #expect(try store.acquireLease("launch", holder: "bo", now: at(70), ttl: 60) == .heldBy(holder: "ana", until: at(90)))
        #expect(try other.acquireLease("launch", holder: "bo", now: at(70), ttl: 60) == .heldBy(holder: "ana", until: at(90)))
        #expect(try leaseAcquiredAt(store, kind, name: "launch") == t0)
    }

    @Test(arguments: StoreKind.allCases)
    func renewalExtendsOnlyTheHoldersOwnLease(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        #expect(try store.acquireLease("scheduler", holder: "tick-1", now: t0, ttl: 60) == .acquired)
        #expect(try store.renewLease("scheduler", holder: "tick-1", now: at(50), ttl: 60) == at(110))
        #expect(try store.acquireLease("scheduler", holder: "tick-2", now: at(100), ttl: 60) == .heldBy(holder: "tick-1", until: at(110)))

        let stranger = #expect(throws: StoreError.self) { try store.renewLease("scheduler", holder: "tick-2", now: at(100), ttl: 60) }
        #expect(stranger?.code == .leaseLost)
        #expect(stranger?.errorDescription == "The lease “scheduler” is no longer held by tick-2; another run may have acted since, so stop and start again.")

        // Late, but nobody took it over: renewing is still safe.
        #expect(try store.renewLease("scheduler", holder: "tick-1", now: at(200), ttl: 60) == at(260))
        switch kind {
        case .sqlite:
            // Taken over at its expiry.
            #expect(try store.acquireLease("scheduler", holder: "tick-2", now: at(300), ttl: 60) == .acquired)
        case .postgres:
            // Never taken over from a live holder: tick-1 may still renew it after its expiry, until it lets it go.
            #expect(try store.acquireLease("scheduler", holder: "tick-2", now: at(300), ttl: 60) == .heldBy(holder: "tick-1", until: at(260)))
            #expect(try store.renewLease("scheduler", holder: "tick-1", now: at(300), ttl: 60) == at(360))
            try store.releaseLease("scheduler", holder: "tick-1")
            #expect(try store.acquireLease("scheduler", holder: "tick-2", now: at(300), ttl: 60) == .acquired)
        }
        // Taken: the old holder learns it lost the lease.
        let lost = #expect(throws: StoreError.self) { try store.renewLease("scheduler", holder: "tick-1", now: at(301), ttl: 60) }
        #expect(lost?.code == .leaseLost)
    }

    @Test(arguments: StoreKind.allCases)
    func releaseFreesTheLeaseOnlyForItsHolder(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let other = try kind.reopen(store, in: workspace)
        #expect(try store.acquireLease("launch", holder: "ana", now: t0, ttl: 600) == .acquired)
        try store.releaseLease("launch", holder: "bo")  // not bo's: nothing happens
        try other.releaseLease("launch", holder: "bo")
        #expect(try store.acquireLease("launch", holder: "bo", now: at(1), ttl: 600) == .heldBy(holder: "ana", until: at(600)))
        #expect(try other.acquireLease("launch", holder: "bo", now: at(1), ttl: 600) == .heldBy(holder: "ana", until: at(600)))
        try store.releaseLease("launch", holder: "ana")
        #expect(try other.acquireLease("launch", holder: "bo", now: at(2), ttl: 600) == .acquired)
        try store.releaseLease("never-taken", holder: "ana")
        let released = #expect(throws: StoreError.self) { try store.renewLease("launch", holder: "ana", now: at(3), ttl: 60) }
        #expect(released?.code == .leaseLost)
        #expect(try store.acquireLease("launch", holder: "ana", now: at(3), ttl: 600) == .heldBy(holder: "bo", until: at(602)))
    }

    @Test(arguments: StoreKind.allCases)
    func badLeaseArgumentsAreClearErrors(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let zero = #expect(throws: StoreError.self) { try store.acquireLease("launch", holder: "ana", now: t0, ttl: 0) }
        #expect(zero?.code == .invalidLease)
        #expect(zero?.errorDescription == "The lease “launch” needs a duration of at least a millisecond, not 0.0 seconds.")
        let noHolder = #expect(throws: StoreError.self) { try store.acquireLease("launch", holder: "", now: t0, ttl: 60) }
        #expect(noHolder?.errorDescription == "A lease needs a name and a holder.")
        #expect(throws: StoreError.self) { try store.renewLease("", holder: "ana", now: t0, ttl: 60) }
        #expect(try store.count("lease") == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func exactlyOneOfEightConcurrentTasksOnTwoConnectionsWins(kind: StoreKind) async throws {
        let workspace = try TemporaryWorkspace()
        let first = try kind.makeStore(in: workspace)
        let second = try kind.reopen(first, in: workspace)
        let now = t0
        let results = try await withThrowingTaskGroup(of: (String, LeaseResult).self) { group in
            let stores = Stores(first: first, second: second)
            for i in 0..<8 {
                group.addTask { ("holder-\(i)", try stores.pick(i).acquireLease("launch", holder: "holder-\(i)", now: now, ttl: 60)) }
            }
            return try await group.reduce(into: [(String, LeaseResult)]()) { $0.append($1) }
        }
        let winners = results.filter { $0.1 == .acquired }.map(\.0)
        try #require(winners.count == 1)
        let losers = results.filter { $0.1 != .acquired }
        #expect(losers.count == 7)
        #expect(losers.allSatisfy { $0.1 == .heldBy(holder: winners[0], until: now.addingTimeInterval(60)) }, "\(losers)")
    }

    /// PostgreSQL only: there a lease is its holder's session's advisory lock (SQLite has no sessions).
    @Test func aLeaseDiesWithItsHoldersSession() throws {
        let workspace = try TemporaryWorkspace()
        let a = try StoreKind.postgres.makeStore(in: workspace)
        let b = try StoreKind.postgres.reopen(a, in: workspace)
        #expect(try a.acquireLease("workspace", holder: "tfz launch (pid 1 on a)", now: t0, ttl: 60) == .acquired)
        #expect(try b.acquireLease("workspace", holder: "tfz launch (pid 2 on b)", now: at(1), ttl: 60)
                == .heldBy(holder: "tfz launch (pid 1 on a)", until: at(60)))
        #expect(try b.leases(now: at(1)).map(\.holder) == ["tfz launch (pid 1 on a)"])
        (a as! PostgresStore).close()
        #expect(try b.acquireLease("workspace", holder: "tfz launch (pid 2 on b)", now: at(2), ttl: 60) == .acquired)
        #expect(try b.leases(now: at(2)).map(\.holder) == ["tfz launch (pid 2 on b)"])
    }

    // SQLite only: another process's write lock on the database file (PostgreSQL has row locks, not a file lock).
    @Test(.enabled(if: Python.hasSQLite337, "needs python3 with SQLite 3.37 or later"))
    func anotherProcessHoldingTheWriteLockIsWaitedFor() throws {
        let workspace = try TemporaryWorkspace()
        let store = try SQLiteStore(directory: workspace.stateDirectory)
        // A second process takes the write lock, writes its own lease, holds the lock half a second, commits.
        let script = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO lease (name, holder, acquired_at, expires_at) VALUES ('scheduler', 'other-process', ?, ?)",
                       (sys.argv[2], sys.argv[3]))
            print("locked", flush=True)
            time.sleep(0.5)
            db.execute("COMMIT")
            """
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, workspace.databasePath, "2030-01-01 00:00:00.000", "2030-01-01 01:00:00.000"]
        process.standardOutput = output
        try process.run()
        defer { process.waitUntilExit() }
        var said = ""
        while !said.contains("locked") {
            let data = output.fileHandleForReading.availableData
            try #require(!data.isEmpty, "the second process exited before taking the lock")
            said += String(decoding: data, as: UTF8.self)
        }

        let started = ContinuousClock.now
        let now = try #require(Date.fromDatabaseValue("2030-01-01 00:30:00.000".databaseValue))
        let until = try #require(Date.fromDatabaseValue("2030-01-01 01:00:00.000".databaseValue))
        let result = try store.acquireLease("scheduler", holder: "tfz", now: now, ttl: 60)
        let waited = ContinuousClock.now - started
        #expect(result == .heldBy(holder: "other-process", until: until))
        #expect(waited > .milliseconds(300))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

/// The two stores of a concurrency test, sendable to its tasks (each store serialises its own calls).
struct Stores: @unchecked Sendable {
    let first: any WorkspaceStore & RawSQLStore
    let second: any WorkspaceStore & RawSQLStore
    func pick(_ i: Int) -> any WorkspaceStore & RawSQLStore { i.isMultiple(of: 2) ? first : second }
}

enum Python {
    /// Whether `python3` is on the PATH with an SQLite that reads STRICT tables.
    static let hasSQLite337: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3, sys; sys.exit(0 if sqlite3.sqlite_version_info >= (3, 37) else 1)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }()
}
