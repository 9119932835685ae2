/// A credential that prints as `<redacted>` wherever it ends up: string interpolation, `print`, `dump`, a debugger.
///
/// `reveal()` is for the one place that sends it (a header, a form body); grep for it to audit those places.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself. Call it only where the value goes onto the wire.
    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
