import Yams

/// Reads `tfz.yaml`.
enum ConfigParser {
    static func parse(_ file: SourceFile) -> (WorkspaceConfig?, [Diagnostic]) {
        let r = NodeReader(path: file.path)
        guard let root = r.document(file.contents),
              let obj = r.object(root, "tfz.yaml",
                                 keys: ["version", "organization", "currency", "time_zone", "accounts", "guardrails", "defaults", "metrics", "store"],
                                 required: ["version", "organization", "currency", "time_zone", "accounts"])
        else { return (nil, r.diagnostics) }

        if let v = obj["version"], let version = r.int(v, "version"), version != 1 {
            r.error("bad-value", "version must be 1 (the only format version this tfz reads), not \(version)", at: v)
        }
        let organization = obj["organization"].flatMap { r.string($0, "organization") }
        let currency = obj["currency"].flatMap { r.string($0, "currency") }
        let timeZone = obj["time_zone"].flatMap { r.string($0, "time_zone") }
        var accounts: [Account] = []
        if let node = obj["accounts"], let items = r.list(node, "accounts") {
            if items.isEmpty { r.error("missing-value", "accounts must list at least one ad account", at: node) }
            for (i, item) in items.enumerated() {
                if let account = parseAccount(item, index: i, r) {
                    if accounts.contains(where: { $0.name == account.name }) {
                        r.report(.error, "duplicate-id", "account name '\(account.name)' is used twice", at: account.location)
                    }
                    accounts.append(account)
                }
            }
        }
        var guardrails = Guardrails()
        if let node = obj["guardrails"], let g = r.object(node, "guardrails", keys: ["max_daily_budget_per_campaign", "monthly_cap"]) {
            guardrails.maxDailyBudgetPerCampaign = g["max_daily_budget_per_campaign"].flatMap { r.money($0, "max_daily_budget_per_campaign") }
            guardrails.monthlyCap = g["monthly_cap"].flatMap { r.money($0, "monthly_cap") }
        }
        var matchType = MatchType.phrase
        if let node = obj["defaults"], let d = r.object(node, "defaults", keys: ["match_type"]) {
            matchType = d["match_type"].flatMap { r.enumeration($0, "match_type", MatchType.self)?.value } ?? .phrase
        }
        var metrics = MetricsSettings()
        if let node = obj["metrics"], let m = r.object(node, "metrics", keys: ["lookback_days", "pull_every"]) {
            if let lookback = m["lookback_days"], let perPlatform = r.object(lookback, "lookback_days", keys: Platform.allCases.map(\.rawValue)) {
                for platform in Platform.allCases {
                    guard let value = perPlatform[platform.rawValue], let days = r.int(value, platform.rawValue) else { continue }
                    if (1...90).contains(days) {
                        metrics.lookbackDays[platform] = days
                    } else {
                        r.error("bad-value", "lookback_days for \(platform.rawValue) must be between 1 and 90 days, not \(days)", at: value)
                    }
                }
            }
            if let every = m["pull_every"], let perPlatform = r.object(every, "pull_every", keys: Platform.allCases.map(\.rawValue)) {
                for platform in Platform.allCases {
                    guard let value = perPlatform[platform.rawValue], let text = r.string(value, platform.rawValue) else { continue }
                    if let seconds = MetricsSettings.parseInterval(text.value), seconds >= 15 * 60, seconds <= 7 * 86400 {
                        metrics.pullEvery[platform] = seconds
                    } else {
                        r.error("bad-value", "pull_every for \(platform.rawValue) must be a whole number of minutes, hours or days between 15m and 7d, such as 6h, not '\(text.value)'", at: value)
                    }
                }
            }
        }
        let store = obj["store"].flatMap { parseStore($0, r) } ?? .sqlite
        guard let organization, let currency, let timeZone else { return (nil, r.diagnostics) }
        var config = WorkspaceConfig(organization: organization.value, currency: currency, timeZone: timeZone,
                                     accounts: accounts, guardrails: guardrails, defaultMatchType: matchType, metrics: metrics)
        config.store = store
        return (config, r.diagnostics)
    }

