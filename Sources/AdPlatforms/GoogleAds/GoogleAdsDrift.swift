import CampaignKit

/// What changed on Google Ads since tfz last applied: someone paused, re-budgeted or renamed a campaign in the web UI.
public enum GoogleAdsDrift {
    public static func changes(recorded r: RemoteCampaign, remote view: GoogleAdsApplier.RemoteView?, currency: String) -> [String] {
        guard let view else { return r.status == .removed ? [] : ["not found on Google Ads (removed there?)"] }
        var drift: [String] = []
        let expected = r.status == .enabled ? "ENABLED" : "PAUSED"
        if view.status != expected { drift.append("status is \(view.status) on Google Ads; tfz left it \(expected)") }
        if let micros = view.budgetMicros, micros != r.applied.dailyBudgetMicros {
            drift.append("daily budget changed on Google Ads: \(Money(micros: r.applied.dailyBudgetMicros).formatted(currency)) → \(Money(micros: micros).formatted(currency))")
        }
        if view.name != r.applied.name, !r.incomplete { drift.append("renamed on Google Ads to '\(view.name)'") }
        return drift
    }
}
