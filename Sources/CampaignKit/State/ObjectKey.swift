/// Which part of a campaign a remote object is, stably across runs: what tfz records next to the platform's id.
///
/// Stored as text (``description``) and read back with ``init(parsing:)``; the text forms are the ones tfz has always
/// written (`budget`, `campaign`, `geo:county 12057`, `schedule:MONDAY 1080-1440`, `negative:"ford escort"`,
/// `adGroup:buyer-terms`, `keyword:buyer-terms:"buy sex"`, `ad:buyer-terms:deterrence/arrest#<fingerprint>`), so a
/// store written before this type existed reads unchanged. An object found on a platform that tfz did not write keeps
/// `remote` in place of the local name (`geo:remote …`, `criterion:remote …`, `ad:<group>:remote#<id>`).
///
/// Any text reads back as the same text: what does not parse (a kind from a newer tfz, a malformed key) is ``other(_:)``,
/// which is not an error.
public enum ObjectKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    case budget
    case campaign
    /// A geo criterion by its canonical key (`county 12057`, `radius …`), or `remote <name>` for one tfz did not write.
    case geo(String)
    /// An ad schedule (daypart) criterion by its summary.
    case schedule(String)
    /// A campaign negative keyword in editor notation.
    case negative(String)
    /// Any other campaign criterion found on the platform (`remote <name>`).
    case criterion(String)
    case adGroup(String)
    /// A keyword of an ad group, in editor notation.
    case keyword(group: String, notation: String)
    /// An ad of an ad group: the creative it was made from (`remote` when found, not written) and its fingerprint, which
    /// is opaque here (Google Ads: the text fingerprint, `@`, a hash of the landing page; a found ad: the platform's name).
    case ad(group: String, creative: String, fingerprint: String)
    /// A platform creative object made apart from its ad (Meta's ad creative): the creative file's name, `#`, the
    /// fingerprint of what it shows (`education/know-the-signs#1a2b3c4d5e`).
    case creative(String)
    /// An object of a kind this version does not know (read from a newer store): kept, never acted on.
    case other(String)

    public init(parsing text: String) {
        let parsed = Self.parse(text)
        // Only a parse that gives the text back is taken: the store's text must survive a read and a write unchanged.
        self = parsed.description == text ? parsed : .other(text)
    }

    private static func parse(_ text: String) -> ObjectKey {
        switch text {
        case "budget": return .budget
        case "campaign": return .campaign
        default: break
        }
        guard let colon = text.firstIndex(of: ":") else { return .other(text) }
        let kind = text[..<colon], rest = String(text[text.index(after: colon)...])
        switch kind {
        case "geo": return .geo(rest)
        case "schedule": return .schedule(rest)
        case "negative": return .negative(rest)
        case "criterion": return .criterion(rest)
        case "adGroup": return .adGroup(rest)
        case "creative": return .creative(rest)
        case "keyword":
            guard let sep = rest.firstIndex(of: ":") else { return .other(text) }
            return .keyword(group: String(rest[..<sep]), notation: String(rest[rest.index(after: sep)...]))
        case "ad":
            guard let sep = rest.firstIndex(of: ":") else { return .other(text) }
            let tail = rest[rest.index(after: sep)...]
            let hash = tail.lastIndex(of: "#") ?? tail.endIndex
            return .ad(group: String(rest[..<sep]), creative: String(tail[..<hash]),
                       fingerprint: hash == tail.endIndex ? "" : String(tail[tail.index(after: hash)...]))
        default: return .other(text)
        }
    }

    public var description: String {
        switch self {
        case .budget: "budget"
        case .campaign: "campaign"
        case .geo(let s): "geo:\(s)"
        case .schedule(let s): "schedule:\(s)"
        case .negative(let s): "negative:\(s)"
        case .criterion(let s): "criterion:\(s)"
        case .adGroup(let s): "adGroup:\(s)"
        case .keyword(let g, let n): "keyword:\(g):\(n)"
        case .ad(let g, let c, let f): f.isEmpty ? "ad:\(g):\(c)" : "ad:\(g):\(c)#\(f)"
        case .creative(let s): "creative:\(s)"
        case .other(let s): s
        }
    }

    /// True for a platform creative object (``creative(_:)``).
    public var isCreative: Bool { if case .creative = self { true } else { false } }

    /// The ad group a keyword or an ad belongs to (nil for an ad group itself).
    public var adGroup: String? {
        switch self {
        case .keyword(let g, _), .ad(let g, _, _): g
        default: nil
        }
    }

    /// True for a geo criterion (written by tfz or found).
    public var isGeo: Bool { if case .geo = self { true } else { false } }

    /// True for an ad found on the platform that tfz did not write.
    public var isRemoteAd: Bool { if case .ad(_, "remote", _) = self { true } else { false } }

    /// The order of the stored text (the store lists objects `ORDER BY local_key`).
    public static func < (a: ObjectKey, b: ObjectKey) -> Bool { a.description < b.description }

    public init(from decoder: any Decoder) throws { self.init(parsing: try decoder.singleValueContainer().decode(String.self)) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
