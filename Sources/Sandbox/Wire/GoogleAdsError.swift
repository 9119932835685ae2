/// One `errors.GoogleAdsError` inside a GoogleAdsFailure.
struct GoogleAdsError: Sendable, Equatable {
    /// One `errors.ErrorLocation.FieldPathElement`: a proto field name and, for repeated fields, the index.
    struct PathElement: Sendable, Equatable {
        let fieldName: String
        let index: Int?

        init(_ fieldName: String, index: Int? = nil) {
            self.fieldName = fieldName
            self.index = index
        }
    }

    let code: GoogleAdsErrorCode
    let message: String
    var location: [PathElement]
    /// `trigger`, a `common.Value` such as `{"stringValue": "…"}`.
    var trigger: SandboxJSON?
    /// `details`, an `errors.ErrorDetails` such as `{"quotaErrorDetails": {…}}`.
    var details: SandboxJSON?

    init(
        _ code: GoogleAdsErrorCode, _ message: String, at location: [PathElement] = [],
        trigger: SandboxJSON? = nil, details: SandboxJSON? = nil
    ) {
        self.code = code
        self.message = message
        self.location = location
        self.trigger = trigger
        self.details = details
    }

    /// The error as proto3 JSON.
    var json: SandboxJSON {
        var object: [String: SandboxJSON] = [
            "errorCode": .object([code.member: .string(code.value)]),
            "message": .string(message),
        ]
        if !location.isEmpty {
            object["location"] = [
                "fieldPathElements": .array(
                    location.map { element in
                        var path: [String: SandboxJSON] = ["fieldName": .string(element.fieldName)]
                        if let index = element.index { path["index"] = .int(Int64(index)) }
                        return .object(path)
                    }
                )
            ]
        }
        if let trigger { object["trigger"] = trigger }
        if let details { object["details"] = details }
        return .object(object)
    }

    /// The location as Google prints it in partial-failure messages:
    /// `mutate_operations[1].campaign_operation.create.name`.
    var locationText: String {
        location.map { element in
            element.index.map { "\(element.fieldName)[\($0)]" } ?? element.fieldName
        }.joined(separator: ".")
    }
}

/// Builders for the HTTP error bodies Google Ads sends.
enum GoogleAdsWire {
    static let failureType = "type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure"
    static let badRequestType = "type.googleapis.com/google.rpc.BadRequest"

    /// `{"@type": …GoogleAdsFailure, "errors": […], "requestId": …}`.
    static func failure(_ errors: [GoogleAdsError], requestId: String) -> SandboxJSON {
        [
            "@type": .string(failureType),
            "errors": .array(errors.map(\.json)),
            "requestId": .string(requestId),
        ]
    }

    /// `{"error": {"code", "message", "status", "details"}}`.
    static func errorBody(code: Int, message: String, status: String, details: [SandboxJSON]? = nil) -> SandboxJSON {
        var error: [String: SandboxJSON] = [
            "code": .int(Int64(code)),
            "message": .string(message),
            "status": .string(status),
        ]
        if let details { error["details"] = .array(details) }
        return ["error": .object(error)]
    }

    /// An HTTP 400 (or `httpStatus`) body carrying a GoogleAdsFailure.
    static func failureBody(
        _ errors: [GoogleAdsError], requestId: String, httpStatus: Int = 400,
        status: String = "INVALID_ARGUMENT", message: String = "Request contains an invalid argument."
    ) -> SandboxJSON {
        errorBody(code: httpStatus, message: message, status: status, details: [failure(errors, requestId: requestId)])
    }

    /// The ESF shape for malformed JSON: HTTP 400 with a `google.rpc.BadRequest`.
    static func badRequestBody(_ violations: [FieldViolation]) -> SandboxJSON {
        let limited = Array(violations.prefix(100))
        return errorBody(
            code: 400,
            message: limited.map(\.description).joined(separator: "\n"),
            status: "INVALID_ARGUMENT",
            details: [
                [
                    "@type": .string(badRequestType),
                    "fieldViolations": .array(
                        limited.map { ["field": .string($0.field), "description": .string($0.description)] }
                    ),
                ]
            ]
        )
    }

    /// The `partialFailureError` of a 200 mutate response: a `google.rpc.Status` (code 3,
    /// INVALID_ARGUMENT) whose details hold the GoogleAdsFailure.
    static func partialFailureStatus(_ errors: [GoogleAdsError], requestId: String) -> SandboxJSON {
        let first = errors[0]
        let firstText = first.location.isEmpty ? first.message : "\(first.message), at \(first.locationText)"
        let message = errors.count == 1 ? firstText : "Multiple errors in ‘details’. First error: \(firstText)"
        return [
            "code": 3,
            "message": .string(message),
            "details": [failure(errors, requestId: requestId)],
        ]
    }
}
