import CampaignKit
import Foundation
import Operations

#if canImport(Glibc)
import Glibc
#endif

/// `Benchmarks --keywords`: how fast keyword lists are read, and what a huge file costs `tfz validate` (issue 10, part 3).
///
/// 1. The keyword-list reader, through ``WorkspaceLoader`` from memory: 100 lists of 20,000 keywords (every line read and
///    checked: the limit is 20,000 a list), and one list of 15 MB just under the keyword list cap (read to keyword
///    20,001, then counted). Lines per second, best of 3.
/// 2. Validating a copy of the sample workspace plus a generated 58 MB, 2.5M-line keyword list, and then plus a 2 GB
///    sparse file named `.yaml` and a YAML alias bomb: in process (`WorkspaceReader.read` + `Library.build`, wall time) and,
///    when a release `tfz` sits next to this binary, the CLI itself (wall time and peak RSS).
///    Target: every one under 5 s and 1 GiB.
enum KeywordsBenchmark {
    static func run() throws {
        print("keywords: keyword-list reader and huge files (issue 10 part 3)")
        readerRate()
        try hugeFiles()
    }

    /// `count` distinct keywords of about 20 bytes, in all three match types.
    static func keywordLines(_ count: Int, salt: String) -> String {
        var text = "# generated keyword list\n"
        text.reserveCapacity(count * 26)
        for i in 0..<count {
            switch i % 3 {
            case 0: text += "escort service \(salt)\(i)\n"
            case 1: text += "\"hourly companion \(salt)\(i)\"\n"
            default: text += "[late night date \(salt)\(i)]\n"
            }
        }
        return text
    }

