import Foundation

/// Everything the sandbox keeps, as written to `stateDirectory/google-ads.json`.
struct StoredState: Sendable, Equatable {
    var version: Int = 1
    /// Next id per counter name (`campaign`, `criterion`, `ad`, …).
    var counters: [String: Int64] = [:]
    /// Customer id (digits only) → account.
    var accounts: [String: StoredAccount] = [:]
    /// Issued access tokens → expiry (seconds since 1970).
    var tokens: [String: Double] = [:]
    /// The simulated clock's today (days since 1970), set by `advance(days:)`; nil follows
    /// `SandboxConfiguration.now`.
    var clockDay: Int?
}

/// One Google Ads account (customer) in the sandbox.
struct StoredAccount: Sendable, Equatable {
    /// `ResourceKind.rawValue` → resource name → the resource as proto3 JSON (camelCase keys,
    /// int64 as strings), including the output-only fields the sandbox fills in.
    var resources: [String: [String: SandboxJSON]] = [:]
    /// Keyword (ad group criterion) resource name → date (`yyyy-MM-dd`) → delivery.
    var keywordMetrics: [String: [String: DailyMetrics]] = [:]

    /// The resources of one kind, modified in place (no copy of the collection per change).
    subscript(kind: ResourceKind) -> [String: SandboxJSON] {
        get { resources[kind.rawValue] ?? [:] }
        _modify { yield &resources[kind.rawValue, default: [:]] }
    }

    func resource(_ kind: ResourceKind, _ name: String) -> SandboxJSON? { resources[kind.rawValue]?[name] }
}

/// One keyword's delivery on one day (or a sum of such figures).
struct DailyMetrics: Sendable, Equatable {
    var impressions: Int64
    var clicks: Int64
    var costMicros: Int64
    /// Searches the keyword was eligible to show on (the impression-share denominator).
    var eligibleSearches: Int64 = 0
    /// Impressions lost because the campaign's budget ran out.
    var budgetLostImpressions: Int64 = 0

    static let zero = DailyMetrics(impressions: 0, clicks: 0, costMicros: 0)

    /// True when nothing was delivered (no impressions, clicks or cost).
    var isEmpty: Bool { impressions == 0 && clicks == 0 && costMicros == 0 }

    static func += (sum: inout DailyMetrics, day: DailyMetrics) {
        sum.impressions += day.impressions
        sum.clicks += day.clicks
        sum.costMicros += day.costMicros
        sum.eligibleSearches += day.eligibleSearches
        sum.budgetLostImpressions += day.budgetLostImpressions
    }
}

extension StoredState: SandboxStateFile {
    static let fileName = "google-ads.json"

    static let kind = "a sandbox state file (version 1)"

    /// The file format: `{"version": 1, "clock"?: "yyyy-MM-dd", "counters": {…}, "tokens": {…}, "accounts":
    /// {customerId: {"resources": {kind: {resourceName: resource}}, "keywordMetrics": {keyword: {date:
    /// {"impressions", "clicks", "costMicros", "eligibleSearches", "budgetLostImpressions"}}}}}}`.
    var json: SandboxJSON {
        var accounts: [String: SandboxJSON] = [:]
        for (customerId, account) in self.accounts {
            accounts[customerId] = [
                "resources": .object(account.resources.mapValues { .object($0) }),
                "keywordMetrics": .object(
                    account.keywordMetrics.mapValues { days in
                        .object(
                            days.mapValues {
                                [
                                    "impressions": .int($0.impressions), "clicks": .int($0.clicks),
                                    "costMicros": .int($0.costMicros), "eligibleSearches": .int($0.eligibleSearches),
                                    "budgetLostImpressions": .int($0.budgetLostImpressions),
                                ]
                            }
                        )
                    }
                ),
            ]
        }
        var json: SandboxJSON = [
            "version": .int(Int64(version)),
            "counters": .object(counters.mapValues { .int($0) }),
            "tokens": .object(tokens.mapValues { .double($0) }),
            "accounts": .object(accounts),
        ]
        if let clockDay { json["clock"] = .string(SandboxCalendar.string(clockDay)) }
        return json
    }

    init?(json: SandboxJSON) {
        guard json["version"]?.int64Value == 1, let accounts = json["accounts"]?.objectValue else { return nil }
        self.init()
        counters = json["counters"]?.objectValue?.compactMapValues(\.int64Value) ?? [:]
        tokens = json["tokens"]?.objectValue?.compactMapValues(\.doubleValue) ?? [:]
        if let clock = json["clock"]?.stringValue {
            guard let day = SandboxCalendar.day(clock) else { return nil }
            clockDay = day
        }
        for (customerId, account) in accounts {
            var stored = StoredAccount()
            stored.resources = account["resources"]?.objectValue?.compactMapValues(\.objectValue) ?? [:]
            for (keyword, days) in account["keywordMetrics"]?.objectValue ?? [:] {
                stored.keywordMetrics[keyword] = days.objectValue?.compactMapValues { day in
                    guard let impressions = day["impressions"]?.int64Value, let clicks = day["clicks"]?.int64Value,
                        let cost = day["costMicros"]?.int64Value
                    else { return nil }
                    return DailyMetrics(
                        impressions: impressions, clicks: clicks, costMicros: cost,
                        eligibleSearches: day["eligibleSearches"]?.int64Value ?? 0,
                        budgetLostImpressions: day["budgetLostImpressions"]?.int64Value ?? 0
                    )
                }
            }
            self.accounts[customerId] = stored
        }
    }
}

/// Operational failures of the sandbox itself (not API errors, which are HTTP responses).
public enum SandboxError: Error, LocalizedError, Equatable {
    case unreadableState(path: String, reason: String)
    case couldNotStart(String)
    case invalidDate(String)
    case invalidAdvance(Int)

    public var errorDescription: String? {
        switch self {
        case .unreadableState(let path, let reason): "The sandbox state file \(path) could not be read: \(reason)"
        case .couldNotStart(let reason): "The ad-platform sandbox could not start: \(reason)"
        case .invalidDate(let text): "'\(text)' is not a date in the form yyyy-MM-dd."
        case .invalidAdvance(let days): "The sandbox clock only moves forward; \(days) is not a number of days to advance."
        }
    }
}
