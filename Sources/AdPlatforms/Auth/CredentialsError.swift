import Foundation

/// Why the credentials an account refers to could not be loaded. Messages name variables, keys and paths, never values.
public enum CredentialsError: Error, Sendable, Equatable {
    case unsupportedReference(String)
    case badPrefix(String)
    case missingVariable(name: String, reference: String)
    case invalidVariable(name: String, problem: String)
    case fileNotFound(path: String)
    case notAFile(path: String)
    case unreadable(path: String, reason: String)
    case tooOpen(path: String, mode: Int)
    case insideWorkspace(path: String, root: String)
    case malformedFile(path: String, problem: String)
    case missingKey(key: String, path: String)
    case invalidKey(key: String, path: String, problem: String)
}

extension CredentialsError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .unsupportedReference(let reference):
            "credentials '\(Redactor.redact(reference))' is not a reference tfz understands; write env:PREFIX (variables PREFIX_CLIENT_ID, …) or file:PATH (a JSON file outside the workspace, mode 600)"
        case .badPrefix(let prefix):
            "credentials env:\(Redactor.redact(prefix)) needs a variable prefix of capital letters, digits and underscores, like env:TFZ_GOOGLE_ADS"
        case .missingVariable(let name, let reference):
            "environment variable \(name) is not set (credentials \(reference)); export it before running tfz"
        case .invalidVariable(let name, let problem):
            "environment variable \(name) \(problem)"
        case .fileNotFound(let path):
            "credentials file \(path) does not exist"
        case .notAFile(let path):
            "credentials file \(path) is not a regular file"
        case .unreadable(let path, let reason):
            "credentials file \(path) cannot be read: \(Redactor.redact(reason))"
        case .tooOpen(let path, let mode):
            "credentials file \(path) can be read by other users (mode \(String(format: "%04o", mode))); tfz only reads it when it is private to you: run `chmod 600 \(path)`"
        case .insideWorkspace(let path, let root):
            "credentials file \(path) is inside the workspace (\(root)), where it can end up in git; move it outside, e.g. to ~/.config/tfz/, and point credentials: at the new path"
        case .malformedFile(let path, let problem):
            "credentials file \(path) is not a JSON object of strings: \(problem)"
        case .missingKey(let key, let path):
            "credentials file \(path) has no \"\(key)\""
        case .invalidKey(let key, let path, let problem):
            "credentials file \(path): \"\(key)\" \(problem)"
        }
    }
}
