/// `tfz.yaml`: the workspace settings.
public struct WorkspaceConfig: Sendable {
    public var organization: String
    public var currency: Located<String>
    public var timeZone: Located<String>
    public var accounts: [Account]
    public var guardrails: Guardrails
    public var defaultMatchType: MatchType
    public var metrics: MetricsSettings
    /// `store:`: the workspace's own SQLite file (the default) or a PostgreSQL team store.
    public var store: StoreSetting = .sqlite

    public init(organization: String, currency: Located<String>, timeZone: Located<String>, accounts: [Account],
                guardrails: Guardrails = Guardrails(), defaultMatchType: MatchType = .phrase, metrics: MetricsSettings = MetricsSettings()) {
        self.organization = organization
        self.currency = currency
        self.timeZone = timeZone
        self.accounts = accounts
        self.guardrails = guardrails
        self.defaultMatchType = defaultMatchType
        self.metrics = metrics
    }

    /// The account a channel uses: the named one, or the only one of that platform.
    public func account(for platform: Platform, named name: String?) -> Account? {
        if let name { return accounts.first { $0.name == name && $0.platform == platform } }
        let candidates = accounts.filter { $0.platform == platform }
        return candidates.count == 1 ? candidates[0] : nil
    }
}

/// One ad account: where tfz pushes a platform's campaigns. Holds a *reference* to credentials, never a secret.
public struct Account: Sendable, Hashable {
    public var name: String
    public var platform: Platform
    public var accountId: String
    /// `sandbox`, a base URL, or nil for the platform's production host.
    public var endpoint: String?
    /// `env:PREFIX` or `file:PATH` (outside the repository).
    public var credentials: String
    public var grant: Bool
    public var apiVersion: String?
    /// Meta: the Facebook Page the ads run as (`page_id`, digits).
    public var pageId: String?
    public var location: SourceLocation

    public init(name: String, platform: Platform, accountId: String, endpoint: String? = nil, credentials: String,
                grant: Bool = false, apiVersion: String? = nil, pageId: String? = nil, location: SourceLocation) {
        self.pageId = pageId
        self.name = name
        self.platform = platform
        self.accountId = accountId
        self.endpoint = endpoint
        self.credentials = credentials
        self.grant = grant
        self.apiVersion = apiVersion
        self.location = location
    }
}

/// Spending limits that tfz enforces before anything is pushed.
public struct Guardrails: Sendable, Hashable {
    public var maxDailyBudgetPerCampaign: Located<Money>?
    public var monthlyCap: Located<Money>?

    public init(maxDailyBudgetPerCampaign: Located<Money>? = nil, monthlyCap: Located<Money>? = nil) {
        self.maxDailyBudgetPerCampaign = maxDailyBudgetPerCampaign
        self.monthlyCap = monthlyCap
    }
}

/// `metrics:` in `tfz.yaml`: how metric pulls behave per platform.
public struct MetricsSettings: Sendable, Hashable {
    /// Days re-read on every pull because the platform restates them; platforms not listed use ``defaultLookbackDays``.
    public var lookbackDays: [Platform: Int]
    /// How often the scheduler pulls each platform's metrics, in seconds; platforms not listed use ``defaultPullEvery``.
    public var pullEvery: [Platform: Int]

    /// Every 6 hours: the platforms' own figures lag by a few hours, and a county report is read daily at most.
    public static let defaultPullEvery = 6 * 3600

    /// Google Ads restates about a month (late conversions within the conversion window, invalid clicks); Meta's
    /// default attribution is 7-day click / 1-day view but its figures settle within 28 days.
    public static let defaultLookbackDays: [Platform: Int] = [.googleAds: 30, .microsoftAds: 30, .meta: 28, .reddit: 14]

    public init(lookbackDays: [Platform: Int] = [:], pullEvery: [Platform: Int] = [:]) {
        self.lookbackDays = lookbackDays
        self.pullEvery = pullEvery
    }

    public func pullEvery(for platform: Platform) -> Int { pullEvery[platform] ?? Self.defaultPullEvery }

    /// Whether a scheduled pull of `platform` is due at `now` (seconds since 1970) after one that finished at `last`.
    public func isPullDue(_ platform: Platform, lastFinished last: Double?, now: Double) -> Bool {
        guard let last else { return true }
        return now - last >= Double(pullEvery(for: platform))
    }

    /// `30m`, `6h`, `1d` (a whole number and a unit) in seconds; nil when malformed or not positive.
    public static func parseInterval(_ text: String) -> Int? {
        guard let unit = text.last, let n = Int(text.dropLast()), n > 0 else { return nil }
        switch unit {
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86400
        default: return nil
        }
    }

    public func lookbackDays(for platform: Platform) -> Int {
        lookbackDays[platform] ?? Self.defaultLookbackDays[platform] ?? 30
    }
}
