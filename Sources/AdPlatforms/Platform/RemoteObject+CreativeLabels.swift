import CampaignKit

extension RemoteObject {
    /// Ad id → creative (`outreach/help-is-available`), from the `ad:<group>:<creative>:<fingerprint>` objects tfz
    /// wrote (not the ads it found and did not write): what ``PlatformAdapter/creativeLabels(_:)`` gives on platforms
    /// whose ad ids are the recorded resource names (Meta, Reddit).
    static func creativeLabels(_ objects: [RemoteObject]) -> [String: String] {
        var labels: [String: String] = [:]
        for object in objects {
            guard case .ad(_, let creative, _) = object.localKey, !object.localKey.isRemoteAd else { continue }
            labels[object.resourceName] = creative
        }
        return labels
    }
}
