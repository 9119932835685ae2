import CampaignKit

/// What changed on a platform since tfz last applied: someone paused, re-budgeted or renamed a campaign in its web UI.
public enum Drift {
    public static func changes(recorded r: RemoteCampaign, remote view: RemoteCampaignView?, currency: String) -> [String] {
        let platform = r.key.platform.displayName
        guard let view else { return r.status == .removed ? [] : ["not found on \(platform) (removed there?)"] }
        var drift: [String] = []
        let expected: RemoteCampaignView.Status = r.status == .enabled ? .enabled : .paused
        if view.status != expected {
            drift.append("status is \(view.statusText) on \(platform); tfz left it \(r.status == .enabled ? "enabled" : "paused")")
        }
        if let budget = view.dailyBudget, budget.micros != r.applied.dailyBudgetMicros {
            drift.append("daily budget changed on \(platform): \(Money(micros: r.applied.dailyBudgetMicros).formatted(currency)) → \(budget.formatted(currency))")
        }
        if view.name != r.applied.name, !r.incomplete { drift.append("renamed on \(platform) to '\(view.name)'") }
        return drift
    }
}
