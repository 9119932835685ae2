import CampaignKit
import Foundation
import Operations
import PostgresHarness
import Store
import Testing
import TestSupport

/// Two clones of one workspace — two people's laptops — launching at the same instant against one PostgreSQL team
/// store and one sandbox: one of them acts, the other is told who holds the workspace (or, if it comes second, finds
/// nothing left to do), and the platform never gets a duplicate.
@Suite struct TeamStoreLaunchTests {
    @Test(arguments: PlatformSuiteTests.platforms)
    func twoClonesLaunchingAtOnceAgainstOneStoreActOnce(_ platform: Platform) async throws {
        let first = try WorkspaceHarness(platform: platform)
        let second = try WorkspaceHarness(platform: platform)
        defer { Task { await first.close(); await second.close() } }
        let server = try ThrowawayPostgres.shared()
        let settings = PostgresSettings(host: server.host, port: server.port, user: server.adminUser, database: try server.createDatabase(),
                                        password: server.adminPassword, tls: .disable)
        // Each clone has its own session, as two machines would; both talk to the first clone's sandbox.
        let benches = [try first.bench(actor: "user:ana", command: "launch", store: try PostgresStore(settings)),
                       try second.bench(actor: "user:ben", command: "launch", connector: first.connector, store: try PostgresStore(settings))]
        let harnesses = [first, second]
        let results = await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
            for index in 0..<2 {
                group.addTask {
                    do {
                        let (plan, outcomes) = try await harnesses[index].launch(benches[index])
                        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.map(\.error))")
                        return (index, .success(plan.summary.create))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results: [Int: Result<Int, any Error>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
        let created = results.values.compactMap { try? $0.get() }
        let refused = results.values.compactMap { result -> String? in
            if case .failure(let error) = result { return "\(error.localizedDescription)" }
            return nil
        }
        // One launch created the six campaigns; the other was refused with the holder's name, or came second and found
        // nothing to do.
        #expect(created.filter { $0 == 6 }.count == 1, "\(results)")
        #expect(created.count + refused.count == 2)
        for message in refused {
            #expect(message.hasPrefix("another tfz is changing this workspace's campaigns: tfz launch (test "), "\(message)")
        }
        if created.count == 2 { #expect(created.sorted() == [0, 6]) }
        let sandbox = try await first.sandbox()
        #expect(await sandbox.tfzCampaigns(platform).count == 6)
        #expect(await sandbox.duplicateObjects(platform) == [])
        // Both clones see the same state: the second plans nothing.
        let (again, _) = try await second.launch(benches[1])
        #expect(again.actions.isEmpty, "\(again.actions.map { "\($0.kind) \($0.key)" })")
        for bench in benches { (bench.store as? PostgresStore)?.close() }
    }
}
