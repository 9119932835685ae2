import Foundation

extension SandboxEngine {
    /// Rows per page of `googleAds:search` and per batch of `googleAds:searchStream`.
    static let pageSize = 10_000

    /// `googleAds:search` and `googleAds:searchStream`.
    ///
    /// Search pages by `nextPageToken` (10,000 rows a page) and rejects `pageSize` with
    /// `PAGE_SIZE_NOT_SUPPORTED`. SearchStream answers one JSON array of batches, errors included.
    /// An empty result has no `results` key at all (proto3 JSON leaves out empty lists).
    func search(_ request: SandboxHTTPRequest, customerId: String, ticket: Ticket, stream: Bool) -> SandboxHTTPResponse
    {
        let headers = [("request-id", ticket.requestId)]
        func answer(_ status: Int, _ body: SandboxJSON) -> SandboxHTTPResponse {
            .json(status, stream ? [body] : body, headers: headers)
        }
        func fail(_ error: GoogleAdsError) -> SandboxHTTPResponse {
            answer(400, GoogleAdsWire.failureBody([error], requestId: ticket.requestId))
        }
        let normalized: SandboxJSON
        switch parseRequestBody(
            request, message: stream ? "services.SearchGoogleAdsStreamRequest" : "services.SearchGoogleAdsRequest"
        ) {
        case .failure(let response):
            return stream
                ? .json(response.status, [SandboxJSON.parse(response.body) ?? .null], headers: headers) : response
        case .success(let body): normalized = body
        }
        if normalized["pageSize"] != nil {
            return fail(
                GoogleAdsError(
                    .requestErrorPageSizeNotSupported,
                    "Setting the page size is not supported. Search responses have 10,000 rows per page.",
                    at: [.init("page_size")]
                )
            )
        }
        guard let text = normalized["query"]?.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            return fail(
                GoogleAdsError(.fieldErrorRequired, "The required field was not present.", at: [.init("query")]))
        }
        let output: QueryExecutor.Output
        do {
            let query = try GAQLParser.parse(text)
            output = try QueryExecutor(
                account: state.accounts[customerId] ?? StoredAccount(), customerId: customerId, today: today
            )
            .run(query)
        } catch {
            return fail(GoogleAdsError(error.code, error.message, trigger: ["stringValue": .string(text)]))
        }

        if stream {
            var batches: [SandboxJSON] = []
            var offset = 0
            repeat {
                let rows = Array(output.rows[offset..<min(offset + Self.pageSize, output.rows.count)])
                var batch: SandboxJSON = [
                    "fieldMask": .string(output.fieldMask), "requestId": .string(ticket.requestId),
                ]
                if !rows.isEmpty { batch["results"] = .array(rows) }
                if offset + Self.pageSize >= output.rows.count {
                    batch["queryResourceConsumption"] = .string(String(output.scanned))
                }
                batches.append(batch)
                offset += Self.pageSize
            } while offset < output.rows.count
            return .json(200, .array(batches), headers: headers)
        }

        if normalized["validateOnly"]?.boolValue == true {
            return answer(200, ["fieldMask": .string(output.fieldMask)])
        }
        var offset = 0
        if let token = normalized["pageToken"]?.stringValue, !token.isEmpty {
            guard let decoded = Self.decodePageToken(token, query: text), decoded <= output.rows.count else {
                return fail(
                    GoogleAdsError(.requestErrorInvalidPageToken, "Page token is invalid.", at: [.init("page_token")]))
            }
            offset = decoded
        }
        let end = min(offset + Self.pageSize, output.rows.count)
        var response: SandboxJSON = [
            "fieldMask": .string(output.fieldMask),
            "queryResourceConsumption": .string(String(output.scanned)),
        ]
        if offset < end { response["results"] = .array(Array(output.rows[offset..<end])) }
        if end < output.rows.count { response["nextPageToken"] = .string(Self.pageToken(offset: end, query: text)) }
        if normalized.value(atPath: "searchSettings.returnTotalResultsCount")?.boolValue == true {
            response["totalResultsCount"] = .string(String(output.rows.count))
        }
        return answer(200, response)
    }

    static func pageToken(offset: Int, query: String) -> String {
        Data("\(offset):\(String(SeededRandom.hash(query), radix: 16))".utf8).base64EncodedString()
    }

    static func decodePageToken(_ token: String, query: String) -> Int? {
        guard let data = Data(base64Encoded: token) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":")
        guard parts.count == 2, parts[1] == String(SeededRandom.hash(query), radix: 16) else { return nil }
        return Int(parts[0])
    }
}
