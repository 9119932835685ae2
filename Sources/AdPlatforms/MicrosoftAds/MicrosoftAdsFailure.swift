import Foundation

/// One error Microsoft Advertising reported: a `BatchError` (an item of the request's list), an `OperationError` (the
/// whole request), an `AdApiError`, or an item of a `BatchErrorCollection`.
public struct MicrosoftAdsErrorItem: Sendable, Equatable {
    /// The numeric `Code` (117), when given.
    public var code: Int?
    /// The symbolic `ErrorCode` (`CallRateExceeded`), when given.
    public var errorCode: String
    public var message: String
    /// `Details`, or `FieldPath`, when given.
    public var details: String?
    /// `Index`: the position in the request's list that failed; nil for an error of the whole request.
    public var index: Int?
    /// For an error inside a `BatchErrorCollection` (`NestedPartialErrors`): the position within the item's own list
    /// (a negative keyword of an entity).
    public var nestedIndex: Int?

    public init(code: Int?, errorCode: String, message: String, details: String? = nil, index: Int? = nil, nestedIndex: Int? = nil) {
        self.code = code
        self.errorCode = errorCode
        self.message = message
        self.details = details
        self.index = index
        self.nestedIndex = nestedIndex
    }

    /// `1113 CampaignServiceCannotChangeTimeZone: The time zone cannot be changed.`, redacted.
    public var summary: String {
        let head = [code.map(String.init), errorCode.isEmpty ? nil : errorCode].compactMap { $0 }.joined(separator: " ")
        let text = Redactor.redact(message)
        if head.isEmpty { return text.isEmpty ? "unknown error" : text }
        return text.isEmpty ? head : "\(head): \(text)"
    }
}

/// Microsoft Advertising refused a request, or items of one: the `ApplicationFault` of an HTTP 400/401/403/500 answer
/// (`ApiFaultDetail`, `AdApiFaultDetail`, `EditorialApiFaultDetail`, `AdCenterAuthenticationFault`, …) or the
/// `PartialErrors` / `NestedPartialErrors` of an HTTP 200 answer.
///
/// Its description names the platform, the operation, the status, the codes and the messages (redacted), and the
/// tracking id for support — never a token or a header.
public struct MicrosoftAdsFailure: Error, Sendable, Equatable {
    /// The service operation, e.g. `AddCampaigns`.
    public var operation: String
    public var httpStatus: Int
    /// The fault's `Type` (`ApiFaultDetail`), or `PartialErrors` for item errors of an answer that succeeded.
    public var faultType: String
    public var trackingId: String?
    public var errors: [MicrosoftAdsErrorItem]

    public init(operation: String, httpStatus: Int, faultType: String, trackingId: String? = nil, errors: [MicrosoftAdsErrorItem]) {
        self.operation = operation
        self.httpStatus = httpStatus
        self.faultType = faultType
        self.trackingId = trackingId
        self.errors = errors
    }

    /// The numeric codes of every error.
    public var codes: [Int] { errors.compactMap(\.code) }

    // MARK: Decoding

    /// Decodes an `ApplicationFault` body (also wrapped as `{"ApplicationFault": {…}}`); nil when the body is not one.
    public static func decodeFault(_ body: Data, httpStatus: Int, operation: String) -> MicrosoftAdsFailure? {
        guard var root = JSONValue.parse(body), case .object = root else { return nil }
        if let wrapped = root["ApplicationFault"], case .object = wrapped { root = wrapped }
        var errors: [MicrosoftAdsErrorItem] = []
        for e in root["OperationErrors"]?.arrayValue ?? [] { errors.append(item(e)) }
        for e in root["BatchErrors"]?.arrayValue ?? [] { errors.append(item(e)) }
        for e in root["EditorialErrors"]?.arrayValue ?? [] { errors.append(item(e)) }
        for e in root["Errors"]?.arrayValue ?? [] { errors.append(item(e)) }
        let type = root["Type"]?.stringValue
        // AdCenterAuthenticationFault / AdCenterAuthorizationFault: one error in the fault itself.
        if errors.isEmpty, let message = root["ErrorMessage"]?.stringValue {
            errors.append(MicrosoftAdsErrorItem(code: nil, errorCode: root["ErrorCode"]?.stringValue ?? "", message: message))
        }
        guard type != nil || !errors.isEmpty || root["TrackingId"] != nil else { return nil }
        return MicrosoftAdsFailure(operation: operation, httpStatus: httpStatus, faultType: type ?? "ApplicationFault",
                                   trackingId: root["TrackingId"]?.stringValue, errors: errors)
    }

    /// The `PartialErrors` of an answer (`BatchError[]`, `Index` = position in the request's list).
    public static func partialErrors(_ answer: JSONValue) -> [MicrosoftAdsErrorItem] {
        (answer["PartialErrors"]?.arrayValue ?? []).map(item)
    }

    /// The `NestedPartialErrors` of an answer (`BatchErrorCollection[]`): one item for the collection's own error, if it
    /// has one, and one for each error nested in its `BatchErrors`, all with the collection's `Index`.
    public static func nestedPartialErrors(_ answer: JSONValue) -> [MicrosoftAdsErrorItem] {
        var out: [MicrosoftAdsErrorItem] = []
        for collection in answer["NestedPartialErrors"]?.arrayValue ?? [] {
            let index = int(collection["Index"])
            let own = item(collection)
            let nested = collection["BatchErrors"]?.arrayValue ?? []
            if !own.errorCode.isEmpty || !own.message.isEmpty || own.code != nil || nested.isEmpty { out.append(own) }
            for e in nested {
                var inner = item(e)
                inner.nestedIndex = inner.index
                inner.index = index
                out.append(inner)
            }
        }
        return out
    }

    static func item(_ e: JSONValue) -> MicrosoftAdsErrorItem {
        let details = [e["Details"]?.stringValue, e["Detail"]?.stringValue, e["FieldPath"]?.stringValue]
            .compactMap { $0 }.first { !$0.isEmpty }
        return MicrosoftAdsErrorItem(code: int(e["Code"]), errorCode: e["ErrorCode"]?.stringValue ?? "",
                                     message: e["Message"]?.stringValue ?? "", details: details, index: int(e["Index"]))
    }

    static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let n)?: Int(exactly: n)
        case .string(let s)?: Int(s)
        case .double(let d)? where d.isFinite && d == d.rounded() && abs(d) < 1e15: Int(d)
        default: nil
        }
    }
}

extension MicrosoftAdsFailure: LocalizedError, RedactedDescription {
    public var errorDescription: String? {
        var sentence = faultType == "PartialErrors"
            ? "Microsoft Advertising refused part of \(operation)"
            : "Microsoft Advertising rejected \(operation) with HTTP \(httpStatus) (\(Redactor.redact(faultType)))"
        if let first = errors.first {
            sentence += ": " + first.summary
            if errors.count > 1 { sentence += " and \(errors.count - 1) more error(s)" }
        }
        sentence = HTTPError.clip(sentence)
        if let trackingId, !trackingId.isEmpty { sentence += " (tracking id \(Redactor.redact(trackingId)))" }
        return sentence
    }
}
