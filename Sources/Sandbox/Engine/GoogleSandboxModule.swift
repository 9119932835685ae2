import CampaignKit
import Foundation

/// Google Ads in the sandbox: `/oauth2/token` and the `/v25/…` REST methods (see ``SandboxEngine`` and its extensions).
struct GoogleSandboxModule: SandboxModule {
    var platform: Platform { .googleAds }

    func classify(_ path: String) -> SandboxPathKind? {
        if path == SandboxEngine.tokenPath { return .token }
        return path.hasPrefix("/v\(SandboxEngine.apiVersion)/") ? .api : nil
    }

    func answer(_ request: SandboxHTTPRequest, _ ticket: SandboxEngine.Ticket, engine: isolated SandboxEngine) -> SandboxDisposition {
        engine.googleRoute(request, ticket)
    }

    func payloadTooLarge(path: String) -> SandboxHTTPResponse {
        .json(413, GoogleAdsWire.errorBody(code: 413, message: "Request payload size exceeds the limit.", status: "INVALID_ARGUMENT"))
    }

    func simulateDelivery(from: Int?, through last: Int, engine: isolated SandboxEngine) {
        let first = from ?? {
            let starts = engine.state.accounts.values.flatMap { $0[.campaign].values }
                .compactMap { $0["startDateTime"]?.stringValue.flatMap { SandboxCalendar.day(String($0.prefix(10))) } }
            return max(starts.min() ?? last, last - 365)
        }()
        guard first <= last else { return }
        DeliverySimulator.simulate(&engine.state, days: first...last, seed: engine.configuration.seed)
        engine.persist()
    }

    func persist(engine: isolated SandboxEngine) { engine.persist() }

    func credentials(_ c: SandboxConfiguration) -> SandboxCredentials {
        SandboxCredentials(tokenPath: String(SandboxEngine.tokenPath.dropFirst()), clientId: c.clientId, clientSecret: c.clientSecret,
                           refreshToken: c.refreshToken, values: ["developer_token": c.developerToken])
    }

    func replaceSecrets(_ c: inout SandboxConfiguration, clientSecret: String, refreshToken: String, values: [String: String]) {
        c.clientSecret = clientSecret
        c.refreshToken = refreshToken
        if let token = values["developer_token"] { c.developerToken = token }
    }

    func campaigns(engine: isolated SandboxEngine) -> [RunningSandbox.CampaignView] {
        engine.snapshot().accounts.values.flatMap(\.campaigns).compactMap { c in
            guard let name = c.name, c.status != "REMOVED" else { return nil }
            return RunningSandbox.CampaignView(name: name, remoteId: c.resourceName, status: c.status ?? "?", enabled: "ENABLED", paused: "PAUSED")
        }
    }

    func duplicateObjects(engine: isolated SandboxEngine) -> [String] {
        engine.snapshot().accounts.values.flatMap { $0.duplicateObjects() }
    }

    func delivery(engine: isolated SandboxEngine, _ add: (String, Int64, Int64, Int64) -> Void) {
        for m in engine.snapshot().accounts.values.flatMap(\.keywordMetrics) { add(m.date, m.impressions, m.clicks, m.costMicros) }
    }
}
