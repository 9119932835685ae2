@testable import AdPlatforms
import Foundation
import Testing

@Suite struct CredentialsLoaderTests {
    static let environment = [
        "TFZ_GOOGLE_CLIENT_ID": Canary.clientId,
        "TFZ_GOOGLE_CLIENT_SECRET": Canary.clientSecret,
        "TFZ_GOOGLE_REFRESH_TOKEN": Canary.refreshToken,
        "TFZ_GOOGLE_DEVELOPER_TOKEN": Canary.developerToken,
        "TFZ_GOOGLE_LOGIN_CUSTOMER_ID": "111-222-3333",
        "UNRELATED": "x",
    ]

    static let fileJSON = #"""
    {"client_id":"\#(Canary.clientId)","client_secret":"\#(Canary.clientSecret)","refresh_token":"\#(Canary.refreshToken)",
     "developer_token":"\#(Canary.developerToken)","login_customer_id":"1112223333","token_url":"http://127.0.0.1:8088/token","note":"ignored"}
    """#

    /// A scratch directory holding a workspace and a home directory side by side.
    struct Scratch {
        let root: URL
        var workspace: URL { root.appendingPathComponent("workspace") }
        var home: URL { root.appendingPathComponent("home") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-credentials-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("workspace"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("home/.config/tfz"), withIntermediateDirectories: true)
        }

        func write(_ relative: String, _ text: String, mode: Int) throws -> String {
            let url = root.appendingPathComponent(relative)
            try Data(text.utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
            return url.path
        }

        func loader(environment: [String: String] = [:]) -> CredentialsLoader {
            CredentialsLoader(environment: environment, homeDirectory: home.path, workspaceRoot: workspace.path)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func loadsFromTheEnvironment() throws {
        let credentials = try CredentialsLoader(environment: Self.environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz").load("env:TFZ_GOOGLE")
        #expect(credentials.clientId == Canary.clientId)
        #expect(credentials.clientSecret.reveal() == Canary.clientSecret)
        #expect(credentials.refreshToken.reveal() == Canary.refreshToken)
        #expect(credentials.developerToken?.reveal() == Canary.developerToken)
        #expect(credentials.loginCustomerId == "1112223333")
        #expect(credentials.tokenURL.absoluteString == "https://oauth2.googleapis.com/token")
    }

    @Test func theTokenURLCanPointAtTheSandbox() throws {
        var environment = Self.environment
        environment["TFZ_GOOGLE_TOKEN_URL"] = "http://127.0.0.1:8088/token"
        environment["TFZ_GOOGLE_LOGIN_CUSTOMER_ID"] = nil
        let credentials = try CredentialsLoader(environment: environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz").load("env:TFZ_GOOGLE")
        #expect(credentials.tokenURL.absoluteString == "http://127.0.0.1:8088/token")
        #expect(credentials.loginCustomerId == nil)
    }

    @Test(arguments: ["TFZ_GOOGLE_CLIENT_ID", "TFZ_GOOGLE_CLIENT_SECRET", "TFZ_GOOGLE_REFRESH_TOKEN", "TFZ_GOOGLE_DEVELOPER_TOKEN"])
    func aMissingVariableIsNamed(variable: String) throws {
        var environment = Self.environment
        environment[variable] = variable.hasSuffix("SECRET") ? "  " : nil  // blank counts as missing
        let loader = CredentialsLoader(environment: environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz")
        let error = #expect(throws: CredentialsError.self) { try loader.load("env:TFZ_GOOGLE") }
        #expect(error?.errorDescription == "environment variable \(variable) is not set (credentials env:TFZ_GOOGLE); export it before running tfz")
    }

    @Test func aBadLoginCustomerIdIsNamedButNotQuoted() throws {
        var environment = Self.environment
        environment["TFZ_GOOGLE_LOGIN_CUSTOMER_ID"] = "12345"
        let loader = CredentialsLoader(environment: environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz")
        let error = #expect(throws: CredentialsError.self) { try loader.load("env:TFZ_GOOGLE") }
        #expect(error?.errorDescription == "environment variable TFZ_GOOGLE_LOGIN_CUSTOMER_ID must be a Google Ads customer id: 10 digits, dashes allowed (123-456-7890)")
    }

    @Test(arguments: ["vault:google", "TFZ_GOOGLE", "env:tfz-google", "env:"])
    func unknownReferencesAreRefused(reference: String) {
        let loader = CredentialsLoader(environment: Self.environment, homeDirectory: "/home/op", workspaceRoot: "/srv/tfz")
        #expect(throws: CredentialsError.self) { try loader.load(reference) }
    }

    @Test func loadsAPrivateFileFromTheHomeDirectory() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write("home/.config/tfz/google.json", Self.fileJSON, mode: 0o600)
        let credentials = try scratch.loader().load("file:~/.config/tfz/google.json")
        #expect(credentials.clientId == Canary.clientId)
        #expect(credentials.refreshToken.reveal() == Canary.refreshToken)
        #expect(credentials.developerToken?.reveal() == Canary.developerToken)
        #expect(credentials.loginCustomerId == "1112223333")
        #expect(credentials.tokenURL.absoluteString == "http://127.0.0.1:8088/token")
    }

    @Test func aReadOnlyFileIsFine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("home/google.json", Self.fileJSON, mode: 0o400)
        #expect(try scratch.loader().load("file:\(path)").clientId == Canary.clientId)
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660])
    func aFileOthersCanReadIsRefused(mode: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("home/google.json", Self.fileJSON, mode: mode)
        let error = #expect(throws: CredentialsError.self) { try scratch.loader().load("file:\(path)") }
        #expect(error?.errorDescription == "credentials file \(path) can be read by other users (mode \(String(format: "%04o", mode))); tfz only reads it when it is private to you: run `chmod 600 \(path)`")
    }

    @Test func aFileInsideTheWorkspaceIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("workspace/google.json", Self.fileJSON, mode: 0o600)
        for reference in ["file:\(path)", "file:google.json", "file:./Campaigns/../google.json"] {
            let error = #expect(throws: CredentialsError.self) { try scratch.loader().load(reference) }
            #expect(error?.errorDescription == "credentials file \(path) is inside the workspace (\(scratch.workspace.path)), where it can end up in git; move it outside, e.g. to ~/.config/tfz/, and point credentials: at the new path")
        }
    }

    @Test func aLinkFromOutsideIntoTheWorkspaceIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = try scratch.write("workspace/google.json", Self.fileJSON, mode: 0o600)
        let link = scratch.home.appendingPathComponent("google.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let error = #expect(throws: CredentialsError.self) { try scratch.loader().load("file:~/google.json") }
        guard case .insideWorkspace = error else { Issue.record("expected insideWorkspace, got \(String(describing: error))"); return }
    }

    @Test func aMissingFileOrKeyIsNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let missing = #expect(throws: CredentialsError.self) { try scratch.loader().load("file:~/nope.json") }
        #expect(missing?.errorDescription == "credentials file \(scratch.home.path)/nope.json does not exist")

        let path = try scratch.write("home/partial.json", #"{"client_id":"x","client_secret":"\#(Canary.clientSecret)","developer_token":"d"}"#, mode: 0o600)
        let error = #expect(throws: CredentialsError.self) { try scratch.loader().load("file:\(path)") }
        #expect(error?.errorDescription == "credentials file \(path) has no \"refresh_token\"")
    }

    @Test func brokenJSONIsReportedWithoutQuotingIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("home/broken.json", #"{"client_secret": "\#(Canary.clientSecret)" "refresh_token": 1}"#, mode: 0o600)
        let error = #expect(throws: CredentialsError.self) { try scratch.loader().load("file:\(path)") }
        #expect(error?.errorDescription == "credentials file \(path) is not a JSON object of strings: it is not valid JSON")
    }

    @Test func theLoaderReadsThroughTheInjectedFileSystem() throws {
        let fileSystem = CredentialsFileSystem(
            read: { path throws(CredentialsError) in
                #expect(path == "/home/op/.config/tfz/google.json")
                return CredentialsFile(permissions: 0o600, contents: Data(Self.fileJSON.utf8))
            },
            resolve: { $0 })
        let loader = CredentialsLoader(environment: [:], homeDirectory: "/home/op", workspaceRoot: "/srv/tfz", fileSystem: fileSystem)
        #expect(try loader.load("file:~/.config/tfz/google.json").clientId == Canary.clientId)
    }

    @Test func pathChecks() {
        #expect(CredentialsLoader.isInside("/srv/tfz/a.json", "/srv/tfz"))
        #expect(CredentialsLoader.isInside("/srv/tfz", "/srv/tfz"))
        #expect(!CredentialsLoader.isInside("/srv/tfz-secrets/a.json", "/srv/tfz"))
        let loader = CredentialsLoader(environment: [:], homeDirectory: "/home/op", workspaceRoot: "/srv/tfz")
        #expect(loader.expand("~/x.json") == "/home/op/x.json")
        #expect(loader.expand("../secrets/x.json") == "/srv/secrets/x.json")
        #expect(loader.expand("/etc/tfz/x.json") == "/etc/tfz/x.json")
    }
}
