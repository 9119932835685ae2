import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Connects Hummingbird to `SandboxEngine`: collects the body, serves it (`SandboxEngine.serve`, which
/// also waits out `slow` faults) and turns a drop into a connection closed after the response head.
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let engine: SandboxEngine
    let gate: DropGate
    let maxBodyBytes: Int

    /// Thrown inside a response body to make the server close the connection mid-response.
    struct DroppedConnection: Error {}

    func respond(to request: Request, context: Context) async throws -> Response {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            let tooLarge = SandboxEngine.payloadTooLarge(path: request.uri.path)
            return Response(
                status: .contentTooLarge,
                headers: [.contentType: "application/json; charset=UTF-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(data: tooLarge.body))
            )
        }
        let incoming = SandboxHTTPRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query,
            headers: request.headers.map { ($0.name.rawName, $0.value) },
            body: Data(buffer: buffer)
        )
        switch await engine.serve(incoming) {
        case .respond(let response):
            var fields = HTTPFields()
            for (name, value) in response.headers {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            return Response(
                status: HTTPResponse.Status(code: response.status),
                headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(data: response.body))
            )
        case .drop:
            let hold = await engine.dropHold
            let gate = self.gate
            // The head goes out (so no client silently retries the POST), then the connection closes
            // before any body byte: the client sees a lost connection, or its timeout if `hold` is longer.
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=UTF-8"],
                body: ResponseBody { _ in
                    await gate.wait(hold)
                    throw DroppedConnection()
                }
            )
        }
    }
}
