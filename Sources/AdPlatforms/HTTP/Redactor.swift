import Foundation

/// Masks credentials in text bound for logs and error messages.
///
/// It knows the shapes tfz handles: `Authorization: Bearer …`, Google access tokens (`ya29.…`), Google refresh tokens
/// (`1//…`), Google client secrets (`GOCSPX-…`) and API keys (`AIza…`), secret-bearing fields in form bodies and query
/// strings (`client_secret=…`, `refresh_token=…`, `access_token=…`, `key=…`, `token=…`) and in JSON
/// (`"refresh_token": "…"`). Masking is not a licence to log secrets: headers and bodies that carry them are dropped
/// before they reach a log at all; this is the second line.
public enum Redactor {
    /// What a masked value is replaced by.
    public static let mask = "<redacted>"

    /// Query and form parameter names whose values are secrets (compared case-insensitively).
    public static let secretParameterNames: Set<String> = [
        "access_token", "refresh_token", "id_token", "client_secret", "client_assertion", "assertion",
        "developer_token", "api_key", "apikey", "key", "token", "password", "code", "sig", "signature", "appsecret_proof", "app_secret",
    ]

    /// Header names whose values are never logged (compared case-insensitively). `login-customer-id` is not a secret.
    public static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "developer-token", "developertoken", "cookie", "set-cookie",
        "x-api-key", "x-goog-api-key", "api-key",
    ]

    /// Returns `text` with every credential it recognises replaced by `<redacted>`.
    public static func redact(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var result = text
        for rule in rules {
            let range = NSRange(result.startIndex..., in: result)
            result = rule.regex.stringByReplacingMatches(in: result, range: range, withTemplate: rule.template)
        }
        return result
    }

    /// Whether a header's value must stay out of logs.
    public static func isSecretHeader(_ name: String) -> Bool {
        secretHeaderNames.contains(name.lowercased())
    }

    /// The headers with secret ones removed and the rest redacted.
    public static func safeHeaders(_ headers: [String: String]) -> [String: String] {
        var safe: [String: String] = [:]
        for (name, value) in headers where !isSecretHeader(name) {
            safe[name] = redact(value)
        }
        return safe
    }

    /// The URL's path and query for a log line: secret query parameters are dropped, the rest redacted.
    public static func safePathAndQuery(_ url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return redact(url.path)
        }
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        guard let items = components.percentEncodedQueryItems, !items.isEmpty else { return redact(path) }
        let kept = items.filter { !secretParameterNames.contains(($0.name.removingPercentEncoding ?? $0.name).lowercased()) }
        guard !kept.isEmpty else { return redact(path) }
        let query = kept.map { item in item.value.map { "\(item.name)=\($0)" } ?? item.name }.joined(separator: "&")
        return redact(path + "?" + query)
    }

    private struct Rule: Sendable {
        let regex: NSRegularExpression
        let template: String
    }

    private static let jsonKeys = [
        "client_secret", "clientSecret", "refresh_token", "refreshToken", "access_token", "accessToken", "id_token",
        "idToken", "developer_token", "developerToken", "developer-token", "api_key", "apiKey", "password",
        "authorization", "client_assertion", "app_secret", "appsecret_proof",
    ]

    private static let rules: [Rule] = {
        let parameters = secretParameterNames.sorted { $0.count > $1.count }.map(NSRegularExpression.escapedPattern(for:))
        let json = jsonKeys.map(NSRegularExpression.escapedPattern(for:))
        let headers = secretHeaderNames.filter { $0 != "authorization" && $0 != "proxy-authorization" }
            .map(NSRegularExpression.escapedPattern(for:))
        let specs: [(String, String)] = [
            // JSON members: "refresh_token": "…"
            (#"(?i)"(\#(json.joined(separator: "|")))"(\s*:\s*)"(?:[^"\\]|\\.)*""#, #""$1"$2"\#(mask)""#),
            // Authorization schemes.
            // (A bearer token has a digit or punctuation, or is long; "Basic" needs base64, so prose like "basic access" stays.)
            (#"(?i)\b(bearer)(\s+)(?:(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}|[A-Za-z0-9._~+/=-]{16,})"#, "$1$2\(mask)"),
            (#"\b(Basic|BASIC)(\s+)[A-Za-z0-9+/]{12,}={0,2}"#, "$1$2\(mask)"),
            // Header lines: developer-token: …
            (#"(?i)(?<![A-Za-z0-9_-])(\#(headers.joined(separator: "|")))(\s*[:=]\s*)(?!<redacted>)[^\s,;&"]+"#, "$1$2\(mask)"),
            // Google access tokens, refresh tokens, client secrets and API keys wherever they stand.
            (#"ya29\.[A-Za-z0-9._~+/=-]+"#, mask),
            (#"(?<![A-Za-z0-9])1//[A-Za-z0-9._~+/=-]+"#, mask),
            (#"GOCSPX-[A-Za-z0-9_-]+"#, mask),
            (#"AIza[0-9A-Za-z_-]{20,}"#, mask),
            // Form bodies and query strings: client_secret=…&refresh_token=…
            (#"(?i)(?<![A-Za-z0-9_])(\#(parameters.joined(separator: "|")))=(?!<redacted>)[^&\s"'<>]*"#, "$1=\(mask)"),
        ]
        return specs.map { pattern, template in
            Rule(regex: try! NSRegularExpression(pattern: pattern), template: template)
        }
    }()
}
