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
    /// - `GET /_sandbox/microsoft/state` — the Microsoft Advertising state as JSON (`MicrosoftAdsState`).
    /// - `POST /_sandbox/microsoft/refresh-token` `{"expired": true}` → `{"expired": true}`: every Microsoft
    ///   refresh token now fails with `invalid_grant` AADSTS700082 (expired after 90 days of inactivity);
    ///   `{"expired": false}` revives them.
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
        case ("GET", "/_sandbox/microsoft/state"):
            return .json(200, Self.microsoftStateJSON(MicrosoftAdsState(microsoft)))
        case ("POST", "/_sandbox/microsoft/refresh-token"):
            let expired = SandboxJSON.parse(request.body)?["expired"]?.boolValue ?? true
            setMicrosoftRefreshTokenExpired(expired)
            return .json(200, ["expired": .bool(expired)])
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

    static func microsoftStateJSON(_ state: MicrosoftAdsState) -> SandboxJSON {
        func list(_ entities: [MicrosoftEntity]) -> SandboxJSON {
            .array(
                entities.map { entity in
                    var object: SandboxJSON = ["Id": .string(entity.id), "ParentId": .string(entity.parentId), "Fields": entity.fields]
                    if let type = entity.entityType { object["EntityType"] = .string(type) }
                    return object
                }
            )
        }
        var accounts: [String: SandboxJSON] = [:]
        for (accountId, account) in state.accounts {
            accounts[accountId] = [
                "campaigns": list(account.campaigns), "adGroups": list(account.adGroups), "keywords": list(account.keywords),
                "ads": list(account.ads), "campaignCriterions": list(account.campaignCriterions),
                "negativeKeywords": list(account.negativeKeywords),
                "keywordMetrics": .array(
                    account.keywordMetrics.map {
                        [
                            "keywordId": .string($0.keywordId), "date": .string($0.date), "impressions": .int($0.impressions),
                            "clicks": .int($0.clicks), "costMicros": .int($0.costMicros),
                        ]
                    }),
            ]
        }
        return ["accounts": .object(accounts)]
    }
}
