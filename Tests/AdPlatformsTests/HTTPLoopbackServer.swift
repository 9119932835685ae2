import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, one thread per connection, for testing the live transport
/// against real sockets. Routes:
/// - `/ok`, `/token`: 200 with a JSON body (`/token` answers like Google's token endpoint)
/// - `/slow`: answers after `slowDelay`
/// - `/drop`: reads the request, then resets the connection without answering
/// - `/close`: reads the request, then closes the connection without answering
/// - `/redirect`: 302 to `/ok`
final class LoopbackServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    let port: Int
    let slowDelay: Duration
    private let listener: Int32
    private let received = Mutex<[Request]>([])

    var requests: [Request] { received.withLock { $0 } }
    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    init(slowDelay: Duration = .seconds(2)) throws {
        self.slowDelay = slowDelay
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
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR_VALUE))
        close(listener)
    }

    /// A port on which nothing listens.
    static func closedPort() -> Int {
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
            Thread.detachNewThread { [self] in handle(connection) }
        }
    }

    private func handle(_ fd: Int32) {
        guard let request = read(fd) else { close(fd); return }
        received.withLock { $0.append(request) }
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

    private func read(_ fd: Int32) -> Request? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if let end = headerEnd, data.count >= end + contentLength { break }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[0..<n])
            if headerEnd == nil, let range = Self.find([13, 10, 13, 10], in: data) {
                headerEnd = range + 4
                let head = String(decoding: data[0..<range], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        let end = headerEnd!
        let lines = String(decoding: data[0..<(end - 4)], as: UTF8.self).split(separator: "\r\n")
        let start = lines.first?.split(separator: " ") ?? []
        guard start.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(method: String(start[0]), path: String(start[1]), headers: headers,
                       body: String(decoding: data[end..<(end + contentLength)], as: UTF8.self))
    }

    private func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL_VALUE)) }
            if n <= 0 { return }
            sent += n
        }
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
