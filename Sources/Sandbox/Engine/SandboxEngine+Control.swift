import Foundation

extension SandboxEngine {
    /// The sandbox's own endpoints under `/_sandbox/`, for tests that drive a separate `tfz` process
    /// (no authentication; loopback only; never counted for faults):
    /// - `GET /_sandbox/state` — the whole state as JSON (`SandboxState`).
    /// - `POST /_sandbox/simulate-delivery` `{"through": "2026-03-31", "from"?: "2026-03-01"}`.
    /// - `GET /_sandbox/clock` → `{"today": "2026-11-29"}`.
    /// - `POST /_sandbox/advance` `{"days": 28}` → `{"today": "2026-12-27"}`: moves the simulated clock
    ///   and simulates the days that became complete (see `RunningSandbox.advance(days:)`).
    /// - `POST /_sandbox/faults` `{"enqueue": [{"rateLimited": {"retryDelay": "2s"}}, {"dropAfterApplying": {}}]}`.
    func controlResponse(_ request: SandboxHTTPRequest) -> SandboxHTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/_sandbox/state"):
            return .json(200, Self.stateJSON(SandboxState(state)))
        case ("POST", "/_sandbox/simulate-delivery"):
            let body = SandboxJSON.parse(request.body) ?? [:]
            guard let through = body["through"]?.stringValue else {
                return .json(400, ["error": "Send {\"through\": \"yyyy-MM-dd\"}."])
            }
            do {
                try simulateDelivery(from: body["from"]?.stringValue, through: through)
                return .json(200, ["simulatedThrough": .string(through)])
            } catch {
                return .json(400, ["error": .string(error.localizedDescription)])
            }
        case ("GET", "/_sandbox/clock"):
            return .json(200, ["today": .string(SandboxCalendar.string(today))])
        case ("POST", "/_sandbox/advance"):
            guard let days = SandboxJSON.parse(request.body)?["days"]?.int64Value, let count = Int(exactly: days)
            else {
                return .json(400, ["error": "Send {\"days\": <whole number of days, 0 or more>}."])
            }
            do {
                return .json(200, ["today": .string(SandboxCalendar.string(try advance(days: count)))])
            } catch {
                return .json(400, ["error": .string(error.localizedDescription)])
            }
        case ("POST", "/_sandbox/faults"):
            struct Body: Decodable { let enqueue: [Fault] }
            guard let body = try? JSONDecoder().decode(Body.self, from: request.body) else {
                return .json(400, ["error": "Send {\"enqueue\": [<Fault as JSON>, …]}."])
            }
            enqueue(body.enqueue)
            return .json(200, ["enqueued": .int(Int64(body.enqueue.count))])
        default:
            return .notFound(request.path)
        }
    }

    static func stateJSON(_ state: SandboxState) -> SandboxJSON {
        func list(_ resources: [SandboxResource]) -> SandboxJSON { .array(resources.map(\.fields)) }
        var accounts: [String: SandboxJSON] = [:]
        for (customerId, account) in state.accounts {
            accounts[customerId] = [
                "campaignBudgets": list(account.campaignBudgets),
                "campaigns": list(account.campaigns),
                "campaignCriteria": list(account.campaignCriteria),
                "adGroups": list(account.adGroups),
                "adGroupCriteria": list(account.adGroupCriteria),
                "adGroupAds": list(account.adGroupAds),
                "keywordMetrics": .array(
                    account.keywordMetrics.map {
                        [
                            "keyword": .string($0.keyword), "date": .string($0.date),
                            "impressions": .string(String($0.impressions)), "clicks": .string(String($0.clicks)),
                            "costMicros": .string(String($0.costMicros)),
                        ]
                    }
                ),
            ]
        }
        return ["accounts": .object(accounts)]
    }
}
