/// Budgets and bids against the currency and the guardrails.
enum MoneyRules {
    static func check(budget: Located<Money>?, bid: Located<Money>?, config: WorkspaceConfig?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let currency = config?.currency.value ?? "USD"
        let digits = CurrencyRules.minorDigits(currency)
        for money in [budget, bid].compactMap({ $0 }) where money.value.fractionDigits > digits {
            out.append(Diagnostic(.error, "bad-money", "\(currency) amounts have at most \(digits) decimal places; '\(money.value)' has \(money.value.fractionDigits)",
                                  at: money.location))
        }
        if let bid, bid.value.micros == 0 {
            out.append(Diagnostic(.error, "bad-bid", "bid_ceiling must be greater than 0", at: bid.location))
        }
        if let budget, let cap = config?.guardrails.maxDailyBudgetPerCampaign, budget.value > cap.value {
            out.append(Diagnostic(.error, "budget-over-guardrail",
                                  "daily budget \(budget.value.formatted(currency)) is above the guardrail of \(cap.value.formatted(currency)) per campaign",
                                  at: budget.location, hints: ["lower it, or raise guardrails.max_daily_budget_per_campaign in tfz.yaml (\(cap.location))"]))
        }
        if let budget, let bid, budget.value.micros > 0, bid.value > budget.value {
            out.append(Diagnostic(.warning, "bid-over-budget", "bid ceiling \(bid.value.formatted(currency)) is above the daily budget \(budget.value.formatted(currency))",
                                  at: bid.location))
        }
        return out
    }
}
