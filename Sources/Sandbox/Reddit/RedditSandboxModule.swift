import CampaignKit
import Foundation

/// Reddit Ads API v3 in the sandbox, after the reference digest `reddit-ads-v3.json` (`../shared/reference/`).
///
/// Endpoints (every API call needs `Authorization: Bearer <token>` and a descriptive `User-Agent`,
/// `platform:app id:version (by /u/username)`; bodies and answers are `{"data": …}`, lists add `pagination`, errors are
/// `{"error": {"code", "message", "fields": [{"field", "message"}]}}`):
/// - `POST /api/v1/access_token`: form `grant_type=refresh_token&refresh_token=…`, client id and secret as HTTP Basic;
/// - `GET /api/v3/ad_accounts/{a2_id}` and `GET …/profiles` (the profile that authors the account's posts);
/// - `POST|GET /api/v3/ad_accounts/{a2_id}/campaigns|ad_groups|ads` (create 201; list with `id`, `campaign_id`,
///   `ad_group_id`, `configured_status`, `effective_status` filters where the reference has them, `page.size` ≤ 1000,
///   `page.token`, `pagination.next_url`);
/// - `GET|PATCH /api/v3/campaigns|ad_groups|ads/{id}` (PATCH writes the fields given; no DELETE verb: PATCH
///   `configured_status` DELETED);
/// - `POST|GET /api/v3/profiles/{t2_id}/posts` (`page.size` ≤ 100), `GET|PATCH /api/v3/posts/{t3_id}` (only
///   `allow_comments` changes);
/// - `POST /api/v3/ad_accounts/{a2_id}/reports` (synchronous; breakdowns AD_ACCOUNT_ID, CAMPAIGN_ID, AD_GROUP_ID, AD_ID,
///   DATE; IMPRESSIONS, REACH, CLICKS, SPEND in micros, CTR, CPC, ECPM, FREQUENCY).
///
/// Bodies are checked against tables generated from the reference's models (`scripts/generate-reddit-sandbox-schema.py`):
/// unknown keys, types, enums, nullability, read-only fields, required fields and constraints, with the field named.
///
/// UNCONFIRMED in the reference, and what the sandbox does:
/// - how Reddit answers a generic or missing `User-Agent` ("rate-limited hard"): 429 with Reddit's error body, always;
/// - the token endpoint's error bodies and statuses (401 `invalid_client`, 400 `invalid_grant`), whether a refresh
///   answer carries a new refresh token (it does not), the `scope` separator (comma);
/// - whether unknown keys are rejected on ad create/update and campaign PATCH (refused everywhere);
/// - ad groups created without `configured_status` (ACTIVE, like campaigns; ads must send it, as the reference says);
/// - DMA and postal geolocation id formats (`XX:…` ids are accepted), `t5_` community ids (refused);
/// - report `ctr` unit (percent here), whether `ends_at` is inclusive (exclusive here), `time_zone_id` (accepted, days
///   stay UTC, the accounts' zone is `Etc/UTC`; a range covering part of a day counts that part of its figures),
///   combining HOUR and DATE (HOUR is not served), `page_index` base (1), the default `page.size` (100);
/// - no review or billing: a new object's `effective_status` follows its configured status at once (Reddit's default
///   is PENDING_APPROVAL until review), there are no funding instruments, pixels or targeting look-ups;
/// - whether deleted objects appear in lists (not unless a status filter asks), nested field names in `fields`
///   (`targeting.keywords[2]`), error messages' wording, minimum budgets and CPC bids (not checked).
struct RedditSandboxModule: SandboxModule {
    var platform: Platform { .reddit }

    static let defaultClientId = "sandbox-reddit-client-id"
    static let defaultClientSecret = "sandbox-reddit-client-secret"
    static let defaultRefreshToken = "sandbox-reddit-refresh-token"
    /// The agent the sandbox's credentials hand out (a credentials value, not a secret).
    static let defaultUserAgent = "sandbox:org.tfz.sandbox:1.0 (by /u/tfz_sandbox)"

    func classify(_ path: String) -> SandboxPathKind? {
        if path == RedditWire.tokenPath { return .token }
        return path.hasPrefix(RedditWire.prefix) ? .api : nil
    }

