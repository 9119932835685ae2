import Foundation
import Sandbox
import Store
import Testing

/// Canary secrets through every command and every failure: the OAuth client secret, the refresh token and the
/// developer token are random values made at run time, given to tfz only through `env:TFZ_CANARY`, and accepted by
/// a Google Ads sandbox started in this test process (reached over HTTP on 127.0.0.1, like a real endpoint). None of
/// them — nor a wrong token tfz was given, nor an access token the sandbox issued, nor an `Authorization` header —
/// may appear in anything tfz prints or in any byte of the workspace's `.tfz/`. Every command that should succeed is
/// checked to have succeeded, so the test cannot pass by tfz failing early.
@Suite(.serialized) struct CanaryTests {
    /// Built at run time so that no token-like literal is committed.
    struct Secrets {
        let refreshToken = "canary-" + "refresh-" + UUID().uuidString
        let clientSecret = "canary-" + "secret-" + UUID().uuidString
        let developerToken = "canary-" + "devtoken-" + UUID().uuidString
        let wrongRefreshToken = "canary-" + "wrongrefresh-" + UUID().uuidString
        let wrongDeveloperToken = "canary-" + "wrongdev-" + UUID().uuidString

        /// Every value, and its random part alone (which catches a partly printed or re-encoded value).
        var all: [String] {
            let values = [refreshToken, clientSecret, developerToken, wrongRefreshToken, wrongDeveloperToken]
            return values + values.map { String($0.suffix(36)) }
        }
    }

    final class Transcript {
        var texts: [(label: String, text: String)] = []
        func add(_ label: String, _ r: TFZRunner.Result) { texts.append((label, r.stdout + r.stderr)) }
    }

