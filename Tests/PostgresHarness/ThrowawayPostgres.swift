import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PostgreSQL server of the tests' own: a new cluster in a temporary folder, on 127.0.0.1 and a free port, that
/// lives as long as the test process.
///
/// ``shared()`` starts it on first use (`initdb`, then `pg_ctl start`) and an `atexit` handler stops it
/// (`pg_ctl stop -m immediate`) and removes the folder when the process exits. Each test takes a database of its own
/// with ``createDatabase(prefix:)``, so tests that run in parallel never see each other's rows.
///
/// The cluster is made for speed, not durability: `fsync`, `synchronous_commit` and `full_page_writes` are off, and
/// `initdb` runs with `--no-sync`. Connections over TCP authenticate with SCRAM as ``adminUser`` and
/// ``adminPassword`` (a random password made at run time); the Unix socket in ``socketDirectory`` trusts local users,
/// but the folder it is in is private to the server's user.
///
/// PostgreSQL refuses to run as root: as root, the server's folder belongs to the `postgres` user and `initdb`,
/// `pg_ctl` and `psql` run as that user through `runuser` (or `su`, where there is no `runuser`). As anyone else they
/// run as the current user.
///
/// The binaries are `initdb`, `pg_ctl` and `psql` on `PATH` or, failing that, in the highest-numbered
/// `/usr/lib/postgresql/*/bin/` (where Debian's `postgresql` package puts them, off `PATH`).
///
/// Linux only: the children are started with `posix_spawn` and glibc's extensions (see ``run(_:environment:standardInput:directory:)``
/// for why not with `Process`).
///
/// A process killed by a signal does not run its `atexit` handlers: its server goes on running, and its folder stays,
/// until someone stops it (`pg_ctl stop -D <folder>/data`).
public final class ThrowawayPostgres: @unchecked Sendable {
    /// Why the server could not be started, stopped or used. The message never contains a password.
    public struct Failure: LocalizedError, CustomStringConvertible, Sendable {
        public let message: String

        init(_ message: String) {
            self.message = message
        }

        public var errorDescription: String? { message }
        public var description: String { message }
    }

    /// The address the server listens on (and the only one).
    public let host = "127.0.0.1"
    /// The superuser's name, owner of every database that ``createDatabase(prefix:)`` makes.
    public let adminUser = "tfz_admin"
    /// The superuser's password: 24 random hex digits, new in each process.
    public let adminPassword: String
    /// The folder of the server's Unix socket (`.s.PGSQL.<port>`).
    public let socketDirectory: String
    /// The folder of the `initdb` and `pg_ctl` in use.
    public let binDirectory: String

    /// The TCP port the server listens on. It stays the same across ``stop()`` and ``start()``.
    public var port: Int { lock.withLock { currentPort } }

    /// How long a child process (`initdb`, `pg_ctl`, `psql`) may run before it is killed.
    static let childTimeout: TimeInterval = 90
    /// How many ports the first start tries, should another process take the free port before the server binds it.
    static let portAttempts = 3

    /// The temporary folder: `data/` (the cluster), `server.log` and the socket.
    let folder: String
    let dataDirectory: String
    let logFile: String
    private let tools: Tools
    private let launcher: Launcher

    /// Guards `currentPort`, `running` and the counters.
    private let lock = NSLock()
    /// Held for the whole of a start or a stop, so that the two never interleave.
    private let lifecycle = NSLock()
    private var currentPort = 0
    private var running = false
    private var databaseCounter = 0
    private var scriptCounter = 0

    // MARK: - The shared server

    private enum SharedState {
        case notStarted
        case started(ThrowawayPostgres)
        case failed(Failure)
    }

    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var sharedState = SharedState.notStarted

