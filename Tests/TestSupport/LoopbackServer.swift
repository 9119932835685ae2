import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, one thread per connection, for testing the live transport
/// against real sockets. With `upstream`, it is a proxy in front of another loopback server (the embedded sandbox):
/// every request is relayed to it on a new connection and its answer relayed back, so that connection faults can be
/// put between tfz and the sandbox. Otherwise its routes are:
/// - `/ok`, `/token`: 200 with a JSON body (`/token` answers like Google's token endpoint)
/// - `/slow`: answers after `slowDelay`
/// - `/drop`: reads the request, then resets the connection without answering
/// - `/close`: reads the request, then closes the connection without answering
/// - `/redirect`: 302 to `/ok`
///
/// With `keepAlive`, answers to `/ok` keep the connection open for the next request, and `connectionFaults` can make
/// the server drop a kept-alive connection on cue, as a server or load balancer does when it retires an idle connection
/// at the moment the client reuses it: request number N (counted from 1 across connections) gets the fault.
public final class LoopbackServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String
        /// The body arrived as long as its `Content-Length` said (false: the sender stopped short, or the connection
        /// ended before the body did).
        public var complete: Bool = true
        /// The number of earlier requests served on the same connection (0 on a new connection).
        public var reuse: Int = 0
        /// The fault the server applied to this request's connection.
        public var fault: ConnectionFault?
        /// When its head arrived.
        public var arrived = ContinuousClock.now
    }

    /// What the server does to the connection a request arrived on.
    public enum ConnectionFault: Sendable, Equatable {
        /// Closes (FIN) as soon as the request's head has arrived, without reading the body or answering.
        case closeOnArrival
        /// Resets (RST) as soon as the request's head has arrived.
        case resetOnArrival
        /// Reads the whole request (a mutate would be applied; a proxy relays it and reads the answer), then closes
        /// without answering.
        case closeAfterReading
        /// Reads the whole request, then resets without answering.
        case resetAfterReading
    }

    public let port: Int
    let slowDelay: Duration
    let keepAlive: Bool
    /// How long the server waits for a body that is shorter than its `Content-Length` before recording it incomplete.
    let bodyPatience: Duration
    let upstream: URL?
    private let connectionFaults: @Sendable (Int) -> ConnectionFault?
    private let listener: Int32
    private let received = Mutex<[Request]>([])
    private let counter = Mutex(0)
    private let accepted = Mutex(0)

    public var requests: [Request] { received.withLock { $0 } }
    /// How many connections the server has accepted.
    public var connections: Int { accepted.withLock { $0 } }
    public func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    public init(slowDelay: Duration = .seconds(2), keepAlive: Bool = false, bodyPatience: Duration = .seconds(3), upstream: URL? = nil,
                connectionFaults: @escaping @Sendable (Int) -> ConnectionFault? = { _ in nil }) throws {
        self.slowDelay = slowDelay
        self.keepAlive = keepAlive || upstream != nil
        self.upstream = upstream
        self.bodyPatience = bodyPatience
        self.connectionFaults = connectionFaults
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        port = Self.localPort(fd)
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops accepting connections.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR_VALUE))
        close(listener)
    }

    /// A port on which nothing listens.
    public static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let port = localPort(fd)
        close(fd)
        return port
    }

    private static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            accepted.withLock { $0 += 1 }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    /// Serves requests on one connection until it is closed (one request unless `keepAlive`).
    private func serve(_ fd: Int32) {
        var pending = [UInt8]()
        var reuse = 0
        while let head = readHead(fd, &pending) {
            let number = counter.withLock { $0 += 1; return $0 }
            switch connectionFaults(number) {
            case .closeOnArrival?:
                received.withLock { $0.append(head.request(body: [], complete: false, reuse: reuse, fault: .closeOnArrival)) }
                shutdown(fd, Int32(SHUT_RDWR_VALUE)); close(fd); return
            case .resetOnArrival?:
                received.withLock { $0.append(head.request(body: [], complete: false, reuse: reuse, fault: .resetOnArrival)) }
                reset(fd); return
            case let fault:
                let (body, complete) = readBody(fd, &pending, length: head.contentLength)
                let request = head.request(body: body, complete: complete, reuse: reuse, fault: fault)
                received.withLock { $0.append(request) }
                if let upstream {
                    let answer = complete ? relay(head, body, to: upstream) : nil
                    switch fault {
                    case .closeAfterReading?: shutdown(fd, Int32(SHUT_RDWR_VALUE)); close(fd); return
                    case .resetAfterReading?: reset(fd); return
                    default: break
                    }
                    guard let answer, write(fd, answer), head.headers["connection"]?.lowercased() != "close" else { close(fd); return }
                    reuse += 1
                    continue
                }
                switch fault {
                case .closeAfterReading?: shutdown(fd, Int32(SHUT_RDWR_VALUE)); close(fd); return
                case .resetAfterReading?: reset(fd); return
                default: break
                }
                guard complete, keepAlive, request.path.hasPrefix("/ok") else { answer(fd, request); return }
                let text = #"{"ok":true,"method":"\#(request.method)","n":\#(number)}"#
                write(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(text.utf8.count)\r\n\r\n\(text)")
                reuse += 1
            }
        }
        close(fd)
    }

    private func reset(_ fd: Int32) {
        var linger = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    private func answer(_ fd: Int32, _ request: Request) {
        switch request.path.split(separator: "?").first.map(String.init) ?? request.path {
        case "/ok":
            let body = #"{"ok":true,"method":"\#(request.method)"}"#
            write(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: loop-1\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        case "/token":
            let body = #"{"access_token":"ya29."# + #"canary-ACCESS-do-not-log","expires_in":3599,"token_type":"Bearer"}"#
            write(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        case "/slow":
            Thread.sleep(forTimeInterval: Double(slowDelay.components.seconds) + Double(slowDelay.components.attoseconds) / 1e18)
            write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        case "/drop":
            var linger = linger(l_onoff: 1, l_linger: 0)  // close with RST
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        case "/close":
            shutdown(fd, Int32(SHUT_RDWR_VALUE))
        case "/redirect":
            write(fd, "HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        default:
            write(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
        close(fd)
    }

    private struct Head {
        var method: String, path: String, headers: [String: String], contentLength: Int
        func request(body: [UInt8], complete: Bool, reuse: Int, fault: ConnectionFault?) -> Request {
            Request(method: method, path: path, headers: headers, body: String(decoding: body, as: UTF8.self), complete: complete,
                    reuse: reuse, fault: fault)
        }
    }

    /// Reads one request head (through the blank line); what arrived after it stays in `pending`.
    private func readHead(_ fd: Int32, _ pending: inout [UInt8]) -> Head? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let range = Self.find([13, 10, 13, 10], in: pending) {
                let lines = String(decoding: pending[0..<range], as: UTF8.self).split(separator: "\r\n")
                pending.removeFirst(range + 4)
                let start = lines.first?.split(separator: " ") ?? []
                guard start.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                return Head(method: String(start[0]), path: String(start[1]), headers: headers,
                            contentLength: headers["content-length"].flatMap { Int($0) } ?? 0)
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            pending.append(contentsOf: buffer[0..<n])
        }
    }

    /// Reads `length` bytes of body, waiting at most `bodyPatience` for them.
    private func readBody(_ fd: Int32, _ pending: inout [UInt8], length: Int) -> (body: [UInt8], complete: Bool) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + bodyPatience
        while pending.count < length {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&poller, 1, max(ms, 1)) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            pending.append(contentsOf: buffer[0..<n])
        }
        let count = min(length, pending.count)
        let body = Array(pending[0..<count])
        pending.removeFirst(count)
        return (body, count == length)
    }

    @discardableResult
    private func write(_ fd: Int32, _ text: String) -> Bool { write(fd, Array(text.utf8)) }

    @discardableResult
    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL_VALUE)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Sends the request to `upstream` on a new connection that closes after the answer, and returns the answer's bytes
    /// (nil when the upstream dropped the connection without any).
    private func relay(_ head: Head, _ body: [UInt8], to upstream: URL) -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(upstream.port ?? 80).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var text = "\(head.method) \(head.path) HTTP/1.1\r\n"
        for (name, value) in head.headers where name != "connection" { text += "\(name): \(value)\r\n" }
        text += "connection: close\r\n\r\n"
        guard write(fd, Array(text.utf8) + body) else { return nil }
        var answer = [UInt8](), buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer.append(contentsOf: buffer[0..<n])
        }
        return answer.isEmpty ? nil : answer
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}

#if canImport(Glibc)
private let SOCK_STREAM_VALUE = Int32(SOCK_STREAM.rawValue)
private let SHUT_RDWR_VALUE = Int32(SHUT_RDWR)
private let MSG_NOSIGNAL_VALUE = Int32(MSG_NOSIGNAL)
#else
private let SOCK_STREAM_VALUE = SOCK_STREAM
private let SHUT_RDWR_VALUE = SHUT_RDWR
private let MSG_NOSIGNAL_VALUE: Int32 = 0
#endif
