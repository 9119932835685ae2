/// What an entry of the change log records tfz doing.
///
/// Stored as its ``rawValue`` (`create`, `enable`, …). Reading an action this version does not know (a newer tfz wrote
/// it) is not an error: it is ``other(_:)`` with the text as stored, so `tfz log` still shows it; nothing acts on it.
public enum ChangeAction: RawRepresentable, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
    /// Created a campaign (paused) with its objects.
    case create
    /// Changed an existing campaign to match the files.
    case update
    /// Turned a complete campaign on after its launch.
    case enable
    case pause
    case resume
    /// Looked a campaign up on the platform (found by its key after an interrupted launch).
    case lookup
    /// A flight boundary passed while no tick ran (the scheduler acted on it late).
    case missed
    /// A guardrail kept a campaign from running.
    case blocked
    /// A person held or released a campaign (`tfz pause` / `tfz resume`).
    case hold
    case release
    /// An action this version does not know, as stored. Make values with ``init(rawValue:)``: `.other("create")` is not `.create`.
    case other(String)

    /// The actions this version writes (not ``other(_:)``).
    public static let allCases: [ChangeAction] = [.create, .update, .enable, .pause, .resume, .lookup, .missed, .blocked, .hold, .release]

    /// Never fails: unknown text is ``other(_:)``.
    public init(rawValue: String) {
        self = Self.allCases.first { $0.rawValue == rawValue } ?? .other(rawValue)
    }

    public var rawValue: String {
        switch self {
        case .create: "create"
        case .update: "update"
        case .enable: "enable"
        case .pause: "pause"
        case .resume: "resume"
        case .lookup: "lookup"
        case .missed: "missed"
        case .blocked: "blocked"
        case .hold: "hold"
        case .release: "release"
        case .other(let text): text
        }
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { self.init(rawValue: try decoder.singleValueContainer().decode(String.self)) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
