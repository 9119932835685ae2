import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Where a team store is and how to log in: the settings of `store:` in `tfz.yaml` with the password already read
/// from its reference. ``description`` never shows the password.
public struct PostgresSettings: Sendable, Hashable, CustomStringConvertible {
    /// libpq's `sslmode`s, with the same meaning: `prefer` and `require` encrypt without checking who answers (what
    /// a server with a self-signed certificate needs); `verify-full` also checks the certificate against the system's
    /// trusted authorities and the host name.
    public enum TLSMode: String, Sendable, Hashable {
        /// No TLS (only sensible on loopback or a private network).
        case disable
        /// TLS when the server offers it, else plain (libpq's default).
        case prefer
        /// TLS or no connection.
        case require
        /// TLS with the server's certificate verified (trusted authority, host name), or no connection.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?
    public var tls: TLSMode
    /// How long to wait for the server to answer a connection.
    public var connectTimeout: TimeInterval

    public init(host: String, port: Int = 5432, user: String, database: String, password: String?, tls: TLSMode = .prefer,
                connectTimeout: TimeInterval = 10) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.tls = tls
        self.connectTimeout = connectTimeout
    }

    /// `PostgreSQL tfz@db.example.org:5432/tfz`.
    public var description: String { "PostgreSQL \(user)@\(host):\(port)/\(database)" }
    /// `db.example.org:5432`.
    var address: String { "\(host):\(port)" }
}

/// One database session to the team store, used synchronously: every call sends its statement and waits for the
/// answer on SwiftNIO's event loop (never on Swift's cooperative threads, so waiting cannot starve the work that
/// would answer). Calls are serialised by a lock; the session is the one that holds the store's advisory locks, so it
/// lives as long as the store.
final class PostgresSession: @unchecked Sendable {
    let settings: PostgresSettings
    private let connection: PostgresConnection
    private let lock = NSLock()
    private let logger: Logger