    /// The test process's server, started on the first call and stopped when the process exits.
    ///
    /// Safe to call from many threads at once: the first caller starts the server while the others wait for it. When
    /// the start fails, this call and every later one throw the same error at once, without trying again.
    public static func shared() throws -> ThrowawayPostgres {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        switch sharedState {
        case .started(let server):
            return server
        case .failed(let failure):
            throw failure
        case .notStarted:
            do {
                let server = try ThrowawayPostgres()
                sharedState = .started(server)
                return server
            } catch {
                let failure = error as? Failure ?? Failure("Could not start a throwaway PostgreSQL: \(error).")
                sharedState = .failed(failure)
                throw failure
            }
        }
    }

    /// Makes the folder and the cluster and starts the server; on failure, leaves nothing behind.
    private init() throws {
        tools = try Self.findTools()
        binDirectory = tools.binDirectory
        launcher = try Self.launcher()
        adminPassword = Self.randomHex(byteCount: 12)

        folder = try Self.makeFolder(owner: launcher.owner)
        dataDirectory = folder + "/data"
        logFile = folder + "/server.log"
        socketDirectory = folder
        ExitCleanup.add(.init(folder: folder, dataDirectory: dataDirectory, stopCommand: launcher.argv(
            tools.pgCtl, ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "30"])))
        do {
            try initializeCluster()
            try startOnFreePort()
        } catch {
            // A server that pg_ctl gave up waiting for may be up all the same.
            if FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") {
                _ = try? runAsServerUser(tools.pgCtl, ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "30"])
            }
            ExitCleanup.remove(folder: folder)
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    // MARK: - Databases and roles

    /// Creates a new, empty database owned by ``adminUser`` and returns its name: `prefix`, the process id and a
    /// counter, joined by `_`, in lower case, with any character other than `a-z`, `0-9` and `_` replaced by `_`.
    ///
    /// Safe to call from many threads at once.
    public func createDatabase(prefix: String = "tfz_test") throws -> String {
        let number = lock.withLock {
            databaseCounter += 1
            return databaseCounter
        }
        let suffix = "_\(getpid())_\(number)"
        // PostgreSQL cuts names at 63 bytes; cut the prefix instead, so that the name returned is the name created.
        let name = String(Self.identifierSafe(prefix).prefix(63 - suffix.count)) + suffix
        try runPSQL(database: "postgres", command: "CREATE DATABASE \(Self.quoted(name)) OWNER \(Self.quoted(adminUser))")
        return name
    }

    /// Drops a database, closing the connections that are still open to it. A database that is not there is not an
    /// error.
    public func dropDatabase(_ name: String) throws {
        try runPSQL(database: "postgres", command: "DROP DATABASE IF EXISTS \(Self.quoted(name)) WITH (FORCE)")
    }

    /// Creates a role that can log in with `password` (and do nothing else), for tests of what a client does with a
    /// user that is not ``adminUser`` or a password that is wrong. The password goes to `psql` through its standard
    /// input, not its arguments, and is left out of any error.
    public func createRole(name: String, password: String) throws {
        let escaped = password.replacingOccurrences(of: "'", with: "''")
        try runPSQL(
            database: "postgres", script: "CREATE ROLE \(Self.quoted(name)) LOGIN PASSWORD '\(escaped)';\n",
            secrets: [escaped, password])
    }

    /// Runs `sql` (one statement or several, as a script) in `database` as ``adminUser`` and returns what `psql`
    /// printed, unaligned and without headers (`-A -t`): one row a line, columns separated by `|`, trimmed of the
    /// white space around it. The script stops at its first error, which is thrown with `psql`'s message.
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> String {
        try runPSQL(database: database, script: sql + "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Turns TLS on (a self-signed certificate for `localhost`, made with `openssl` in the data folder) and reloads the
    /// server: clients that ask for TLS get it from then on, clients that do not are unaffected. Doing it again is not
    /// an error.
    public func enableTLS() throws {
        let key = dataDirectory + "/server.key", certificate = dataDirectory + "/server.crt"
        if !FileManager.default.fileExists(atPath: certificate) {
            let made = try runAsServerUser("/usr/bin/openssl", ["req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=localhost",
                                                                "-keyout", key, "-out", certificate])
            guard made.status == 0 else { throw Failure("openssl could not make a certificate (\(made.summary)): \(made.stderr).") }
            _ = try runAsServerUser("/bin/chmod", ["600", key])
        }
        _ = try psql("ALTER SYSTEM SET ssl = on", database: "postgres")
        _ = try psql("SELECT pg_reload_conf()", database: "postgres")
    }

    // MARK: - Stopping and starting

    /// Stops the server (`pg_ctl stop -m fast`: open connections are closed), keeping its data, for tests of what a
    /// client does when the server is gone. Stopping a stopped server is not an error.
    public func stop() throws {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        guard lock.withLock({ running }) else { return }
        let outcome = try runAsServerUser(tools.pgCtl, ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60"])
        guard outcome.status == 0 else {
            throw Failure("pg_ctl could not stop the throwaway PostgreSQL (\(outcome.summary)): \(redacted(outcome.stderr)).")
        }
        lock.withLock { running = false }
    }

    /// Starts the server again after ``stop()``, on the same port. Starting a running server is not an error.
    public func start() throws {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        guard !lock.withLock({ running }) else { return }
        let port = lock.withLock { currentPort }
        if let failure = try startServer(port: port) {
            throw failure.failure
        }
    }

    // MARK: - Starting

    private func initializeCluster() throws {
        // The password reaches initdb through a file (0600, the server user's), never through its arguments.
        let passwordFile = folder + "/pwfile"
        try Self.writePrivateFile(passwordFile, contents: adminPassword + "\n", owner: launcher.owner)
        defer { unlink(passwordFile) }
        let outcome = try runAsServerUser(tools.initdb, [
            "-D", dataDirectory, "-U", adminUser, "--pwfile=\(passwordFile)",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync",
        ])
        guard outcome.status == 0 else {
            throw Failure("initdb could not make a throwaway PostgreSQL cluster in \(dataDirectory) (\(outcome.summary)): "
                + redacted(Self.lastLines(outcome.stderr + outcome.stdout, 20)))
        }
    }

    /// Starts the server on a free port, and on another one when something took the port between the moment it was
    /// found free and the moment the server bound it.
    private func startOnFreePort() throws {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        var lastFailure: StartFailure?
        for _ in 1...Self.portAttempts {
            let port = try Self.freePort()
            guard let failure = try startServer(port: port) else { return }
            guard failure.portTaken else { throw failure.failure }
            lastFailure = failure
        }
        throw lastFailure!.failure
    }

    private struct StartFailure {
        var failure: Failure
        var portTaken: Bool
    }

    /// Runs `pg_ctl start` and waits until the server accepts connections; returns why it did not, if it did not.
    private func startServer(port: Int) throws -> StartFailure? {
        let options = [
            "-p \(port)", "-c listen_addresses=127.0.0.1", "-k \(Self.shellQuoted(socketDirectory))",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200",
        ].joined(separator: " ")
        let outcome = try runAsServerUser(
            tools.pgCtl, ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", options])
        if outcome.status == 0 {
            lock.withLock {
                currentPort = port
                running = true
            }
            return nil
        }
        let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        let tail = Self.lastLines(log, 20)
        let portTaken = tail.contains("could not bind") || tail.contains("Address already in use")
        let message = "pg_ctl could not start the throwaway PostgreSQL on \(host):\(port) (\(outcome.summary)): "
            + redacted(Self.lastLines(outcome.stderr + outcome.stdout, 5))
            + "\nThe last lines of the server's log:\n" + redacted(tail)
        return StartFailure(failure: Failure(message), portTaken: portTaken)
    }

    /// A port that was free a moment ago: the one the kernel gives a socket bound to 127.0.0.1:0.
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure("Could not open a socket to find a free port: \(Self.errnoText()).") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw Failure("Could not find a free port on 127.0.0.1: \(Self.errnoText()).") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: - psql

    /// Runs one SQL command with `psql -c` in `database`, as ``adminUser`` over TCP; returns its standard output.
    @discardableResult
    private func runPSQL(database: String, command: String) throws -> String {
        try runPSQL(database: database, arguments: ["-c", command], input: nil, secrets: [])
    }

    /// Runs an SQL script, given on `psql`'s standard input, in `database`; returns its standard output.
    @discardableResult
    private func runPSQL(database: String, script: String, secrets: [String] = []) throws -> String {
        try runPSQL(database: database, arguments: [], input: script, secrets: secrets)
    }

    private func runPSQL(database: String, arguments: [String], input: String?, secrets: [String]) throws -> String {
        let port = lock.withLock { currentPort }
        // The password goes to psql through its environment alone: it is in no argument and no error message.
        var environment = Self.environmentWithoutPostgresVariables()
        environment["PGPASSWORD"] = adminPassword
        environment["PGCONNECT_TIMEOUT"] = "10"
        environment["PGSSLMODE"] = "disable"
        environment["PGGSSENCMODE"] = "disable"
        environment["PGAPPNAME"] = "tfz-tests"
        let arguments = [
            "-X", "-A", "-t", "-q", "-w", "-h", host, "-p", String(port), "-U", adminUser, "-d", database,
            "-v", "ON_ERROR_STOP=1",
        ] + arguments
        let standardInput = try input.map { try scriptFile($0) }
        defer { try? standardInput?.close() }
        let outcome = try runAsServerUser(tools.psql, arguments, environment: environment, standardInput: standardInput)
        guard outcome.status == 0 else {
            let reason = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure("psql failed in database \(database) on \(host):\(port) (\(outcome.summary)): "
                + redacted(reason.isEmpty ? outcome.stdout : reason, also: secrets))
        }
        return outcome.stdout
    }

    /// An open file holding `script`, already unlinked from the folder, for a child's standard input. A file rather
    /// than a pipe: a child that exits before reading its input cannot then make the writer fail (or die of SIGPIPE),
    /// and a long script cannot fill a pipe that nobody reads yet.
    private func scriptFile(_ script: String) throws -> FileHandle {
        let number = lock.withLock {
            scriptCounter += 1
            return scriptCounter
        }
        let path = folder + "/script-\(number).sql"
        try Self.writePrivateFile(path, contents: script, owner: nil)
        defer { unlink(path) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure("Could not read back the script file \(path).")
        }
        return handle
    }

    /// `text` with the admin password, and any of `also`, replaced by `***`.
    private func redacted(_ text: String, also secrets: [String] = []) -> String {
        var text = text
        for secret in [adminPassword] + secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        return text
    }

    // MARK: - Child processes

    /// What a child process did.
    struct Outcome {
        /// The exit status, or 128 plus the signal that ended the child.
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool

        /// "exit status 1", or "killed after 90 s".
        var summary: String {
            timedOut ? "killed after \(Int(ThrowawayPostgres.childTimeout)) s" : "exit status \(status)"
        }
    }

    private func runAsServerUser(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        standardInput: FileHandle? = nil
    ) throws -> Outcome {
        try Self.run(
            launcher.argv(executable, arguments), environment: environment ?? Self.environmentWithoutPostgresVariables(),
            standardInput: standardInput, directory: folder)
    }

    /// Runs a program to its end and returns its exit status and output.
    ///
    /// Not with Foundation's `Process`: on Linux, `Process` learns that its child ended when a socket that the child
    /// inherits is closed, and `pg_ctl start` leaves the server holding it, so `waitUntilExit()` never returns (and the
    /// server keeps the socket for as long as it runs). Here the child gets its standard input, output and error and no
    /// other descriptor, and is reaped with `waitpid`.
    ///
    /// Both pipes are read while the child runs (standard error on another thread), so a child that writes a lot to
    /// one of them while the other is not being read cannot block. A child still running after ``childTimeout`` gets
    /// SIGTERM (which `runuser` and `su` pass on to their child), and SIGKILL 5 s later.
    static func run(
        _ argv: [String], environment: [String: String], standardInput: FileHandle?, directory: String
    ) throws -> Outcome {
        let output = try makePipe()
        let errors: [Int32]
        do {
            errors = try makePipe()
        } catch {
            close(output[0])
            close(output[1])
            throw error
        }
        let pid: pid_t
        do {
            pid = try spawn(
                argv, environment: environment, standardInput: standardInput?.fileDescriptor,
                standardOutput: output[1], standardError: errors[1], directory: directory)
            close(output[1])
            close(errors[1])
        } catch {
            [output[0], output[1], errors[0], errors[1]].forEach { close($0) }
            throw error
        }
        let watchdog = Watchdog(pid: pid, timeout: childTimeout)
        let errorText = ResultBox()
        let readingErrors = DispatchGroup()
        readingErrors.enter()
        let errorDescriptor = errors[0]
        DispatchQueue.global().async {
            errorText.set(readToEnd(errorDescriptor))
            readingErrors.leave()
        }
        let outputData = readToEnd(output[0])
        readingErrors.wait()
        close(output[0])
        close(errors[0])
        // Wait without reaping, disarm the watchdog, then reap: the watchdog can never signal a reused pid.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
        let timedOut = watchdog.finish()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        // WIFEXITED and friends are macros that Swift does not import.
        let signal = status & 0x7f
        return Outcome(
            status: signal == 0 ? (status >> 8) & 0xff : 128 + signal,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorText.get(), as: UTF8.self), timedOut: timedOut)
    }

    /// Starts `argv` with `posix_spawn`: its standard input (`/dev/null` when nil), output and error are the
    /// descriptors given, every other descriptor is closed, its working folder is `directory`, and it starts with no
    /// signal blocked and SIGPIPE at its default.
    static func spawn(
        _ argv: [String], environment: [String: String], standardInput: Int32?, standardOutput: Int32,
        standardError: Int32, directory: String?
    ) throws -> pid_t {
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if devNull >= 0 { close(devNull) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput ?? devNull, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        SpawnExtras.closeFrom3(&actions)
        if let directory {
            SpawnExtras.changeDirectory(&actions, directory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, arguments, variables)
        guard result == 0 else {
            throw Failure("Could not run \(argv[0]): \(String(cString: strerror(result))).")
        }
        return pid
    }

    /// A pipe whose two ends are closed on `exec` (`pipe2` is a GNU extension that Swift does not see).
    private static func makePipe() throws -> [Int32] {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw Failure("Could not make a pipe: \(errnoText()).") }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return ends
    }

    /// Reads a descriptor until its end.
    private static func readToEnd(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }

    /// Signals a child that runs for too long.
    private final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private let pid: pid_t
        private var finished = false
        private var fired = false

        init(pid: pid_t, timeout: TimeInterval) {
            self.pid = pid
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { self.signal(SIGTERM) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout + 5) { self.signal(SIGKILL) }
        }

        private func signal(_ signal: Int32) {
            lock.withLock {
                guard !finished else { return }
                fired = true
                kill(pid, signal)
            }
        }

        /// Disarms the watchdog; returns whether it had fired.
        func finish() -> Bool {
            lock.withLock {
                finished = true
                return fired
            }
        }
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        func set(_ data: Data) { lock.withLock { self.data = data } }
        func get() -> Data { lock.withLock { data } }
    }

    /// The environment of this process without its `PG…` variables (`PGHOST`, `PGDATA`, `PGPASSWORD`, …), which
    /// would otherwise change what the children connect to or where they look.
    static func environmentWithoutPostgresVariables() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
    }

    // MARK: - Who runs the server

    /// How the children are run: as the current user, or, for root, as `postgres`.
    private struct Launcher {
        enum Kind {
            case currentUser
            case runuser(String)
            case su(String)
        }

        var kind: Kind
        /// The uid and gid that the server's files must belong to (nil: the current user's, as they are).
        var owner: (uid: uid_t, gid: gid_t)?

        /// The command line that runs `executable` with `arguments` as the server's user.
        func argv(_ executable: String, _ arguments: [String]) -> [String] {
            switch kind {
            case .currentUser:
                return [executable] + arguments
            case .runuser(let runuser):
                return [runuser, "-u", "postgres", "--", executable] + arguments
            case .su(let su):
                let command = ([executable] + arguments).map(ThrowawayPostgres.shellQuoted).joined(separator: " ")
                return [su, "postgres", "-s", "/bin/sh", "-c", "exec " + command]
            }
        }
    }

    private static func launcher() throws -> Launcher {
        guard geteuid() == 0 else { return Launcher(kind: .currentUser, owner: nil) }
        guard let entry = getpwnam("postgres") else {
            throw Failure(
                "PostgreSQL refuses to run as root, and there is no `postgres` user to run it as; "
                    + "`apt-get install postgresql` (Debian) creates one.")
        }
        let owner = (uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        if let runuser = firstExecutable(named: "runuser", extraFolders: ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]) {
            return Launcher(kind: .runuser(runuser), owner: owner)
        }
        if let su = firstExecutable(named: "su", extraFolders: ["/usr/bin", "/bin"]) {
            return Launcher(kind: .su(su), owner: owner)
        }
        throw Failure("PostgreSQL refuses to run as root, and neither `runuser` nor `su` is there to run it as `postgres`.")
    }

    // MARK: - Finding the binaries

    struct Tools {
        var initdb: String
        var pgCtl: String
        var psql: String
        var binDirectory: String
    }

    /// `initdb` and `pg_ctl` from `PATH`, else from the highest-numbered `/usr/lib/postgresql/*/bin/`; `psql` from
    /// the same folder where it is there, else from `PATH`.
    ///
    /// A folder on `PATH` may hold links to the real binaries: the folder they point into comes first, as its `psql`
    /// is of the same version (Debian's `/usr/bin/psql` is a wrapper script that picks a version).
    static func findTools() throws -> Tools {
        var folders: [String] = []
        for folder in searchPath() where isExecutable(folder + "/initdb") && isExecutable(folder + "/pg_ctl") {
            let real = URL(fileURLWithPath: folder + "/initdb").resolvingSymlinksInPath().deletingLastPathComponent()
            folders += [real.path, folder]
            break
        }
        let installed = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let newestFirst = installed.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
        folders += newestFirst.map { "/usr/lib/postgresql/\($0)/bin" }

        for folder in folders where isExecutable(folder + "/initdb") && isExecutable(folder + "/pg_ctl") {
            let psql = isExecutable(folder + "/psql") ? folder + "/psql" : firstExecutable(named: "psql")
            guard let psql else {
                throw Failure("PostgreSQL's client `psql` is not installed; `apt-get install postgresql` (Debian) provides it.")
            }
            return Tools(initdb: folder + "/initdb", pgCtl: folder + "/pg_ctl", psql: psql, binDirectory: folder)
        }
        throw Failure("PostgreSQL is not installed; `apt-get install postgresql` (Debian) provides initdb and pg_ctl.")
    }

    private static func searchPath() -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    private static func firstExecutable(named name: String, extraFolders: [String] = []) -> String? {
        (searchPath() + extraFolders).map { $0 + "/" + name }.first(where: isExecutable)
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    // MARK: - Files

    /// Makes the server's folder (0700), under the temporary folder, and gives it to `owner`.
    ///
    /// For root, the folder is under `/tmp` when the temporary folder is somewhere `postgres` cannot reach (a
    /// `TMPDIR` inside `/root`, say).
    private static func makeFolder(owner: (uid: uid_t, gid: gid_t)?) throws -> String {
        var base = NSTemporaryDirectory()
        if owner != nil, !everyoneCanTraverse(base) {
            base = "/tmp"
        }
        let path = URL(fileURLWithPath: base, isDirectory: true)
            .appendingPathComponent("tfz-pg-\(getpid())-\(randomHex(byteCount: 4))", isDirectory: true).path
        guard mkdir(path, 0o700) == 0 else {
            throw Failure("Could not make the throwaway PostgreSQL's folder \(path): \(errnoText()).")
        }
        if let owner, chown(path, owner.uid, owner.gid) != 0 {
            let reason = errnoText()
            rmdir(path)
            throw Failure("Could not give the throwaway PostgreSQL's folder \(path) to the postgres user: \(reason).")
        }
        return path
    }

    /// Whether every folder from `/` down to `path` lets others through (`o+x`).
    private static func everyoneCanTraverse(_ path: String) -> Bool {
        var url = URL(fileURLWithPath: path, isDirectory: true).resolvingSymlinksInPath()
        while true {
            var status = stat()
            guard stat(url.path, &status) == 0, status.st_mode & S_IXOTH != 0 else { return false }
            if url.path == "/" { return true }
            url = url.deletingLastPathComponent()
        }
    }

    /// Writes a new file that only its owner (`owner`, or the current user) can read.
    private static func writePrivateFile(_ path: String, contents: String, owner: (uid: uid_t, gid: gid_t)?) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure("Could not create \(path): \(errnoText()).") }
        defer { close(descriptor) }
        if let owner, fchown(descriptor, owner.uid, owner.gid) != 0 {
            throw Failure("Could not give \(path) to the postgres user: \(errnoText()).")
        }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw Failure("Could not write \(path): \(errnoText()).") }
            written += count
        }
    }

    // MARK: - Text

    /// `byteCount` random bytes from the system's generator, as lower-case hex.
    static func randomHex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<byteCount).map { _ in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
    }

    /// `text` in lower case, with every character other than `a-z`, `0-9` and `_` replaced by `_`.
    static func identifierSafe(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "0"..."9", "_": return Character(scalar)
            default: return "_"
            }
        })
    }

    /// `name` as an SQL identifier in double quotes.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` as one word for `/bin/sh`, in single quotes.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func lastLines(_ text: String, _ count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

