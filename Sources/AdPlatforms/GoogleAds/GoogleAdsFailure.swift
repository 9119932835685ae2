import Foundation

/// A Google Ads error answer, decoded from either shape the API uses:
/// a `GoogleAdsFailure` inside `error.details` (or inside a partial failure's `partialFailureError`), or a
/// `google.rpc.BadRequest` with `fieldViolations` from the REST front end (unknown fields, bad enums).
public struct GoogleAdsFailure: Error, Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// The single member of `errorCode`, e.g. `fieldError`.
        public var code: String
        /// Its value, e.g. `REQUIRED`.
        public var value: String
        public var message: String
        /// `location.fieldPathElements[0].index` when the first element is `mutate_operations`.
        public var operationIndex: Int?
        /// The field path, e.g. `mutate_operations[3].campaign_operation.create.name`.
        public var fieldPath: String
    }

    public var httpStatus: Int
    /// `error.status`, e.g. `INVALID_ARGUMENT`.
    public var status: String
    public var message: String
    public var items: [Item]
    public var requestId: String?

    /// Decodes an error body; nil when it is not one of the two shapes.
    public static func decode(_ body: Data, httpStatus: Int) -> GoogleAdsFailure? {
        var root = JSONValue.parse(body)
        if case .array(let items)? = root, let first = items.first { root = first }   // searchStream wraps errors in an array
        guard let error = root?["error"] else { return nil }
        var failure = GoogleAdsFailure(httpStatus: httpStatus, status: error["status"]?.stringValue ?? "", message: error["message"]?.stringValue ?? "",
                                       items: [], requestId: nil)
        failure.readDetails(error["details"]?.arrayValue ?? [])
        return failure
    }

    /// The failure carried by a partial-failure answer (`partialFailureError`), if any.
    static func decodePartial(_ status: JSONValue?) -> GoogleAdsFailure? {
        guard let status, !(status["details"]?.arrayValue ?? []).isEmpty else { return nil }
        var failure = GoogleAdsFailure(httpStatus: 200, status: "PARTIAL_FAILURE", message: status["message"]?.stringValue ?? "", items: [], requestId: nil)
        failure.readDetails(status["details"]?.arrayValue ?? [])
        return failure
    }

    private mutating func readDetails(_ details: [JSONValue]) {
        for detail in details {
            let type = detail["@type"]?.stringValue ?? ""
            if type.hasSuffix("GoogleAdsFailure") {
                requestId = detail["requestId"]?.stringValue
                for e in detail["errors"]?.arrayValue ?? [] {
                    let code = e["errorCode"]
                    let member = code?.objectKeys.first ?? "unknown"
                    let elements = e["location"]?["fieldPathElements"]?.arrayValue ?? []
                    var path: [String] = []
                    var index: Int?
                    for (i, element) in elements.enumerated() {
                        let name = element["fieldName"]?.stringValue ?? "?"
                        if let n = element["index"]?.stringValue, let k = Int(n) {
                            path.append("\(name)[\(k)]")
                            if i == 0, name == "mutate_operations" || name == "operations" { index = k }
                        } else {
                            path.append(name)
                        }
                    }
                    items.append(Item(code: member, value: code?[member]?.stringValue ?? "", message: e["message"]?.stringValue ?? "",
                                      operationIndex: index, fieldPath: path.joined(separator: ".")))
                }
            } else if type.hasSuffix("google.rpc.BadRequest") {
                for v in detail["fieldViolations"]?.arrayValue ?? [] {
                    let field = v["field"]?.stringValue ?? ""
                    var index: Int?
                    if field.hasPrefix("mutate_operations["), let close = field.firstIndex(of: "]") {
                        index = Int(field[field.index(field.startIndex, offsetBy: 18)..<close])
                    }
                    items.append(Item(code: "badRequest", value: "INVALID_ARGUMENT", message: v["description"]?.stringValue ?? "",
                                      operationIndex: index, fieldPath: field))
                }
            }
        }
    }
}

extension GoogleAdsFailure: LocalizedError {
    public var errorDescription: String? {
        let first = items.first.map { " (\($0.code) \($0.value): \($0.message))" } ?? (message.isEmpty ? "" : " (\(message))")
        return "Google Ads rejected the request with HTTP \(httpStatus) \(status)\(first)" + (items.count > 1 ? " and \(items.count - 1) more error(s)" : "")
    }
}

extension GoogleAdsFailure.Item {
    /// An error that says the operation was not applied for a reason that passes: another request was changing the same
    /// resource (`databaseError: CONCURRENT_MODIFICATION`, "Retry the request"), or an internal or transient error.
    public var isPassing: Bool {
        switch (code, value) {
        case ("databaseError", "CONCURRENT_MODIFICATION"), ("internalError", "INTERNAL_ERROR"), ("internalError", "TRANSIENT_ERROR"),
             ("internalError", "DEADLINE_EXCEEDED"):
            true
        default:
            false
        }
    }
}
