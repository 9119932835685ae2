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
    static func files() throws -> CampaignKit.WorkspaceFiles {
        var files: [CampaignKit.SourceFile] = []
        var other = Set<String>()
        let fm = FileManager.default
        var paths = ["tfz.yaml"]
        for folder in ["Campaigns", "Creative"] {
            let base = root.appendingPathComponent(folder)
            for case let url as URL in fm.enumerator(at: base, includingPropertiesForKeys: nil) ?? FileManager.DirectoryEnumerator() {
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    paths.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
                }
            }
        }
        for path in paths.sorted() {
            if CampaignKit.WorkspaceFiles.isCampaignText(path) {
                files.append(.init(path: path, contents: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)))
            } else {
                other.insert(path)
            }
        }
        return .init(files: files, otherPaths: other)
    }
}
