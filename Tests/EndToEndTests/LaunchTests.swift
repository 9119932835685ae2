import Foundation
import Sandbox
import Store
import Testing

/// `tfz launch`, `pause`, `resume`, `status` and `log` as a user runs them: the built binary, real HTTP on loopback
/// to the embedded sandbox, the real SQLite store; checked against the sandbox's own state.
@Suite(.serialized) struct LaunchTests {
    static let googleKeys = [
        "fl-hillsborough/deterrence-search/google_ads", "fl-hillsborough/outreach-search/google_ads",
        "fl-orange/deterrence-search/google_ads", "fl-orange/outreach-search/google_ads",
        "fl-pinellas/deterrence-search/google_ads", "fl-pinellas/outreach-search/google_ads",
    ]

    func campaignStatuses(_ dir: URL) async throws -> [String: String] {
        let account = try await SandboxInspection.state(of: dir)
        var out: [String: String] = [:]
        for c in account.campaigns where c.status != "REMOVED" {
            let name = c.name ?? ""
            let key = String(name.dropFirst(4).prefix { $0 != " " })
            #expect(out[key] == nil, "two campaigns carry \(key)")
            out[key] = c.status
        }
        return out
    }

    @Test func launchPauseResumeAndStatusAgainstTheSandbox() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }

        let launch = try await TFZRunner.runOffPool(["launch", "--all", "--yes"], workspace: dir)
        #expect(launch.exited(0), "\(launch)")
        #expect(launch.stdout.contains("google_ads google-main: 6 created, 0 updated, 0 found and adopted, 6 enabled"), "\(launch)")
        #expect(try await campaignStatuses(dir) == Dictionary(uniqueKeysWithValues: Self.googleKeys.map { ($0, "ENABLED") }))
        let account = try await SandboxInspection.state(of: dir)
        #expect(account.duplicateObjects() == [])
        // 2 ad groups x 67 keywords + 4 local (Hillsborough), 33 x 2 (outreach) per zone …: every keyword of the plan exists once.
        let liveKeywords = account.adGroupCriteria.filter { $0.status != "REMOVED" }.count
        #expect(liveKeywords == (67 + 33) * 3 + 4)

        let pause = try await TFZRunner.runOffPool(["pause", "fl-hillsborough"], workspace: dir)
        #expect(pause.exited(0), "\(pause)")
        #expect(pause.stdout == "‖ paused fl-hillsborough/deterrence-search/google_ads\n‖ paused fl-hillsborough/outreach-search/google_ads\n")
        var statuses = try await campaignStatuses(dir)
        #expect(statuses["fl-hillsborough/deterrence-search/google_ads"] == "PAUSED")
        #expect(statuses["fl-orange/deterrence-search/google_ads"] == "ENABLED")

        let status = try await TFZRunner.runOffPool(["status", "--format", "json"], workspace: dir)
        #expect(status.exited(0), "\(status)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["campaigns"] as? [[String: Any]])
        #expect(rows.count == 6)
        for row in rows {
            let key = row["key"] as? String ?? ""
            let paused = key.hasPrefix("fl-hillsborough/")
            #expect(row["tfzStatus"] as? String == (paused ? "paused" : "enabled"), "\(row)")
            #expect(row["remoteStatus"] as? String == statuses[key], "\(row)")
            #expect((row["drift"] as? [String]) == [], "\(row)")
        }

        let resume = try await TFZRunner.runOffPool(["resume", "fl-hillsborough"], workspace: dir)
        #expect(resume.exited(0), "\(resume)")
        statuses = try await campaignStatuses(dir)
        #expect(statuses.values.allSatisfy { $0 == "ENABLED" })

        let again = try await TFZRunner.runOffPool(["launch", "--all", "--yes"], workspace: dir)
        #expect(again.exited(0), "\(again)")
        #expect(again.stdout.contains("Nothing to do"), "\(again)")

        let log = try await TFZRunner.runOffPool(["log", "--limit", "100"], workspace: dir)
        #expect(log.exited(0))
        for action in ["create", "enable", "pause", "resume"] { #expect(log.stdout.contains("  \(action)  "), "\(log)") }
    }

    @Test func aZoneRemovedFromTheFilesIsPausedNotDeleted() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        #expect(try await TFZRunner.runOffPool(["launch", "--all", "--yes"], workspace: dir).exited(0))
        // A plan for one zone does not take the other zones' campaigns for removed ones.
        let onePlan = try await TFZRunner.runOffPool(["plan", "fl-orange"], workspace: dir)
        #expect(onePlan.exited(0), "\(onePlan)")
        #expect(onePlan.stdout.contains(" 0 to pause") || onePlan.stdout.contains("No changes: the platforms match the campaign files (2 campaigns up to date)"),
                "\(onePlan)")

        try FileManager.default.removeItem(at: dir.appendingPathComponent("Campaigns/zones/fl-pinellas.yaml"))
        let launch = try await TFZRunner.runOffPool(["launch", "--all", "--yes"], workspace: dir)
        #expect(launch.exited(0), "\(launch)")
        #expect(launch.stdout.contains("‖ paused fl-pinellas/deterrence-search/google_ads: no longer in the campaign files (not deleted)"), "\(launch)")
        let statuses = try await campaignStatuses(dir)
        #expect(statuses["fl-pinellas/deterrence-search/google_ads"] == "PAUSED")
        #expect(statuses["fl-pinellas/outreach-search/google_ads"] == "PAUSED")
        #expect(statuses["fl-orange/deterrence-search/google_ads"] == "ENABLED")
    }

    @Test func pauseAllIsTheEmergencyStopEvenWithBrokenFiles() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        #expect(try await TFZRunner.runOffPool(["launch", "--all", "--yes"], workspace: dir).exited(0))
        try dir.edit("Campaigns/zones/fl-orange.yaml", replacing: "name: Orange County, FL", with: "name: [broken")
        let stop = try await TFZRunner.runOffPool(["pause", "--all"], workspace: dir)
        #expect(stop.exited(0), "\(stop)")
        #expect(try await campaignStatuses(dir).values.allSatisfy { $0 == "PAUSED" })
    }

    @Test func aSecondLaunchAtTheSameTimeIsRefused() throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        // Another launch holds the workspace lease (taken through the real store, as that launch would).
        let store = try SQLiteStore(directory: dir.appendingPathComponent(".tfz"))
        #expect(try store.acquireLease("workspace", holder: "tfz launch (pid 1 on elsewhere)", now: Date(), ttl: 600) == .acquired)
        let second = try TFZRunner.run(["launch", "--all", "--yes"], workspace: dir)
        #expect(second.exited(2), "\(second)")
        #expect(second.stderr.contains("tfz: error: another tfz is changing this workspace's campaigns: tfz launch (pid 1 on elsewhere)"), "\(second)")
        #expect(try campaignStatusesSync(dir).isEmpty, "nothing reached the sandbox")
    }

    func campaignStatusesSync(_ dir: URL) throws -> [String: String] {
        FileManager.default.fileExists(atPath: dir.appendingPathComponent(".tfz/sandbox/google-ads.json").path) ? ["exists": "yes"] : [:]
    }
}
