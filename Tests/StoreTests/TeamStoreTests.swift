import CampaignKit
import Foundation
import PostgresHarness
import Testing

@testable import Store

/// What only the team store (PostgreSQL) has: opening it with bad settings, migrations applied once by machines
/// starting together, leases that die with their holder's session, and moving a workspace in and out of it.
@Suite struct TeamStoreTests {
    static func settings(database: String? = nil, user: String? = nil, password: String? = nil, port: Int? = nil) throws -> PostgresSettings {
        let server = try ThrowawayPostgres.shared()
        return PostgresSettings(host: server.host, port: port ?? server.port, user: user ?? server.adminUser,
                                database: try database ?? server.createDatabase(), password: password ?? server.adminPassword, tls: .disable)
    }

    /// A random password made at run time (never a literal in the source).
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in String(UInt8.random(in: 0...15, using: &generator), radix: 16) }.joined()
    }

    static func openError(_ settings: PostgresSettings) -> StoreError? {
        do {
            _ = try PostgresStore(settings)
            return nil
        } catch {
            return error as? StoreError
        }
    }

    @Test func aWrongPasswordIsOneSentenceThatNeverShowsIt() throws {
        let server = try ThrowawayPostgres.shared()
        let user = "tfz_wrong_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try server.createRole(name: user, password: Self.randomSecret())
        let wrong = Self.randomSecret()
        let error = try #require(Self.openError(try Self.settings(user: user, password: wrong)))
        #expect(error.code == .open)
        #expect(error.message.hasPrefix("The PostgreSQL server at 127.0.0.1:\(server.port) refused the password for “\(user)”"), "\(error.message)")
        #expect(!error.message.contains(wrong) && !error.message.contains(server.adminPassword))
        #expect(!error.message.contains("\n"))
    }

    @Test func aMissingDatabaseSaysHowToCreateIt() throws {
        let error = try #require(Self.openError(try Self.settings(database: "tfz_missing_\(getpid())")))
        #expect(error.message.contains("The database “tfz_missing_\(getpid())” does not exist"), "\(error.message)")
        #expect(error.message.contains("createdb -O tfz_admin tfz_missing_\(getpid())"), "\(error.message)")
    }

    @Test func anUnreachableServerIsOneSentenceWithinTheTimeout() throws {
        // A port nobody listens on: bind one, note it, close it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(fd)
        let started = Date()
        let error = try #require(Self.openError(try Self.settings(database: "postgres", port: port)))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error.message == "Could not reach the PostgreSQL server at 127.0.0.1:\(port) (the connection was refused): check that it runs and that `store: url:` in tfz.yaml names it.")
    }

    @Test func aNewerSchemaIsRefusedAndNothingIsWritten() throws {
        let settings = try Self.settings()
        let store = try PostgresStore(settings)
        try store.log(ChangeLogEntry(at: "2026-12-07T10:00:00Z", actor: "user:ana", action: .create, key: nil, platform: nil, detail: "before", result: "ok"))
        let known = PostgresStore.migrations.count
        try store.executeRaw("INSERT INTO tfz_migration (position, name) VALUES (\(known + 1), 'v\(known + 1): from a later tfz')")
        store.close()
        let error = try #require(Self.openError(settings))
        #expect(error.message.hasPrefix("The team store PostgreSQL tfz_admin@127.0.0.1:"), "\(error.message)")
        #expect(error.message.contains("has schema version \(known + 1) (its migration “v\(known + 1): from a later tfz” is newer than this tfz, which knows \(known)): upgrade tfz"), "\(error.message)")
        let server = try ThrowawayPostgres.shared()
        #expect(try server.psql("SELECT count(*) FROM tfz_migration", database: settings.database) == "\(known + 1)")
        #expect(try server.psql("SELECT count(*) FROM change_log", database: settings.database) == "1")
    }

    @Test func machinesOpeningANewDatabaseTogetherApplyEachMigrationOnce() async throws {
        let settings = try Self.settings()
        try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<6 {
                group.addTask { try await Task.detached { let store = try PostgresStore(settings); defer { store.close() }; return try store.appliedMigrations() }.value }
            }
            for try await applied in group { #expect(applied == SQLiteStore.migrator.migrations) }
        }
        let server = try ThrowawayPostgres.shared()
        #expect(try server.psql("SELECT count(*) FROM tfz_migration", database: settings.database) == "\(PostgresStore.migrations.count)")
    }

    @Test func theMigrationsAreTheSQLiteStoresInTheSameOrder() {
        #expect(PostgresStore.migrations.map(\.name) == SQLiteStore.migrator.migrations)
    }

    @Test func aLeaseDiesWithItsHoldersSessionAndALiveHolderIsNeverOvertaken() throws {
        let settings = try Self.settings()
        let first = try PostgresStore(settings), second = try PostgresStore(settings)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try first.acquireLease("workspace", holder: "tfz launch (pid 1 on a)", now: now, ttl: 60) == .acquired)
        // Long after its expiry, the live holder still has it.
        let later = now.addingTimeInterval(7200)
        guard case .heldBy(let holder, _) = try second.acquireLease("workspace", holder: "tfz tick (pid 2 on b)", now: later, ttl: 60) else {
            Issue.record("a live holder was overtaken")
            return
        }
        #expect(holder == "tfz launch (pid 1 on a)")
        #expect(try second.leases(now: later).map(\.holder) == ["tfz launch (pid 1 on a)"])
        first.close()  // the holder dies: its session ends, and the server frees its locks as soon as it sees the socket close
        let closed = Date()
        var result = try second.acquireLease("workspace", holder: "tfz tick (pid 2 on b)", now: later, ttl: 60)
        while result != .acquired, Date().timeIntervalSince(closed) < 5 {
            Thread.sleep(forTimeInterval: 0.01)
            result = try second.acquireLease("workspace", holder: "tfz tick (pid 2 on b)", now: later, ttl: 60)
        }
        #expect(result == .acquired)
        #expect(Date().timeIntervalSince(closed) < 1, "the lease was freed \(Date().timeIntervalSince(closed)) s after its holder's session ended")
        #expect(try second.leases(now: later).map(\.holder) == ["tfz tick (pid 2 on b)"])
        try second.releaseLease("workspace", holder: "tfz tick (pid 2 on b)")
        #expect(try second.leases(now: later).isEmpty)
    }

    @Test func aCopySQLiteToPostgreSQLToSQLiteLeavesIdenticalReports() throws {
        let a = try TemporaryWorkspace(), b = try TemporaryWorkspace()
        let source = try SQLiteStore(directory: a.stateDirectory)
        try Self.fill(source)
        let team = try PostgresStore(try Self.settings())
        let there = try StoreCopier.copy(from: source, to: team)
        let back = try SQLiteStore(directory: b.stateDirectory)
        let again = try StoreCopier.copy(from: team, to: back)
        #expect(there.map(\.totals) == again.map(\.totals))
        #expect(there.first { $0.table.name == "metric_fact" }?.totals.rows == 5 * 40 + 2 * 40)
        let reports: [[ReportDimension]] = [[.zone, .week], [.campaign, .month], [.keyword], [.purpose, .platform, .day], [.creative], []]
        for dimensions in reports {
            let original = try source.aggregate(by: dimensions, filter: ReportFilter())
            #expect(!original.isEmpty)
            #expect(try team.aggregate(by: dimensions, filter: ReportFilter()) == original, "\(dimensions)")
            #expect(try back.aggregate(by: dimensions, filter: ReportFilter()) == original, "\(dimensions)")
        }
        #expect(try team.demandDays(filter: ReportFilter()) == source.demandDays(filter: ReportFilter()))
        #expect(try back.changeLog(limit: 100) == source.changeLog(limit: 100))
        #expect(try team.remoteState().campaigns == source.remoteState().campaigns)
        #expect(try back.holds() == source.holds())
        #expect(try back.ticks(limit: 10) == source.ticks(limit: 10))
        // The id counters moved on: a new entry follows the copied ones.
        try team.log(ChangeLogEntry(at: "2026-12-07T11:00:00Z", actor: "user:ana", action: .pause, key: nil, platform: nil, detail: "after", result: "ok"))
        #expect(try team.changeLog(limit: 1).map(\.detail) == ["after"])
        // A copy never merges two histories.
        let error = #expect(throws: StoreError.self) { try StoreCopier.copy(from: source, to: team) }
        #expect(error?.message.contains("is not empty (its table remote_campaign has rows)") == true, "\(String(describing: error))")
    }

    /// Campaigns, objects, a hold, ticks, change log entries and 200 metric rows over two platforms.
    static func fill(_ store: any WorkspaceStore) throws {
        let keys = [CampaignKey(zone: "fl-hillsborough", template: "deterrence-search", platform: .googleAds),
                    CampaignKey(zone: "fl-pinellas", template: "outreach-search", platform: .googleAds),
                    CampaignKey(zone: "fl-pinellas", template: "deterrence-social", platform: .meta)]
        for (index, key) in keys.enumerated() {
            try store.record(campaign: RemoteCampaign(key: key, accountId: key.platform == .meta ? "act_1" : "1112223333", remoteId: "\(100 + index)",
                                                      status: .enabled, applied: try sampleSnapshot(name: "tfz \(key)"), appliedAt: "2026-12-01T10:00:00Z"))
            try store.record(objects: [RemoteObject(key: key, localKey: .budget, resourceName: "budgets/\(index)")])
            try store.log(ChangeLogEntry(at: "2026-12-01T10:00:0\(index)Z", actor: "user:ana", action: .create, key: key, platform: key.platform,
                                         detail: "created", result: "ok"))
        }
        try store.setHold(keys[1], by: "user:ana", at: "2026-12-02T09:00:00Z", reason: "press event")
        try store.recordTick(startedAt: "2026-12-02T10:00:00Z", now: "2026-12-02T10:00:00Z", holder: "tfz tick (pid 1 on a)", outcome: .done,
                             summary: "nothing to do", finishedAt: "2026-12-02T10:00:01Z")
        var rows: [MetricRow] = []
        for day in 1...40 {
            let date = CalendarDate(dayNumber: CalendarDate(parsing: "2026-11-20")!.dayNumber + day).description
            for (index, key) in keys.prefix(2).enumerated() {
                rows.append(MetricRow(platform: .googleAds, accountId: "1112223333", grain: .campaign, campaignId: "\(100 + index)", date: date,
                                      campaignKey: key, purpose: index == 0 ? .deterrence : .outreach, impressions: Int64(100 * day + index),
                                      clicks: Int64(day % 7), costMicros: Int64(day) * 1_230_000, searchImpressionShare: day % 5 == 0 ? 0.05 : 0.4))
                rows.append(MetricRow(platform: .googleAds, accountId: "1112223333", grain: .keyword, campaignId: "\(100 + index)", adGroupId: "7",
                                      criterionId: "\(index + 1)", date: date, campaignKey: key, keyword: "buy sex \(index)", matchType: "PHRASE",
                                      impressions: Int64(50 * day), clicks: Int64(day % 3), costMicros: Int64(day) * 500_000))
            }
            rows.append(MetricRow(platform: .googleAds, accountId: "1112223333", grain: .campaign, campaignId: "999", date: date,
                                  impressions: 7, clicks: 1, costMicros: 10_000, conversions: 0.5))
        }
        let pull = try store.beginPull(MetricPull(platform: .googleAds, accountId: "1112223333", apiVersion: "v21", lookbackDays: 30,
                                                  attribution: "default", since: "2026-11-21", until: "2026-12-30", startedAt: "2026-12-31T06:00:00Z"))
        try store.storeMetrics(rows, pull: pull, completeThrough: "2026-12-30")
        try store.finishPull(pull, rows: rows.count)
        var social: [MetricRow] = []
        for day in 1...40 {
            let date = CalendarDate(dayNumber: CalendarDate(parsing: "2026-11-20")!.dayNumber + day).description
            var row = MetricRow(platform: .meta, accountId: "act_1", grain: .campaign, campaignId: "102", date: date, campaignKey: keys[2],
                                purpose: .deterrence, impressions: Int64(300 + day), clicks: 3, costMicros: 2_000_000)
            row.reach = Int64(200 + day)
            social.append(row)
            social.append(MetricRow(platform: .meta, accountId: "act_1", grain: .ad, campaignId: "102", adGroupId: "5", adId: "9", date: date,
                                    campaignKey: keys[2], creative: "deterrence/arrest", impressions: Int64(300 + day), clicks: 3, costMicros: 2_000_000))
        }
        let metaPull = try store.beginPull(MetricPull(platform: .meta, accountId: "act_1", apiVersion: "v25.0", lookbackDays: 28,
                                                      attribution: "7d_click", since: "2026-11-21", until: "2026-12-30", startedAt: "2026-12-31T06:00:00Z"))
        try store.storeMetrics(social, pull: metaPull, completeThrough: "2026-12-30")
        try store.failPull(metaPull, reason: "the token expired")
    }
}

