import Foundation

/// Meta's wire conventions: the Graph API version in the path, form-encoded params (JSON strings inside), the error
/// envelope, list envelopes with cursors, and the usage headers.
enum MetaWire {
    static let version = "v25.0"
    static let prefix = "/v25.0/"

    // MARK: errors

    /// `{"error":{"message","type","code","error_subcode","error_user_title","error_user_msg","is_transient","fbtrace_id"}}`.
    static func error(
        _ status: Int, message: String, type: String = "OAuthException", code: Int, subcode: Int? = nil, userTitle: String? = nil,
        userMessage: String? = nil, transient: Bool? = nil, trace: String, headers: [(name: String, value: String)] = []
    ) -> SandboxHTTPResponse {
        var body: [String: SandboxJSON] = ["message": .string(message), "type": .string(type), "code": .int(Int64(code)), "fbtrace_id": .string(trace)]
        if let subcode { body["error_subcode"] = .int(Int64(subcode)) }
        if let userTitle { body["error_user_title"] = .string(userTitle) }
        if let userMessage { body["error_user_msg"] = .string(userMessage) }
        if let transient { body["is_transient"] = .bool(transient) }
        return .json(status, ["error": .object(body)], headers: headers)
    }

    /// Error 100 about one param: HTTP 400, the param named in the message and in `error_user_msg`. The subcode 1487390
    /// is unconfirmed (Meta uses many subcodes for invalid params; clients key on code 100).
    static func invalidParameter(_ problem: MetaSchema.Problem, trace: String) -> SandboxHTTPResponse {
        error(
            400, message: problem.message, code: 100, subcode: 1_487_390, userTitle: "Invalid parameter",
            userMessage: "The value of the parameter \(problem.param) is not valid. \(problem.message)", trace: trace)
    }

    /// `Unsupported get/post request. Object with ID '…' does not exist…` (code 100, subcode 33).
    static func unknownObject(_ id: String, method: String, trace: String) -> SandboxHTTPResponse {
        error(
            400,
            message:
                "Unsupported \(method.lowercased()) request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
            type: "GraphMethodException", code: 100, subcode: 33, trace: trace)
    }

    /// `fbtrace_id` (Meta's are 23 characters of `[A-Za-z0-9_-]`).
    static func trace(_ ticket: SandboxEngine.Ticket) -> String { "A" + ticket.requestId }

    // MARK: params

    /// Decodes `application/x-www-form-urlencoded` text (`+` is a space).
    static func form(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// One uploaded file of a multipart body.
    struct Upload: Sendable {
        let field: String
        let filename: String
        let bytes: [UInt8]
    }

    /// The fields and files of a `multipart/form-data` body.
    static func multipart(_ body: Data, boundary: String) -> (fields: [(String, String)], files: [Upload])? {
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var starts: [Int] = []
        var index = 0
        while index + delimiter.count <= bytes.count {
            if bytes[index] == delimiter[0], Array(bytes[index..<index + delimiter.count]) == delimiter {
                starts.append(index)
                index += delimiter.count
            } else {
                index += 1
            }
        }
        guard starts.count >= 2 else { return nil }
        var fields: [(String, String)] = []
        var files: [Upload] = []
        for (first, next) in zip(starts, starts.dropFirst()) {
            var part = Array(bytes[(first + delimiter.count)..<next])
            if part.starts(with: [13, 10]) { part.removeFirst(2) }
            if part.count >= 2, part[part.count - 2] == 13, part[part.count - 1] == 10 { part.removeLast(2) }
            guard let split = (0..<max(0, part.count - 3)).first(where: { part[$0] == 13 && part[$0 + 1] == 10 && part[$0 + 2] == 13 && part[$0 + 3] == 10 })
            else { continue }
            let head = String(decoding: part[..<split], as: UTF8.self)
            let content = Array(part[(split + 4)...])
            guard let disposition = head.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }) else { continue }
            func attribute(_ name: String) -> String? {
                guard let range = disposition.range(of: "\(name)=\"") else { return nil }
                let rest = disposition[range.upperBound...]
                return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
            guard let field = attribute("name") else { continue }
            if let filename = attribute("filename") {
                files.append(Upload(field: field, filename: filename, bytes: content))
            } else {
                fields.append((field, String(decoding: content, as: UTF8.self)))
            }
        }
        return (fields, files)
    }

    // MARK: lists

    /// An opaque cursor (base64, like Meta's) for a position in a list.
    static func cursor(_ position: String) -> String { Data("meta:\(position)".utf8).base64EncodedString() }

    static func position(_ cursor: String) -> String? {
        guard let data = Data(base64Encoded: cursor) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return text.hasPrefix("meta:") ? String(text.dropFirst(5)) : nil
    }

    /// `{"data": […], "paging": {"cursors": {"before", "after"}, "next"?}}` for one page of `rows` (keys are the rows'
    /// positions); `next` repeats the request's query with `after` replaced, and is left out on the last page.
    static func page(
        _ rows: [(key: String, row: SandboxJSON)], offset: Int, limit: Int, baseURL: URL, path: String, query: [(String, String)]
    ) -> SandboxJSON {
        let slice = Array(rows.dropFirst(offset).prefix(limit))
        var body: [String: SandboxJSON] = ["data": .array(slice.map(\.row))]
        guard let first = slice.first, let last = slice.last else {
            body["paging"] = ["cursors": .object([:])]
            return .object(body)
        }
        var paging: [String: SandboxJSON] = ["cursors": ["before": .string(cursor(first.key)), "after": .string(cursor(last.key))]]
        if offset + slice.count < rows.count {
            var items = query.filter { $0.0 != "after" && $0.0 != "before" }
            items.append(("after", cursor(last.key)))
            var components = URLComponents(url: baseURL.appendingPathComponent(String(path.dropFirst())), resolvingAgainstBaseURL: false)!
            components.percentEncodedQuery = items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
            paging["next"] = .string(components.url!.absoluteString)
        }
        body["paging"] = .object(paging)
        return .object(body)
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: values

    /// Cents as Meta's insights `spend`: decimal dollars (`"12.34"`, `"0"` for nothing).
    static func dollars(_ cents: Int64) -> String {
        cents % 100 == 0 ? String(cents / 100) : String(format: "%lld.%02lld", cents / 100, cents % 100)
    }

    /// A number as Meta writes derived insights figures: a decimal string with up to 6 places, no trailing zeros.
    static func decimal(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `2026-01-31T09:00:00-0800` (Meta's datetime: offset without a colon) for seconds since 1970, in UTC.
    static func datetime(_ seconds: Int64) -> String {
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - Int64(day) * 86_400
        return String(format: "%@T%02lld:%02lld:%02lld+0000", SandboxCalendar.string(day), rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// The day (days since 1970, in the datetime's own offset) of a Meta datetime: `2026-01-31T09:00:00-0800`,
    /// `2026-01-31T09:00:00-08:00`, `2026-01-31` or seconds since 1970.
    static func day(_ text: String?) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        if text.allSatisfy(\.isASCIINumber), let seconds = Double(text) { return Int((seconds / 86_400).rounded(.down)) }
        return SandboxCalendar.day(String(text.prefix(10)))
    }

    /// Whether a datetime param is one Meta accepts: ISO 8601 with an offset (with or without a colon), a date, or
    /// seconds since 1970.
    static func isDatetime(_ text: String) -> Bool {
        if !text.isEmpty, text.allSatisfy(\.isASCIINumber) { return true }
        guard day(text) != nil else { return false }
        if text.count == 10 { return true }
        let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})$"#
        return text.range(of: pattern, options: .regularExpression) != nil
    }
}
