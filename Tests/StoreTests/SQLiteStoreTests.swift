import CampaignKit
import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct SQLiteStoreTests {
    // MARK: Opening

    // SQLite only: WAL mode, sqlite_master and GRDB's migrations table are SQLite's.
    @Test func migrationsCreateTheSchemaInWALMode() throws {
        let workspace = try TemporaryWorkspace()
        let store = try SQLiteStore(directory: workspace.stateDirectory)
        let (tables, migrations, journalMode) = try store.writer.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            )
        }
        #expect(tables == [
            "campaign_hold", "change_log", "grdb_migrations", "lease", "metric_bookmark", "metric_campaign", "metric_fact",
            "metric_pull", "remote_campaign", "remote_object", "scheduler_tick",
        ])
        #expect(migrations == ["v1: campaigns, objects, change log, leases", "v2: metrics", "v3: holds and ticks", "v4: typed state", "v5: reach", "v6: change log machine"])
        #expect(journalMode == "wal")
        let columns = try store.writer.read { db in try db.columns(in: "remote_campaign").map(\.name) }
        #expect(columns == ["key", "platform", "account_id", "remote_id", "status", "applied_json", "applied_at", "incomplete"])
    }

    // SQLite only: file modes of the `.tfz` folder and the database files.
    @Test func folderIs0700AndFilesAre0600() throws {
        let workspace = try TemporaryWorkspace()
        let store = try SQLiteStore(directory: workspace.stateDirectory)
        try store.record(campaign: sampleCampaign())  // make sure the side files exist
        #expect(mode(workspace.stateDirectory.path) == 0o700)
        #expect(mode(workspace.databasePath) == 0o600)
        #expect(mode(workspace.databasePath + "-wal") == 0o600)
        #expect(mode(workspace.databasePath + "-shm") == 0o600)
    }

    // SQLite only: file modes of the `.tfz` folder and the database files.
    @Test func looseExistingModesAreTightened() throws {
        let workspace = try TemporaryWorkspace()
        let folder = workspace.stateDirectory.path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        #expect(FileManager.default.createFile(atPath: workspace.databasePath, contents: nil, attributes: [.posixPermissions: 0o644]))
        #expect(FileManager.default.createFile(atPath: workspace.databasePath + "-wal", contents: nil, attributes: [.posixPermissions: 0o666]))
        #expect(mode(folder) == 0o755)
        #expect(mode(workspace.databasePath) == 0o644)

        let store = try SQLiteStore(directory: workspace.stateDirectory)
        #expect(mode(folder) == 0o700)
        #expect(mode(workspace.databasePath) == 0o600)
        #expect(mode(workspace.databasePath + "-wal") == 0o600)
        try store.record(campaign: sampleCampaign())
        #expect(try store.campaign(hillsborough) != nil)
    }

    // SQLite only: the `.tfz` folder on disk.
    @Test func aFileWhereTheFolderShouldBeIsAClearError() throws {
        let workspace = try TemporaryWorkspace()
        #expect(FileManager.default.createFile(atPath: workspace.stateDirectory.path, contents: Data("x".utf8)))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: workspace.stateDirectory) }
        #expect(error?.code == .directory)
        #expect(error?.errorDescription == "\(workspace.stateDirectory.path) is not a folder; move it away so tfz can keep its state there.")
    }

    // SQLite only: the `.tfz` folder on disk.
    @Test func missingParentFoldersAreCreated() throws {
        let workspace = try TemporaryWorkspace()
        let nested = workspace.root.appendingPathComponent("a/b/.tfz", isDirectory: true)
        _ = try SQLiteStore(directory: nested)
        #expect(mode(nested.path) == 0o700)
        #expect(mode(nested.appendingPathComponent("state.sqlite").path) == 0o600)
    }

    @Test(arguments: StoreKind.allCases)
    func reopeningKeepsTheData(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        var store: (any WorkspaceStore & RawSQLStore)? = try kind.makeStore(in: workspace)
        try store!.record(campaign: sampleCampaign())
        try store!.record(objects: [RemoteObject(key: hillsborough, localKey: .budget, resourceName: "customers/1234567890/campaignBudgets/55")])
        try store!.log(entry(1))
        #expect(try store!.acquireLease("launch", holder: "ana", now: Date(timeIntervalSince1970: 1_900_000_000), ttl: 60) == .acquired)
        let reopened = try kind.reopen(store!, in: workspace)
        store = nil  // the first process ends
        #expect(try reopened.campaign(hillsborough) == sampleCampaign())
        #expect(try reopened.objects(for: hillsborough).map(\.resourceName) == ["customers/1234567890/campaignBudgets/55"])
        #expect(try reopened.changeLog(limit: 10) == [entry(1)])
        let lease = try reopened.acquireLease("launch", holder: "bo", now: Date(timeIntervalSince1970: 1_900_000_030), ttl: 60)
        switch kind {
        case .sqlite:
            // The lease outlives its holder until it expires.
            #expect(lease == .heldBy(holder: "ana", until: Date(timeIntervalSince1970: 1_900_000_060)))
        case .postgres:
            // The lease ended with its holder's session.
            #expect(lease == .acquired)
        }
        #expect(try reopened.appliedMigrations().count == 6)
    }

    /// Two processes may create the store at once (a launch and the scheduler's first tick): both must
    /// open it, whichever runs the migration. Repeated on fresh folders because the race is a race.
    // SQLite only: concurrent opens of a new folder (PostgreSQL's concurrent migrations take an advisory lock).
    @Test func storesOpenedAtOnceOnANewFolderAllSucceed() async throws {
        let workspace = try TemporaryWorkspace()
        for round in 0..<16 {
            let folder = workspace.root.appendingPathComponent("round-\(round)/.tfz", isDirectory: true)
            let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let store = try SQLiteStore(directory: folder)
                        return try store.remoteState().isEmpty
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(opened == Array(repeating: true, count: 6))
        }
    }

    // MARK: Campaigns and objects

    @Test(arguments: StoreKind.allCases)
    func campaignRoundTripsWithItsSnapshotStoredAsSortedJSON(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let campaign = try sampleCampaign()
        let unlaunched = RemoteCampaign(
            key: pinellasReddit, accountId: "t2_abc", remoteId: nil, status: .paused,
            applied: try sampleSnapshot(name: "pinellas"), appliedAt: nil)
        try store.record(campaign: campaign)
        try store.record(campaign: unlaunched)

        #expect(try store.campaign(hillsborough) == campaign)
        #expect(try store.campaign(pinellasReddit) == unlaunched)
        #expect(try store.campaign(pinellas) == nil)
        let state = try store.remoteState()
        #expect(state.campaigns == [hillsborough: campaign, pinellasReddit: unlaunched])

        let row = try store.queryRaw("SELECT platform, applied_json FROM remote_campaign WHERE key = \(literal(hillsborough.description))")
        #expect(row == [[.text("google_ads"), .text(sampleSnapshotJSON)]])
    }

    @Test(arguments: StoreKind.allCases)
    func recordingACampaignAgainReplacesItsRow(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        try store.record(campaign: sampleCampaign(remoteId: nil, status: .paused))
        var updated = try sampleCampaign(remoteId: "987", status: .enabled)
        updated.applied = try sampleSnapshot(budget: 20_000_000)
        updated.appliedAt = "2026-02-01T08:00:00Z"
        try store.record(campaign: updated)

        #expect(try store.campaign(hillsborough) == updated)
        #expect(try store.count("remote_campaign") == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func objectsRoundTripAndUpsertByKeyAndLocalKey(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let budget = RemoteObject(key: hillsborough, localKey: .budget, resourceName: "customers/1/campaignBudgets/55")
        let campaign = RemoteObject(key: hillsborough, localKey: .campaign, resourceName: "customers/1/campaigns/987")
        let ad = RemoteObject(key: hillsborough, localKey: .ad(group: "buyer-terms", creative: "deterrence/arrest", fingerprint: "0123"), resourceName: "customers/1/adGroupAds/3~4")
        let other = RemoteObject(key: pinellas, localKey: .budget, resourceName: "customers/1/campaignBudgets/56")
        // Objects come before the campaign row in a launch: no campaign is recorded here.
        try store.record(objects: [budget, campaign, ad, other])
        #expect(try store.objects(for: hillsborough) == [ad, budget, campaign])
        #expect(try store.objects(for: pinellas) == [other])
        #expect(try store.objects(for: pinellasReddit) == [])

        let replacedAd = RemoteObject(key: hillsborough, localKey: ad.localKey, resourceName: "customers/1/adGroupAds/3~9")
        try store.record(objects: [replacedAd])
        #expect(try store.objects(for: hillsborough) == [replacedAd, budget, campaign])
        try store.record(objects: [])
    }

    @Test(arguments: StoreKind.allCases)
    func recordingObjectsIsOneTransaction(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let good = RemoteObject(key: hillsborough, localKey: .budget, resourceName: "customers/1/campaignBudgets/55")
        let bad = RemoteObject(key: hillsborough, localKey: .campaign, resourceName: "")  // refused by a CHECK
        let error = #expect(throws: StoreError.self) { try store.record(objects: [good, bad]) }
        #expect(error?.code == .database)
        #expect(try store.objects(for: hillsborough) == [])
    }

    @Test(arguments: StoreKind.allCases)
    func forgetRemovesExactlyTheGivenObjects(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let budget = RemoteObject(key: hillsborough, localKey: .budget, resourceName: "customers/1/campaignBudgets/55")
        let keyword = RemoteObject(key: hillsborough, localKey: .keyword(group: "buyer-terms", notation: #""buy sex""#), resourceName: "customers/1/adGroupCriteria/3~7")
        let negative = RemoteObject(key: hillsborough, localKey: .negative(#""ford escort""#), resourceName: "customers/1/campaignCriteria/987~8")
        try store.record(objects: [budget, keyword, negative])

        try store.forget(objects: [keyword])
        #expect(try store.objects(for: hillsborough) == [budget, negative])

        // A stale resource name does not forget the object recorded since under the same local key.
        let stale = RemoteObject(key: hillsborough, localKey: .budget, resourceName: "customers/1/campaignBudgets/1")
        try store.forget(objects: [stale, keyword])
        #expect(try store.objects(for: hillsborough) == [budget, negative])
    }

    // MARK: Constraints

    @Test(arguments: StoreKind.allCases)
    func checkConstraintsRejectBadRowsFromRawSQL(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        func insert(key: String = "fl-hillsborough/deterrence-search/google_ads", platform: String = "google_ads", status: String = "paused", json: String = "{}") -> String {
            "INSERT INTO remote_campaign (key, platform, account_id, status, applied_json) VALUES (\(literal(key)), \(literal(platform)), '1', \(literal(status)), \(literal(json)))"
        }
        expectRefused(store, kind, insert(status: "active"), .check, table: "remote_campaign", "bad status")
        expectRefused(store, kind, insert(platform: "meta"), .check, table: "remote_campaign", "platform not the key's")
        // PostgreSQL's CHECK reads the text as JSON, which fails before the CHECK can.
        expectRefused(store, kind, insert(json: "not json"), .check, postgres: .message("invalid input syntax for type json"),
                      table: "remote_campaign", "not JSON")
        expectRefused(store, kind, "INSERT INTO remote_campaign (key, platform, account_id, applied_json) VALUES ('a/b/meta', 'meta', '1', '{}')",
                      .notNull, table: "remote_campaign", "no status")
        try store.executeRaw(insert())  // and the row the CHECKs accept goes in
        #expect(try store.count("remote_campaign") == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func twoKeysCannotShareOneRemoteCampaignAndTheErrorKeepsValuesOut(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        try store.record(campaign: sampleCampaign(hillsborough, remoteId: "secret-looking-987"))
        let error = #expect(throws: StoreError.self) {
            try store.record(campaign: sampleCampaign(pinellas, remoteId: "secret-looking-987"))
        }
        #expect(error?.code == .database)
        let message = try #require(error?.errorDescription)
        let uniqueFailed = switch kind {
        case .sqlite: "UNIQUE constraint failed"
        case .postgres: #"duplicate key value violates unique constraint "remote_campaign_by_remote_id""#
        }
        #expect(message.hasPrefix("Could not record fl-pinellas/deterrence-search/google_ads in the state store: \(uniqueFailed)"))
        #expect(!message.contains("secret-looking-987"))
        #expect(!message.contains("1234567890"))
        #expect(try store.campaign(pinellas) == nil)
    }

    // MARK: Change log

    @Test(arguments: StoreKind.allCases)
    func changeLogKeepsTheLatestEntriesOldestFirst(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let entries = (1...5).map { entry($0, key: $0 == 3 ? nil : hillsborough) }
        for e in entries { try store.log(e) }

        #expect(try store.changeLog(limit: 3) == Array(entries[2...]))
        #expect(try store.changeLog(limit: 3).map(\.detail) == ["entry 3", "entry 4", "entry 5"])
        #expect(try store.changeLog(limit: 50) == entries)
        #expect(try store.changeLog(limit: 0) == [])
        #expect(try store.changeLog(limit: 3)[0].key == nil)
        #expect(try store.changeLog(limit: 3)[0].platform == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func changeLogIsAppendOnly(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        try store.log(entry(1))
        let update = #expect(throws: StoreError.self) { try store.executeRaw("UPDATE change_log SET result = 'ok'") }
        #expect(update?.errorDescription == "Could not run raw SQL: the change log is append-only.")
        expectRefused(store, kind, "DELETE FROM change_log", .message("the change log is append-only"), table: "change_log")
        #expect(try store.changeLog(limit: 10) == [entry(1)])
    }
}
