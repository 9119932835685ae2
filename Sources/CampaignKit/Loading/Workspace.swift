/// Everything read from the campaign files, before templates are resolved.
public struct Workspace: Sendable {
    public var config: WorkspaceConfig?
    public var zones: [Zone]
    public var templates: [String: Template]
    public var keywordLists: [String: KeywordList]
    public var creative: [String: Creative]
    /// Non-campaign files that exist (images), for reference checks.
    public var otherPaths: Set<String>
    /// Where each zone's `name:` is written, by zone id: rules about names built from it (a platform's campaign name
    /// limit) point there.
    var zoneNameLocations: [String: SourceLocation] = [:]

    /// The list a template names, written with or without `.txt`.
    func keywordList(named name: String) -> KeywordList? {
        keywordLists[Workspace.listName(name)]
    }

    /// The lists of a template's `keywords.lists` or `keywords.negatives` that exist.
    func keywordLists(_ refs: Located<[Located<String>]>?) -> [KeywordList] {
        (refs?.value ?? []).compactMap { keywordList(named: $0.value) }
    }

    static func listName(_ reference: String) -> String {
        reference.hasSuffix(".txt") ? String(reference.dropLast(4)) : reference
    }
}

/// Reads every file of a workspace (all parsing is pure; the caller did the disk reads).
public enum WorkspaceLoader {
    enum Parsed: Sendable {
        case config(WorkspaceConfig?)
        case zone(Zone?, nameAt: SourceLocation?)
        case template(Template?)
        case keywords(KeywordList)
        case creative(Creative?)
        case ignored
    }

    public static func load(_ input: WorkspaceFiles) -> (Workspace, [Diagnostic]) {
        let results = parallelMap(input.files) { file -> (Parsed, [Diagnostic]) in parse(file) }
        var workspace = Workspace(config: nil, zones: [], templates: [:], keywordLists: [:], creative: [:], otherPaths: input.otherPaths)
        var diagnostics = input.diagnostics
        var sawConfig = false
        for (parsed, found) in results {
            diagnostics += found
            switch parsed {
            case .config(let c): workspace.config = c; sawConfig = true
            case .zone(let z?, let nameAt):
                workspace.zones.append(z)
                if let nameAt { workspace.zoneNameLocations[z.id] = nameAt }
            case .template(let t?): workspace.templates[t.id] = t
            case .keywords(let k): workspace.keywordLists[k.name] = k
            case .creative(let c?): workspace.creative[c.id] = c
            default: break
            }
        }
        if !sawConfig, !input.diagnostics.contains(where: { $0.location.path == "tfz.yaml" }) {
            diagnostics.append(Diagnostic(.error, "missing-file", "tfz.yaml is missing: this folder is not a tfz workspace",
                                          at: SourceLocation(path: "tfz.yaml", line: 1, column: 1),
                                          hints: ["run tfz in the folder that holds tfz.yaml, or pass -C DIR"]))
        }
        workspace.zones.sort { $0.id < $1.id }
        return (workspace, diagnostics)
    }

    static func parse(_ file: SourceFile) -> (Parsed, [Diagnostic]) {
        let p = file.path
        let start = SourceLocation(path: p, line: 1, column: 1)
        // Over its kind's cap: refused before parsing (the CLI's reader refuses it before reading, from its size on disk).
        if let refusal = FileLimits.refusal(path: p, byteCount: file.contents.utf8.count) {
            return (p == "tfz.yaml" ? .config(nil) : .ignored, [refusal])
        }
        if p == "tfz.yaml" { let (c, d) = ConfigParser.parse(file); return (.config(c), d) }
        let parts = p.split(separator: "/")
        if p.hasSuffix(".yml") {
            return (.ignored, [Diagnostic(.warning, "ignored-file", "this file is ignored: campaign files end in .yaml", at: start,
                                          hints: ["rename it to \(p.dropLast(4)).yaml"])])
        }
        if parts.count == 3, parts[0] == "Campaigns" {
            switch (parts[1], p.hasSuffix(".yaml"), p.hasSuffix(".txt")) {
            case ("zones", true, _): let (z, name, d) = ZoneParser.parse(file); return (.zone(z, nameAt: name), d)
            case ("templates", true, _): let (t, d) = TemplateParser.parse(file); return (.template(t), d)
            case ("keywords", _, true): let (k, d) = KeywordListParser.parse(file); return (.keywords(k), d)
            default: break
            }
        }
        if parts.count == 3, parts[0] == "Creative", p.hasSuffix(".yaml") {
            let (c, d) = CreativeParser.parse(file); return (.creative(c), d)
        }
        if parts.first == "Creative", p.hasSuffix(".txt") { return (.ignored, []) }
        return (.ignored, [Diagnostic(.warning, "ignored-file",
                                      "this file is ignored: tfz reads Campaigns/zones/*.yaml, Campaigns/templates/*.yaml, Campaigns/keywords/*.txt and Creative/<purpose>/*.yaml",
                                      at: start)])
    }
}
