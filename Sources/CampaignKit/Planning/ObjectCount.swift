/// How many remote objects of one kind a create makes on its platform, e.g. 33 keywords: what `tfz plan` prints.
///
/// Platforms differ (Google Ads has a separate budget object; Microsoft Advertising keeps the budget on the
/// campaign and sends negative keywords as one list), so the platform's adapter counts them.
public struct ObjectCount: Sendable, Codable, Hashable {
    /// Singular noun: `budget`, `geo target`, `keyword`.
    public var noun: String
    public var count: Int

    public init(_ count: Int, _ noun: String) {
        self.noun = noun
        self.count = count
    }

    /// `1 budget`, `2 geo targets`, `0 schedules`.
    public var text: String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
