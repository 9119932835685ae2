import Foundation
import Testing

/// Golden files under `Tests/EndToEndTests/Snapshots/`, compared byte for byte. Re-record with
/// `TFZ_RECORD_SNAPSHOTS=1` and review the diff.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["TFZ_RECORD_SNAPSHOTS"] != nil }

    /// Checks `actual` against the golden file `name`, or writes it when recording. A missing golden file fails.
    static func assert(_ actual: Data, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: url)
            return
        }
        let expected = try #require(try? Data(contentsOf: url), "no golden file \(name); record it with TFZ_RECORD_SNAPSHOTS=1",
                                    sourceLocation: sourceLocation)
        #expect(actual == expected, "\(name) differs from its golden file; re-record with TFZ_RECORD_SNAPSHOTS=1 and review the diff",
                sourceLocation: sourceLocation)
        if actual != expected, let a = String(data: actual, encoding: .utf8), let e = String(data: expected, encoding: .utf8) {
            Issue.record("first difference in \(name):\n\(firstDifference(a, e))", sourceLocation: sourceLocation)
        }
    }

    static func assert(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try assert(Data(actual.utf8), named: name, sourceLocation: sourceLocation)
    }

    /// The first line that differs, both ways, for the failure message.
    /// Split with Foundation at each "\n" byte: Swift's `split(separator: "\n")` would not split "\r\n", one `Character`.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        for i in 0..<max(a.count, e.count) {
            let left = i < a.count ? String(a[i]) : "(end of output)", right = i < e.count ? String(e[i]) : "(end of file)"
            if left != right { return "line \(i + 1)\n  actual:   \(left.debugDescription)\n  expected: \(right.debugDescription)" }
        }
        return "(same lines; the bytes differ in line endings)"
    }
}
