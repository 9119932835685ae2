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
    /// A copy of the sample workspace whose search templates run on Google Ads only, without its social campaigns: the
    /// suites that pin Google's figures, kill points and logs were measured on six Google campaigns. `withMicrosoft` keeps the sample's
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
