import Foundation

/// Turns an account's `credentials:` reference into `OAuthCredentials`, reading what the platform's ``CredentialSpec``
/// declares.
///
/// - `env:PREFIX` reads `PREFIX_CLIENT_ID`, `PREFIX_CLIENT_SECRET` (optional where the spec allows a public client),
///   `PREFIX_REFRESH_TOKEN`, the optional `PREFIX_TOKEN_URL` — or, for a platform whose grant is a long-lived access
///   token, `PREFIX_ACCESS_TOKEN` instead of those four — and `PREFIX_<FIELD>` for each of the spec's fields
///   (`PREFIX_DEVELOPER_TOKEN`, `PREFIX_LOGIN_CUSTOMER_ID`, `PREFIX_CUSTOMER_ID`, `PREFIX_APP_SECRET`) from `environment`
///   (passed in; the loader never reads the process environment).
/// - `file:PATH` reads a JSON object with the same names in lower case (`client_id`, `client_secret`, `refresh_token`,
///   `token_url`, `developer_token`, …). `~/` means `homeDirectory`; a relative path is relative to the workspace root.
///   The file must be private to its owner (mode 0600 or stricter) and must lie outside the workspace.
///
/// What is not an error: unknown keys in the file, an empty optional value, a number where a field that is not secret
/// is expected (`"customer_id": 123456`), and an id written with the separators its format allows (a Google Ads login
/// customer id `123-456-7890`; the dashes are dropped).
public struct CredentialsLoader: Sendable {
    public var environment: [String: String]
    public var homeDirectory: String
    public var workspaceRoot: String
    public var fileSystem: CredentialsFileSystem
    /// What the platform needs (``CredentialSpec/googleAds`` unless told otherwise).
    public var spec: CredentialSpec

    public init(environment: [String: String], homeDirectory: String, workspaceRoot: String,
                fileSystem: CredentialsFileSystem = .live, spec: CredentialSpec = .googleAds) {
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.workspaceRoot = workspaceRoot
        self.fileSystem = fileSystem
        self.spec = spec
    }

    /// Loads `reference` for ``spec``.
    public func load(_ reference: String) throws(CredentialsError) -> OAuthCredentials {
        try load(reference, for: spec)
    }

    /// Loads `reference` (`env:PREFIX` or `file:PATH`) for the platform that `spec` describes.
    public func load(_ reference: String, for spec: CredentialSpec) throws(CredentialsError) -> OAuthCredentials {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("env:") { return try fromEnvironment(prefix: String(trimmed.dropFirst(4)), reference: trimmed, spec: spec) }
        if trimmed.hasPrefix("file:") { return try fromFile(String(trimmed.dropFirst(5)), spec: spec) }
        throw .unsupportedReference(trimmed)
    }

    // MARK: env:PREFIX

