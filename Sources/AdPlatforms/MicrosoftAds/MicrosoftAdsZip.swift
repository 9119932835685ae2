import Foundation
#if canImport(ZIPFoundation)
import ZIPFoundation
#endif

/// Opens the zip archives Microsoft Advertising hands out (reports): the first file inside, read in memory.
///
/// The archive is not trusted: a file larger than `maxSize` (declared or actual) is refused rather than inflated, and the
/// archive is read from a temporary file, not from memory: ZIPFoundation's in-memory archive traps when a record of the
/// archive points past its end (`Archive.MemoryFile.readData` builds a range from a seek beyond the data; found by
/// fuzzing, `Tests/FuzzRegressions/microsoft-zip/`), where a file archive reads nothing and fails cleanly.
enum MicrosoftAdsZip {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// 512 MiB: far above any report of one account's week, far below what would hurt the machine.
    static let maxSize: UInt64 = 512 * 1024 * 1024

    static func firstFile(in data: Data, maxSize: UInt64 = maxSize) throws -> Data {
        #if canImport(ZIPFoundation)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-report-\(UUID().uuidString).zip")
        do { try data.write(to: file) } catch { throw Unreadable(description: "cannot write a temporary file for it (\(error.localizedDescription))") }
        defer { try? FileManager.default.removeItem(at: file) }
        let archive: Archive
        do { archive = try Archive(url: file, accessMode: .read) } catch { throw Unreadable(description: "not a zip archive") }
        guard let entry = archive.first(where: { $0.type == .file }) else { throw Unreadable(description: "the archive holds no file") }
        guard entry.uncompressedSize <= maxSize else { throw Unreadable(description: "the file inside is larger than \(maxSize) bytes") }
        var out = Data()
        var tooLarge = false
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard UInt64(out.count + chunk.count) <= maxSize else { tooLarge = true; throw Unreadable(description: "too large") }
                out.append(chunk)
            }
        } catch {
            throw Unreadable(description: tooLarge ? "the file inside is larger than \(maxSize) bytes" : "the file inside is damaged")
        }
        return out
        #else
        throw Unreadable(description: "this build of tfz cannot open zip archives (ZIPFoundation is missing)")
        #endif
    }
}
