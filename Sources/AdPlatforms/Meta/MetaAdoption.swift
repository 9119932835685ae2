import CampaignKit
import Foundation

/// What exists on a Meta ad account for tfz's campaigns, found by the names tfz gives: the campaign (`tfz <key> · …`),
/// its ad set (`… · <group>`), and the creatives and ads (`… · <creative> #<fingerprint>`). Read in four lists (each
/// paged): the account's tfz campaigns, then the ad sets and ads of the campaigns found (`campaign.id IN …`) and the
/// account's tfz creatives. Deleted and archived objects are not listed, so a deleted campaign is created again.
enum MetaAdoption {
    struct Found {
        var view: RemoteCampaignView
        var objects: [(key: ObjectKey, id: String)]
    }

    static let campaignFields = ["id", "name", "status", "effective_status"]

    /// The account's campaigns whose names carry a tfz key.
    static func campaigns(_ client: MetaClient) async throws -> [[String: Any]] {
        try await client.list("campaigns", fields: campaignFields, filtering: nameContains("tfz "))
    }

    static func nameContains(_ text: String) -> JSONValue {
        .array([.object([("field", .string("name")), ("operator", .string("CONTAIN")), ("value", .string(text))])])
    }

    /// A listed campaign as the status table and drift read it: its `effective_status` (`ACTIVE`, `PAUSED`, or one tfz
    /// does not set, such as `WITH_ISSUES`). A Meta campaign has no budget of its own here (the ad set has).
    static func view(_ row: [String: Any]) -> RemoteCampaignView? {
        guard let name = row["name"] as? String, let key = RemoteCampaignView.key(inName: name), let id = MetaClient.string(row["id"]) else { return nil }
        let text = (row["effective_status"] as? String) ?? (row["status"] as? String) ?? "UNKNOWN"
        let status: RemoteCampaignView.Status = switch text {
        case "ACTIVE": .enabled
        case "PAUSED": .paused
        case "DELETED", "ARCHIVED": .removed
        default: .other(text)
        }
        return RemoteCampaignView(key: key, remoteId: id, name: name, status: status, statusText: text, dailyBudget: nil)
    }

    /// Everything found for `keys`: one campaign per key (the lowest id when the account has several), its ad set, and
    /// the creatives and ads named for it.
    static func read(_ keys: Set<CampaignKey>, client: MetaClient, campaigns: [CampaignKey: Campaign],
                     report: inout ApplyReport) async throws -> [CampaignKey: Found] {
        report.otherRequests += 1
        var chosen: [CampaignKey: RemoteCampaignView] = [:]
        for view in try await Self.campaigns(client).compactMap(view) where keys.contains(view.key) && view.status != .removed {
            if let other = chosen[view.key], (Int64(other.remoteId) ?? 0) < (Int64(view.remoteId) ?? 0) { continue }
            chosen[view.key] = view
        }
        guard !chosen.isEmpty else { return [:] }
        let ids = chosen.values.map { JSONValue.string($0.remoteId) }
        let inCampaigns = JSONValue.array([.object([("field", .string("campaign.id")), ("operator", .string("IN")), ("value", .array(ids))])])
        report.otherRequests += 3
        let adSets = try await client.list("adsets", fields: ["id", "name", "campaign_id"], filtering: inCampaigns)
        let ads = try await client.list("ads", fields: ["id", "name", "campaign_id", "adset_id"], filtering: inCampaigns)
        let creatives = try await client.list("adcreatives", fields: ["id", "name"], filtering: nameContains("tfz "))
        var found: [CampaignKey: Found] = [:]
        for (key, view) in chosen {
            guard let c = campaigns[key] else { continue }
            var objects: [(key: ObjectKey, id: String)] = [(.campaign, view.remoteId)]
            let group = MetaMapper.adSetGroup(c), adSetName = MetaMapper.adSetName(c)
            if let row = adSets.filter({ campaignId($0) == view.remoteId && $0["name"] as? String == adSetName })
                .min(by: { Self.order($0, $1) }), let id = MetaClient.string(row["id"]) {
                objects.append((.adGroup(group), id))
            }
            var seen = Set<ObjectKey>()
            for row in ads.filter({ campaignId($0) == view.remoteId }).sorted(by: Self.order) {
                guard let name = row["name"] as? String, let id = MetaClient.string(row["id"]),
                      let parts = MetaMapper.creativeAndFingerprint(inName: name, of: c) else { continue }
                let key = ObjectKey.ad(group: group, creative: parts.creative, fingerprint: parts.fingerprint)
                if seen.insert(key).inserted { objects.append((key, id)) }
            }
            for row in creatives.sorted(by: Self.order) {
                guard let name = row["name"] as? String, let id = MetaClient.string(row["id"]),
                      let parts = MetaMapper.creativeAndFingerprint(inName: name, of: c) else { continue }
                let key = ObjectKey.creative("\(parts.creative)#\(parts.fingerprint)")
                if seen.insert(key).inserted { objects.append((key, id)) }
            }
            found[key] = Found(view: view, objects: objects)
        }
        return found
    }

    /// The campaign of a listed ad set or ad (`campaign_id`, or `campaign{id}`).
    static func campaignId(_ row: [String: Any]) -> String? {
        MetaClient.string(row["campaign_id"]) ?? MetaClient.string((row["campaign"] as? [String: Any])?["id"])
    }

    /// Oldest first (Meta's ids grow).
    static func order(_ a: [String: Any], _ b: [String: Any]) -> Bool {
        (Int64(MetaClient.string(a["id"]) ?? "") ?? 0) < (Int64(MetaClient.string(b["id"]) ?? "") ?? 0)
    }
}
