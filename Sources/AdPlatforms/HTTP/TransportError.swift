import Foundation

/// Why a request got no HTTP response at all.
///
/// `mayHaveBeenSent` says whether the server could have received (and applied) the request: after a timeout or a
/// dropped connection it could; when the connection never opened it could not.
public enum TransportError: Error, Sendable, Equatable {
    case timedOut(mayHaveBeenSent: Bool)
    case connectionLost(mayHaveBeenSent: Bool)
    case cannotConnect(String)
    case other(String)

    /// Whether the server could have received the request.
    public var mayHaveBeenSent: Bool {
        switch self {
        case .timedOut(let sent), .connectionLost(let sent): sent
        case .cannotConnect: false
        case .other: true
        }
    }
}

extension TransportError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .timedOut: "the request timed out"
        case .connectionLost: "the connection was lost before the answer arrived"
        case .cannotConnect(let detail): "could not connect (\(Redactor.redact(detail)))"
        case .other(let detail): Redactor.redact(detail)
        }
    }
}
