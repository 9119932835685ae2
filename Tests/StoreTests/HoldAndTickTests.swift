import CampaignKit
import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct HoldAndTickTests {
    // MARK: Holds

    @Test(arguments: StoreKind.allCases)
    func holdsAreSetUpdatedAndCleared(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        #expect(try store.holds() == [:])

        try store.setHold(hillsborough, by: "user:ana", at: "2026-11-29T10:00:00Z", reason: "paused with tfz pause")
        try store.setHold(pinellasReddit, by: "user:bo", at: "2026-11-29T10:05:00.250Z", reason: "")
        #expect(try store.holds() == [
            hillsborough: Hold(heldBy: "user:ana", since: "2026-11-29T10:00:00Z", reason: "paused with tfz pause"),
            pinellasReddit: Hold(heldBy: "user:bo", since: "2026-11-29T10:05:00.250Z", reason: ""),
        ])

        // Holding again is not an error: the one hold now names the new actor, time and reason.
        try store.setHold(hillsborough, by: "user:bo", at: "2026-11-30T08:00:00Z", reason: "complaint from the county")
        #expect(try store.holds()[hillsborough] == Hold(heldBy: "user:bo", since: "2026-11-30T08:00:00Z", reason: "complaint from the county"))
        #expect(try store.holds().count == 2)

        try store.clearHold(hillsborough)
        try store.clearHold(hillsborough)  // clearing what is not held is not an error
        try store.clearHold(pinellas)
        #expect(try store.holds() == [pinellasReddit: Hold(heldBy: "user:bo", since: "2026-11-29T10:05:00.250Z", reason: "")])
    }

    @Test(arguments: StoreKind.allCases)
    func holdsSurviveReopening(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        try store.setHold(hillsborough, by: "user:ana", at: "2026-11-29T10:00:00Z", reason: "paused with tfz pause")
        let reopened = try kind.reopen(store, in: workspace)
        #expect(try reopened.holds()[hillsborough]?.heldBy == "user:ana")
    }

    @Test(arguments: StoreKind.allCases)
    func badHoldsAreRefused(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let noActor = #expect(throws: StoreError.self) { try store.setHold(hillsborough, by: "", at: "2026-11-29T10:00:00Z", reason: "") }
        #expect(noActor?.code == .database)
        let reason = switch kind {
        case .sqlite: "CHECK constraint failed: held_by <> ''"
        case .postgres: #"new row for relation "campaign_hold" violates check constraint "campaign_hold_held_by_check""#
        }
        #expect(noActor?.errorDescription == "Could not hold fl-hillsborough/deterrence-search/google_ads in the state store: \(reason).")
        for time in ["2026-11-29 10:00:00", "2026-11-29T10:00:00+01:00", "2026-11-29", "yesterday", ""] {
            let error = #expect(throws: StoreError.self, "\(time)") { try store.setHold(hillsborough, by: "user:ana", at: time, reason: "") }
            #expect(error?.code == .database, "\(time)")
        }

        func refused(_ sql: String, _ comment: Comment, _ why: Refusal = .check, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            expectRefused(store, kind, sql, why, table: "campaign_hold", comment, sourceLocation: sourceLocation)
        }
        let insert = "INSERT INTO campaign_hold (key, held_by, since, reason) VALUES "
        refused(insert + "('fl-hillsborough/google_ads', 'user:ana', '2026-11-29T10:00:00Z', '')", "two parts")
        refused(insert + "('fl-hillsborough/deterrence-search/google_ads/x', 'user:ana', '2026-11-29T10:00:00Z', '')", "four parts")
        refused(insert + "('/deterrence-search/google_ads', 'user:ana', '2026-11-29T10:00:00Z', '')", "empty zone")
        refused(insert + "('fl-hillsborough//google_ads', 'user:ana', '2026-11-29T10:00:00Z', '')", "empty template")
        refused(insert + "('fl-hillsborough/deterrence-search/', 'user:ana', '2026-11-29T10:00:00Z', '')", "empty platform")
        refused(insert + "('fl-hillsborough/deterrence-search/google_ads', 'user:ana', '2026-11-29T10:00:00Z', NULL)", "no reason", .notNull)
        #expect(try store.holds() == [:])
        // And the row the CHECKs accept goes in.
        try store.executeRaw(insert + "('fl-hillsborough/deterrence-search/google_ads', 'user:ana', '2026-11-29T10:00:00Z', '')")
        #expect(try store.holds().keys.sorted() == [hillsborough])
    }

    // MARK: Ticks

    @Test(arguments: StoreKind.allCases)
    func lastTickIsTheNewestDoneTick(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        #expect(try store.lastTick() == nil)
        #expect(try store.ticks(limit: 10) == [])

        func tick(_ minute: Int, _ outcome: StoredTick.Outcome, summary: String = "") throws -> StoredTick {
            let started = "2026-11-29T10:\(String(format: "%02d", minute)):00Z"
            let id = try store.recordTick(
                startedAt: started, now: "2026-12-0\(minute)T00:00:00Z", holder: "tfz schedule (pid 7 on host)", outcome: outcome,
                summary: summary, finishedAt: "2026-11-29T10:\(String(format: "%02d", minute)):01.500Z")
            return StoredTick(
                id: id, startedAt: started, now: "2026-12-0\(minute)T00:00:00Z", holder: "tfz schedule (pid 7 on host)",
                outcome: outcome, summary: summary, finishedAt: "2026-11-29T10:\(String(format: "%02d", minute)):01.500Z")
        }
        let first = try tick(1, .done, summary: "2 paused, 1 resumed")
        #expect(try store.lastTick() == first)
        let second = try tick(2, "done")
        #expect(second.id > first.id)
        let failed = try tick(3, .failed, summary: "Google Ads answered 503")
        let skipped = try tick(4, .skipped, summary: "the scheduler lease is held by tfz schedule (pid 8 on other)")

        #expect(try store.lastTick() == second, "failed and skipped ticks are not the last done one")
        #expect(try store.ticks(limit: 3) == [skipped, failed, second])
        #expect(try store.ticks(limit: 10) == [skipped, failed, second, first])
        #expect(try store.ticks(limit: 0) == [])

        let third = try tick(5, .done)
        #expect(try store.lastTick() == third)
    }

    @Test(arguments: StoreKind.allCases)
    func badTicksAreRefused(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let checkFailed = switch kind {
        case .sqlite: "CHECK constraint failed"
        case .postgres: #"new row for relation "scheduler_tick" violates check constraint"#
        }
        func record(
            startedAt: String = "2026-11-29T10:00:00Z", now: String = "2026-11-29T10:00:00Z", holder: String = "tfz schedule",
            outcome: StoredTick.Outcome = .done, summary: String = "ok", finishedAt: String = "2026-11-29T10:00:01Z"
        ) throws {
            try store.recordTick(startedAt: startedAt, now: now, holder: holder, outcome: outcome, summary: summary, finishedAt: finishedAt)
        }
        func refused(_ body: () throws -> Void, _ comment: Comment) {
            let error = #expect(throws: StoreError.self, comment) { try body() }
            #expect(error?.code == .database, comment)
            #expect(error?.errorDescription?.hasPrefix("Could not record a scheduler tick in the state store: \(checkFailed)") == true, comment)
        }
        refused({ try record(outcome: "ok") }, "unknown outcome")
        refused({ try record(outcome: "DONE") }, "outcome in capitals")
        refused({ try record(outcome: "") }, "empty outcome")
        refused({ try record(holder: "") }, "no holder")
        refused({ try record(summary: "2 paused\n1 resumed") }, "two lines")
        refused({ try record(summary: "paused\r") }, "carriage return")
        refused({ try record(startedAt: "2026-11-29 10:00:00") }, "started_at not ISO")
        refused({ try record(now: "2026-11-29") }, "now is a date")
        refused({ try record(finishedAt: "") }, "finished_at empty")
        #expect(try store.ticks(limit: 10) == [])
        try record(outcome: .skipped, summary: "")  // an empty summary is not an error
        try record(outcome: .failed)
        #expect(try store.ticks(limit: 10).map(\.outcome) == [.failed, .skipped])
    }

    // MARK: Migration

    // SQLite only: a GRDB migration of an old SQLite file (PostgreSQL stores started at the current schema).
    @Test func aVersion2StoreIsMigratedAndKeepsItsMetrics() throws {
        let workspace = try TemporaryWorkspace()
        try FileManager.default.createDirectory(at: workspace.stateDirectory, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: workspace.databasePath)
            try SQLiteStore.migrator.migrate(queue, upTo: "v2: metrics")
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO remote_campaign (key, platform, account_id, remote_id, status, applied_json, applied_at) VALUES (?, 'google_ads', '1234567890', '987', 'paused', ?, '2026-01-01T12:00:00Z')",
                    arguments: [hillsborough.description, sampleSnapshotJSON])
                try db.execute(sql: """
                    INSERT INTO metric_pull (id, platform, account_id, api_version, lookback_days, attribution, since, until, started_at, finished_at, status, rows)
                    VALUES (1, 'google_ads', '1', 'v21', 7, '', '2026-01-01', '2026-01-02', '2026-01-03T00:00:00Z', '2026-01-03T00:01:00Z', 'complete', 2);
                    INSERT INTO metric_fact (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page,
                        impressions, clicks, cost_micros, pull_id)
                    VALUES ('campaign', '2026-01-01', 'google_ads', '1', '10', '', '', '', '', 100, 3, 4500000, 1),
                           ('campaign', '2026-01-02', 'google_ads', '1', '10', '', '', '', '', 120, 4, 5000000, 1);
                    INSERT INTO metric_bookmark VALUES ('google_ads', '1', '2026-01-02');
                    """)
            }
            #expect(try queue.read { db in try db.tableExists("campaign_hold") } == false)
        }

        let store = try SQLiteStore(directory: workspace.stateDirectory)
        let migrations = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(migrations == ["v1: campaigns, objects, change log, leases", "v2: metrics", "v3: holds and ticks", "v4: typed state", "v5: reach", "v6: change log machine"])
        #expect(try store.campaign(hillsborough) == sampleCampaign())
        #expect(try store.metricRowCount() == 2)
        #expect(try store.metricBookmark(platform: .googleAds, accountId: "1") == "2026-01-02")
        #expect(try store.recentPulls(limit: 5).map(\.status) == [.complete])
        #expect(try store.holds() == [:])
        #expect(try store.lastTick() == nil)
        try store.setHold(hillsborough, by: "user:ana", at: "2026-11-29T10:00:00Z", reason: "")
        #expect(try store.holds().count == 1)
    }
}
