import CampaignKit
import Foundation

/// Microsoft Advertising in the sandbox: the identity platform's token endpoint, Campaign Management and Reporting v13,
/// and the downloads it hands out (reports, the geographical locations file).
struct MicrosoftSandboxModule: SandboxModule {
    var platform: Platform { .microsoftAds }

    func classify(_ path: String) -> SandboxPathKind? {
        if path == SandboxEngine.microsoftTokenPath { return .token }
        if SandboxEngine.isMicrosoftAPIPath(path) { return .api }
        return path.hasPrefix(SandboxEngine.microsoftDownloadPrefix) ? .download : nil
    }

    func answer(_ request: SandboxHTTPRequest, _ ticket: SandboxEngine.Ticket, engine: isolated SandboxEngine) -> SandboxDisposition {
        if request.path == SandboxEngine.microsoftTokenPath {
            guard request.method == "POST" else { return .respond(MicrosoftRoute.notFound) }
            return engine.withFaults(ticket, answeringFaults: { engine.microsoftFault($0, identity: true) }) { engine.microsoftTokenResponse(request) }
        }
        if request.path.hasPrefix(SandboxEngine.microsoftDownloadPrefix) { return .respond(engine.microsoftDownload(request)) }
        return engine.microsoftRoute(request, ticket)
    }

    func payloadTooLarge(path: String) -> SandboxHTTPResponse {
        .json(
            413,
            MicrosoftWire.apiFault(
                operationErrors: [.inputValidation.with(details: "Request payload size exceeds the limit.")], trackingId: MicrosoftWire.trackingId(path)))
    }

    func simulateDelivery(from: Int?, through last: Int, engine: isolated SandboxEngine) {
        let first = from ?? max(MicrosoftDeliverySimulator.earliestStart(engine.microsoft) ?? last, last - 365)
        guard first <= last, !engine.microsoft.accounts.isEmpty else { return }
        MicrosoftDeliverySimulator.simulate(&engine.microsoft, days: first...last, seed: engine.configuration.seed)
        engine.persistMicrosoft()
    }

    func persist(engine: isolated SandboxEngine) { engine.persistMicrosoft() }

    func credentials(_ c: SandboxConfiguration) -> SandboxCredentials {
        SandboxCredentials(tokenPath: String(SandboxConfiguration.microsoftTokenPath.dropFirst()), clientId: c.microsoftClientId,
                           clientSecret: c.microsoftClientSecret, refreshToken: c.microsoftRefreshToken,
                           values: ["developer_token": c.microsoftDeveloperToken, "customer_id": c.microsoftCustomerId])
    }

    func replaceSecrets(_ c: inout SandboxConfiguration, clientSecret: String, refreshToken: String, values: [String: String]) {
        c.microsoftClientSecret = clientSecret
        c.microsoftRefreshToken = refreshToken
        if let token = values["developer_token"] { c.microsoftDeveloperToken = token }
    }

    func campaigns(engine: isolated SandboxEngine) -> [RunningSandbox.CampaignView] {
        engine.microsoftSnapshot().accounts.values.flatMap(\.campaigns).compactMap { c in
            guard let name = c.name, c.status != "Deleted" else { return nil }
            return RunningSandbox.CampaignView(name: name, remoteId: c.id, status: c.status ?? "?", enabled: "Active", paused: "Paused")
        }
    }

    func duplicateObjects(engine: isolated SandboxEngine) -> [String] {
        engine.microsoftSnapshot().accounts.values.flatMap { $0.duplicateObjects() }
    }

    func delivery(engine: isolated SandboxEngine, _ add: (String, Int64, Int64, Int64) -> Void) {
        for m in engine.microsoftSnapshot().accounts.values.flatMap(\.keywordMetrics) { add(m.date, m.impressions, m.clicks, m.costMicros) }
    }
}
