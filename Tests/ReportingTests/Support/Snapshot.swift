import Foundation
import Testing

/// Golden files under Tests/ReportingTests/Golden/. Re-record with TFZ_RECORD_SNAPSHOTS=1 and review the diff.
/// (The house pattern of Tests/CampaignKitTests/Support/Snapshot.swift; test targets cannot share it.)
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static func assert(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TFZ_RECORD_SNAPSHOTS"] != nil {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name) differs; re-record with TFZ_RECORD_SNAPSHOTS=1 and review", sourceLocation: sourceLocation)
    }
}
