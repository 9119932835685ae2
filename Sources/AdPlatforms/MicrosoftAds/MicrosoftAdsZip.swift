import CZlibReport
import Foundation

/// Opens the zip archives Microsoft Advertising hands out (reports): the first file inside, read in memory.
///
/// The archive is not trusted, so it is read here rather than by ZIPFoundation, which the fuzzer showed to trap on a
/// record pointing past the archive's end (its in-memory archive) and to loop forever on a deflate stream that does not
/// end before the archive does (`Tests/FuzzRegressions/microsoft-zip/`). Every offset and size is checked against the
/// archive's bytes; a file larger than `maxSize` (declared or actual) is refused rather than inflated; the inflater is
/// given exactly the entry's compressed bytes and must reach the end of its stream within them; the CRC-32 must match.
/// What is read: the end-of-central-directory record, the central directory (the first entry that is not a folder),
/// its local header, and the data, stored (method 0) or deflated (method 8). What is not supported, and refused: zip64,
/// encryption, other methods, an archive split in parts.
enum MicrosoftAdsZip {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// 512 MiB: far above any report of one account's week, far below what would hurt the machine.
    static let maxSize: UInt64 = 512 * 1024 * 1024

    static func firstFile(in data: Data, maxSize: UInt64 = maxSize) throws -> Data {
        let bytes = [UInt8](data)
        func u16(_ at: Int) throws -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Unreadable(description: "the archive ends inside a record") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> Int {
            let low = try u16(at), high = try u16(at + 2)
            return low | high << 16
        }

        // The end-of-central-directory record: 22 bytes and a comment of at most 65,535, at the end.
        guard bytes.count >= 22 else { throw Unreadable(description: "not a zip archive") }
        var eocd = -1
        for at in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65_535), by: -1)
        where bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == 0x05 && bytes[at + 3] == 0x06 {
            eocd = at
            break
        }
        guard eocd >= 0 else { throw Unreadable(description: "not a zip archive") }
        guard try u16(eocd + 4) == 0, try u16(eocd + 6) == 0 else { throw Unreadable(description: "the archive is split in parts") }
        let count = try u16(eocd + 10)
        var at = try u32(eocd + 16)
        guard count != 0xFFFF, at != 0xFFFF_FFFF else { throw Unreadable(description: "zip64 archives are not supported") }

        // The central directory: the first entry that is a file.
        for _ in 0..<count {
            guard try u32(at) == 0x0201_4B50 else { throw Unreadable(description: "the central directory is damaged") }
            let flags = try u16(at + 8), method = try u16(at + 10)
            let crc = UInt32(try u32(at + 16)), compressed = try u32(at + 20), size = try u32(at + 24)
            let nameLength = try u16(at + 28), extraLength = try u16(at + 30), commentLength = try u16(at + 32)
            let local = try u32(at + 42)
            let nameEnd = at + 46 + nameLength
            guard nameEnd <= bytes.count else { throw Unreadable(description: "the central directory is damaged") }
            let isFolder = nameLength > 0 && bytes[nameEnd - 1] == UInt8(ascii: "/")
            at = nameEnd + extraLength + commentLength
            if isFolder { continue }
            guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw Unreadable(description: "zip64 archives are not supported")
            }
            guard flags & 1 == 0 else { throw Unreadable(description: "the file inside is encrypted") }
            guard UInt64(size) <= maxSize else { throw Unreadable(description: "the file inside is larger than \(maxSize) bytes") }
            guard try u32(local) == 0x0403_4B50 else { throw Unreadable(description: "the file inside is damaged") }
            let localName = try u16(local + 26), localExtra = try u16(local + 28)
            let start = local + 30 + localName + localExtra
            guard start + compressed <= bytes.count else { throw Unreadable(description: "the file inside is damaged") }
            let stored = bytes[start..<(start + compressed)]
            let out: [UInt8]
            switch method {
            case 0: out = Array(stored)
            case 8: out = try inflate(stored, expected: size, maxSize: maxSize)
            default: throw Unreadable(description: "the file inside is compressed with method \(method), not deflate")
            }
            guard out.count == size else { throw Unreadable(description: "the file inside is damaged") }
            let actual = out.withUnsafeBufferPointer { UInt32(CZlibReport.crc32(0, $0.baseAddress, uInt($0.count))) }
            guard actual == crc else { throw Unreadable(description: "the file inside is damaged") }
            return Data(out)
        }
        throw Unreadable(description: "the archive holds no file")
    }

    /// Raw deflate (no zlib header) of exactly `input`; the stream must end within it and inflate to at most `maxSize`.
    static func inflate(_ input: ArraySlice<UInt8>, expected: Int, maxSize: UInt64) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Unreadable(description: "zlib cannot start")
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        out.reserveCapacity(min(expected, Int(maxSize)))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = Array(input)
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let result = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return CZlibReport.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                guard UInt64(out.count + produced) <= maxSize else { return Z_MEM_ERROR }
                out += chunk[..<produced]
                // Done, failed, or stuck: with all of the input given, no progress means the stream ends past it.
                if result != Z_OK || produced == 0 { return result }
            }
        }
        guard status == Z_STREAM_END else {
            throw Unreadable(description: status == Z_MEM_ERROR ? "the file inside is larger than \(maxSize) bytes" : "the file inside is damaged")
        }
        return out
    }
}
