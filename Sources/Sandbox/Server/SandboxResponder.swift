import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Connects Hummingbird to `SandboxEngine`: collects the body, applies `slow` and drop faults.
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
            return Response(
                status: .contentTooLarge,
                headers: [.contentType: "application/json; charset=UTF-8"],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        data: GoogleAdsWire.errorBody(
                            code: 413, message: "Request payload size exceeds the limit.", status: "INVALID_ARGUMENT"
                        ).encoded()
                    )
                )
            )
        }
        let incoming = SandboxHTTPRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query,
            headers: request.headers.map { ($0.name.rawName, $0.value) },
            body: Data(buffer: buffer)
        )
        let ticket = await engine.begin(incoming)
        if case .slow(let milliseconds) = ticket.fault {
            try? await Task.sleep(for: .milliseconds(milliseconds))
        }
        switch await engine.handle(incoming, ticket) {
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
