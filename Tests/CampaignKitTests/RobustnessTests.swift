import CampaignKit
import Foundation
import Synchronization
import Testing

/// The shipped sample workspace (the repository root) as the library sees it, and a fuzz test over mutations of it.
///
/// The fuzz test is deterministic: a fixed seed drives a SplitMix64 generator, so a failure names the iteration and
/// its mutations and reproduces on every run. Overrides: `TFZ_FUZZ_SEED`, `TFZ_FUZZ_ITERATIONS`; `TFZ_FUZZ_LOG=1`
/// prints each case to stderr before it runs (to find the input behind a trap, which ends the test process).
@Suite struct RobustnessTests {
    /// Every campaign the sample expands to, as listed by `tfz plan` on the repository root.
    static let sampleKeys: [String] = [
        "fl-hillsborough/deterrence-search/google_ads",
        "fl-hillsborough/deterrence-search/microsoft_ads",
        "fl-hillsborough/deterrence-social/meta",
        "fl-hillsborough/deterrence-social/reddit",
        "fl-hillsborough/outreach-search/google_ads",
        "fl-hillsborough/outreach-search/microsoft_ads",
        "fl-orange/deterrence-search/google_ads",
        "fl-orange/deterrence-search/microsoft_ads",
        "fl-orange/deterrence-social/meta",
        "fl-orange/outreach-search/google_ads",
        "fl-orange/outreach-search/microsoft_ads",
        "fl-pinellas/deterrence-search/google_ads",
        "fl-pinellas/deterrence-search/microsoft_ads",
        "fl-pinellas/deterrence-social/meta",
        "fl-pinellas/deterrence-social/reddit",
        "fl-pinellas/outreach-search/google_ads",
        "fl-pinellas/outreach-search/microsoft_ads",
    ]

    @Test func sampleWorkspaceIsCleanAndExpandsToTheKnownCampaigns() throws {
        let sample = try SampleWorkspace.files()
        #expect(sample.files.count >= 16, "the sample has tfz.yaml, 3 zones, 4 templates, 4 keyword lists, 5 creative files")
        #expect(sample.otherPaths.contains("Creative/images/know-the-signs.png"))
        let library = Library.build(sample)
        #expect(library.diagnostics.map(\.rendered) == [])
        #expect(library.campaigns.map(\.key.description).sorted() == Self.sampleKeys)
        // `Library.campaigns` is documented as sorted by key.
        #expect(zip(library.campaigns, library.campaigns.dropFirst()).allSatisfy { $0.key < $1.key }, "campaigns are sorted by key")
        let config = try #require(library.workspace.config)
        let plan = Planner.plan(library.campaigns, remote: RemoteState(), organization: config.organization, currency: config.currency.value)
        #expect(plan.summary.create == Self.sampleKeys.count)
        #expect(plan.actions.allSatisfy { $0.kind == .create })
    }

    @Test func mutatedWorkspacesNeverTrapAndPointIntoTheirFiles() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["TFZ_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x7F2_2027
        let iterations = environment["TFZ_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 1200
        let log = environment["TFZ_FUZZ_LOG"] != nil
        let sample = try SampleWorkspace.files()

        // The cases are drawn one after the other, so they depend on the seed only; then they run on every core.
        var random = RobustnessRandom(seed: seed)
        var cases: [(label: String, files: [SourceFile])] = []
        for iteration in 0..<iterations {
            var files = sample.files
            let index = random.below(files.count)
            var mutations: [String] = []
            var deleted = false
            for _ in 0..<(1 + random.below(3)) {
                if random.below(200) == 0 {
                    deleted = true
                    mutations.append("delete the file")
                    break
                }
                mutations.append(RobustnessMutator.mutate(&files[index].contents, donors: sample.files, using: &random))
            }
            let path = files[index].path
            if deleted { files.remove(at: index) }
            cases.append(("iteration \(iteration) (seed \(seed)): \(path): \(mutations.joined(separator: "; "))", files))
        }

        let drawn = cases
        let results = Mutex<[(iteration: Int, problems: [String], outcome: Outcome)]>([])
        let workers = log ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for iteration in stride(from: worker, to: drawn.count, by: workers) {
                let (label, files) = drawn[iteration]
                if log { FileHandle.standardError.write(Data((label + "\n").utf8)) }
                let (problems, outcome) = Self.check(files, otherPaths: sample.otherPaths, repeatBuild: iteration % 25 == 0)
                results.withLock { $0.append((iteration, problems.map { "\(label)\n    \($0)" }, outcome)) }
            }
        }
        let all = results.withLock { $0 }.sorted { $0.iteration < $1.iteration }
        let problems = all.flatMap(\.problems)
        let errors = all.count { $0.outcome == .errors }, valid = all.count - errors
        #expect(all.count == iterations)
        // The mutations must reach past the parser: some inputs stay valid, many do not.
        #expect(errors > iterations / 4, "\(errors) of \(iterations) cases have errors")
        #expect(valid > iterations / 20, "\(valid) of \(iterations) cases have no errors")
        #expect(problems.isEmpty, "\(problems.count) problems; the first ones:\n\(problems.prefix(15).joined(separator: "\n"))")
    }