    static func readerRate() {
        let config = SourceFile(path: "tfz.yaml", contents: "version: 1\norganization: bench\ncurrency: USD\ntime_zone: America/New_York\naccounts: []\n")
        let lists = (0..<100).map { SourceFile(path: "Campaigns/keywords/list-\($0).txt", contents: keywordLines(20_000, salt: "l\($0)-")) }
        let lines = lists.reduce(0) { $0 + $1.contents.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
        let bytes = lists.reduce(0) { $0 + $1.contents.utf8.count }
        measureRate("100 lists × 20,000 keywords, every line read", files: [config] + lists, lines: lines, bytes: bytes)
        // The loader reads 64 files or more on all cores; one list a load stays on one core.
        measureRate("the same lists one at a time (one core)", each: lists.map { [config, $0] }, lines: lines, bytes: bytes)

        var big = keywordLines(20_000, salt: "b")
        var i = 0
        while big.utf8.count < 15 * FileLimits.megabyte { big += "keyword beyond the limit \(i)\n"; i += 1 }
        let bigLines = big.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
        measureRate("one 15 MB list (read to keyword 20,001, then counted)", files: [config, SourceFile(path: "Campaigns/keywords/big.txt", contents: big)],
                    lines: bigLines, bytes: big.utf8.count)
    }

    static func measureRate(_ title: String, files: [SourceFile], lines: Int, bytes: Int) {
        measureRate(title, each: [files], lines: lines, bytes: bytes)
    }

    /// Loads each workspace of `each` in turn; the time of all of them, best of 3.
    static func measureRate(_ title: String, each workspaces: [[SourceFile]], lines: Int, bytes: Int) {
        var best = Double.infinity
        for _ in 0..<3 {
            let t0 = Clock.now()
            for files in workspaces {
                let (workspace, _) = WorkspaceLoader.load(WorkspaceFiles(files: files))
                precondition(!workspace.keywordLists.isEmpty)
            }
            best = min(best, Clock.now() - t0)
        }
        print(String(format: "  reader, %@: %d lines, %.1f MB in %.3f s (best of 3): %.2fM lines/s, %.0f MB/s", title as NSString, lines,
                     Double(bytes) / 1e6, best, Double(lines) / best / 1e6, Double(bytes) / best / 1e6))
    }

    static func hugeFiles() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("tfz-keywords-\(getpid())")
        try? fm.removeItem(at: dir)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let sample = LaunchBenchmark.sampleRoot()
        for item in ["tfz.yaml", "Campaigns", "Creative"] {
            try fm.copyItem(at: sample.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        // The largest list tfz reads: just under the 16 MB cap (690,000 lines, read to keyword 20,001, then counted).
        var under = Data()
        for i in 0..<690_000 { under.append(contentsOf: "escort near me \(String(repeating: "0", count: 7 - String(i).count))\(i)\n".utf8) }
        let underURL = dir.appendingPathComponent("Campaigns/keywords/under-cap.txt")
        try under.write(to: underURL)
        print(String(format: "  workspace: the sample + Campaigns/keywords/under-cap.txt (%.1f MB, 690000 lines)", Double(under.count) / 1e6))
        under = Data()
        try validate("sample + 15.9 MB keyword list", dir)
        try FileManager.default.removeItem(at: underURL)

        // 2.5M lines, 58 MB: the list from the issue.
        var huge = Data()
        huge.reserveCapacity(58_500_000)
        for i in 0..<2_500_000 { huge.append(contentsOf: "escort near me \(String(repeating: "0", count: 7 - String(i).count))\(i)\n".utf8) }   // 23 bytes a line
        let hugeURL = dir.appendingPathComponent("Campaigns/keywords/huge.txt")
        try huge.write(to: hugeURL)
        let hugeLines = huge.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
        huge = Data()
        print(String(format: "  workspace: the sample + Campaigns/keywords/huge.txt (%.1f MB, %d lines) in %@",
                     Double((try? fm.attributesOfItem(atPath: hugeURL.path)[.size] as? Int) ?? 0) / 1e6, hugeLines, dir.path as NSString))
        try validate("sample + 58 MB keyword list", dir)

        // A 2 GB sparse file named like a zone file, and a YAML alias bomb.
        let sparse = dir.appendingPathComponent("Campaigns/zones/sparse.yaml")
        _ = fm.createFile(atPath: sparse.path, contents: nil)
        let handle = try FileHandle(forWritingTo: sparse)
        try handle.truncate(atOffset: 2 * 1024 * 1024 * 1024)
        try handle.close()
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in zip("bcdefghi", "abcdefgh") {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        bomb += "name: [*i, *i, *i, *i, *i, *i, *i, *i, *i]\n"
        try bomb.write(to: dir.appendingPathComponent("Campaigns/zones/bomb.yaml"), atomically: true, encoding: .utf8)
        try ("name: " + String(repeating: "[", count: 100_000) + "\n").write(to: dir.appendingPathComponent("Campaigns/zones/deep.yaml"),
                                                                            atomically: true, encoding: .utf8)
        try validate("+ 2 GB sparse .yaml, alias bomb, 100,000 nested [", dir)
    }

    /// Validates the workspace in process (reader + library) and with the release CLI when it is built.
    static func validate(_ title: String, _ dir: URL) throws {
        // In process: time only. This process's peak includes the reader figures above (resetting VmHWM is not allowed
        // in every container), so memory is measured on the CLI below.
        let t0 = Clock.now()
        let library = Library.build(try WorkspaceReader.read(dir))
        let seconds = Clock.now() - t0
        let errors = library.diagnostics.filter { $0.severity == .error }
        print(String(format: "  validate, %@, in process: %.3f s; %d errors (%@)", title as NSString, seconds,
                     errors.count, Set(errors.map(\.code)).sorted().joined(separator: ", ") as NSString))
        for d in errors { print("      " + String(d.rendered.split(separator: "\n").first ?? "").prefix(220)) }
        let tfz = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tfz")
        if FileManager.default.isExecutableFile(atPath: tfz.path) {
            let r = try Resources.run(tfz.path, ["validate", "-C", dir.path])
            print(String(format: "  validate, %@, tfz validate: exit %d, %.3f s, peak RSS %.0f MiB (target: under 5 s and 1 GiB: %@)", title as NSString,
                         r.status, r.seconds, Double(r.peakKiB) / 1024,
                         (r.seconds < 5 && r.peakKiB < 1024 * 1024 ? "met" : "NOT met") as NSString))
        } else {
            print("  (no tfz next to Benchmarks: `swift build -c release` also times the CLI)")
        }
    }
}
