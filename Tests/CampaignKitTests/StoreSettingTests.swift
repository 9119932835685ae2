@testable import CampaignKit
import Testing

/// `store:` in tfz.yaml: the workspace's own SQLite file, or a PostgreSQL team store named by a URL and a password
/// reference.
@Suite struct StoreSettingTests {
    static func config(_ store: String) -> String {
        Fixture.files["tfz.yaml"]! + "\n" + store
    }

    @Test func sqliteIsTheDefault() throws {
        #expect(try #require(Fixture.library().workspace.config).store == .sqlite)
        let library = Fixture.library(["tfz.yaml": Self.config("store: sqlite\n")])
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        #expect(library.workspace.config?.store == .sqlite)
    }

    @Test func aTeamStoreIsRead() throws {
        let library = Fixture.library(["tfz.yaml": Self.config(
            "store:\n  url: postgresql://tfz@db.example.org:6543/tfz_team\n  password: env:TFZ_STORE_PASSWORD\n  tls: require\n")])
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        guard case .postgres(let setting) = try #require(library.workspace.config).store else {
            Issue.record("not a PostgreSQL store")
            return
        }
        #expect(setting.host == "db.example.org" && setting.port == 6543 && setting.user == "tfz" && setting.database == "tfz_team")
        #expect(setting.password == "env:TFZ_STORE_PASSWORD" && setting.tls == "require")
        #expect(PostgresStoreSetting.parseURL("postgres://ana@localhost/tfz")! == ("localhost", 5432, "ana", "tfz"))
        #expect(PostgresStoreSetting.parseURL("postgresql://ana@[::1]:5433/tfz")! == ("::1", 5433, "ana", "tfz"))
    }

    @Test("Bad store settings are located errors that never echo a secret", arguments: [
        ("store: mysql", "store must be 'sqlite' or a PostgreSQL store with url: and password:, not 'mysql'"),
        ("store:\n  url: postgresql://tfz:hunter-two@db/tfz", "store url must not carry a password: give it as password: env:NAME or file:PATH"),
        ("store:\n  url: mysql://tfz@db/tfz", "store url must read postgresql://USER@HOST[:PORT]/DATABASE, not 'mysql://tfz@db/tfz'"),
        ("store:\n  url: postgresql://db/tfz", "store url must read postgresql://USER@HOST[:PORT]/DATABASE, not 'postgresql://db/tfz'"),
        ("store:\n  url: postgresql://tfz@db/tfz\n  password: hunter-two", "store password must be a reference, 'env:NAME' (the variable holds the password) or 'file:PATH' (outside the repository), not a value"),
        ("store:\n  url: postgresql://tfz@db/tfz\n  tls: maybe", "store tls must be disable, prefer, require or verify-full, not 'maybe'"),
        ("store:\n  password: env:X", "store is missing the required key 'url'"),
    ])
    func badSettings(text: String, message: String) {
        let diagnostics = Fixture.diagnostics(["tfz.yaml": Self.config(text + "\n")])
        #expect(diagnostics.contains { $0.hasPrefix("tfz.yaml:") && $0.contains("error: \(message)") }, "\(diagnostics)")
        #expect(!diagnostics.joined().contains("hunter-two") || message.contains("must read"), "\(diagnostics)")
    }
}
