/// `store:` in `tfz.yaml`: where the workspace keeps its state and metrics.
///
/// Absent or `store: sqlite`: the workspace's own `.tfz/state.sqlite` (one person). A PostgreSQL team store:
///
/// ```yaml
/// store:
///   url: postgresql://tfz@db.example.org:5432/tfz   # user, host, optional port, database; never a password
///   password: env:TFZ_STORE_PASSWORD                 # or file:~/.config/tfz/store-password (mode 0600)
///   tls: prefer                                      # disable | prefer (default) | require | verify-full
/// ```
public enum StoreSetting: Sendable, Hashable {
    case sqlite
    case postgres(PostgresStoreSetting)
}

/// A PostgreSQL team store as `tfz.yaml` names it: where, who, and a *reference* to the password.
public struct PostgresStoreSetting: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    /// `env:NAME` (the variable holds the password) or `file:PATH` (the file holds it); nil when the server needs none.
    public var password: String?
    /// `disable`, `prefer`, `require` or `verify-full` (libpq's `sslmode`s).
    public var tls: String
    /// Where `store:` is, for messages.
    public var location: SourceLocation

    public init(host: String, port: Int = 5432, user: String, database: String, password: String?, tls: String = "prefer",
                location: SourceLocation) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.tls = tls
        self.location = location
    }

    /// Whether `text` is a PostgreSQL URL that carries a password (`postgresql://user:secret@…`): refused wherever an
    /// address is given, and never repeated in the message.
    public static func carriesPassword(_ text: String) -> Bool {
        text.range(of: #"^postgres(ql)?://[^/@:]+:[^/@]*@"#, options: .regularExpression) != nil
    }

    /// Reads `postgresql://user@host[:port]/database` (or `postgres://`); nil with the reason when it is not one.
    /// A password in the URL is refused: it would be a secret in a file under version control.
    public static func parseURL(_ text: String) -> (host: String, port: Int, user: String, database: String)? {
        var rest: Substring
        if text.hasPrefix("postgresql://") { rest = text.dropFirst(13) } else if text.hasPrefix("postgres://") { rest = text.dropFirst(11) } else { return nil }
        guard let at = rest.firstIndex(of: "@") else { return nil }
        let user = rest[..<at]
        guard !user.isEmpty, !user.contains(":") else { return nil }
        rest = rest[rest.index(after: at)...]
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let authority = rest[..<slash]
        let database = rest[rest.index(after: slash)...]
        guard !database.isEmpty, !database.contains("/"), !database.contains("?") else { return nil }
        var host = Substring(authority)
        var port = 5432
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = authority[..<colon]
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { return nil }
        return (String(host), port, String(user), String(database))
    }
}
