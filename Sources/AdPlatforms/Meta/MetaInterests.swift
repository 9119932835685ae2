import CampaignKit
import Foundation

/// The interests of campaign files (`interests: ["Social issues", …]`) as Meta knows them: by id, found with Meta's
/// targeting search (`GET /act_{id}/targetingsearch?q=<name>&limit_type=interests`), one search per distinct name in a
/// launch. A name matches an interest whose name is the same, letter case aside; anything else is not guessed: the
/// campaign fails with the names Meta suggested.
enum MetaInterests {
    typealias Interest = (id: String, name: String)

    enum Outcome {
        case found(Interest)
        /// Meta has no interest of that name; its suggestions (up to three names).
        case unknown(suggestions: [String])
    }

    static func resolve(_ names: Set<String>, client: MetaClient, report: inout ApplyReport) async throws -> [String: Outcome] {
        var out: [String: Outcome] = [:]
        for name in names.sorted() {
            report.otherRequests += 1
            let rows = try await client.pages("\(client.accountId)/targetingsearch", [("q", name), ("limit_type", "interests")], pageSize: 25,
                                              operation: "meta.targetingsearch:get")
            let candidates = rows.compactMap { row -> Interest? in
                guard let id = MetaClient.string(row["id"]), let found = row["name"] as? String else { return nil }
                return (id, found)
            }
            if let match = candidates.first(where: { $0.name.compare(name, options: .caseInsensitive) == .orderedSame }) {
                out[name] = .found(match)
            } else {
                out[name] = .unknown(suggestions: candidates.prefix(3).map(\.name))
            }
        }
        return out
    }

    /// Why a campaign cannot be targeted, or nil when every one of its interests is known.
    static func problem(_ c: Campaign, _ outcomes: [String: Outcome]) -> String? {
        var problems: [String] = []
        for name in c.interests {
            guard case .unknown(let suggestions) = outcomes[name] else { continue }
            problems.append("'\(name)'" + (suggestions.isEmpty ? " (its search finds nothing)" : " (its search suggests \(suggestions.map { "'\($0)'" }.joined(separator: ", ")))"))
        }
        guard !problems.isEmpty else { return nil }
        return "Meta has no interest named \(problems.joined(separator: "; ")): write Meta's names of interests under interests: in "
            + "Campaigns/templates/\(c.key.template).yaml; nothing was sent for this campaign"
    }
}
