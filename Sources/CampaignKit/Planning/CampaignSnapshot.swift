/// The comparable content of a campaign: what a plan diffs, field by field.
public struct CampaignSnapshot: Sendable, Codable, Hashable {
    public var name: String
    public var status: DesiredStatus
    public var dailyBudgetMicros: Int64
    public var bidCeilingMicros: Int64?
    public var flightStart: String?
    public var flightEnd: String?
    public var landingPage: String
    public var geo: [String]
    public var dayparts: [String]
    public var interests: [String]
    /// Ad group name → keywords in editor notation, sorted.
    public var adGroups: [String: [String]]
    public var negatives: [String]
    /// Creative id → fingerprint of the ad's text (ad text is immutable on the search platforms: a change replaces the ad).
    public var ads: [String: String]
}

extension Campaign {
    /// The remote campaign's name: readable, and carrying the key that tfz looks campaigns up by.
    public var remoteName: String { "tfz \(key) · \(zoneName)" }

    public var snapshot: CampaignSnapshot {
        CampaignSnapshot(
            name: remoteName, status: status, dailyBudgetMicros: dailyBudget.micros, bidCeilingMicros: bidCeiling?.micros,
            flightStart: flight?.start?.description, flightEnd: flight?.end?.description, landingPage: landingPage,
            geo: geo.map(\.canonical), dayparts: dayparts.map(\.summary), interests: interests,
            adGroups: Dictionary(adGroups.map { ($0.name, $0.keywords.map(\.notation).sorted()) }, uniquingKeysWith: { $0 + $1 }),
            negatives: negatives.map(\.notation).sorted(),
            ads: Dictionary(ads.map { ($0.creative, $0.fingerprint) }, uniquingKeysWith: { $1 }))
    }
}

extension AdCopy {
    /// FNV-1a over the ad's text: stable across runs and machines.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let parts = headlines + ["|"] + descriptions + ["|", path1 ?? "", path2 ?? "", primaryText ?? "", image ?? "", callToAction ?? ""]
        for part in parts {
            for byte in part.utf8 + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
