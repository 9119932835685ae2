import Yams

/// `budget: {daily: 25.00}` — shared by zones and templates.
enum BudgetSyntax {
    static func daily(_ node: Node, _ r: NodeReader) -> Located<Money>? {
        guard let b = r.object(node, "budget", keys: ["daily"], required: ["daily"]), let daily = b["daily"] else { return nil }
        guard let money = r.money(daily, "budget.daily") else { return nil }
        if money.value.micros == 0 { r.error("bad-budget", "budget.daily must be greater than 0", at: daily) }
        return money
    }
}
