/// Landing page URLs: https, well-formed, known placeholders, and no personal identifiers on outreach pages.
enum LandingPageRules {
    static let placeholders = ["zone", "county", "template", "platform", "purpose"]

    /// Query parameters that would identify a person (or a single click) on a help page.
    static let personalParameters: Set<String> = [
        "email", "e-mail", "mail", "phone", "tel", "mobile", "name", "first_name", "last_name", "firstname", "lastname", "fname",
        "lname", "full_name", "dob", "birthdate", "birthday", "age", "address", "street", "ssn", "ip", "user", "user_id", "userid",
        "uid", "device_id", "gclid", "fbclid", "msclkid", "ttclid", "rdt_cid", "twclid", "dclid", "wbraid", "gbraid",
    ]

    static func check(_ url: Located<String>, purpose: Purpose?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func error(_ code: String, _ message: String, _ hints: [String] = []) {
            out.append(Diagnostic(.error, code, message, at: url.location, hints: hints))
        }
        let v = url.value
        if v.hasPrefix("http://") {
            error("landing-page-not-https", "landing page must use https://", ["write https://\(v.dropFirst(7))"])
            return out
        }
        guard v.hasPrefix("https://") else {
            error("bad-landing-page", "landing page must be a full https:// address, not '\(v)'")
            return out
        }
        let rest = v.dropFirst(8)
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if host.isEmpty || !host.contains(".") || host.hasPrefix(".") || host.hasSuffix(".")
            || !host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == ":" || $0 == "{" || $0 == "}" }) {
            error("bad-landing-page", "landing page '\(v)' has no valid host name")
        }
        if v.contains(" ") { error("bad-landing-page", "landing page contains a space; write it as %20") }
        // Placeholders.
        var scan = Substring(v)
        while let open = scan.firstIndex(of: "{") {
            guard let close = scan[open...].firstIndex(of: "}") else {
                error("bad-placeholder", "landing page has an unclosed '{'")
                break
            }
            let name = String(scan[scan.index(after: open)..<close])
            if !placeholders.contains(name) {
                error("bad-placeholder", "unknown placeholder '{\(name)}' in landing page",
                      Suggestions.hint(name, placeholders) + ["placeholders: " + placeholders.map { "{\($0)}" }.joined(separator: ", ")])
            }
            scan = scan[scan.index(after: close)...]
        }
        // Personal identifiers in the query string.
        if purpose == .outreach, let q = v.firstIndex(of: "?") {
            let query = v[v.index(after: q)...].prefix { $0 != "#" }
            for pair in query.split(separator: "&") {
                let name = pair.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                if personalParameters.contains(name) {
                    error("personal-data-in-url", "outreach landing pages must not carry personal identifiers; remove the '\(name)' parameter",
                          ["help pages are for people at risk: only aggregate utm_* parameters are allowed"])
                }
            }
        }
        return out
    }
}
