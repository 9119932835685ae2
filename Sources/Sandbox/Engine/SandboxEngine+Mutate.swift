import Foundation

extension SandboxEngine {
    /// Google Ads accepts at most this many operations in one mutate request.
    static let maxOperations = 10_000

    /// `googleAds:mutate` (service nil) or a per-service `…:mutate` such as `campaigns:mutate`.
    ///
    /// Order of checks, as at Google: JSON syntax and schema (HTTP 400 BadRequest), then the request
    /// (operation count), then each operation in order (GoogleAdsFailure). Without `partialFailure`
    /// any error rejects the whole request and nothing is applied; with it, failed operations are
    /// empty results and the rest are applied. `validateOnly` checks everything and applies nothing.
    func mutate(
        _ request: SandboxHTTPRequest, customerId: String, service: ResourceKind?, ticket: Ticket
    ) -> SandboxHTTPResponse {
        let headers = [("request-id", ticket.requestId)]
        let messageName = service?.serviceRequestMessage ?? "services.MutateGoogleAdsRequest"
        let normalized: SandboxJSON
        switch parseRequestBody(request, message: messageName) {
        case .failure(let response): return response
        case .success(let body): normalized = body
        }
        func fail(_ errors: [GoogleAdsError]) -> SandboxHTTPResponse {
            .json(400, GoogleAdsWire.failureBody(errors, requestId: ticket.requestId), headers: headers)
        }
        let listKey = service == nil ? "mutateOperations" : "operations"
        let listProto = service == nil ? "mutate_operations" : "operations"
        let operations = normalized[listKey]?.arrayValue ?? []
        if operations.count > Self.maxOperations {
            return fail([
                GoogleAdsError(
                    .requestErrorTooManyMutateOperations,
                    "Too many mutate operations in one request: \(operations.count); the limit is \(Self.maxOperations).",
                    at: [.init(listProto)]
                )
            ])
        }
        if operations.isEmpty {
            return fail([
                GoogleAdsError(
                    .requestErrorOperationRequired, "At least one operation is required.", at: [.init(listProto)])
            ])
        }

        // Which resource each operation is for; the sandbox implements six.
        var plan: [(kind: ResourceKind?, body: SandboxJSON)] = []
        for (index, operation) in operations.enumerated() {
            if let service {
                plan.append((service, operation))
                continue
            }
            guard let key = operation.objectValue?.keys.first else {
                plan.append((nil, operation))
                continue
            }
            guard let kind = ResourceKind(operationKey: key) else {
                return .json(
                    501,
                    GoogleAdsWire.errorBody(
                        code: 501,
                        message: "The tfz Google Ads sandbox does not implement \(key) (mutate_operations[\(index)]).",
                        status: "UNIMPLEMENTED"
                    ),
                    headers: headers
                )
            }
            plan.append((kind, operation[key]!))
        }

        let partial = normalized["partialFailure"]?.boolValue ?? false
        let validateOnly = normalized["validateOnly"]?.boolValue ?? false
        let returnResource = normalized["responseContentType"]?.stringValue == "MUTABLE_RESOURCE"
        var forcedFailure: Int?
        if case .partialFailure(let index) = ticket.fault {
            if partial {
                forcedFailure = index
            } else if index < operations.count {
                // An atomic mutate whose operation meets a concurrent change is refused whole (gRPC ABORTED, HTTP 409):
                // nothing of it is applied.
                let error = GoogleAdsError(.databaseErrorConcurrentModification,
                                           "Multiple requests were attempting to modify the same resource at once. Retry the request.",
                                           at: [.init(listProto, index: index)])
                return .json(409, GoogleAdsWire.failureBody([error], requestId: ticket.requestId, httpStatus: 409, status: "ABORTED",
                                                            message: "Multiple requests were attempting to modify the same resource at once."),
                             headers: headers)
            }
        }

        var workspace = MutateWorkspace(
            customerId: customerId, account: state.accounts[customerId] ?? StoredAccount(), counters: state.counters,
            seed: configuration.seed, today: SandboxCalendar.string(today)
        )
        var results: [SandboxJSON] = []
        var errors: [GoogleAdsError] = []
        var applied = 0
        for (index, step) in plan.enumerated() {
            guard let kind = step.kind else {
                errors.append(
                    GoogleAdsError(
                        .requestErrorOperationRequired,
                        "The operation is empty; set one operation such as campaignOperation.",
                        at: [.init(listProto, index: index)]
                    )
                )
                results.append([:])
                continue
            }
            let location: [GoogleAdsError.PathElement] =
                service == nil
                ? [.init(listProto, index: index), .init(kind.operationProto)] : [.init(listProto, index: index)]
            if forcedFailure == index {
                errors.append(
                    GoogleAdsError(
                        .databaseErrorConcurrentModification,
                        "Multiple requests were attempting to modify the same resource at once. Retry the request.",
                        at: location
                    )
                )
                results.append([:])
                continue
            }
            switch MutateProcessor(kind: kind, location: location).apply(step.body, to: &workspace) {
            case .success(let done):
                applied += 1
                var result: SandboxJSON = ["resourceName": .string(done.resourceName)]
                if returnResource, let resource = done.resource { result[kind.resourceKey] = resource }
                results.append(service == nil ? [kind.resultKey: result] : result)
            case .failure(let failure):
                errors += failure.errors
                results.append([:])
            }
        }
        if !partial, !errors.isEmpty { return fail(errors) }
        if !validateOnly, applied > 0 {
            state.accounts[customerId] = workspace.account
            state.counters = workspace.counters
            persist()
        }
        var response: [String: SandboxJSON] = [:]
        if !validateOnly { response[service == nil ? "mutateOperationResponses" : "results"] = .array(results) }
        if !errors.isEmpty {
            response["partialFailureError"] = GoogleAdsWire.partialFailureStatus(errors, requestId: ticket.requestId)
        }
        return .json(200, .object(response), headers: headers)
    }

    /// Parses and schema-checks a JSON request body; the failure is the HTTP 400 ESF answer.
    func parseRequestBody(_ request: SandboxHTTPRequest, message: String) -> Result<SandboxJSON, SandboxHTTPResponse> {
        let trimmed = request.body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let body: SandboxJSON? = trimmed.isEmpty ? [:] : SandboxJSON.parse(request.body)
        guard let body else {
            return .failure(
                .json(
                    400,
                    GoogleAdsWire.errorBody(
                        code: 400, message: "Invalid JSON payload received. Unexpected token.",
                        status: "INVALID_ARGUMENT"))
            )
        }
        guard case .object = body else {
            return .failure(
                .json(
                    400,
                    GoogleAdsWire.errorBody(
                        code: 400, message: "Invalid JSON payload received. Expected an object.",
                        status: "INVALID_ARGUMENT"))
            )
        }
        var validator = SchemaValidator()
        let normalized = validator.validate(body, message: message, path: "")
        guard validator.violations.isEmpty else {
            return .failure(.json(400, GoogleAdsWire.badRequestBody(validator.violations)))
        }
        return .success(normalized)
    }
}
