import CampaignKit
import Foundation

/// Campaign files through the pipeline `tfz validate` runs: a workspace of the sample's `tfz.yaml` (and the paths of its
/// images) and the input as one campaign file, loaded, resolved, validated and expanded by `Library.build`, and every
/// diagnostic rendered as text and JSON Lines.
///
/// Not the whole sample library beside the input: validating its other files again for every input (keyword and
/// language rules over every list and creative) took 95 % of the time and ran 30 inputs a second; alone, the input's
/// own content goes through every stage it reaches (a zone's templates are missing, so its campaigns are not expanded —
/// see docs/fuzzing.md).
///
/// `tfz.yaml` is read once from `TFZ_FUZZ_WORKSPACE` (default: the current directory, the repository root). An input
/// that is not UTF-8 is what `WorkspaceReader` refuses before parsing (`not-utf8`), so it is skipped here.
enum CampaignFuzz {
    /// The file each target replaces: one the rest of the sample refers to, so that references, merges and expansion
    /// all run on what the input makes of it.
    static func replacedPath(_ target: FuzzTarget) -> String {
        switch target {
        case .zone: "Campaigns/zones/fl-orange.yaml"
        case .template: "Campaigns/templates/deterrence-search.yaml"
        case .creative: "Creative/deterrence/could-be-a-child.yaml"
        case .keywords: "Campaigns/keywords/buyer-terms.txt"
        default: "tfz.yaml"
        }
    }

    static let sample: WorkspaceFiles = {
        let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TFZ_FUZZ_WORKSPACE"] ?? FileManager.default.currentDirectoryPath)
        let files = SampleReader.read(root)
        guard files.files.contains(where: { $0.path == "tfz.yaml" }) else {
            FileHandle.standardError.write(Data("no tfz.yaml under \(root.path): run from the repository root or set TFZ_FUZZ_WORKSPACE\n".utf8))
            exit(2)
        }
        return files
    }()

    static func run(_ target: FuzzTarget, _ data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return }
        let path = replacedPath(target)
        var input = sample
        input.files.removeAll { $0.path != "tfz.yaml" || $0.path == path }
        input.files.append(SourceFile(path: path, contents: text))
        let library = Library.build(input)
        _ = DiagnosticRenderer.text(library.diagnostics)
        _ = DiagnosticRenderer.jsonLines(library.diagnostics)
        _ = DiagnosticRenderer.counts(library.diagnostics)
    }
}

/// Reads the sample library's campaign files and the paths of its other files (images), once, at start-up.
///
/// Not `WorkspaceReader` (in `Operations`, which would pull the store and the sandbox into the instrumented build);
/// the sample has no links, so a plain walk reads the same files.
enum SampleReader {
    static func read(_ root: URL) -> WorkspaceFiles {
        let fm = FileManager.default
        var paths = ["tfz.yaml"]
        for folder in ["Campaigns", "Creative"] {
            let relatives = (try? fm.subpathsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            for relative in relatives {
                var isDirectory: ObjCBool = false
                let path = "\(folder)/\(relative)"
                if fm.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    paths.append(path)
                }
            }
        }
        var files: [SourceFile] = []
        var other = Set<String>()
        for path in paths.sorted() {
            if WorkspaceFiles.isCampaignText(path) {
                guard let data = fm.contents(atPath: root.appendingPathComponent(path).path),
                      let text = String(data: data, encoding: .utf8) else { continue }
                files.append(SourceFile(path: path, contents: text))
            } else {
                other.insert(path)
            }
        }
        return WorkspaceFiles(files: files, otherPaths: other)
    }
}
