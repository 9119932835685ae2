/// A failure the sandbox injects into one request, as the real platform or the network would
/// produce it.
public enum Fault: Sendable, Hashable, Codable {
    /// HTTP 429 `RESOURCE_EXHAUSTED` with `quotaError: RESOURCE_EXHAUSTED` and
    /// `details.quotaErrorDetails.retryDelay` (a Duration string such as `"2s"`); not applied.
    case rateLimited(retryDelay: String)
    /// HTTP 429 for the developer token's daily operation quota (`rateScope: DEVELOPER`,
    /// a retry delay of hours); not applied.
    case dailyQuotaExhausted
    /// HTTP 503 `UNAVAILABLE` from Google's front end, no GoogleAdsFailure; not applied.
    case unavailable
    /// HTTP 500 `INTERNAL` with `internalError: INTERNAL_ERROR`; not applied.
    case internalError
    /// The answer is delayed by this many milliseconds, then the request is served normally.
    case slow(milliseconds: Int)
    /// The request is applied (and persisted), then the connection is dropped without an answer:
    /// the client sees a lost connection (or its own timeout) although the change WAS made.
    case dropAfterApplying
    /// The connection is dropped without an answer and nothing is applied.
    case dropBeforeApplying
    /// For a mutate with `partialFailure: true`: the operation at this index fails with
    /// `databaseError: CONCURRENT_MODIFICATION`; the others are applied. An atomic mutate with an operation at this
    /// index is refused whole with HTTP 409 `ABORTED` carrying that error, nothing applied. On Microsoft paths the item
    /// at this index fails with 4149 `CampaignServiceConcurrentStoreModification`. No effect on other requests.
    case partialFailure(index: Int)
}

/// Which requests get which fault. Deterministic: the same plan, seed and request order give the
/// same faults.
///
/// Requests are numbered from 1 in arrival order, counting every Google Ads API request (search,
/// mutate, …) and every Microsoft Advertising API request (`/CampaignManagement/v13/…`,
/// `/Reporting/v13/…`) and, only when `includeTokenEndpoint` is set, token requests of both platforms.
/// On Microsoft paths the faults take Microsoft's shapes (see `SandboxEngine.microsoftFault`). A request gets, in
/// this order of precedence: a fault queued at run time (`RunningSandbox.enqueueFaults`), the
/// scripted fault for its number, or one drawn from `random`.
public struct FaultPlan: Sendable, Equatable {
    /// "Request #N gets fault F".
    public var script: [Int: Fault]
    /// Faults drawn per request with these probabilities (checked in order; their sum should be ≤ 1).
    public var random: [RandomFault]
    /// Whether `/oauth2/token` requests are counted and can get faults. Off by default.
    public var includeTokenEndpoint: Bool
    /// How long a dropped request is held before the connection is closed. With a hold longer than
    /// the client's timeout the client sees a timeout; with zero (the default) it sees the
    /// connection close right after the response head, before any body.
    public var dropHold: Duration

    /// One fault with its probability per request.
    public struct RandomFault: Sendable, Equatable {
        public var fault: Fault
        public var probability: Double

        public init(_ fault: Fault, probability: Double) {
            self.fault = fault
            self.probability = probability
        }
    }

    public init(
        script: [Int: Fault] = [:], random: [RandomFault] = [], includeTokenEndpoint: Bool = false,
        dropHold: Duration = .zero
    ) {
        self.script = script
        self.random = random
        self.includeTokenEndpoint = includeTokenEndpoint
        self.dropHold = dropHold
    }

    /// No faults at all.
    public static let none = FaultPlan()

    /// The fault for request `number`, drawing from `generator` for the random part.
    func fault(forRequest number: Int, using generator: inout SeededRandom) -> Fault? {
        if let scripted = script[number] { return scripted }
        guard !random.isEmpty else { return nil }
        let draw = generator.unit()
        var cumulative = 0.0
        for candidate in random {
            cumulative += candidate.probability
            if draw < cumulative { return candidate.fault }
        }
        return nil
    }
}
