import Yams

/// Finds values that look like credentials, so that a pasted token never gets committed with the campaigns.
///
/// What is *not* reported: credential references (`env:NAME`, `file:PATH`), URLs without secret-looking
/// query parameters, and ordinary long words or sentences.
enum CredentialScanner {
    static let secretKeyWords = ["secret", "token", "password", "passwd", "api_key", "apikey", "private_key", "client_secret", "bearer"]

    static func isSecretKeyName(_ key: String) -> Bool {
        let k = key.lowercased()
        return secretKeyWords.contains { k.contains($0) }
    }

    /// Walks every scalar of a document, spending one unit of `budget` per node; stops when it goes negative.
    static func scan(_ node: Node, reader: NodeReader, budget: inout Int) {
        budget -= 1
        if budget < 0 { return }
        switch node {
        case .scalar(let s):
            if let reason = reason(s.string) {
                reader.error("credential-in-file", "this value looks like \(reason); secrets never go in campaign files", at: node,
                             hints: ["remove it, revoke it if it was real, and keep it in an environment variable or a credentials file outside the repository"])
            }
        case .mapping(let m):
            for (_, value) in m where budget >= 0 { scan(value, reader: reader, budget: &budget) }
        case .sequence(let s):
            for item in s where budget >= 0 { scan(item, reader: reader, budget: &budget) }
        case .alias:
            break
        }
    }

    /// Why `value` looks like a secret, or nil.
    ///
    /// Lengths are counted in UTF-8 bytes, not characters, and prefixes and substrings are compared byte by byte: the
    /// credentials looked for are ASCII, and this runs on every keyword of 16 bytes or more (Foundation's `contains` and
    /// counting characters cost more than the rest of reading a keyword list).
    static func reason(_ value: String) -> String? {
        if value.utf8.count < 16 { return nil }
        let v = value.first == " " || value.last == " " ? value.trimmingSpaces : value
        let bytes = v.utf8
        if bytes.count < 16 { return nil }
        func starts(_ prefix: StaticString) -> Bool {
            prefix.withUTF8Buffer { p in p.count <= bytes.count && zip(bytes, p).allSatisfy { $0 == $1 } }
        }
        if starts("env:") || starts("file:") { return nil }
        if starts("ya29.") { return "a Google OAuth access token" }
        if starts("1//0") { return "a Google OAuth refresh token" }
        if starts("GOCSPX-") { return "a Google OAuth client secret" }
        if starts("EAA"), bytes.count >= 30, bytes.allSatisfy(isAlphanumeric) { return "a Meta access token" }
        if starts("AKIA"), bytes.count == 20 { return "an AWS access key" }
        if contains(bytes, "-----BEGIN") && contains(bytes, "PRIVATE KEY") { return "a private key" }
        if starts("xox") || starts("ghp_") || starts("sk_live_") || starts("eyJ") && v.split(separator: ".").count == 3 {
            return "an access token"
        }
        if starts("https://") || starts("http://") {
            return urlSecret(v).map { "a URL carrying a secret in its '\($0)' parameter" }
        }
        if bytes.count >= 32, !bytes.contains(0x20), !bytes.contains(0x2F) || !bytes.contains(0x2E), looksRandom(v) {
            return "a token or client secret"
        }
        return nil
    }

    /// Whether `needle` (ASCII) occurs in `haystack`, byte by byte.
    private static func contains(_ haystack: String.UTF8View, _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { n in
            guard let first = n.first, haystack.count >= n.count else { return n.isEmpty }
            var i = haystack.startIndex
            while let hit = haystack[i...].firstIndex(of: first) {
                if haystack[hit...].starts(with: n) { return true }
                i = haystack.index(after: hit)
            }
            return false
        }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// Upper case, lower case and digits mixed, from a token alphabet only.
    private static func looksRandom(_ v: String) -> Bool {
        var upper = 0, lower = 0, digit = 0
        for b in v.utf8 {
            if b >= 65 && b <= 90 { upper += 1 }
            else if b >= 97 && b <= 122 { lower += 1 }
            else if b >= 48 && b <= 57 { digit += 1 }
            else if !"-_+/=.".utf8.contains(b) { return false }
        }
        return upper >= 2 && lower >= 2 && digit >= 2
    }

    private static func urlSecret(_ url: String) -> String? {
        guard let q = url.firstIndex(of: "?") else { return nil }
        for pair in url[url.index(after: q)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[1].isEmpty, !parts[1].hasPrefix("{") else { continue }
            let name = String(parts[0])
            if isSecretKeyName(name) || ["key", "access_token", "sig", "signature"].contains(name.lowercased()) { return name }
        }
        return nil
    }
}
