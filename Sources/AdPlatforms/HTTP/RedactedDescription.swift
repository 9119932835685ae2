import Foundation

/// An error whose every printed form — `"\(error)"`, `String(reflecting:)`, `dump` — is its redacted
/// `errorDescription`, so that logging an error value never prints a secret it carries.
public protocol RedactedDescription: LocalizedError, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {}

extension RedactedDescription {
    public var description: String { Redactor.redact(errorDescription ?? String(describing: type(of: self))) }
    public var debugDescription: String { "\(type(of: self)): \(description)" }
    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .struct) }
}

extension HTTPError: RedactedDescription {}
extension TransportError: RedactedDescription {}
extension AmbiguousMutationError: RedactedDescription {}
extension QuotaExhaustedError: RedactedDescription {}
extension OAuthError: RedactedDescription {}
extension CredentialsError: RedactedDescription {}
