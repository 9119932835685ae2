import Foundation

/// What an error of a write says about whether the platform applied it, for the parts every platform shares (the
/// HTTP status, the transport, the retry middleware's ambiguity); each applier asks its platform's own error first.
enum WriteFailure {
    /// Refused before anything was applied: HTTP 429/503 (after the retry middleware's own tries), a connection that
    /// never carried the request.
    static func wasNotApplied(_ error: any Error) -> Bool {
        switch error {
        case let http as HTTPError:
            if let status = http.status { return RetryMiddleware.notAppliedStatuses.contains(status) }
            return (http.cause as? TransportError).map { !$0.mayHaveBeenSent } ?? false
        case let transport as TransportError: return !transport.mayHaveBeenSent
        default: return false
        }
    }

    /// May or may not have been applied: no answer (the retry middleware's ``AmbiguousMutationError``), HTTP
    /// 500/502/504.
    static func isAmbiguous(_ error: any Error) -> Bool {
        switch error {
        case is AmbiguousMutationError: return true
        case let http as HTTPError:
            if let status = http.status { return isAmbiguous(status: status) }
            return (http.cause as? TransportError)?.mayHaveBeenSent ?? true
        case let transport as TransportError: return transport.mayHaveBeenSent
        default: return false
        }
    }

    static func isAmbiguous(status: Int) -> Bool { [500, 502, 504].contains(status) }
}
