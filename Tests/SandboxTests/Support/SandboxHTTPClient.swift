import Foundation
import Sandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A response read off the wire, parsed with JSONSerialization (not the sandbox's own types), so
/// assertions see exactly the keys and JSON types a real client would.
struct RawResponse {
    let status: Int
    /// Header names in lower case.
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var array: [Any] { (try? JSONSerialization.jsonObject(with: body)) as? [Any] ?? [] }
}

/// A small URLSession client for the sandbox (libcurl on Linux): real HTTP on loopback.
struct SandboxHTTPClient: Sendable {
    static let customer = "1234567890"
    static let developerToken = "sandbox-developer-token"

    let baseURL: URL
    let session: URLSession

    init(_ sandbox: RunningSandbox, timeout: TimeInterval = 20) {
        baseURL = sandbox.baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    func send(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws
        -> RawResponse
    {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + path)!)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var lowered: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            lowered[String(describing: name).lowercased()] = String(describing: value)
        }
        return RawResponse(status: http.statusCode, headers: lowered, body: data)
    }

    /// `POST /oauth2/token` with a refresh-token grant.
    func requestToken(
        clientId: String = "sandbox-client-id", clientSecret: String = "sandbox-client-secret",
        refreshToken: String = "sandbox-refresh-token"
    ) async throws -> RawResponse {
        let form = [
            "grant_type=refresh_token", "client_id=\(clientId)", "client_secret=\(clientSecret)",
            "refresh_token=\(refreshToken)",
        ].joined(separator: "&")
        return try await send(
            "POST", "/oauth2/token", body: Data(form.utf8),
            headers: ["Content-Type": "application/x-www-form-urlencoded"]
        )
    }

    func accessToken() async throws -> String {
        let response = try await requestToken()
        guard let token = response.object["access_token"] as? String else {
            throw TestFailure("no access token: \(response.status) \(response.text)")
        }
        return token
    }

    /// A Google Ads API call with a bearer token and the developer token.
    func api(
        _ path: String, json: Any, token: String?, developerToken: String? = Self.developerToken,
        extraHeaders: [String: String] = [:]
    ) async throws -> RawResponse {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if let developerToken { headers["developer-token"] = developerToken }
        headers.merge(extraHeaders) { _, new in new }
        return try await send("POST", path, body: try JSONSerialization.data(withJSONObject: json), headers: headers)
    }

    func mutate(
        _ operations: [[String: Any]], token: String, partialFailure: Bool = false, validateOnly: Bool = false,
        extra: [String: Any] = [:], customer: String = Self.customer
    ) async throws -> RawResponse {
        var body: [String: Any] = ["mutateOperations": operations]
        if partialFailure { body["partialFailure"] = true }
        if validateOnly { body["validateOnly"] = true }
        body.merge(extra) { _, new in new }
        return try await api("/v25/customers/\(customer)/googleAds:mutate", json: body, token: token)
    }

    func search(_ query: String, token: String, extra: [String: Any] = [:], customer: String = Self.customer)
        async throws -> RawResponse
    {
        var body: [String: Any] = ["query": query]
        body.merge(extra) { _, new in new }
        return try await api("/v25/customers/\(customer)/googleAds:search", json: body, token: token)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Starts a sandbox, runs `body` with it and a client, and always stops it.
func withSandbox(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    timeout: TimeInterval = 20,
    _ body: (RunningSandbox, SandboxHTTPClient) async throws -> Void
) async throws {
    let sandbox = try await startSandbox(configuration)
    do {
        try await body(sandbox, SandboxHTTPClient(sandbox, timeout: timeout))
    } catch {
        await sandbox.stop()
        throw error
    }
    await sandbox.stop()
}

/// A fresh empty directory under the temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-sandbox-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

// MARK: raw JSON access

extension Dictionary where Key == String, Value == Any {
    subscript(object key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    subscript(array key: String) -> [Any] { self[key] as? [Any] ?? [] }
}

/// The single GoogleAdsError of a failure body (`error.details[0].errors[…]`).
func googleAdsErrors(_ response: RawResponse) -> [[String: Any]] {
    googleAdsErrors(in: response.object[object: "error"])
}

func googleAdsErrors(in status: [String: Any]) -> [[String: Any]] {
    let details = status[array: "details"].compactMap { $0 as? [String: Any] }
    return details.first { ($0["@type"] as? String)?.hasSuffix("errors.GoogleAdsFailure") == true }?[array: "errors"]
        .compactMap { $0 as? [String: Any] } ?? []
}

/// `errorCode` as `member.VALUE`.
func errorCode(_ error: [String: Any]) -> String {
    let code = error[object: "errorCode"]
    return code.map { "\($0.key).\($0.value)" }.first ?? ""
}

/// `location.fieldPathElements` as `mutate_operations[1].campaign_operation.create.name`.
func errorLocation(_ error: [String: Any]) -> String {
    error[object: "location"][array: "fieldPathElements"].compactMap { $0 as? [String: Any] }.map { element in
        let name = element["fieldName"] as? String ?? "?"
        return (element["index"] as? Int).map { "\(name)[\($0)]" } ?? name
    }.joined(separator: ".")
}