/// TLS to the team store, as libpq's `sslmode`s: `prefer` and `require` encrypt to a server with a self-signed
/// certificate; `verify-full` refuses that certificate in one sentence.
@Suite(.serialized) struct TeamStoreTLSTests {
    @Test func theSessionIsEncryptedWhenAskedAndAnUntrustedCertificateIsRefusedWhenVerified() throws {
        let server = try ThrowawayPostgres.shared()
        try server.enableTLS()
        var settings = try TeamStoreTests.settings()
        for mode in [PostgresSettings.TLSMode.prefer, .require] {
            settings.tls = mode
            let store = try PostgresStore(settings)
            defer { store.close() }
            let encrypted = try store.queryRaw("SELECT ssl::int FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            #expect(encrypted == [[.integer(1)]], "\(mode): \(encrypted)")
        }
        settings.tls = .disable
        let plain = try PostgresStore(settings)
        defer { plain.close() }
        let unencrypted = try plain.queryRaw("SELECT ssl::int FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        #expect(unencrypted == [[.integer(0)]], "disable: \(unencrypted)")
        settings.tls = .verifyFull
        let error = try #require(TeamStoreTests.openError(settings))
        #expect(error.code == .open && !error.message.contains("\n"), "\(error.message)")
        #expect(error.message.hasPrefix("The PostgreSQL server at 127.0.0.1:\(server.port) presented a TLS certificate that could not be verified"), "\(error.message)")
        print("verify-full against a self-signed certificate: \(error.message)")
    }
}
