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
                account: state.accounts[customerId] ?? StoredAccount(), customerId: customerId, today: today,
                seed: configuration.seed
            )
            .run(query)
        } catch {
            return fail(GoogleAdsError(error.code, error.message, trigger: ["stringValue": .string(text)]))
        }
        let bases = output.layout.encodedBases()
        let rows = output.rows

        if stream {
            // One JSON array of batches of up to `pageSize` rows, written straight to bytes.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(min(rows.count, 2_000_000) * 256 + 256)
            bytes.append(UInt8(ascii: "["))
            var offset = 0
            repeat {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                let end = min(offset + Self.pageSize, rows.count)
                var members: [String: SandboxJSON] = [
                    "fieldMask": .string(output.fieldMask), "requestId": .string(ticket.requestId),
                ]
                if end >= rows.count { members["queryResourceConsumption"] = .string(String(output.scanned)) }
                Self.writePage(members, rows: rows[offset..<end], output.layout, bases, to: &bytes)
                offset = end
            } while offset < rows.count
            bytes.append(UInt8(ascii: "]"))
            return .jsonBytes(200, bytes, headers: headers)
        }

        if normalized["validateOnly"]?.boolValue == true {
            return answer(200, ["fieldMask": .string(output.fieldMask)])
        }
        var offset = 0
        if let token = normalized["pageToken"]?.stringValue, !token.isEmpty {
            guard let decoded = Self.decodePageToken(token, query: text), decoded <= rows.count else {
                return fail(
                    GoogleAdsError(.requestErrorInvalidPageToken, "Page token is invalid.", at: [.init("page_token")]))
            }
            offset = decoded
        }
        let end = min(offset + Self.pageSize, rows.count)
        var members: [String: SandboxJSON] = [
            "fieldMask": .string(output.fieldMask),
            "queryResourceConsumption": .string(String(output.scanned)),
        ]
        if end < rows.count { members["nextPageToken"] = .string(Self.pageToken(offset: end, query: text)) }
        if normalized.value(atPath: "searchSettings.returnTotalResultsCount")?.boolValue == true {
            members["totalResultsCount"] = .string(String(rows.count))
        }
        var bytes: [UInt8] = []
        Self.writePage(members, rows: rows[offset..<end], output.layout, bases, to: &bytes)
        return .jsonBytes(200, bytes, headers: headers)
    }

    /// Writes `members` plus `"results": [rows]` (left out when there are no rows, as proto3 JSON
    /// leaves out empty lists) as one JSON object with sorted keys.
    static func writePage(
        _ members: [String: SandboxJSON], rows: ArraySlice<QueryExecutor.ResultRow>, _ layout: QueryExecutor.RowLayout,
        _ bases: [[UInt8]], to bytes: inout [UInt8]
    ) {
        let keys = (Array(members.keys) + (rows.isEmpty ? [] : ["results"])).sorted()
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            SandboxJSON.writeString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            if let value = members[key] {
                value.write(to: &bytes)
                continue
            }
            bytes.append(UInt8(ascii: "["))
            for (position, row) in rows.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                layout.write(row, bases: bases, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        bytes.append(UInt8(ascii: "}"))
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
