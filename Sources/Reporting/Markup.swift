/// Escaping for HTML text, HTML attributes and inline SVG (which must also be well-formed XML).
enum Markup {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes, HTML and XML alike.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters are not allowed in XML 1.0 (tab, LF, CR are).
                if scalar.value < 0x20, scalar != "\t", scalar != "\n", scalar != "\r" {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text` cut to `limit` characters with a trailing `…`.
    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// A coordinate with one decimal, trailing `.0` dropped.
    static func n(_ x: Double) -> String {
        let text = NumberText.fixed(x, 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