    /// `store: sqlite`, or `store:` with `url:`, `password:` and `tls:` for a PostgreSQL team store.
    private static func parseStore(_ node: Node, _ r: NodeReader) -> StoreSetting? {
        if case .scalar = node {
            guard let text = r.string(node, "store") else { return nil }
            if text.value == "sqlite" { return .sqlite }
            r.error("bad-value", "store must be 'sqlite' or a PostgreSQL store with url: and password:, not '\(text.value.clipped)'", at: node,
                    hints: ["store:\n  url: postgresql://tfz@db.example.org:5432/tfz\n  password: env:TFZ_STORE_PASSWORD"])
            return nil
        }
        guard let s = r.object(node, "store", keys: ["url", "password", "tls"], required: ["url"]) else { return nil }
        guard let url = s["url"].flatMap({ r.string($0, "url") }) else { return nil }
        if PostgresStoreSetting.carriesPassword(url.value) {
            r.report(.error, "bad-credentials-ref", "store url must not carry a password: give it as password: env:NAME or file:PATH",
                     at: url.location, hints: ["secrets never go in tfz.yaml"])
            return nil
        }
        guard let parts = PostgresStoreSetting.parseURL(url.value) else {
            r.report(.error, "bad-value", "store url must read postgresql://USER@HOST[:PORT]/DATABASE, not '\(url.value.clipped)'", at: url.location,
                     hints: ["for example postgresql://tfz@localhost:5432/tfz"])
            return nil
        }
        var password: String?
        if let node = s["password"], let reference = r.string(node, "password") {
            let value = reference.value
            let name = value.hasPrefix("env:") ? value.dropFirst(4) : ""
            if value.hasPrefix("env:"), !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) {
                password = value
            } else if value.hasPrefix("file:"), value.dropFirst(5).hasPrefix("/") || value.dropFirst(5).hasPrefix("~/") {
                password = value
            } else {
                r.report(.error, "bad-credentials-ref", "store password must be a reference, 'env:NAME' (the variable holds the password) or 'file:PATH' (outside the repository), not a value",
                         at: reference.location, hints: ["secrets never go in tfz.yaml"])
                return nil
            }
        }
        var tls = "prefer"
        if let node = s["tls"], let value = r.string(node, "tls") {
            guard ["disable", "prefer", "require", "verify-full"].contains(value.value) else {
                r.error("bad-value", "store tls must be disable, prefer, require or verify-full, not '\(value.value.clipped)'", at: node)
                return nil
            }
            tls = value.value
        }
        return .postgres(PostgresStoreSetting(host: parts.host, port: parts.port, user: parts.user, database: parts.database,
                                              password: password, tls: tls, location: r.location(node)))
    }

    private static func parseAccount(_ node: Node, index: Int, _ r: NodeReader) -> Account? {
        let what = "accounts[\(index)]"
        guard let a = r.object(node, what, keys: ["name", "platform", "account_id", "endpoint", "credentials", "grant", "api_version", "page_id"],
                               required: ["name", "platform", "account_id", "credentials"]) else { return nil }
        let name = a["name"].flatMap { r.string($0, "name") }
        let platform = a["platform"].flatMap { r.enumeration($0, "platform", Platform.self) }
        let accountId = a["account_id"].flatMap { r.string($0, "account_id") }
        let endpoint = a["endpoint"].flatMap { r.string($0, "endpoint") }
        let credentials = a["credentials"].flatMap { r.string($0, "credentials") }
        let grant = a["grant"].flatMap { r.bool($0, "grant") } ?? false
        let apiVersion = a["api_version"].flatMap { r.string($0, "api_version") }
        let pageId = a["page_id"].flatMap { r.string($0, "page_id") }
        guard let name, let platform, let accountId, let credentials else { return nil }
        checkAccount(name: name, platform: platform.value, accountId: accountId, endpoint: endpoint, credentials: credentials, r)
        if let pageId, platform.value != .meta {
            r.report(.error, "meta-only-key", "page_id is for Meta accounts (the Facebook Page the ads run as); \(platform.value.displayName) has no pages",
                     at: pageId.location)
        } else if let pageId, pageId.value.isEmpty || !pageId.value.allSatisfy(\.isASCIIDigitOnly) {
            r.report(.error, "bad-value", "a Facebook Page id is digits, not '\(pageId.value)'", at: pageId.location)
        }
        return Account(name: name.value, platform: platform.value, accountId: accountId.value, endpoint: endpoint?.value,
                       credentials: credentials.value, grant: grant, apiVersion: apiVersion?.value, pageId: pageId?.value, location: r.location(node))
    }

    private static func checkAccount(name: Located<String>, platform: Platform, accountId: Located<String>,
                                     endpoint: Located<String>?, credentials: Located<String>, _ r: NodeReader) {
        if !Identifier.isValid(name.value) {
            r.report(.error, "bad-id", "account name '\(name.value)' must use only lower-case letters, digits and '-'", at: name.location)
        }
        let id = accountId.value
        let digits = id.allSatisfy(\.isASCIIDigitOnly)
        switch platform {
        case .googleAds:
            if !(digits && id.count == 10) {
                let stripped = id.filter { $0 != "-" }
                r.report(.error, "bad-account-id", "a Google Ads customer id is 10 digits without dashes, not '\(id)'", at: accountId.location,
                         hints: stripped.count == 10 && stripped.allSatisfy(\.isASCIIDigitOnly) ? ["write it as \(stripped)"] : [])
            }
        case .microsoftAds:
            if !(digits && !id.isEmpty) {
                r.report(.error, "bad-account-id", "a Microsoft Advertising account id is a number, not '\(id)'", at: accountId.location)
            }
        case .meta:
            let body = id.hasPrefix("act_") ? String(id.dropFirst(4)) : id
            if !(body.allSatisfy(\.isASCIIDigitOnly) && !body.isEmpty) {
                r.report(.error, "bad-account-id", "a Meta ad account id is 'act_' followed by digits, not '\(id)'", at: accountId.location)
            }
        case .reddit:
            if id.isEmpty || id.contains(" ") {
                r.report(.error, "bad-account-id", "a Reddit ad account id has no spaces, not '\(id)'", at: accountId.location)
            }
        }
        if let endpoint, endpoint.value != "sandbox" {
            let v = endpoint.value
            let loopback = v.hasPrefix("http://127.0.0.1") || v.hasPrefix("http://localhost") || v.hasPrefix("http://[::1]")
            if !(v.hasPrefix("https://") && v.count > 8) && !loopback {
                r.report(.error, "bad-endpoint", "endpoint must be 'sandbox', an https:// base URL, or an http:// loopback URL, not '\(v)'",
                         at: endpoint.location, hints: ["plain http is allowed only to 127.0.0.1 or localhost, so that tokens never cross a network unencrypted"])
            }
        }
        let c = credentials.value
        if c.hasPrefix("env:") {
            let name = c.dropFirst(4)
            if name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) {
                r.report(.error, "bad-credentials-ref", "credentials 'env:' must name an environment variable prefix in capitals, such as env:TFZ_GOOGLE_ADS",
                         at: credentials.location)
            }
        } else if c.hasPrefix("file:") {
            let path = c.dropFirst(5)
            if !(path.hasPrefix("/") || path.hasPrefix("~/")) {
                r.report(.error, "bad-credentials-ref", "the credentials file must be outside the repository: give an absolute path or one starting with ~/",
                         at: credentials.location, hints: ["for example file:~/.config/tfz/credentials.yaml (mode 0600)"])
            }
        } else if CredentialScanner.reason(c) == nil {
            r.report(.error, "bad-credentials-ref", "credentials must be a reference, 'env:NAME' or 'file:PATH', not a value",
                     at: credentials.location, hints: ["secrets never go in tfz.yaml"])
        }
    }
}
