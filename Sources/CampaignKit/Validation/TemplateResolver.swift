/// Follows `extends` chains: fills each template from its ancestors and reports missing parents and cycles.
enum TemplateResolver {
    /// Resolved templates, diagnostics, and the ids whose chain is broken (a cycle or a missing parent):
    /// their "required key" checks are skipped, as the real problem is already reported.
    static func resolve(_ templates: [String: Template]) -> ([String: Template], [Diagnostic], broken: Set<String>) {
        var broken = Set<String>()
        var resolved: [String: Template] = [:]
        var diagnostics: [Diagnostic] = []
        var inCycle = Set<String>()
        for id in templates.keys.sorted() {
            var chain = [id]
            var current = templates[id]!
            var filled = current
            while let parent = current.extends {
                if let start = chain.firstIndex(of: parent.value) {
                    broken.insert(id)
                    let cycle = chain[start...] + [parent.value]
                    if inCycle.insert(id).inserted, chain[start] == id {
                        diagnostics.append(Diagnostic(.error, "template-cycle", "templates extend each other in a cycle: \(cycle.joined(separator: " → "))",
                                                      at: templates[id]!.extends!.location,
                                                      hints: ["a template may extend another, but the chain must end at a template without 'extends'"]))
                    }
                    break
                }
                guard let next = templates[parent.value] else {
                    broken.insert(id)
                    if chain.count == 1 {
                        diagnostics.append(Diagnostic(.error, "missing-template", "template '\(parent.value)' does not exist (no Campaigns/templates/\(parent.value).yaml)",
                                                      at: parent.location, hints: Suggestions.hint(parent.value, templates.keys)))
                    }
                    break
                }
                chain.append(parent.value)
                filled = filled.filling(from: next)
                current = next
            }
            resolved[id] = filled
        }
        return (resolved, diagnostics, broken)
    }
}
