import CampaignKit
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh workspace folder under the temporary directory; the store goes in its `.tfz/`.
struct TemporaryWorkspace: ~Copyable {
    let root: URL
    var stateDirectory: URL { root.appendingPathComponent(".tfz", isDirectory: true) }
    var databasePath: String { stateDirectory.appendingPathComponent("state.sqlite").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

/// The permission bits of a file or folder.
func mode(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mode & 0o7777)
}

/// A snapshot in its canonical stored form: keys sorted, slashes not escaped.
let sampleSnapshotJSON = #"{"adGroups":{"buyer-terms":["\"buy sex\"","[escort near me]"]},"ads":{"deterrence/arrest":"0123456789abcdef"},"bidCeilingMicros":2500000,"dailyBudgetMicros":15000000,"dayparts":["every day 18:00–24:00"],"flightEnd":"2026-12-31","flightStart":"2026-01-01","geo":["county 12057"],"interests":[],"landingPage":"https://example.org/help?utm_source=tfz","name":"tfz fl-hillsborough/deterrence-search/google_ads · Hillsborough County","negatives":["\"ford escort\""],"status":"active"}"#

func sampleSnapshot(name: String? = nil, budget: Int64? = nil) throws -> CampaignSnapshot {
    var snapshot = try JSONDecoder().decode(CampaignSnapshot.self, from: Data(sampleSnapshotJSON.utf8))
    if let name { snapshot.name = name }
    if let budget { snapshot.dailyBudgetMicros = budget }
    return snapshot
}

let hillsborough = CampaignKey(zone: "fl-hillsborough", template: "deterrence-search", platform: .googleAds)
let pinellas = CampaignKey(zone: "fl-pinellas", template: "deterrence-search", platform: .googleAds)
let pinellasReddit = CampaignKey(zone: "fl-pinellas", template: "deterrence-social", platform: .reddit)

func sampleCampaign(
    _ key: CampaignKey = hillsborough, remoteId: String? = "987", status: RemoteCampaign.Status = .paused
) throws -> RemoteCampaign {
    RemoteCampaign(
        key: key, accountId: "1234567890", remoteId: remoteId, status: status, applied: try sampleSnapshot(),
        appliedAt: "2026-01-01T12:00:00Z")
}

func entry(_ n: Int, key: CampaignKey? = hillsborough) -> ChangeLogEntry {
    ChangeLogEntry(
        at: "2026-01-01T12:00:0\(n)Z", actor: "user:ana", action: .create, key: key, platform: key?.platform,
        detail: "entry \(n)", result: "ok")
}
