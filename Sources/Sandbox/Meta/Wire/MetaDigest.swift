import Crypto
import Foundation

/// The two digests the Meta module needs, from swift-crypto (already in the build for Hummingbird): HMAC-SHA256 for
/// `appsecret_proof` (lowercase hex of HMAC-SHA256(key: app secret, message: access token), as Meta's SDKs compute it)
/// and MD5 for image hashes (Meta's `hash` of an uploaded image is the MD5 of its bytes, in lowercase hex). Checked
/// against RFC 4231 and RFC 1321 vectors in the tests.
enum MetaDigest {
    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// HMAC-SHA256 as lowercase hex.
    static func hmacSHA256Hex(key: String, message: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(key.utf8))))
    }

    static func sha256(_ message: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: message)) }

    /// MD5 as lowercase hex (not for security: it names image files the way Meta does).
    static func md5Hex(_ message: [UInt8]) -> String { hex(Insecure.MD5.hash(data: message)) }
}
