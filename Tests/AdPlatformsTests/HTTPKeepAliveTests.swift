@testable import AdPlatforms
import Foundation
import TestSupport
import Testing

/// The live transport when a server drops a kept-alive connection at the moment tfz reuses it (issue 10, part 1).
@Suite(.serialized) struct HTTPKeepAliveTests {
    private func post(_ server: LoopbackServer, _ transport: URLSessionTransport, _ n: Int) async throws -> HTTPResponse {
        let body = Data(#"{"operations":[{"create":{"name":"campaign \#(n)"}}],"partialFailure":true}"#.utf8)
        return try await transport.send(HTTPRequest(method: "POST", url: server.url("/ok"), headers: ["Content-Type": "application/json"],
                                                    body: body, operation: "sandbox.mutate", isIdempotent: false))
    }

    @Test(arguments: [LoopbackServer.ConnectionFault.closeOnArrival, .resetOnArrival, .closeAfterReading, .resetAfterReading])
    func aDroppedKeptAliveConnectionIsNeverResentBodyLess(fault: LoopbackServer.ConnectionFault) async throws {
        let server = try LoopbackServer(keepAlive: true) { $0 % 3 == 0 ? fault : nil }
        defer { server.stop() }
        let transport = URLSessionTransport(timeout: .seconds(30))
        let clock = ContinuousClock(), start = clock.now
        var failures = 0
        for n in 1...9 {
            let attemptStart = clock.now
            do { _ = try await post(server, transport, n) } catch { failures += 1 }
            #expect(clock.now - attemptStart < .seconds(5), "request \(n) took \(clock.now - attemptStart)")
        }
        print("keep-alive \(fault): \(clock.now - start), \(server.requests.count) requests, \(server.connections) connections, \(failures) failures")
        for request in server.requests {
            print("  \(request.reuse) \(request.complete) \(String(describing: request.fault)) \(request.body.utf8.count) \(request.headers["content-length"] ?? "-")")
        }
        #expect(server.requests.filter { $0.fault == nil && !$0.complete }.isEmpty)
        #expect(server.requests.count == 9)
    }
}
