/// Checks of one resolved template against the rest of the workspace.
enum TemplateRules {
    /// Reference checks and values; `used` adds the checks of fields a campaign needs.
    static func check(_ t: Template, used: Bool, in w: Workspace) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func add(_ s: Severity, _ code: String, _ message: String, _ at: SourceLocation, _ hints: [String] = []) {
            out.append(Diagnostic(s, code, message, at: at, hints: hints))
        }
        if used {
            let missing: [(String, Bool)] = [("purpose", t.purpose == nil), ("audience", t.audience == nil), ("channels", t.channels == nil),
                                             ("budget", t.dailyBudget == nil), ("creative", t.creative == nil), ("landing_page", t.landingPage == nil)]
            for (key, isMissing) in missing where isMissing && !t.declaredKeys.contains(key) {
                add(.error, "missing-key", "template '\(t.id)' is missing the required key '\(key)' (neither it nor a template it extends sets it)", t.location)
            }
        }
        // Keyword lists.
        for list in (t.keywordLists?.value ?? []) + (t.negativeLists?.value ?? []) {
            if let problem = referenceProblem(list.value, folder: "Campaigns/keywords", suffix: ".txt") {
                add(.error, "path-leaves-repository", problem, list.location, ["keyword lists are named by their file name in Campaigns/keywords/, without .txt"])
            } else if w.keywordList(named: list.value) == nil {
                add(.error, "missing-keyword-list", "keyword list '\(list.value)' does not exist (no Campaigns/keywords/\(list.value).txt)", list.location,
                    Suggestions.hint(list.value, w.keywordLists.keys))
            }
        }
        let channels = t.channels?.value ?? []
        if used, channels.contains(where: { $0.trigger?.value == .keywords && $0.platform.value != .meta }), (t.keywordLists?.value ?? []).isEmpty {
            add(.error, "missing-key", "template '\(t.id)' has a keyword-triggered channel but no keywords.lists", t.keywordLists?.location ?? t.location)
        }
        // Creative.
        var creatives: [Creative] = []
        for ref in t.creative?.value ?? [] {
            if let problem = referenceProblem(ref.value, folder: "Creative", suffix: ".yaml") {
                add(.error, "path-leaves-repository", problem, ref.location, ["creative is named <purpose>/<name>, e.g. outreach/help-is-available"])
            } else if let c = w.creative[ref.value] {
                creatives.append(c)
                if let purpose = t.purpose?.value, let cp = c.purpose?.value, cp != purpose {
                    add(.error, "purpose-mismatch", "a \(purpose.rawValue) template cannot use \(cp.rawValue) creative '\(ref.value)'", ref.location)
                }
            } else {
                add(.error, "missing-creative", "creative '\(ref.value)' does not exist (no Creative/\(ref.value).yaml)", ref.location,
                    Suggestions.hint(ref.value, w.creative.keys))
            }
        }
        // Channels and accounts.
        var seenPlatforms = Set<Platform>()
        for channel in channels {
            let p = channel.platform.value
            if !seenPlatforms.insert(p).inserted {
                add(.error, "duplicate-id", "\(p.rawValue) is listed twice in channels", channel.platform.location)
            }
            if let config = w.config, config.account(for: p, named: channel.account?.value) == nil {
                let ofPlatform = config.accounts.filter { $0.platform == p }
                if let name = channel.account {
                    add(.error, "missing-account", "tfz.yaml has no \(p.rawValue) account named '\(name.value)'", name.location,
                        Suggestions.hint(name.value, ofPlatform.map(\.name)))
                } else if ofPlatform.isEmpty {
                    add(.error, "missing-account", "tfz.yaml has no \(p.rawValue) account for this channel", channel.platform.location,
                        ["add one under accounts: in tfz.yaml"])
                } else {
                    add(.error, "ambiguous-account", "tfz.yaml has several \(p.rawValue) accounts; say which with account:", channel.platform.location,
                        ["one of: " + ofPlatform.map(\.name).joined(separator: ", ")])
                }
            }
            if let ref = t.creative, !creatives.isEmpty {
                if p.isSearch, !creatives.contains(where: { $0.search != nil }) {
                    add(.error, "creative-missing-block", "\(p.displayName) needs creative with a 'search' block; none of this template's creative has one", ref.location)
                }
                if !p.isSearch, !creatives.contains(where: { $0.social != nil }) {
                    add(.error, "creative-missing-block", "\(p.displayName) needs creative with a 'social' block; none of this template's creative has one", ref.location)
                }
            }
        }
        if used {
            out += KeywordRules.check(t, lists: w.keywordLists(t.keywordLists), negatives: w.keywordLists(t.negativeLists),
                                      defaultMatch: t.matchType?.value ?? w.config?.defaultMatchType ?? .phrase)
        }
        if let page = t.landingPage { out += LandingPageRules.check(page, purpose: t.purpose?.value) }
        out += MoneyRules.check(budget: t.dailyBudget, bid: t.bidCeiling, config: w.config)
        return out
    }

    /// Why a reference cannot be followed inside the repository, or nil.
    static func referenceProblem(_ ref: String, folder: String, suffix: String) -> String? {
        guard RepoPath.resolve(ref, in: folder) != nil, !ref.hasPrefix("/") else {
            return "'\(ref)' points outside the repository"
        }
        if ref.contains("..") { return "'\(ref)' must not use '..': name the file inside \(folder)/" }
        return nil
    }
}