    init(_ settings: PostgresSettings) throws {
        self.settings = settings
        var logger = Logger(label: "tfz.store.postgres")
        logger.logLevel = .critical  // the driver's own lines would repeat what StoreError says, in its words
        self.logger = logger
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: try Self.tls(settings.tls))
        configuration.options.connectTimeout = .milliseconds(Int64(settings.connectTimeout * 1000))
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw PostgresFailure.connecting(error, settings)
        }
    }

    deinit {
        try? connection.close().wait()
    }

    func close() {
        try? connection.close().wait()
    }

    private static func tls(_ mode: PostgresSettings.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer, .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            let context = try NIOSSLContext(configuration: configuration)
            return mode == .prefer ? .prefer(context) : .require(context)
        case .verifyFull:
            return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// Runs `body` with the session to itself (no other thread's statement in between).
    func exclusive<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Runs one statement and returns its rows. Call inside ``exclusive(_:)`` when several statements belong together.
    @discardableResult
    func query(_ sql: String, _ binds: [PGBind] = []) throws -> [PostgresRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { bind.append(to: &bindings) }
        return try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).wait().rows
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`, `ROLLBACK` when it throws), with the session to itself.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try exclusive {
            try query("BEGIN")
            do {
                let result = try body()
                try query("COMMIT")
                return result
            } catch {
                _ = try? query("ROLLBACK")
                throw error
            }
        }
    }
}

/// A value bound to a statement's `$n`.
enum PGBind {
    case text(String?)
    case int(Int64?)
    case double(Double?)
    case texts([String])
    case ints([Int64])
    case doubles([Double])
    case bools([Bool])

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .text(let v): if let v { bindings.append(v) } else { bindings.appendNull() }
        case .int(let v): if let v { bindings.append(v) } else { bindings.appendNull() }
        case .double(let v): if let v { bindings.append(v) } else { bindings.appendNull() }
        case .texts(let v): bindings.append(v)
        case .ints(let v): bindings.append(v)
        case .doubles(let v): bindings.append(v)
        case .bools(let v): bindings.append(v)
        }
    }
}

extension PostgresRow {
    /// The cell at `index` decoded as `T` (`String?` for a nullable text column).
    func get<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        let row = makeRandomAccess()
        return try row[index].decode(T.self)
    }
}

/// What the PostgreSQL driver or server said, turned into one sentence for the user (never the password, never a
/// statement's arguments).
enum PostgresFailure {
    /// The server's SQLSTATE, when the server answered with an error.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The server's own message, when it answered with an error.
    static func serverMessage(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.message]
    }

    static func connecting(_ error: any Error, _ settings: PostgresSettings) -> StoreError {
        let store = "the team store \(settings.description)"
        switch sqlState(error) {
        case "28P01":
            return StoreError(.open, "The PostgreSQL server at \(settings.address) refused the password for “\(settings.user)”: check the password that `store: password:` in tfz.yaml refers to.")
        case "28000":
            return StoreError(.open, "The PostgreSQL server at \(settings.address) does not let “\(settings.user)” log in to “\(settings.database)”: check the user in `store: url:` and the server's pg_hba.conf.")
        case "3D000":
            return StoreError(.open, "The database “\(settings.database)” does not exist on the PostgreSQL server at \(settings.address): create it (`createdb -O \(settings.user) \(settings.database)`) or fix the database in `store: url:` in tfz.yaml.")
        case let state?:
            return StoreError(.open, "Could not open \(store): the server said “\(serverMessage(error) ?? state)” (SQLSTATE \(state)).")
        case nil:
            break
        }
        if let psql = error as? PSQLError {
            switch psql.code {
            case .authMechanismRequiresPassword:
                return StoreError(.open, "The PostgreSQL server at \(settings.address) asks for a password for “\(settings.user)” and tfz.yaml gives none: add `password: env:NAME` under `store:`.")
            case .sslUnsupported:
                return StoreError(.open, "The PostgreSQL server at \(settings.address) does not offer TLS and `store:` requires it: enable ssl on the server, or set `tls: prefer` if the network is private.")
            default:
                break
            }
        }
        let underlying = String(describing: (error as? PSQLError)?.underlying ?? error)
        if underlying.contains("CERTIFICATE_VERIFY_FAILED") || underlying.contains("handshakeFailed") || underlying.contains("unableToValidateCertificate") {
            return StoreError(.open, "The PostgreSQL server at \(settings.address) presented a TLS certificate that could not be verified (`tls: verify-full`): add its authority to this machine's trusted certificates, or use `tls: require` to encrypt without checking who answers.")
        }
        return StoreError(.open, "Could not reach the PostgreSQL server at \(settings.address) (\(reachReason(error))): check that it runs and that `store: url:` in tfz.yaml names it.")
    }

    /// Why a connection could not be made, in a few words.
    static func reachReason(_ error: any Error) -> String {
        var underlying: (any Error)? = error
        if let psql = error as? PSQLError { underlying = psql.underlying ?? error }
        let text = String(describing: underlying ?? error)
        if text.contains("connectTimeout") || text.contains("timeout") || text.contains("Timeout") { return "no answer within the connection timeout" }
        if text.contains("refused") || text.contains("ECONNREFUSED") || text.contains("errno: 111") { return "the connection was refused" }
        if text.contains("resolve") || text.contains("NXDOMAIN") || text.contains("Name or service") || text.contains("unknown host") {
            return "the host name does not resolve"
        }
        return "the connection failed"
    }

    /// Wraps an error of a statement with what tfz was doing.
    static func wrapping(_ error: any Error, while doing: String, _ settings: PostgresSettings) -> StoreError {
        if let error = error as? StoreError { return error }
        if let message = serverMessage(error) {
            return StoreError(.database, "Could not \(doing): \(message).")
        }
        if let psql = error as? PSQLError, psql.code == .serverClosedConnection || psql.code == .clientClosedConnection || psql.code == .connectionError {
            return StoreError(.database, "Could not \(doing): the connection to the team store \(settings.description) was lost; run the command again when the server is back.")
        }
        if error is PostgresDecodingError {
            return StoreError(.unreadableRow, "Could not \(doing): the team store holds a value this version of tfz cannot read.")
        }
        return StoreError(.database, "Could not \(doing): \(String(describing: error)).")
    }
}
