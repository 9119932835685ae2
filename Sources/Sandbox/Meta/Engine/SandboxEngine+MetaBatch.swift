import CampaignKit
import Foundation

/// Graph's batch requests: `POST /v25.0/` (or the host's root) with `batch=[{method, relative_url, body, name,
/// depends_on, omit_response_on_success}, …]`, at most 50 requests, answered with one element per request in order:
/// `{"code": <status>, "headers": [{"name","value"}], "body": "<the answer as JSON text>"}` (no `headers` with
/// `include_headers=false`), or `null` for a request that was not run.
///
/// Each request is dispatched as if sent alone, with the batch's token. A request may use an earlier one's answer by
/// name: `{result=<name>:$.id}` in its `relative_url` or a value of its form `body` (a JSONPath of object keys and list indices). A named
/// request's answer is left out (`null`) on success unless it says `"omit_response_on_success": false` (Meta's default).
/// UNCONFIRMED, chosen to be safe for a client: a request whose `depends_on` or `{result=…}` names a request that failed
/// or was not run is itself not run (`null`); Meta documents `null` for the unfinished requests of a batch that timed
/// out. The sandbox's partial-failure fault is that timeout: the second half of the batch answers `null`, not run.
extension SandboxEngine {
    static let metaBatchLimit = 50

    func metaBatch(_ call: MetaCall, fault: Fault?) -> SandboxHTTPResponse {
        guard let text = call.params["batch"], let parsed = try? JSONDecoder().decode(SandboxJSON.self, from: Data(text.utf8)),
              let requests = parsed.arrayValue else {
            return MetaWire.error(400, message: "(#100) param batch must be a JSON array of requests", code: 100, trace: call.trace)
        }
        guard !requests.isEmpty else { return MetaWire.error(400, message: "(#100) param batch must not be empty", code: 100, trace: call.trace) }
        guard requests.count <= Self.metaBatchLimit else {
            // Wording unconfirmed; the limit of 50 is Meta's (its SDKs' MAXIMUM_BATCH_SIZE).
            return MetaWire.error(400, message: "(#1) Too many requests in batch message. Maximum batch size is \(Self.metaBatchLimit)", code: 1, trace: call.trace)
        }
        let includeHeaders = call.params["include_headers"].map { $0 != "false" } ?? true
        let cutoff: Int = if case .partialFailure = fault { max(1, requests.count / 2) } else { requests.count }
        var results: [String: SandboxJSON] = [:]
        var failed = Set<String>()
        var answers: [SandboxJSON] = []
        var lastUsage: (String, MetaUsage)?
        for (index, request) in requests.enumerated() {
            let name = request["name"]?.stringValue
            func notRun() {
                if let name { failed.insert(name) }
                answers.append(.null)
            }
            guard index < cutoff else { notRun(); continue }
            guard let method = request["method"]?.stringValue?.uppercased(), let relative = request["relative_url"]?.stringValue else {
                answers.append(Self.metaBatchElement(MetaWire.error(400, message: "(#100) Each batch request needs method and relative_url", code: 100, trace: call.trace),
                                                     includeHeaders: includeHeaders))
                if let name { failed.insert(name) }
                continue
            }
            let dependsOn = request["depends_on"]?.stringValue
            if let dependsOn, failed.contains(dependsOn) || (results[dependsOn] == nil) { notRun(); continue }
            var form: [(String, String)] = []
            for (key, value) in MetaWire.form(request["body"]?.stringValue ?? "") {
                guard let value = Self.metaSubstitute(value, results: results) else { break }
                form.append((key, value))
            }
            guard let url = Self.metaSubstitute(relative, results: results), form.count == MetaWire.form(request["body"]?.stringValue ?? "").count else {
                notRun()
                continue
            }
            guard let sub = metaSubCall(call, method: method, relativeURL: url, form: form) else {
                answers.append(Self.metaBatchElement(metaUnknownPath(call), includeHeaders: includeHeaders))
                if let name { failed.insert(name) }
                continue
            }
            var response = metaDispatch(sub)
            if let accountId = metaAccountId(of: sub) {
                let usage = metaCountCall(accountId: accountId, now: sub.now)
                lastUsage = (accountId, usage)
                response.headers += MetaUsageHeaders.headers(
                    accountId: accountId, calls: usage.calls, activeAds: metaActiveAds(accountId), now: sub.now, window: usage.window)
            }
            let ok = (200..<300).contains(response.status)
            if let name {
                if ok, let json = try? JSONDecoder().decode(SandboxJSON.self, from: response.body) { results[name] = json } else { failed.insert(name) }
            }
            let omit = ok && name != nil && (request["omit_response_on_success"]?.boolValue ?? true)
            answers.append(omit ? .null : Self.metaBatchElement(response, includeHeaders: includeHeaders))
        }
        // Each request of a batch counts against its account's usage, and the batch's answer carries the usage headers.
        guard let (accountId, usage) = lastUsage else { return .json(200, .array(answers)) }
        return .json(200, .array(answers), headers: MetaUsageHeaders.headers(
            accountId: accountId, calls: usage.calls, activeAds: metaActiveAds(accountId), now: call.now, window: usage.window))
    }

    /// One request of a batch as a call of its own: the path under the version (`v25.0/` may lead the relative URL), its
    /// query and form body as params, the batch's token.
    private func metaSubCall(_ batch: MetaCall, method: String, relativeURL: String, form: [(String, String)]) -> MetaCall? {
        var relative = relativeURL.hasPrefix("/") ? String(relativeURL.dropFirst()) : relativeURL
        if relative.hasPrefix(MetaWire.version + "/") { relative.removeFirst(MetaWire.version.count + 1) }
        else if relative.hasPrefix("v"), let slash = relative.firstIndex(of: "/"), relative[..<slash].contains(".") { return nil }
        let parts = relative.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        let query = parts.count > 1 ? MetaWire.form(String(parts[1])) : []
        var params: [String: String] = [:]
        for (name, value) in query + form { params[name] = value }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !segments.isEmpty else { return nil }
        return MetaCall(method: method, path: MetaWire.prefix + path, segments: segments, params: params, query: query, uploads: [],
                        trace: batch.trace, today: batch.today, now: batch.now)
    }

    /// `{"code", "headers"?, "body"}` for one answer of a batch.
    private static func metaBatchElement(_ response: SandboxHTTPResponse, includeHeaders: Bool) -> SandboxJSON {
        var element: [String: SandboxJSON] = ["code": .int(Int64(response.status)), "body": .string(String(decoding: response.body, as: UTF8.self))]
        if includeHeaders {
            element["headers"] = .array(response.headers.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
        }
        return .object(element)
    }

    /// Replaces each `{result=<name>:<JSONPath>}` with the value at the path in that request's answer; nil when a name or
    /// path has no value (the request is then not run).
    static func metaSubstitute(_ text: String, results: [String: SandboxJSON]) -> String? {
        var out = "", rest = Substring(text)
        while let open = rest.range(of: "{result=") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return nil }
            let reference = rest[open.upperBound..<close]
            guard let colon = reference.firstIndex(of: ":") else { return nil }
            let name = String(reference[..<colon])
            var path = reference[reference.index(after: colon)...]
            guard path.hasPrefix("$"), var value = results[name] else { return nil }
            path = path.dropFirst()
            for key in path.split(separator: ".", omittingEmptySubsequences: true) {
                if let index = Int(key), let list = value.arrayValue, list.indices.contains(index) { value = list[index] }
                else if let child = value[String(key)] { value = child }
                else { return nil }
            }
            switch value {
            case .string(let s): out += s
            case .int(let n): out += String(n)
            default: return nil
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
