import Foundation

/// Why a request got no HTTP response at all.
///
/// `mayHaveBeenSent` says whether the server could have received (and applied) the request: after a timeout or a
/// dropped connection it could; when the connection never opened it could not.
public enum TransportError: Error, Sendable, Equatable {
    case timedOut(mayHaveBeenSent: Bool)
    case connectionLost(mayHaveBeenSent: Bool)
    /// The connection was refused or the network is down: worth another try shortly.
    case cannotConnect(String)
    /// The host name does not resolve, or the secure connection failed (certificate, TLS): trying again soon will not help.
    case cannotReach(String)
    case other(String)

    /// The host could not be reached at all (nothing was sent).
    public var isUnreachable: Bool {
        switch self {
        case .cannotConnect, .cannotReach: true
        default: false
        }
    }

    /// Whether the server could have received the request.
    public var mayHaveBeenSent: Bool {
        switch self {
        case .timedOut(let sent), .connectionLost(let sent): sent
        case .cannotConnect, .cannotReach: false
        case .other: true
        }
    }
}

extension TransportError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .timedOut: "the request timed out"
        case .connectionLost: "the connection was lost before the answer arrived"
        case .cannotConnect(let detail), .cannotReach(let detail): "could not connect to \(Redactor.redact(detail))"
        case .other(let detail): Redactor.redact(detail)
        }
    }
}