    private func fromEnvironment(prefix: String, reference: String, spec: CredentialSpec) throws(CredentialsError) -> OAuthCredentials {
        guard !prefix.isEmpty, prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }),
              !(prefix.first?.isNumber ?? true) else { throw .badPrefix(prefix) }
        func value(_ suffix: String) -> String? {
            environment[prefix + "_" + suffix].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func required(_ suffix: String) throws(CredentialsError) -> String {
            guard let found = value(suffix) else { throw .missingVariable(name: prefix + "_" + suffix, reference: reference) }
            return found
        }
        var secrets: [String: Secret] = [:], values: [String: String] = [:]
        for field in spec.fields {
            let name = prefix + "_" + field.environmentSuffix
            guard let raw = field.required ? try required(field.environmentSuffix) : value(field.environmentSuffix) else { continue }
            if field.secret {
                secrets[field.key] = Secret(raw)
            } else if let format = field.format {
                guard let normalized = format.normalize(raw) else { throw .invalidVariable(name: name, problem: "must be \(format.description)") }
                values[field.key] = normalized
            } else {
                values[field.key] = raw
            }
        }
        if spec.grant == .accessToken {
            return OAuthCredentials(clientId: "", clientSecret: Secret(""), refreshToken: Secret(""), tokenURL: spec.defaultTokenURL,
                                    secrets: secrets, values: values, accessToken: Secret(try required("ACCESS_TOKEN")))
        }
        let clientId = try required("CLIENT_ID")
        let clientSecret = spec.clientSecretRequired ? try required("CLIENT_SECRET") : value("CLIENT_SECRET") ?? ""
        let refreshToken = try required("REFRESH_TOKEN")
        var tokenURL = spec.defaultTokenURL
        if let raw = value("TOKEN_URL") {
            guard let url = Self.httpURL(raw) else {
                throw .invalidVariable(name: prefix + "_TOKEN_URL", problem: "must be an http or https URL")
            }
            tokenURL = url
        }
        return OAuthCredentials(clientId: clientId, clientSecret: Secret(clientSecret), refreshToken: Secret(refreshToken),
                                tokenURL: tokenURL, secrets: secrets, values: values)
    }

    // MARK: file:PATH

    /// The absolute path a `file:` reference names.
    public func expand(_ path: String) -> String {
        var expanded = path.trimmingCharacters(in: .whitespaces)
        if expanded == "~" {
            expanded = homeDirectory
        } else if expanded.hasPrefix("~/") {
            expanded = (homeDirectory as NSString).appendingPathComponent(String(expanded.dropFirst(2)))
        } else if !expanded.hasPrefix("/") {
            expanded = (workspaceRoot as NSString).appendingPathComponent(expanded)
        }
        return (expanded as NSString).standardizingPath
    }

    private func fromFile(_ rawPath: String, spec: CredentialSpec) throws(CredentialsError) -> OAuthCredentials {
        guard !rawPath.trimmingCharacters(in: .whitespaces).isEmpty else { throw .unsupportedReference("file:") }
        let path = expand(rawPath)
        let root = (workspaceRoot as NSString).standardizingPath
        // Check the path as written and with symbolic links resolved, against the root both ways.
        let roots = Set([root, fileSystem.resolve(root)])
        let paths = Set([path, fileSystem.resolve(path)])
        if paths.contains(where: { p in roots.contains { Self.isInside(p, $0) } }) {
            throw .insideWorkspace(path: path, root: root)
        }
        let file = try fileSystem.read(path)
        if file.permissions & 0o077 != 0 { throw .tooOpen(path: path, mode: file.permissions & 0o7777) }
        return try parse(file.contents, path: path, spec: spec)
    }

    private func parse(_ contents: Data, path: String, spec: CredentialSpec) throws(CredentialsError) -> OAuthCredentials {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: contents) as? [String: Any] else {
                throw CredentialsError.malformedFile(path: path, problem: "the top level is not an object")
            }
            object = parsed
        } catch let error as CredentialsError {
            throw error
        } catch {
            // JSONSerialization's message may quote the text around the problem, which could be a secret.
            throw .malformedFile(path: path, problem: "it is not valid JSON")
        }
        let plainKeys = Set(spec.fields.filter { !$0.secret }.map(\.key))
        func value(_ key: String) throws(CredentialsError) -> String? {
            switch object[key] {
            case nil, is NSNull: return nil
            case let text as String:
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed.isEmpty ? nil : trimmed
            case let number as NSNumber where plainKeys.contains(key):
                return number.stringValue
            default:
                throw .invalidKey(key: key, path: path, problem: "must be a string")
            }
        }
        func required(_ key: String) throws(CredentialsError) -> String {
            guard let found = try value(key) else { throw .missingKey(key: key, path: path) }
            return found
        }
        var secrets: [String: Secret] = [:], values: [String: String] = [:]
        for field in spec.fields {
            guard let raw = field.required ? try required(field.key) : try value(field.key) else { continue }
            if field.secret {
                secrets[field.key] = Secret(raw)
            } else if let format = field.format {
                guard let normalized = format.normalize(raw) else {
                    throw .invalidKey(key: field.key, path: path, problem: "must be \(format.description)")
                }
                values[field.key] = normalized
            } else {
                values[field.key] = raw
            }
        }
        if spec.grant == .accessToken {
            return OAuthCredentials(clientId: "", clientSecret: Secret(""), refreshToken: Secret(""), tokenURL: spec.defaultTokenURL,
                                    secrets: secrets, values: values, accessToken: Secret(try required("access_token")))
        }
        let clientId = try required("client_id")
        let clientSecret = spec.clientSecretRequired ? try required("client_secret") : try value("client_secret") ?? ""
        let refreshToken = try required("refresh_token")
        var tokenURL = spec.defaultTokenURL
        if let raw = try value("token_url") {
            guard let url = Self.httpURL(raw) else { throw .invalidKey(key: "token_url", path: path, problem: "must be an http or https URL") }
            tokenURL = url
        }
        return OAuthCredentials(clientId: clientId, clientSecret: Secret(clientSecret), refreshToken: Secret(refreshToken),
                                tokenURL: tokenURL, secrets: secrets, values: values)
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        let p = path.split(separator: "/"), r = root.split(separator: "/")
        return p.count >= r.count && Array(p.prefix(r.count)) == r
    }

    static func httpURL(_ raw: String) -> URL? {
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else { return nil }
        return url
    }
}

/// A credentials file as read from disk.
public struct CredentialsFile: Sendable {
    /// Permission bits (`st_mode & 0o7777`).
    public var permissions: Int
    public var contents: Data

    public init(permissions: Int, contents: Data) {
        self.permissions = permissions
        self.contents = contents
    }
}

/// The two disk operations the loader needs, swappable in tests.
public struct CredentialsFileSystem: Sendable {
    public var read: @Sendable (String) throws(CredentialsError) -> CredentialsFile
    /// The path with symbolic links resolved (the path itself when it cannot be resolved).
    public var resolve: @Sendable (String) -> String

    public init(read: @escaping @Sendable (String) throws(CredentialsError) -> CredentialsFile, resolve: @escaping @Sendable (String) -> String) {
        self.read = read
        self.resolve = resolve
    }

    public static let live = CredentialsFileSystem(
        read: { path throws(CredentialsError) in
            var info = stat()
            guard stat(path, &info) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { throw .fileNotFound(path: path) }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notAFile(path: path) }
            let permissions = Int(info.st_mode) & 0o7777
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, reason: "permission denied")
            }
            return CredentialsFile(permissions: permissions, contents: data)
        },
        resolve: { path in
            URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
    )
}