    enum Outcome: Sendable { case clean, warningsOnly, errors }

    /// Builds the library (and the plan, when there are no errors) and lists what is wrong with the result.
    static func check(_ files: [SourceFile], otherPaths: Set<String>, repeatBuild: Bool) -> ([String], Outcome) {
        let input = WorkspaceFiles(files: files, otherPaths: otherPaths)
        let library = Library.build(input)
        var problems: [String] = []
        let lineCounts = Dictionary(files.map { ($0.path, RobustnessMutator.lineCount($0.contents)) }, uniquingKeysWith: { a, _ in a })
        for d in library.diagnostics {
            let loc = d.location
            var wrong: [String] = []
            if loc.line < 1 { wrong.append("line < 1") }
            if loc.column < 1 { wrong.append("column < 1") }
            if loc.path != "tfz.yaml" && lineCounts[loc.path] == nil && !otherPaths.contains(loc.path) {
                wrong.append("path is not a workspace file")
            }
            if let lines = lineCounts[loc.path], loc.line > lines + 1 { wrong.append("line past the end of the file (\(lines) lines)") }
            if d.code.isEmpty || d.message.isEmpty { wrong.append("empty code or message") }
            if d.message.contains("Optional(") { wrong.append("a Swift value dump in the message") }
            if !wrong.isEmpty { problems.append("\(wrong.joined(separator: ", ")): \(d.rendered.prefix(300))") }
        }
        // The same input gives the same diagnostics (loading runs in parallel).
        if repeatBuild, Library.build(input).diagnostics != library.diagnostics {
            problems.append("diagnostics differ between two builds of the same files")
        }
        if library.hasErrors { return (problems, .errors) }
        if let config = library.workspace.config {
            let plan = Planner.plan(library.campaigns, remote: RemoteState(), organization: config.organization, currency: config.currency.value)
            if plan.summary.create != library.campaigns.count {
                problems.append("the plan creates \(plan.summary.create) of \(library.campaigns.count) campaigns")
            }
            _ = PlanRenderer.text(plan, stateNote: "", detail: true)
        } else {
            problems.append("no errors but no workspace config")
        }
        return (problems, library.diagnostics.isEmpty ? .clean : .warningsOnly)
    }
}

