import Foundation

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
