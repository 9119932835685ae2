import Crypto
import Foundation

/// The creatives' image files for one launch: read once, checked before anything is sent (a JPEG or PNG by its first
/// bytes, at most 30 MB: Meta's limits for a link ad's image), uploaded only when a creative that shows them is about to
/// be made, and known by the hash Meta gives back.
struct MetaImages: Sendable {
    /// Meta's largest image file for ads (30 MB).
    static let maximumBytes = 30 * 1024 * 1024

    var readFile: @Sendable (String) throws -> Data
    private var data: [String: Data] = [:]
    private var digests: [String: String] = [:]
    private var hashes: [String: String] = [:]

    init(readFile: @escaping @Sendable (String) throws -> Data) { self.readFile = readFile }

    /// Reads and checks the file at `path` (from the workspace root); nil when it can be used, else why not.
    mutating func check(_ path: String) -> String? {
        if data[path] != nil { return nil }
        let bytes: Data
        do {
            bytes = try readFile(path)
        } catch {
            return "the image \(path) could not be read (\(error.localizedDescription)); nothing was sent for this campaign"
        }
        if let problem = Self.problem(bytes, path: path) { return problem }
        data[path] = bytes
        digests[path] = Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return nil
    }

    /// Why `bytes` cannot be a Meta ad image, or nil.
    static func problem(_ bytes: Data, path: String) -> String? {
        if bytes.count > maximumBytes {
            return "the image \(path) is \(bytes.count / 1_048_576) MB; Meta takes images of at most 30 MB: make it smaller; nothing was sent for this campaign"
        }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        if bytes.starts(with: png) || bytes.starts(with: jpeg) { return nil }
        return "the image \(path) is not a PNG or JPEG file (its first bytes say otherwise); Meta takes JPEG or PNG images: "
            + "export it as one; nothing was sent for this campaign"
    }

    /// The MD5 of the file's bytes: what it shows, for the creative's fingerprint.
    func digest(of path: String) -> String? { digests[path] }

    /// Meta's hash of the uploaded image, once uploaded in this launch.
    func hash(of path: String) -> String? { hashes[path] }

    mutating func upload(_ path: String, client: MetaClient) async throws {
        guard let bytes = data[path] else { return }
        hashes[path] = try await client.uploadImage(bytes)
    }
}
