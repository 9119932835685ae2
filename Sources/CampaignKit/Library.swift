/// The whole pipeline from files to campaigns: load → resolve templates → validate → expand.
///
/// Pure: it reads nothing but its input. The result carries every diagnostic, sorted for display.
public struct Library: Sendable {
    public var workspace: Workspace
    /// Expanded campaigns, sorted by key. Present even when there are errors (what could be built).
    public var campaigns: [Campaign]
    public var diagnostics: [Diagnostic]

    public static func build(_ files: WorkspaceFiles) -> Library {
        var (workspace, diagnostics) = WorkspaceLoader.load(files)
        let (templates, templateDiagnostics, broken) = TemplateResolver.resolve(workspace.templates)
        diagnostics += templateDiagnostics
        guard let config = workspace.config else {
            diagnostics += AdGroupLimits.lists(workspace.keywordLists.values, templates: templates, reported: diagnostics)
            return Library(workspace: workspace, campaigns: [], diagnostics: diagnostics.sortedForDisplay())
        }
        diagnostics += CurrencyRules.check(config.currency)
        diagnostics += TimeZoneRules.check(config.timeZone)
        if let cap = config.guardrails.monthlyCap, let daily = config.guardrails.maxDailyBudgetPerCampaign, cap.value < daily.value {
            diagnostics.append(Diagnostic(.warning, "guardrail-order", "the monthly cap is below the per-campaign daily maximum", at: cap.location))
        }
        // Templates: the ones zones use get the "required" checks.
        let used = Set(workspace.zones.flatMap { $0.campaigns.map(\.template.value) })
        for id in templates.keys.sorted() {
            diagnostics += TemplateRules.check(templates[id]!, used: used.contains(id) && !broken.contains(id), in: workspace)
        }
        // Creative, against the social platforms of the templates that use it.
        var socialUse: [String: Set<Platform>] = [:]
        for t in templates.values {
            let social = Set((t.channels?.value ?? []).map(\.platform.value).filter { !$0.isSearch })
            for ref in t.creative?.value ?? [] { socialUse[ref.value, default: []].formUnion(social) }
        }
        for c in workspace.creative.values {
            diagnostics += CreativeRules.check(c, socialPlatforms: socialUse[c.id] ?? [], otherPaths: workspace.otherPaths)
        }
        // Zones, in parallel.
        let expander = Expander(workspace: workspace, config: config, templates: templates)
        let results = parallelMap(workspace.zones) { expander.expand($0) }
        var campaigns: [Campaign] = []
        campaigns.reserveCapacity(results.reduce(0) { $0 + $1.0.count })
        for (c, d) in results {
            campaigns += c
            diagnostics += d
        }
        diagnostics += AdGrantsRules.check(campaigns, workspace: workspace, templates: templates, config: config)
        diagnostics += AdGroupLimits.lists(workspace.keywordLists.values, templates: templates, reported: diagnostics)
        var zoneIds: [String: String] = [:]
        for zone in workspace.zones {
            if let other = zoneIds[zone.county.value] {
                diagnostics.append(Diagnostic(.warning, "duplicate-county", "county \(zone.county.value) is also the zone '\(other)'; their ads will compete",
                                              at: zone.county.location))
            } else {
                zoneIds[zone.county.value] = zone.id
            }
        }
        campaigns.sort { $0.key < $1.key }
        workspace.templates = templates
        return Library(workspace: workspace, campaigns: campaigns, diagnostics: diagnostics.sortedForDisplay())
    }

    public var hasErrors: Bool { diagnostics.hasFailures() }
}
