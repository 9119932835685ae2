import CampaignKit
import Foundation

/// The disk side of loading: finds the campaign files under a workspace root and reads them. The one reader: the CLI,
/// the tests and the benchmarks all load a workspace through it (`Library.build(try WorkspaceReader.read(root))`).
public enum WorkspaceReader {
    /// Every campaign file under `root` (tfz.yaml, Campaigns/, Creative/), with diagnostics for links that leave it.
    public static func read(_ root: URL) throws -> WorkspaceFiles {
        let fm = FileManager.default
        var files: [SourceFile] = []
        var other = Set<String>()
        var diagnostics: [Diagnostic] = []
        let rootPath = root.resolvingSymlinksInPath().path
        var paths = ["tfz.yaml"]
        for folder in ["Campaigns", "Creative"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = fm.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
                                             options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in walker {
                let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
                let isLinkToFile = values?.isSymbolicLink == true
                    && (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
                if values?.isSymbolicLink == true, !isLinkToFile {
                    let path = relative(url.standardizedFileURL.path, to: root.standardizedFileURL.path)
                    if (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
                        diagnostics.append(Diagnostic(.warning, "broken-link", "this link points to nothing (or to itself) and is ignored",
                                                      at: SourceLocation(path: path, line: 1, column: 1)))
                    }
                    continue
                }
                guard values?.isRegularFile == true || isLinkToFile else { continue }
                paths.append(relative(url.standardizedFileURL.path, to: root.standardizedFileURL.path))
            }
        }
        for path in paths.sorted() {
            let url = root.appendingPathComponent(path)
            let resolved = url.resolvingSymlinksInPath().path
            if !(resolved == rootPath || resolved.hasPrefix(rootPath + "/")) {
                diagnostics.append(Diagnostic(.error, "path-leaves-repository", "this file is a link to \(resolved), outside the repository",
                                              at: SourceLocation(path: path, line: 1, column: 1)))
                continue
            }
            if WorkspaceFiles.isCampaignText(path) {
                // A file the loader ignores is not read: its name is all the loader looks at.
                let limit = FileLimits.byteLimit(for: path)
                if limit == 0 {
                    files.append(SourceFile(path: path, contents: ""))
                    continue
                }
                // A file over its cap is refused from its size, unread; the read stops after the cap in case it grew.
                let size = (try? fm.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
                if let size, let refusal = FileLimits.refusal(path: path, byteCount: size) {
                    diagnostics.append(refusal)
                    continue
                }
                guard let handle = FileHandle(forReadingAtPath: url.path), let data = try? handle.read(upToCount: limit + 1) ?? Data() else {
                    if path != "tfz.yaml" {
                        diagnostics.append(Diagnostic(.error, "unreadable-file", "cannot read this file", at: SourceLocation(path: path, line: 1, column: 1)))
                    }
                    continue
                }
                try? handle.close()
                if let refusal = FileLimits.refusal(path: path, byteCount: data.count) {
                    diagnostics.append(refusal)
                    continue
                }
                switch SourceFile.decoding(data, path: path) {
                case .text(let file): files.append(file)
                case .notText(let problem): diagnostics.append(problem)
                }
            } else {
                other.insert(path)
            }
        }
        return WorkspaceFiles(files: files, otherPaths: other, diagnostics: diagnostics)
    }

    private static func relative(_ path: String, to root: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
