import Foundation

/// `GET /act_{id}/targetingsearch?q=…&limit_type=interests`: Meta's search of the interests an ad set can target, by
/// name. The sandbox knows a fixed catalogue (below) with ids made from the names, the same on every run. The rows'
/// shape (`AdAccountTargetingUnified`: `id`, `name`, `type`, `path`, `audience_size_lower_bound`/`_upper_bound`) is
/// UNCONFIRMED: that node is not among the reference's copied specs.
extension SandboxEngine {
    static let metaInterestCatalogue: [(name: String, path: [String])] = [
        ("Social issues", ["Interests", "Additional interests", "Social issues"]),
        ("Community issues", ["Interests", "Additional interests", "Community issues"]),
        ("Law enforcement", ["Interests", "Additional interests", "Law enforcement"]),
        ("Human rights", ["Interests", "Additional interests", "Human rights"]),
        ("Charity and causes", ["Interests", "Hobbies and activities", "Charity and causes"]),
        ("Volunteering", ["Interests", "Hobbies and activities", "Volunteering"]),
        ("Nonprofit organization", ["Interests", "Business and industry", "Nonprofit organization"]),
        ("Public safety", ["Interests", "Additional interests", "Public safety"]),
        ("Parenting", ["Interests", "Family and relationships", "Parenting"]),
        ("Education", ["Interests", "Education", "Education"]),
    ]

    /// The catalogue id of an interest: `6003` and nine digits from its name.
    static func metaInterestId(_ name: String) -> String {
        "6003" + String(format: "%09llu", SeededRandom.hash(name.lowercased()) % 1_000_000_000)
    }

    func metaTargetingSearch(_ call: MetaCall) -> SandboxHTTPResponse {
        let known = MetaSchema.endpointParams["AdAccount GET targetingsearch"]
        for name in call.params.keys.sorted() where !metaCommonParams.contains(name) && !["limit", "after"].contains(name) {
            if let known, known[name] == nil {
                return MetaWire.invalidParameter(MetaSchema.Problem(param: name, message: "(#100) Param \(name) is not a valid parameter of GET targetingsearch"), trace: call.trace)
            }
        }
        guard let q = call.params["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty else {
            return MetaWire.invalidParameter(MetaSchema.Problem(param: "q", message: "(#100) The parameter q is required"), trace: call.trace)
        }
        let limitType = call.params["limit_type"] ?? "interests"
        let needle = q.lowercased()
        let matches = limitType != "interests" ? [] : Self.metaInterestCatalogue
            .filter { $0.name.lowercased().contains(needle) || needle.contains($0.name.lowercased()) }
            .sorted { ($0.name.lowercased() == needle ? 0 : 1, $0.name) < ($1.name.lowercased() == needle ? 0 : 1, $1.name) }
        let rows: [SandboxJSON] = matches.map { entry in
            let size = Int64(1_000_000 + SeededRandom.hash(entry.name) % 90_000_000)
            return .object([
                "id": .string(Self.metaInterestId(entry.name)), "name": .string(entry.name), "type": "interests",
                "path": .array(entry.path.map { .string($0) }), "audience_size_lower_bound": .int(size), "audience_size_upper_bound": .int(size * 6 / 5),
            ])
        }
        return .json(200, ["data": .array(rows)])
    }
}
