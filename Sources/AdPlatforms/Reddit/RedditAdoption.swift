import CampaignKit
import Foundation

/// What exists on a Reddit ad account for tfz's campaigns, found by the names tfz gives: the campaign (`tfz <key> · …`),
/// its ad group (`… · audience`), its ads (`… · <creative> #<fingerprint>`) and, through each ad's `post_id`, their
/// posts. Lists have no name filter (only ids), so the account's campaigns are read whole (paged), then the ad groups and
/// ads of the campaigns found (`campaign_id=…`, at most 200 ids a call). A post whose ad was never made (its answer was
/// lost) is found among the profile's posts by its headline and body; an identical post is as good as the lost one.
/// Deleted objects are not listed, so a deleted campaign is created again.
enum RedditAdoption {
    struct Found {
        var view: RemoteCampaignView
        var objects: [(key: ObjectKey, id: String)]
    }

    /// The account's campaigns whose names carry a tfz key.
    static func campaigns(_ client: RedditClient) async throws -> [RemoteCampaignView] {
        try await client.list("campaigns").compactMap(view)
    }

    /// A listed campaign as the status table and drift read it: its `effective_status` (`ACTIVE`, `PAUSED`, or one tfz
    /// does not set, such as `PENDING_APPROVAL` or `COMPLETED`). The budget is the ad group's (`goal_value`), not shown
    /// here.
    static func view(_ row: [String: Any]) -> RemoteCampaignView? {
        guard let name = row["name"] as? String, let key = RemoteCampaignView.key(inName: name), let id = RedditClient.string(row["id"]) else { return nil }
        let text = (row["effective_status"] as? String) ?? (row["configured_status"] as? String) ?? "UNKNOWN"
        let status: RemoteCampaignView.Status = switch text {
        case "ACTIVE": .enabled
        case "PAUSED": .paused
        case "DELETED", "ARCHIVED": .removed
        default: .other(text)
        }
        return RemoteCampaignView(key: key, remoteId: id, name: name, status: status, statusText: text, dailyBudget: nil)
    }

    /// Everything found for `keys`: one campaign per key (the oldest when the account has several), its ad group, its
    /// ads and their posts, and posts for the creatives still without one.
    static func read(_ keys: Set<CampaignKey>, client: RedditClient, campaigns: [CampaignKey: Campaign], profile: () async throws -> String,
                     report: inout ApplyReport) async throws -> [CampaignKey: Found] {
        report.otherRequests += 1
        var chosen: [CampaignKey: RemoteCampaignView] = [:]
        for view in try await Self.campaigns(client) where keys.contains(view.key) && view.status != .removed {
            if let other = chosen[view.key], order(other.remoteId, view.remoteId) { continue }
            chosen[view.key] = view
        }
        guard !chosen.isEmpty else { return [:] }
        let ids = chosen.values.map(\.remoteId).sorted()
        var adGroups: [[String: Any]] = [], ads: [[String: Any]] = []
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = ids[start..<min(start + 200, ids.count)].joined(separator: ",")
            report.otherRequests += 2
            adGroups += try await client.list("ad_groups", [("campaign_id", chunk)])
            ads += try await client.list("ads", [("campaign_id", chunk)])
        }
        var found: [CampaignKey: Found] = [:]
        var missingPosts: [(key: CampaignKey, ad: AdCopy, fingerprint: String)] = []
        for (key, view) in chosen {
            guard let c = campaigns[key] else { continue }
            var objects: [(key: ObjectKey, id: String)] = [(.campaign, view.remoteId)]
            let groupName = RedditMapper.adGroupName(c)
            let group = adGroups.filter { RedditClient.string($0["campaign_id"]) == view.remoteId && $0["name"] as? String == groupName }
                .compactMap { RedditClient.string($0["id"]) }.min(by: order)
            if let group { objects.append((.adGroup(RedditMapper.group), group)) }
            var seen = Set<ObjectKey>()
            for row in ads.sorted(by: { order(RedditClient.string($0["id"]) ?? "", RedditClient.string($1["id"]) ?? "") }) {
                guard RedditClient.string(row["ad_group_id"]) == group, let name = row["name"] as? String, let id = RedditClient.string(row["id"]),
                      let parts = MetaMapper.creativeAndFingerprint(inName: name, of: c) else { continue }
                let adKey = ObjectKey.ad(group: RedditMapper.group, creative: parts.creative, fingerprint: parts.fingerprint)
                guard seen.insert(adKey).inserted else { continue }
                objects.append((adKey, id))
                if let post = RedditClient.string(row["post_id"]) {
                    let postKey = ObjectKey.creative("\(parts.creative)#\(parts.fingerprint)")
                    if seen.insert(postKey).inserted { objects.append((postKey, post)) }
                }
            }
            for ad in c.ads {
                let fingerprint = RedditMapper.fingerprint(c, ad)
                if !seen.contains(RedditMapper.postKey(ad, fingerprint)) { missingPosts.append((key, ad, fingerprint)) }
            }
            found[key] = Found(view: view, objects: objects)
        }
        if !missingPosts.isEmpty {
            report.otherRequests += 1
            let posts = try await client.list("profiles/\(try await profile())/posts", [("type", "TEXT")], pageSize: 100, operation: "reddit.posts:list")
            for (key, ad, fingerprint) in missingPosts {
                let body = RedditMapper.post(ad)
                guard let match = posts.first(where: { $0["headline"] as? String == body["data"]?["headline"]?.stringValue
                    && $0["body"] as? String == body["data"]?["body"]?.stringValue }), let id = RedditClient.string(match["id"]) else { continue }
                found[key]?.objects.append((RedditMapper.postKey(ad, fingerprint), id))
            }
        }
        return found
    }

    /// Oldest first: Reddit's numeric ids grow (shorter is smaller), else text order.
    static func order(_ a: String, _ b: String) -> Bool { a.count != b.count ? a.count < b.count : a < b }
}
