import CampaignKit
import Foundation

/// Opens the store a workspace's `tfz.yaml` names: its own `.tfz/state.sqlite` by default, or a PostgreSQL team
/// store (`store:` with `url:` and a password reference).
public enum WorkspaceStores {
    /// Opens the store of the workspace at `root`. A PostgreSQL store's password is read here from its reference
    /// (`env:NAME` from `environment`, `file:PATH` from the file), and never appears in a message.
    public static func open(root: URL, setting: StoreSetting, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> any WorkspaceStore
    {
        switch setting {
        case .sqlite:
            return try SQLiteStore(directory: root.appendingPathComponent(".tfz"))
        case .postgres(let postgres):
            return try PostgresStore(try settings(postgres, environment: environment))
        }
    }

    /// The connection settings of a `store:` entry, with the password read from its reference.
    public static func settings(_ setting: PostgresStoreSetting, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> PostgresSettings
    {
        PostgresSettings(
            host: setting.host, port: setting.port, user: setting.user, database: setting.database,
            password: try setting.password.map { try password($0, environment: environment) },
            tls: PostgresSettings.TLSMode(rawValue: setting.tls) ?? .prefer)
    }

    /// Reads a password reference: `env:NAME` is the variable's value, `file:PATH` the file's first line.
    static func password(_ reference: String, environment: [String: String]) throws -> String {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name], !value.isEmpty else {
                throw StoreError(.open, "The team store's password is read from the environment variable \(name) (`store: password:` in tfz.yaml), which is not set: export it, or point `password:` at a file.")
            }
            return value
        }
        if reference.hasPrefix("file:") {
            var path = String(reference.dropFirst(5))
            if path.hasPrefix("~/") { path = FileManager.default.homeDirectoryForCurrentUser.path + path.dropFirst(1) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw StoreError(.open, "The team store's password file \(path) (`store: password:` in tfz.yaml) cannot be read: create it (mode 0600) or fix the path.")
            }
            var status = stat()
            if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
                throw StoreError(.open, "The team store's password file \(path) can be read by other users: run `chmod 600 \(path)`.")
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(whereSeparator: \.isNewline).first ?? "")
        }
        throw StoreError(.open, "The team store's password must be a reference, env:NAME or file:PATH.")
    }
}
