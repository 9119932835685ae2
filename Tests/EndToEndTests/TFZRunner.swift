import Foundation
import Testing

/// Runs the built `tfz` binary in a copy of the sample workspace and captures what it printed.
///
/// The binary is found, in order: `$TFZ_BINARY`; next to the test bundle (the products folder);
/// `<package>/.build/*/debug/tfz` or `release/tfz`, the most recently built. SwiftPM builds every
/// product before `swift test`, so the test target does not depend on the executable target.
enum TFZRunner {
    /// The package root: three folders up from this file (`Tests/EndToEndTests/TFZRunner.swift`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample workspace shipped at the package root.
    static let sampleItems = ["tfz.yaml", "Campaigns", "Creative"]

    static let binary: URL? = {
        let fm = FileManager.default
        func executable(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue && fm.isExecutableFile(atPath: url.path)
        }
        if let path = ProcessInfo.processInfo.environment["TFZ_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        // Next to the test bundle: on Linux the `.xctest` is an executable in the products folder; on macOS
        // it is a bundle there. Either way the products folder is its parent.
        var nearby: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            nearby.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("tfz"))
        }
        if let exe = Bundle.main.executableURL, exe.lastPathComponent.hasSuffix(".xctest") {
            nearby.append(exe.deletingLastPathComponent().appendingPathComponent("tfz"))
        }
        if let found = nearby.first(where: executable) { return found }
        // Otherwise the newest `.build/<triple>/{debug,release}/tfz`.
        let build = packageRoot.appendingPathComponent(".build")
        var candidates = [build.appendingPathComponent("debug/tfz"), build.appendingPathComponent("release/tfz")]
        for triple in (try? fm.contentsOfDirectory(atPath: build.path)) ?? [] {
            for configuration in ["debug", "release"] {
                candidates.append(build.appendingPathComponent(triple).appendingPathComponent(configuration).appendingPathComponent("tfz"))
            }
        }
        func modified(_ url: URL) -> Date {
            (try? fm.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)[.modificationDate] as? Date) ?? .distantPast
        }
        return candidates.filter(executable).max { modified($0) < modified($1) }
    }()

    /// What one run printed and how it ended.
    struct Result: CustomStringConvertible {
        var stdout: String
        var stderr: String
        var status: Int32
        var reason: Process.TerminationReason

        /// Exited normally with `code` (a signal such as a trap is never a pass).
        func exited(_ code: Int32) -> Bool { reason == .exit && status == code }

        var description: String {
            "exit \(reason == .exit ? "code" : "SIGNAL") \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)---"
        }

        /// Text that only a crash prints.
        var crashText: String? {
            let all = stdout + stderr
            return ["Fatal error", "Swift runtime failure", "Stack dump", "Backtrace", "💣", "Program crashed", "Illegal instruction",
                    "Segmentation fault"].first { all.contains($0) }
        }
    }

    /// A fresh copy of the sample workspace in a temporary folder; removed by `removeWorkspace`.
    /// A copy of the sample workspace whose search templates run on Google Ads only: the suites that pin Google's
    /// figures, kill points and logs were measured on six Google campaigns. `withMicrosoft` keeps the sample's
    /// Microsoft Advertising channel (twelve search campaigns).
    /// The sample's social campaigns (`deterrence-social` on Meta and Reddit) are kept with `withMicrosoft` (the sample
    /// as shipped) or `withSocial`; otherwise the zones do not use that template, so the figures stay those of the
    /// search campaigns they were measured on.
    static func copySample(withMicrosoft: Bool = false, withSocial: Bool? = nil) throws -> URL {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("tfz-e2e-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for item in sampleItems {
            try fm.copyItem(at: packageRoot.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        if !withMicrosoft {
            // Neither the channel nor the account: a Google-only workspace, as the sample was when these were measured.
            for (file, block) in [("Campaigns/templates/base-search.yaml", "  - platform: microsoft_ads\n    account: microsoft-main\n    trigger: keywords\n"),
                                  ("tfz.yaml", "  - name: microsoft-main\n    platform: microsoft_ads\n    account_id: \"180000001\"\n    endpoint: sandbox\n    credentials: env:TFZ_MICROSOFT_ADS\n")] {
                let url = dir.appendingPathComponent(file)
                let text = try String(contentsOf: url, encoding: .utf8)
                precondition(text.contains(block), "the sample's \(file) changed; update TFZRunner.copySample")
                try text.replacingOccurrences(of: block, with: "").write(to: url, atomically: true, encoding: .utf8)
            }
        }
        if !(withSocial ?? withMicrosoft) {
            for (file, block) in [("fl-hillsborough", "  - template: deterrence-social\n"),
                                  ("fl-pinellas", "  - template: deterrence-social\n    flight: {start: 2027-01-01, end: 2027-06-30}\n"),
                                  ("fl-orange", "  - template: deterrence-social\n    platforms: [meta]            # Reddit not used in this zone\n")] {
                let url = dir.appendingPathComponent("Campaigns/zones/\(file).yaml")
                let text = try String(contentsOf: url, encoding: .utf8)
                precondition(text.contains(block), "the sample's \(file).yaml changed; update TFZRunner.copySample")
                try text.replacingOccurrences(of: block, with: "").write(to: url, atomically: true, encoding: .utf8)
            }
            // Nor the template and the accounts: no Meta or Reddit account to pull.
            try fm.removeItem(at: dir.appendingPathComponent("Campaigns/templates/deterrence-social.yaml"))
            let config = dir.appendingPathComponent("tfz.yaml")
            var text = try String(contentsOf: config, encoding: .utf8)
            for block in ["  - name: meta-main\n    platform: meta\n    account_id: \"act_100000000000001\"\n    page_id: \"100000000000002\"   # the Facebook Page the ads run as\n    endpoint: sandbox\n    credentials: env:TFZ_META\n",
                          "  - name: reddit-main\n    platform: reddit\n    account_id: \"a2_sample01\"\n    endpoint: sandbox\n    credentials: env:TFZ_REDDIT\n"] {
                precondition(text.contains(block), "the sample's tfz.yaml changed; update TFZRunner.copySample")
                text = text.replacingOccurrences(of: block, with: "")
            }
            try text.write(to: config, atomically: true, encoding: .utf8)
        }
        return dir
    }

    static func emptyFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func remove(_ dir: URL) {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Runs `tfz arguments...` in `directory` (the test process's folder when nil), stdin empty.
    ///
    /// Output goes to files rather than pipes so that a large plan can never fill a pipe and block.
    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) throws -> Result {
        let binary = try #require(binary, "the tfz binary was not found; run `swift build` first or set TFZ_BINARY")
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("tfz-e2e-out-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["COLUMNS"] = "200"
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                      status: process.terminationStatus, reason: process.terminationReason)
    }

    /// Runs `tfz` on a thread of its own and awaits it, so that a test serving HTTP from its own process (a sandbox
    /// the binary talks to) never blocks one of the few cooperative threads that sandbox needs to answer.
    static func runOffPool(_ arguments: [String], workspace dir: URL, environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do { continuation.resume(returning: try run(arguments, workspace: dir, environment: environment)) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Runs `tfz arguments... -C dir`.
    static func run(_ arguments: [String], workspace dir: URL, environment: [String: String] = [:]) throws -> Result {
        try run(arguments + ["-C", dir.path], environment: environment)
    }
}

extension URL {
    /// Replaces the first occurrence of `old` in the text file at `relative`; fails the test when it is absent.
    func edit(_ relative: String, replacing old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = appendingPathComponent(relative)
        let text = try String(contentsOf: url, encoding: .utf8)
        let range = try #require(text.range(of: old), "'\(old)' is not in \(relative)", sourceLocation: sourceLocation)
        try text.replacingCharacters(in: range, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Appends `text` to the file at `relative`.
    func append(_ relative: String, _ text: String) throws {
        let url = appendingPathComponent(relative)
        let old = try String(contentsOf: url, encoding: .utf8)
        try (old + text).write(to: url, atomically: true, encoding: .utf8)
    }
}
