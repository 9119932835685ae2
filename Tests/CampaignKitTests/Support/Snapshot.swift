import Foundation
import CampaignKit
import Testing

/// Golden files under Tests/CampaignKitTests/Snapshots/. Re-record with TFZ_RECORD_SNAPSHOTS=1 and review the diff.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Snapshots")

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

/// The shipped sample workspace at the repository root, read the way the CLI reads it.
enum SampleWorkspace {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}

extension SampleWorkspace {
    /// Every campaign file of the sample (text) and every other file (paths), as the CLI would pass them.
    static func files() throws -> WorkspaceFiles {
        var paths = ["tfz.yaml"]
        for folder in ["Campaigns", "Creative"] {
            let base = root.appendingPathComponent(folder)
            for sub in try FileManager.default.subpathsOfDirectory(atPath: base.path) where !sub.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: base.appendingPathComponent(sub).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    paths.append("\(folder)/\(sub)")
                }
            }
        }
        var files: [SourceFile] = []
        var other = Set<String>()
        for path in paths.sorted() {
            if WorkspaceFiles.isCampaignText(path) {
                files.append(SourceFile(path: path, contents: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)))
            } else {
                other.insert(path)
            }
        }
        return WorkspaceFiles(files: files, otherPaths: other)
    }
}
