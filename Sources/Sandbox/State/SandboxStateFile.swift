import Foundation
import Logging

/// A sandbox module's state as one JSON file in the state directory (`google-ads.json`, `microsoft-ads.json`,
/// `meta.json`): loaded whole (an absent file is an empty state, an unreadable one an error naming the file) and written
/// atomically (a temporary file, then a rename).
protocol SandboxStateFile {
    static var fileName: String { get }
    /// What the file is, for the error when it cannot be read: `a Meta sandbox state file (version 1)`.
    static var kind: String { get }
    init()
    init?(json: SandboxJSON)
    var json: SandboxJSON { get }
}

extension SandboxStateFile {
    /// The state in `directory/fileName`: empty when there is no file; an error when the file cannot be read.
    static func load(from directory: URL) throws -> Self {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return Self() }
        let data = try Data(contentsOf: url)
        guard let json = SandboxJSON.parse(data), let state = Self(json: json) else {
            throw SandboxError.unreadableState(path: url.path, reason: "it is not \(kind)")
        }
        return state
    }

    /// Writes the state atomically to `directory/fileName`.
    func save(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try json.encoded().write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}

extension SandboxStateFile where Self: Equatable {
    /// The state of a module that makes it on first use, where nothing can be thrown: ``load(from:)``, except that an
    /// unreadable file is kept aside as `fileName.unreadable` (never overwritten), logged, and the state starts empty.
    static func loadKeepingUnreadableAside(from directory: URL?, logger: Logger, platform: String) -> Self {
        guard let directory else { return Self() }
        do {
            return try load(from: directory)
        } catch {
            let aside = directory.appendingPathComponent(fileName + ".unreadable")
            try? FileManager.default.removeItem(at: aside)
            try? FileManager.default.moveItem(at: directory.appendingPathComponent(fileName), to: aside)
            logger.error("Could not read the \(platform) sandbox state (kept as \(aside.lastPathComponent)): \(error)")
            return Self()
        }
    }

    /// Writes the state when the module was used (it is not empty, or its file exists already); failures are logged.
    func saveIfUsed(to directory: URL?, logger: Logger, platform: String) {
        guard let directory else { return }
        guard self != Self() || FileManager.default.fileExists(atPath: directory.appendingPathComponent(Self.fileName).path) else { return }
        do {
            try save(to: directory)
        } catch {
            logger.error("Could not write the \(platform) sandbox state: \(error)")
        }
    }
}
