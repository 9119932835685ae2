import Yams

/// Reads `Creative/<purpose>/<name>.yaml`. Length and content rules run in validation, where the platforms are known.
enum CreativeParser {
    static func parse(_ file: SourceFile) -> (Creative?, [Diagnostic]) {
        let r = NodeReader(path: file.path)
        let id = String(file.path.dropFirst("Creative/".count).dropLast(file.path.hasSuffix(".yml") ? 4 : 5))
        let start = SourceLocation(path: file.path, line: 1, column: 1)
        guard let root = r.document(file.contents),
              let o = r.object(root, "creative", keys: ["purpose", "search", "social", "hotline"], required: ["purpose"])
        else { return (nil, r.diagnostics) }
        var creative = Creative(id: id, path: file.path, location: start)
        creative.purpose = o["purpose"].flatMap { r.enumeration($0, "purpose", Purpose.self) }
        if let purpose = creative.purpose, let folder = id.split(separator: "/").first, folder != purpose.value.rawValue {
            r.report(.error, "purpose-mismatch", "creative in Creative/\(folder)/ must have purpose \(folder), not \(purpose.value.rawValue)",
                     at: purpose.location, hints: ["move the file to Creative/\(purpose.value.rawValue)/ or correct its purpose"])
        }
        if let node = o["search"], let s = r.object(node, "search", keys: ["headlines", "descriptions", "path1", "path2"],
                                                     required: ["headlines", "descriptions"]) {
            let headlines = s["headlines"].flatMap { n in r.strings(n, "headlines").map { Located($0, at: r.location(n)) } }
            let descriptions = s["descriptions"].flatMap { n in r.strings(n, "descriptions").map { Located($0, at: r.location(n)) } }
            if let headlines, let descriptions {
                creative.search = SearchCopy(headlines: headlines, descriptions: descriptions,
                                             path1: s["path1"].flatMap { r.string($0, "path1") },
                                             path2: s["path2"].flatMap { r.string($0, "path2") })
            }
        }
        if let node = o["social"], let s = r.object(node, "social", keys: ["primary_text", "headline", "description", "image", "call_to_action"]) {
            creative.social = SocialCopy(primaryText: s["primary_text"].flatMap { r.string($0, "primary_text") },
                                         headline: s["headline"].flatMap { r.string($0, "headline") },
                                         description: s["description"].flatMap { r.string($0, "description") },
                                         image: s["image"].flatMap { r.string($0, "image") },
                                         callToAction: s["call_to_action"].flatMap { r.enumeration($0, "call_to_action", CallToAction.self) },
                                         location: r.location(node))
        }
        if let node = o["hotline"], let h = r.object(node, "hotline", keys: ["phone", "sms"]) {
            creative.hotline = Hotline(phone: h["phone"].flatMap { r.string($0, "phone") }, sms: h["sms"].flatMap { r.string($0, "sms") })
        }
        if o["search"] == nil && o["social"] == nil {
            r.report(.error, "missing-key", "creative needs a 'search' block, a 'social' block, or both", at: r.location(root))
        }
        return (creative, r.diagnostics)
    }
}
