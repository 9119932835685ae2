import CampaignKit
import Foundation
import GRDB
import Testing
@testable import Store

/// Typed local keys, change-log actions and the incomplete flag at the store boundary: the columns keep their text.
@Suite struct TypedStateTests {
    /// One object of every kind, odd notations included, as tfz has always stored them.
    static let texts = [
        "budget", "campaign", "geo:county 12057", "geo:remote customers/1/campaignCriteria/987~2", "schedule:FRIDAY 1080-1440",
        #"negative:"ford escort""#, "criterion:remote customers/1/campaignCriteria/987~3", "adGroup:buyer-terms",
        #"keyword:buyer-terms:"buy sex""#, #"keyword:g:"a:b""#, "ad:buyer-terms:deterrence/arrest#0123456789abcdef@1a2b3c4d",
        "ad:g:remote#123", "ad:g:deterrence/arrest", "ad:g:c#", "video:g:clip",
    ]

    @Test(arguments: StoreKind.allCases)
    func objectKeysOfEveryKindRoundTripAsTheirText(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        let objects = Self.texts.enumerated().map { i, text in
            RemoteObject(key: hillsborough, localKey: ObjectKey(parsing: text), resourceName: "customers/1/x/\(i)")
        }
        #expect(objects.map(\.localKey).contains(.keyword(group: "g", notation: #""a:b""#)))
        #expect(objects.map(\.localKey).contains(.ad(group: "g", creative: "remote", fingerprint: "123")))
        #expect(objects.map(\.localKey).contains(.other("video:g:clip")))
        try store.record(objects: objects)

        // Sorted here: the two databases' text collations differ (the store's own reads order bytewise on both).
        let stored = try store.strings("SELECT local_key FROM remote_object WHERE key = \(literal(hillsborough.description))")
        #expect(stored.compactMap { $0 }.sorted() == Self.texts.sorted())
        #expect(try store.objects(for: hillsborough) == objects.sorted { $0.localKey < $1.localKey })
        #expect(try store.objects(for: hillsborough).map(\.localKey.description) == Self.texts.sorted())

        // Typed values upsert and forget the rows written as text, and the other way round.
        try store.executeRaw(
            "INSERT INTO remote_object (key, local_key, resource_name) VALUES (\(literal(hillsborough.description)), 'keyword:g:\"new:term\"', 'customers/1/x/99')")
        let typed = RemoteObject(key: hillsborough, localKey: .keyword(group: "g", notation: #""new:term""#), resourceName: "customers/1/x/99")
        #expect(try store.objects(for: hillsborough).contains(typed))
        try store.forget(objects: [typed, objects[1]])
        try store.record(objects: [RemoteObject(key: hillsborough, localKey: .budget, resourceName: "customers/1/x/100")])
        #expect(try store.objects(for: hillsborough).count == Self.texts.count - 1)
        #expect(try store.objects(for: hillsborough).first { $0.localKey == .budget }?.resourceName == "customers/1/x/100")
    }

    @Test(arguments: StoreKind.allCases)
    func changeLogActionsAreStoredAsTheirRawValue(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        for action in ChangeAction.allCases {
            try store.log(ChangeLogEntry(at: "2026-01-01T12:00:00Z", actor: "scheduler", action: action, key: hillsborough,
                                         platform: .googleAds, detail: "", result: "ok"))
        }
        let stored = try store.strings("SELECT action FROM change_log ORDER BY id")
        #expect(stored == ["create", "update", "enable", "pause", "resume", "lookup", "missed", "blocked", "hold", "release"])
        #expect(try store.changeLog(limit: 100).map(\.action) == ChangeAction.allCases)
    }

    /// A newer tfz may log an action this one does not know: the log still reads, with the action as written.
    @Test(arguments: StoreKind.allCases)
    func anUnknownActionReadsAsItsText(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        try store.log(entry(1))
        try store.executeRaw("""
            INSERT INTO change_log (at, actor, action, key, platform, detail, result)
            VALUES ('2026-01-01T12:00:02Z', 'user:bo', 'archive', NULL, NULL, 'archived 3 campaigns', 'ok')
            """)
        try store.log(entry(3))
        let log = try store.changeLog(limit: 10)
        #expect(log.map(\.action) == [.create, .other("archive"), .create])
        #expect(log.map(\.action.rawValue) == ["create", "archive", "create"])
        #expect(log[1].detail == "archived 3 campaigns")
    }

    @Test(arguments: StoreKind.allCases)
    func theIncompleteFlagIsStoredAndCleared(kind: StoreKind) throws {
        let workspace = try TemporaryWorkspace()
        let store = try kind.makeStore(in: workspace)
        func flag() throws -> StoreValue? {
            try store.queryRaw("SELECT incomplete FROM remote_campaign WHERE key = \(literal(hillsborough.description))").first?.first
        }
        var campaign = try sampleCampaign()
        #expect(campaign.incomplete == false)
        campaign.incomplete = true
        try store.record(campaign: campaign)
        #expect(try store.campaign(hillsborough) == campaign)
        #expect(try store.remoteState().campaigns[hillsborough]?.incomplete == true)
        #expect(try flag() == .integer(1))
        campaign.incomplete = false
        try store.record(campaign: campaign)
        #expect(try store.campaign(hillsborough)?.incomplete == false)
        #expect(try flag() == .integer(0))

        expectRefused(store, kind, "UPDATE remote_campaign SET incomplete = 2", .check, table: "remote_campaign")
        #expect(try flag() == .integer(0))
    }

    /// A store written by the version that marked incomplete campaigns in their snapshot's name: the mark becomes the
    /// flag, the name loses it, and nothing else changes.
    // SQLite only: a GRDB migration of an old SQLite file (PostgreSQL stores started at the current schema).
    @Test func aVersion3StoreIsMigratedToTheIncompleteFlag() throws {
        let workspace = try TemporaryWorkspace()
        try FileManager.default.createDirectory(at: workspace.stateDirectory, withIntermediateDirectories: true)
        let marked = sampleSnapshotJSON.replacingOccurrences(of: #""name":"tfz "#, with: #""name":"(incomplete) tfz "#)
        let markedInside = sampleSnapshotJSON.replacingOccurrences(of: "· Hillsborough County", with: "· (incomplete) County")
        try #require(marked != sampleSnapshotJSON && markedInside != sampleSnapshotJSON)
        do {
            let queue = try DatabaseQueue(path: workspace.databasePath)
            try SQLiteStore.migrator.migrate(queue, upTo: "v3: holds and ticks")
            try queue.write { db in
                for (key, remoteId, json) in [(hillsborough, "987", marked), (pinellas, "988", sampleSnapshotJSON), (pinellasReddit, "989", markedInside)] {
                    try db.execute(
                        sql: "INSERT INTO remote_campaign (key, platform, account_id, remote_id, status, applied_json, applied_at) VALUES (?, ?, '1234567890', ?, 'paused', ?, '2026-01-01T12:00:00Z')",
                        arguments: [key.description, key.platform.rawValue, remoteId, json])
                }
                try db.execute(
                    sql: "INSERT INTO remote_object (key, local_key, resource_name) VALUES (?, 'ad:g:remote#customers/1/adGroupAds/3~4', 'customers/1/adGroupAds/3~4')",
                    arguments: [hillsborough.description])
                try db.execute(sql: """
                    INSERT INTO change_log (at, actor, action, key, platform, detail, result)
                    VALUES ('2026-01-01T12:00:00Z', 'user:ana', 'lookup', ?, 'google_ads', 'found it', 'ok: adopted, not created again')
                    """, arguments: [hillsborough.description])
            }
            #expect(try queue.read { db in try db.columns(in: "remote_campaign").map(\.name) }.contains("incomplete") == false)
        }

        let store = try SQLiteStore(directory: workspace.stateDirectory)
        let migrations = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(migrations == ["v1: campaigns, objects, change log, leases", "v2: metrics", "v3: holds and ticks", "v4: typed state", "v5: reach", "v6: change log machine"])

        var expected = try sampleCampaign()
        expected.remoteId = "987"
        expected.incomplete = true
        #expect(try store.campaign(hillsborough) == expected)
        #expect(try store.campaign(pinellas) == (try sampleCampaign(pinellas, remoteId: "988")))
        let inside = try #require(try store.campaign(pinellasReddit))
        #expect(inside.incomplete == false)
        #expect(inside.applied.name == "tfz fl-hillsborough/deterrence-search/google_ads · (incomplete) County")
        let json = try store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT applied_json FROM remote_campaign WHERE key = ?", arguments: [hillsborough.description])
        }
        #expect(json == sampleSnapshotJSON, "only the name changed, in place")

        #expect(try store.objects(for: hillsborough).map(\.localKey) == [.ad(group: "g", creative: "remote", fingerprint: "customers/1/adGroupAds/3~4")])
        #expect(try store.changeLog(limit: 5).map(\.action) == [.lookup])

        // And a complete record clears the flag.
        expected.incomplete = false
        try store.record(campaign: expected)
        #expect(try store.campaign(hillsborough)?.incomplete == false)
    }
}
