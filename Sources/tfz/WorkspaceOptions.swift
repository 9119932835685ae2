import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Store

/// `-C DIR`, shared by every command that reads the workspace.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if tfz was started in DIR.", valueName: "DIR"))
    var directory: String?

    /// The workspace root: DIR, or the current folder.
    func root() throws -> URL {
        let path = directory ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("'\(path)' is not a folder")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("tfz.yaml").path) else {
            throw UsageError("'\(path)' is not a tfz workspace: it has no tfz.yaml (run tfz in the workspace folder, or pass -C DIR)")
        }
        return url
    }

    /// Opens the store `tfz.yaml` names (`store:`): the workspace's `.tfz/state.sqlite` unless it names a PostgreSQL
    /// team store.
    func store(_ config: WorkspaceConfig?) throws -> any WorkspaceStore {
        try WorkspaceStores.open(root: root(), setting: config?.store ?? .sqlite)
    }

    /// Reads and builds the campaign library.
    func library() throws -> Library {
        Library.build(try WorkspaceReader.read(root()))
    }
}

/// `--format`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Writing to the terminal.
enum Console {
    static func out(_ text: String) {
        guard !text.isEmpty else { return }
        // By bytes: "\r\n" (CSV) is one Character, which `hasSuffix("\n")` would not see.
        write(FileHandle.standardOutput, text)
    }

    static func err(_ text: String) {
        guard !text.isEmpty else { return }
        write(FileHandle.standardError, text)
    }

    /// Writes a line; when the reader has gone (`tfz log | head`: the pipe is closed), stops quietly, as a shell tool
    /// does, instead of failing on the write.
    private static func write(_ handle: FileHandle, _ text: String) {
        do {
            try handle.write(contentsOf: Data((text.utf8.last == UInt8(ascii: "\n") ? text : text + "\n").utf8))
        } catch {
            exit(0)
        }
    }
}

/// ISO 8601 UTC, as tfz prints times.
func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
