import Foundation
import ZIPFoundation

/// The ZIP container of a report download: one file, DEFLATE-compressed, built in memory with
/// ZIPFoundation (zlib underneath).
enum MicrosoftReportArchive {
    /// A ZIP archive holding `contents` as `fileName`.
    static func zip(fileName: String, contents: Data, modified: Date) throws -> Data {
        let archive = try Archive(accessMode: .create)
        try archive.addEntry(
            with: fileName, type: .file, uncompressedSize: Int64(contents.count), modificationDate: modified,
            compressionMethod: .deflate
        ) { position, size in
            contents.subdata(in: Int(position)..<(Int(position) + size))
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// The files of an archive, in order (for tests and diagnostics).
    static func files(in data: Data) throws -> [(name: String, contents: Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [(String, Data)] = []
        for entry in archive where entry.type == .file {
            var contents = Data()
            _ = try archive.extract(entry) { contents.append($0) }
            files.append((entry.path, contents))
        }
        return files
    }
}