    @Test func secretsNeverLeakThroughAnyCommandOrFailure() async throws {
        let secrets = Secrets()
        let stateDirectory = try TFZRunner.emptyFolder()
        defer { TFZRunner.remove(stateDirectory) }
        let sandbox = try await startSandbox(SandboxConfiguration(
            stateDirectory: stateDirectory, clientSecret: secrets.clientSecret, refreshToken: secrets.refreshToken,
            developerToken: secrets.developerToken))
        var stopped = false
        defer { if !stopped { Task { await sandbox.stop() } } }

        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        try dir.edit("tfz.yaml", replacing: "    endpoint: sandbox\n    credentials: env:TFZ_GOOGLE_ADS",
                     with: "    endpoint: \(sandbox.baseURL.absoluteString)\n    credentials: env:TFZ_CANARY")
        let good: [String: String] = [
            "TFZ_CANARY_CLIENT_ID": SandboxConfiguration().clientId,
            "TFZ_CANARY_CLIENT_SECRET": secrets.clientSecret,
            "TFZ_CANARY_REFRESH_TOKEN": secrets.refreshToken,
            "TFZ_CANARY_DEVELOPER_TOKEN": secrets.developerToken,
            "TFZ_CANARY_TOKEN_URL": sandbox.baseURL.absoluteString + "/oauth2/token",
            "TFZ_HTTP_TIMEOUT": "30",  // a 582-operation mutate took over 5 s on a loaded CI machine
        ]
        // A connection held open by this process keeps SQLite's write-ahead log (`state.sqlite-wal`) on disk after
        // each command, so that its bytes are read too (the last connection to close would delete it).
        let tfzFolder = dir.appendingPathComponent(".tfz")
        let keepOpen = try SQLiteStore(directory: tfzFolder)
        defer { withExtendedLifetime(keepOpen) {} }
        var filesSeen: Set<String> = []
        let transcript = Transcript()
        func run(_ label: String, _ arguments: [String], environment: [String: String] = good) async throws -> TFZRunner.Result {
            let r = try await TFZRunner.runOffPool(arguments, workspace: dir, environment: environment)
            transcript.add(label, r)
            // Every file under .tfz/ after every command, byte for byte.
            for file in try Self.allFiles(under: tfzFolder) {
                let bytes = try Data(contentsOf: file)
                let name = file.path.replacingOccurrences(of: dir.path + "/", with: "")
                if !bytes.isEmpty { filesSeen.insert(name) }
                for value in secrets.all { #expect(bytes.range(of: Data(value.utf8)) == nil, "after \(label), \(name) holds a secret (\(value.prefix(14))…)") }
                for marker in Self.markers { #expect(bytes.range(of: Data(marker.utf8)) == nil, "after \(label), \(name) holds '\(marker)'") }
            }
            return r
        }

        // MARK: Commands that succeed

        let validate = try await run("validate", ["validate"])
        #expect(validate.exited(0), "\(validate)")
        let plan = try await run("plan", ["plan", "--format", "json"])
        #expect(plan.exited(0), "\(plan)")

        let launch = try await run("launch", ["launch", "--all", "--yes"])
        #expect(launch.exited(0), "\(launch)")
        #expect(launch.stdout.contains("google_ads google-main: 6 created, 0 updated, 0 found and adopted, 6 enabled"), "\(launch)")
        var account = await sandbox.snapshot().account("1234567890")
        #expect(account.campaigns.filter { $0.status == "ENABLED" }.count == 6, "the launch reached the canary sandbox")

        let status = try await run("status", ["status", "--format", "json"])
        #expect(status.exited(0), "\(status)")
        let rows = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["campaigns"] as? [[String: Any]]
        #expect(rows?.count == 6 && rows?.allSatisfy { $0["remoteStatus"] as? String == "ENABLED" } == true, "\(status)")
        let statusText = try await run("status text", ["status"])
        #expect(statusText.exited(0) && statusText.stdout.contains("Google Ads: ENABLED"), "\(statusText)")

        let pause = try await run("pause", ["pause", "fl-hillsborough"])
        #expect(pause.exited(0) && pause.stdout.contains("‖ paused fl-hillsborough/deterrence-search/google_ads"), "\(pause)")
        let resume = try await run("resume", ["resume", "fl-hillsborough"])
        #expect(resume.exited(0) && resume.stdout.contains("▶ resumed fl-hillsborough/deterrence-search/google_ads"), "\(resume)")
        account = await sandbox.snapshot().account("1234567890")
        #expect(account.campaigns.allSatisfy { $0.status == "ENABLED" })

        // Injected faults that tfz rides out: a 429 with a retry delay, a 503, then a status change applied but
        // never answered (sent again), for a pause; a 500 and a lost connection on searches for a status.
        await sandbox.enqueueFaults([Fault.rateLimited(retryDelay: "1s"), .unavailable, .dropAfterApplying])
        let pauseWithFaults = try await run("pause with faults", ["pause", "fl-orange"])
        #expect(pauseWithFaults.exited(0) && pauseWithFaults.stdout.contains("‖ paused fl-orange/"), "\(pauseWithFaults)")
        await sandbox.enqueueFaults([Fault.internalError, .dropBeforeApplying, .slow(milliseconds: 50)])
        let statusWithFaults = try await run("status with faults", ["status", "--format", "json"])
        #expect(statusWithFaults.exited(0), "\(statusWithFaults)")
        let resumeOrange = try await run("resume", ["resume", "fl-orange"])
        #expect(resumeOrange.exited(0), "\(resumeOrange)")

        // A launch after the files changed, with the create's answer lost: looked up, not created twice.
        try dir.edit("Campaigns/zones/fl-orange.yaml", replacing: "budget: {daily: 30.00}", with: "budget: {daily: 35.00}")
        await sandbox.enqueueFaults([Fault.dropAfterApplying])
        let relaunch = try await run("launch with a lost answer", ["launch", "--all", "--yes"])
        #expect(relaunch.exited(0), "\(relaunch)")

        let log = try await run("log", ["log", "--limit", "200"])
        #expect(log.exited(0), "\(log)")
        for action in ["create", "enable", "pause", "resume"] { #expect(log.stdout.contains("  \(action)  "), "\(log)") }

        // MARK: Failures

        // The daily quota is spent: tfz says so and stops.
        await sandbox.enqueueFaults([Fault.dailyQuotaExhausted])
        let quota = try await run("spent quota", ["pause", "fl-pinellas"])
        #expect(quota.exited(1), "\(quota)")
        #expect(quota.stderr.contains("quota"), "\(quota)")

        // Five 500s in a row on a search: tfz gives up with the platform's message.
        await sandbox.enqueueFaults(Array(repeating: Fault.internalError, count: 5))
        let internalErrors = try await run("500s", ["status"])
        #expect(!internalErrors.exited(0), "\(internalErrors)")
        #expect(internalErrors.stderr.contains("500") || internalErrors.stderr.contains("internal"), "\(internalErrors)")

        // A refresh token Google does not accept.
        var wrongRefresh = good
        wrongRefresh["TFZ_CANARY_REFRESH_TOKEN"] = secrets.wrongRefreshToken
        let badGrant = try await run("wrong refresh token", ["status"], environment: wrongRefresh)
        #expect(badGrant.exited(1), "\(badGrant)")
        #expect(badGrant.stderr.contains("invalid_grant"), "\(badGrant)")
        let badGrantLaunch = try await run("wrong refresh token, launch", ["pause", "--all"], environment: wrongRefresh)
        #expect(badGrantLaunch.exited(1) && badGrantLaunch.stderr.contains("invalid_grant"), "\(badGrantLaunch)")

        // A wrong client secret is the same invalid_grant.
        var wrongSecret = good
        wrongSecret["TFZ_CANARY_CLIENT_SECRET"] = secrets.wrongRefreshToken
        let badSecret = try await run("wrong client secret", ["status"], environment: wrongSecret)
        #expect(badSecret.exited(1) && badSecret.stderr.contains("invalid_grant"), "\(badSecret)")

        // A developer token Google does not accept.
        var wrongDeveloper = good
        wrongDeveloper["TFZ_CANARY_DEVELOPER_TOKEN"] = secrets.wrongDeveloperToken
        let badDeveloper = try await run("wrong developer token", ["status"], environment: wrongDeveloper)
        #expect(badDeveloper.exited(1), "\(badDeveloper)")
        #expect(badDeveloper.stderr.lowercased().contains("developer"), "\(badDeveloper)")
        let badDeveloperPause = try await run("wrong developer token, pause", ["pause", "fl-pinellas"], environment: wrongDeveloper)
        #expect(badDeveloperPause.exited(1), "\(badDeveloperPause)")

        // A missing variable names the variable, never a value.
        var missing = good
        missing["TFZ_CANARY_DEVELOPER_TOKEN"] = nil
        let noDeveloper = try await run("missing developer token", ["status"], environment: missing)
        #expect(noDeveloper.exited(1) && noDeveloper.stderr.contains("TFZ_CANARY_DEVELOPER_TOKEN"), "\(noDeveloper)")

        // The sandbox is gone: connection refused.
        let accessTokens = Self.accessTokens(in: stateDirectory)
        #expect(!accessTokens.isEmpty, "the sandbox issued access tokens to tfz")
        await sandbox.stop()
        stopped = true
        let refused = try await run("sandbox stopped", ["pause", "--all"])
        #expect(refused.exited(1) && refused.stderr.contains("could not connect"), "\(refused)")
        let logAfter = try await run("log after failures", ["log", "--limit", "500"])
        #expect(logAfter.exited(0), "\(logAfter)")

        // MARK: Nothing leaked

        let forbidden = secrets.all + accessTokens
        for (label, text) in transcript.texts {
            for value in forbidden { #expect(!text.contains(value), "\(label) printed a secret (\(value.prefix(14))…)") }
            #expect(!text.contains("sandbox-at-"), "\(label) printed an access token")
            #expect(text.range(of: "Bearer ", options: .caseInsensitive) == nil, "\(label) printed a bearer token")
        }
        #expect(filesSeen.isSuperset(of: [".tfz/state.sqlite", ".tfz/state.sqlite-wal"]), "the store and its log were read: \(filesSeen.sorted())")
        for file in try Self.allFiles(under: tfzFolder) {
            let bytes = try Data(contentsOf: file)
            for value in accessTokens { #expect(bytes.range(of: Data(value.utf8)) == nil, "\(file.lastPathComponent) holds an access token") }
        }
    }

    /// What an access token (the sandbox's start with `sandbox-at-`) or an Authorization header would leave behind.
    static let markers = ["sandbox-at-", "Authorization", "authorization", "AUTHORIZATION", "Bearer ", "bearer "]

    /// Access tokens the sandbox issued, from its persisted state (outside the workspace).
    static func accessTokens(in directory: URL) -> [String] {
        var out: Set<String> = []
        for file in (try? allFiles(under: directory)) ?? [] {
            let text = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
            var rest = text[...]
            while let r = rest.range(of: "sandbox-at-") {
                let token = rest[r.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                out.insert(String(token))
                rest = rest[r.upperBound...]
            }
        }
        return out.filter { $0.count > "sandbox-at-".count + 8 }.sorted()
    }

    /// Every regular file under `root`, hidden ones included.
    static func allFiles(under root: URL) throws -> [URL] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var out: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            out.append(url)
        }
        return out
    }
}