    func answer(_ request: SandboxHTTPRequest, _ ticket: SandboxEngine.Ticket, engine: isolated SandboxEngine) -> SandboxDisposition {
        guard request.path == RedditWire.tokenPath else { return engine.redditRoute(request, ticket) }
        guard request.method == "POST" else { return .respond(RedditWire.error(405, "Method Not Allowed")) }
        let now = Int64(engine.configuration.now().timeIntervalSince1970)
        return engine.withFaults(ticket, answeringFaults: { engine.redditFault($0, slug: "ads-business-manager", quota: 100, now: now) }) {
            engine.redditTokenResponse(request)
        }
    }

    func payloadTooLarge(path: String) -> SandboxHTTPResponse {
        // The message is UNCONFIRMED; the body is Reddit's ErrorBody.
        RedditWire.error(413, "Request Entity Too Large")
    }

    func simulateDelivery(from: Int?, through last: Int, engine: isolated SandboxEngine) {
        var state = engine.reddit
        guard !state.accounts.isEmpty else { return }
        let first = from ?? max(RedditDeliverySimulator.earliestStart(state) ?? last, last - 365)
        guard first <= last else { return }
        RedditDeliverySimulator.simulate(&state, days: first...last, seed: engine.configuration.seed)
        engine.reddit = state
        engine.persistReddit()
    }

    func persist(engine: isolated SandboxEngine) { engine.persistReddit() }

    func credentials(_ c: SandboxConfiguration) -> SandboxCredentials {
        let secrets = Self.secrets(c)
        return SandboxCredentials(
            tokenPath: String(RedditWire.tokenPath.dropFirst()), clientId: secrets.clientId, clientSecret: secrets.clientSecret,
            refreshToken: secrets.refreshToken, values: ["user_agent": secrets.userAgent])
    }

    func replaceSecrets(_ c: inout SandboxConfiguration, clientSecret: String, refreshToken: String, values: [String: String]) {
        let current = Self.secrets(c)
        c.moduleSecrets[.reddit] = SandboxCredentials(
            tokenPath: String(RedditWire.tokenPath.dropFirst()), clientId: current.clientId, clientSecret: clientSecret,
            refreshToken: refreshToken, values: ["user_agent": values["user_agent"] ?? current.userAgent])
    }

    /// The client, secret, refresh token and agent the module accepts: `moduleSecrets[.reddit]` when set, else the
    /// defaults.
    static func secrets(_ c: SandboxConfiguration) -> (clientId: String, clientSecret: String, refreshToken: String, userAgent: String) {
        guard let stored = c.moduleSecrets[.reddit] else { return (defaultClientId, defaultClientSecret, defaultRefreshToken, defaultUserAgent) }
        return (stored.clientId, stored.clientSecret ?? defaultClientSecret, stored.refreshToken, stored.values["user_agent"] ?? defaultUserAgent)
    }

    func campaigns(engine: isolated SandboxEngine) -> [RunningSandbox.CampaignView] {
        engine.reddit.accounts.values.flatMap { $0.objects(.campaign) }.compactMap { c in
            c.isLive ? RunningSandbox.CampaignView(name: c.name, remoteId: c.id, status: c.configuredStatus, enabled: "ACTIVE", paused: "PAUSED") : nil
        }
    }

    func duplicateObjects(engine: isolated SandboxEngine) -> [String] {
        engine.reddit.accounts.sorted { $0.key < $1.key }.flatMap { RedditDuplicates.find(accountId: $0.key, $0.value) }
    }

    func delivery(engine: isolated SandboxEngine, _ add: (String, Int64, Int64, Int64) -> Void) {
        for account in engine.reddit.accounts.values {
            for days in account.adDays.values {
                for (date, day) in days { add(date, day.impressions, day.clicks, day.spendMicros) }
            }
        }
    }
}

/// Objects that stand twice among the live (not deleted or archived) objects of an account: a campaign name twice in
/// the account, an ad group name twice in a campaign, an ad name twice in an ad group.
enum RedditDuplicates {
    static func find(accountId: String, _ account: RedditAccount) -> [String] {
        var out: [String] = []
        for (label, kind, parent) in [("campaign", RedditKind.campaign, { (_: RedditObject) in accountId }),
                                      ("ad group", .adGroup, { $0.campaignId ?? "" }), ("ad", .ad, { $0.adGroupId ?? "" })] {
            let live = account.objects(kind).filter(\.isLive)
            for (key, group) in Dictionary(grouping: live, by: { "\(parent($0))|\($0.name)" }) where group.count > 1 {
                out.append("\(label) ×\(group.count): \(accountId) \(key) (\(group.map(\.id).sorted().joined(separator: ", ")))")
            }
        }
        return out.sorted()
    }
}