// MARK: - At exit

/// What the `atexit` handler does: for each server folder, `pg_ctl stop -m immediate` if the server runs, then the
/// folder is removed.
private enum ExitCleanup {
    struct Plan {
        var folder: String
        var dataDirectory: String
        var stopCommand: [String]
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var plans: [Plan] = []
    nonisolated(unsafe) private static var registered = false

    static func add(_ plan: Plan) {
        lock.withLock {
            plans.append(plan)
            if !registered {
                registered = true
                atexit { ExitCleanup.runAll() }
            }
        }
    }

    static func remove(folder: String) {
        lock.withLock { plans.removeAll { $0.folder == folder } }
    }

    private static func runAll() {
        let plans = lock.withLock {
            let taken = Self.plans
            Self.plans = []
            return taken
        }
        for plan in plans {
            if access(plan.dataDirectory + "/postmaster.pid", F_OK) == 0 {
                spawnAndWait(plan.stopCommand, folder: plan.folder)
            }
            try? FileManager.default.removeItem(atPath: plan.folder)
        }
    }

    /// Runs `argv` with its output thrown away and waits for it to end.
    private static func spawnAndWait(_ argv: [String], folder: String) {
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard devNull >= 0 else { return }
        defer { close(devNull) }
        let environment = ThrowawayPostgres.environmentWithoutPostgresVariables()
        guard let pid = try? ThrowawayPostgres.spawn(
            argv, environment: environment, standardInput: nil, standardOutput: devNull, standardError: devNull,
            directory: folder)
        else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    }
}

/// The `posix_spawn` file actions that glibc declares only for `_GNU_SOURCE` (so Swift does not see them), looked up
/// at run time, with a fallback where they are missing.
private enum SpawnExtras {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32

    private static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self)
    private static let changeDirectory: ChangeDirectory? = symbol(
        "posix_spawn_file_actions_addchdir_np", as: ChangeDirectory.self)

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }

    /// Closes every descriptor from 3 up in the child (glibc 2.34 and later); before that, every descriptor open
    /// now (glibc ignores a close action on a descriptor that is not open).
    static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, 3) == 0 { return }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// Makes the child start in `directory` (glibc 2.29 and later; before that, it starts in this process's).
    static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, _ directory: String) {
        _ = changeDirectory.map { function in directory.withCString { function(&actions, $0) } }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
