import CampaignKit
import Foundation

/// Meta's Marketing API v25.0 in the sandbox: `/v25.0/act_{id}/…` edges and `/v25.0/{id}` nodes, with a long-lived
/// system-user token (no token endpoint) and `appsecret_proof`.
struct MetaSandboxModule: SandboxModule {
    var platform: Platform { .meta }

    static let defaultAccessToken = "sandbox-meta-access-token"
    static let defaultAppSecret = "sandbox-meta-app-secret"

    /// `/v25.0/…` only (and `/v25.0` itself, where batches go): Google's module claims `/v25/`, which a `/v25.0/` path
    /// does not start with.
    func classify(_ path: String) -> SandboxPathKind? {
        path.hasPrefix(MetaWire.prefix) || path == String(MetaWire.prefix.dropLast()) ? .api : nil
    }

    func answer(_ request: SandboxHTTPRequest, _ ticket: SandboxEngine.Ticket, engine: isolated SandboxEngine) -> SandboxDisposition {
        engine.metaRoute(request, ticket)
    }

    func payloadTooLarge(path: String) -> SandboxHTTPResponse {
        // Meta's wording for an oversized upload is unconfirmed; the envelope is Meta's.
        MetaWire.error(413, message: "(#1) Request payload size exceeds the limit.", code: 1, trace: "A" + String(SeededRandom.hash(path), radix: 36))
    }

    func simulateDelivery(from: Int?, through last: Int, engine: isolated SandboxEngine) {
        var state = engine.meta
        guard !state.accounts.isEmpty else { return }
        let first = from ?? max(MetaDeliverySimulator.earliestStart(state) ?? last, last - 365)
        guard first <= last else { return }
        MetaDeliverySimulator.simulate(&state, days: first...last, seed: engine.configuration.seed)
        engine.meta = state
        engine.persistMeta()
    }

    func persist(engine: isolated SandboxEngine) { engine.persistMeta() }

    func credentials(_ c: SandboxConfiguration) -> SandboxCredentials {
        let secrets = Self.secrets(c)
        return SandboxCredentials(
            tokenPath: "", clientId: "", clientSecret: secrets.appSecret, refreshToken: "",
            values: ["access_token": secrets.accessToken, "app_secret": secrets.appSecret])
    }

    func replaceSecrets(_ c: inout SandboxConfiguration, clientSecret: String, refreshToken: String, values: [String: String]) {
        let appSecret = values["app_secret"] ?? clientSecret
        let accessToken = values["access_token"] ?? refreshToken
        c.moduleSecrets[.meta] = SandboxCredentials(
            tokenPath: "", clientId: "", clientSecret: appSecret, refreshToken: "",
            values: ["access_token": accessToken, "app_secret": appSecret])
    }

    /// The access token and app secret the module accepts: `moduleSecrets[.meta]` when set, else the defaults. An empty
    /// app secret means no `appsecret_proof` is required.
    static func secrets(_ c: SandboxConfiguration) -> (accessToken: String, appSecret: String) {
        guard let stored = c.moduleSecrets[.meta] else { return (defaultAccessToken, defaultAppSecret) }
        return (stored.values["access_token"] ?? defaultAccessToken, stored.values["app_secret"] ?? stored.clientSecret ?? defaultAppSecret)
    }

    func campaigns(engine: isolated SandboxEngine) -> [RunningSandbox.CampaignView] {
        engine.meta.accounts.values.flatMap { $0.nodes(.campaign) }.compactMap { c in
            c.isLive ? RunningSandbox.CampaignView(name: c.name, remoteId: c.id, status: c.status, enabled: "ACTIVE", paused: "PAUSED") : nil
        }
    }

    func duplicateObjects(engine: isolated SandboxEngine) -> [String] {
        engine.meta.accounts.sorted { $0.key < $1.key }.flatMap { MetaDuplicates.find(accountId: $0.key, $0.value) }
    }

    func delivery(engine: isolated SandboxEngine, _ add: (String, Int64, Int64, Int64) -> Void) {
        for account in engine.meta.accounts.values {
            for days in account.adDays.values {
                for (date, day) in days { add(date, day.impressions, day.clicks, day.spendCents * 10_000) }
            }
        }
    }
}

/// Objects that stand twice among the live objects of an account: a campaign name twice in the account, an ad set name
/// twice in a campaign, an ad name twice in an ad set, a creative name twice in the account.
enum MetaDuplicates {
    static func find(accountId: String, _ account: MetaAccount) -> [String] {
        var out: [String] = []
        func check(_ label: String, _ kind: MetaKind, parent: (MetaNode) -> String) {
            let live = account.nodes(kind).filter(\.isLive)
            for (key, group) in Dictionary(grouping: live, by: { "\(parent($0))|\($0.name)" }) where group.count > 1 {
                out.append("\(label) ×\(group.count): act_\(accountId) \(key) (\(group.map(\.id).sorted().joined(separator: ", ")))")
            }
        }
        check("campaign", .campaign) { _ in "act_\(accountId)" }
        check("ad set", .adset) { $0.campaignId ?? "" }
        check("ad", .ad) { $0.adsetId ?? "" }
        check("ad creative", .adcreative) { _ in "act_\(accountId)" }
        return out.sorted()
    }
}