/// The sample workspace at the repository root, read the way the CLI's reader does.
/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on every platform and toolchain.
private struct RobustnessRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (n > 0); the modulo bias is irrelevant here.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Small edits of the kind a hurried editor, a bad merge or a broken tool makes.
private enum RobustnessMutator {
    /// Fragments inserted at random places: YAML indicators, whitespace, control characters, odd Unicode.
    static let fragments: [String] = [
        ":", ": ", "-", "- ", "[", "]", "{", "}", "\"", "'", ",", "#", "&a ", "*a", "!", "!!str ", "|", ">", "%", "@", "`", "?", "? ",
        "\t", "\n", "\r\n", "\r", "\u{0}", "\u{1}", "\u{7F}", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}",
        "\u{202E}", "\u{200D}", "\u{301}", "é", "ß", "𝕏", "🚫", "中文", "---\n", "...\n", "\n  ", "\n- ", "{zone}", "{platform}", "env:",
    ]

    /// Values that replace a scalar.
    static let values: [String] = [
        "99999999999999999999999999999", "-99999999999999999999", "9223372036854775807", "-9223372036854775808",
        "18446744073709551616", "1e400", "-1e400", "1e-400", ".nan", ".inf", "-.inf", "-0", "0", "-1", "0.001", "0.0000001", "0x7fffffffffffffff",
        "1_000", "1,000.00", "$25", "25 USD", String(repeating: "x", count: 10_000), String(repeating: "9", count: 10_000),
        "~", "null", "", "\"\"", "''", "[]", "{}", "[[a, [b, [c, [d]]]], {e: [f, {g: h}]}]", "{daily: {daily: {daily: 1}}}",
        "\"\\u0000\"", "\"\\uD800\"", "!!binary aGk=", "!custom tag", "*nowhere", "&anchor value", "yes", "no", "on", "off", "true",
        "2027-02-30", "2027-13-01", "0000-00-00", "99999-01-01", "24:00", "25:99", "-1:00", "12057", "\"99999\"", "\"00000\"",
        "https://", "https://example.org/{nope}", "http://example.org", "javascript:alert(1)", "env:", "env:lower_case", "sk-live-abc123",
        "|\n  block\n  text", ">-\n  folded", "- - -", "::", "\"unterminated", "'unterminated", "[unterminated", "{unterminated",
    ]

    /// Applies one random edit and says what it did.
    static func mutate(_ text: inout String, donors: [SourceFile], using random: inout RobustnessRandom) -> String {
        var lines = text.components(separatedBy: "\n")
        func line() -> Int { random.below(lines.count) }
        switch random.below(10) {
        case 0:
            let i = line()
            lines.remove(at: i)
            text = lines.joined(separator: "\n")
            return "delete line \(i + 1)"
        case 1:
            let i = line()
            lines.insert(lines[i], at: i)
            text = lines.joined(separator: "\n")
            return "duplicate line \(i + 1)"
        case 2, 3:
            let count = 1 + random.below(6)
            let inserted = (0..<count).map { _ in random.pick(fragments) }.joined()
            let offset = random.below(text.unicodeScalars.count + 1)
            var scalars = Array(text.unicodeScalars)
            scalars.insert(contentsOf: inserted.unicodeScalars, at: offset)
            text = String(String.UnicodeScalarView(scalars))
            return "insert \(inserted.debugDescription) at scalar \(offset)"
        case 4:
            let offset = random.below(text.unicodeScalars.count + 1)
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(offset)))
            return "truncate at scalar \(offset)"
        case 5:
            let i = line()
            let body = lines[i].drop { $0 == " " || $0 == "\t" }
            let indent = lines[i].count - body.count
            let newIndent = random.pick(["", "  ", "    ", "\t", " ", String(repeating: " ", count: indent + 2),
                                         String(repeating: " ", count: max(0, indent - 2)), String(repeating: " ", count: 200)])
            lines[i] = newIndent + body
            text = lines.joined(separator: "\n")
            return "indent line \(i + 1) by \(newIndent.debugDescription)"
        case 6, 7:
            let value = random.pick(values)
            let shown = value.count > 40 ? "<\(value.count) × \(value.prefix(1))>" : value.debugDescription
            let candidates = lines.indices.filter { lines[$0].contains(": ") || lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
            if candidates.isEmpty {  // keyword lists: replace the whole line
                let i = line()
                lines[i] = value
                text = lines.joined(separator: "\n")
                return "replace line \(i + 1) with \(shown)"
            }
            let i = random.pick(candidates)
            let separator = lines[i].range(of: ": ") ?? lines[i].range(of: "- ")!
            lines[i] = String(lines[i][..<separator.upperBound]) + value
            text = lines.joined(separator: "\n")
            return "replace the value on line \(i + 1) with \(shown)"
        case 8:
            let i = line(), j = line()
            lines.swapAt(i, j)
            text = lines.joined(separator: "\n")
            return "swap lines \(i + 1) and \(j + 1)"
        default:
            let donor = random.pick(donors)
            let donorLines = donor.contents.components(separatedBy: "\n")
            let taken = donorLines[random.below(donorLines.count)]
            let i = random.below(lines.count + 1)
            lines.insert(taken, at: i)
            text = lines.joined(separator: "\n")
            return "insert \(taken.debugDescription) from \(donor.path) before line \(i + 1)"
        }
    }

    /// Lines as an editor counts them (a final newline does not start a new line; \r\n and \r end lines too).
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var previous: Unicode.Scalar?
        for s in text.unicodeScalars {
            if s == "\n" && previous != "\r" { count += 1 }
            if s == "\r" || s == "\u{85}" || s == "\u{2028}" || s == "\u{2029}" { count += 1 }
            previous = s
        }
        return count
    }
}
