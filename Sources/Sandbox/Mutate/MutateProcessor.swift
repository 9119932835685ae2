import Foundation

/// Applies one create, update or remove to a `MutateWorkspace`, with the checks Google Ads makes.
///
/// The body has already passed `SchemaValidator` (names, JSON types, enum strings). What is checked
/// here is what Google Ads itself rejects with a GoogleAdsFailure: output-only fields, required
/// fields, references, update masks, removed resources and the rules in `ResourceRules`.
struct MutateProcessor {
    typealias Path = [GoogleAdsError.PathElement]

    /// What a successful operation produced.
    struct Applied: Sendable {
        let resourceName: String
        /// The resource after the operation (nil after a remove that deletes it).
        let resource: SandboxJSON?
    }

    let kind: ResourceKind
    /// The error location of the operation itself, e.g. `mutate_operations[3].campaign_operation`.
    let location: Path

    /// Applies `operation` (a `*Operation` object) to `workspace`; on failure `workspace` is unchanged
    /// (every check runs before the first change).
    func apply(_ operation: SandboxJSON, to workspace: inout MutateWorkspace) -> Result<Applied, OperationFailure> {
        let result: Result<Applied, OperationFailure>
        if let create = operation["create"] {
            result = self.create(create, in: &workspace)
        } else if let update = operation["update"] {
            result = self.update(update, mask: operation["updateMask"]?.stringValue, in: &workspace)
        } else if let remove = operation["remove"]?.stringValue {
            result = self.remove(remove, in: &workspace)
        } else {
            result = .failure(
                OperationFailure([
                    GoogleAdsError(
                        .requestErrorOperationRequired,
                        "Mutate operations must have 'create', 'update', or 'remove' specified.",
                        at: location
                    )
                ])
            )
        }
        return result
    }

    // MARK: create

    private func create(_ object: SandboxJSON, in workspace: inout MutateWorkspace) -> Result<Applied, OperationFailure>
    {
        let at = location + [.init("create")]
        var errors: [GoogleAdsError] = []
        Self.checkFields(object, message: kind.messageName, path: at, isCreate: true, errors: &errors)
        var resource = object

        // A resource name on create only declares a temporary id for later operations.
        var temporaryName: String?
        if let given = object["resourceName"]?.stringValue {
            switch parse(given, as: kind, at: at + [.init("resource_name")], workspace: workspace) {
            case .failure(let error): errors.append(error)
            case .success(let name):
                if !name.isTemporary {
                    errors.append(
                        GoogleAdsError(
                            .requestErrorBadResourceId,
                            "The resource name of a new resource may only carry a temporary (negative) id.",
                            at: at + [.init("resource_name")], trigger: ["stringValue": .string(given)]
                        )
                    )
                } else if workspace.tempIds[name.text] != nil {
                    errors.append(
                        GoogleAdsError(
                            .mutateErrorIdExistsInMultipleMutates,
                            "The temporary id \(name.id) is used by more than one create in this request.",
                            at: at + [.init("resource_name")]
                        )
                    )
                } else {
                    temporaryName = name.text
                }
            }
            resource["resourceName"] = nil
        }

        var parentName: String?
        if let parent = kind.parentReference {
            if let reference = object[parent.field]?.stringValue {
                switch resolveExisting(reference, as: parent.kind, at: at + [.init(parent.proto)], workspace: workspace)
                {
                case .failure(let error): errors.append(error)
                case .success(let resolved):
                    parentName = resolved
                    resource[parent.field] = .string(resolved)
                }
            } else {
                errors.append(
                    GoogleAdsError(
                        .fieldErrorRequired, "The required field was not present.", at: at + [.init(parent.proto)])
                )
            }
        }
        guard errors.isEmpty else { return .failure(OperationFailure(errors)) }

        errors = ruleErrors(resource, workspace, selfName: nil, changedPaths: nil).map { $0.prefixed(with: at) }
        guard errors.isEmpty else { return .failure(OperationFailure(errors)) }

        let countersBefore = workspace.counters
        let name = assignIdentity(to: &resource, parent: parentName, workspace: &workspace)
        if workspace.account[kind][name] != nil {
            workspace.counters = countersBefore
            return .failure(
                OperationFailure([
                    GoogleAdsError(
                        .mutateErrorResourceAlreadyExists, "The resource \(name) already exists.", at: at,
                        trigger: ["stringValue": .string(name)]
                    )
                ]))
        }
        ResourceRules.fillOutputs(&resource, kind: kind, isCreate: true, workspace: workspace)
        workspace.account[kind][name] = resource
        if let temporaryName { workspace.tempIds[temporaryName] = name }
        return .success(Applied(resourceName: name, resource: resource))
    }

    /// Sets `resourceName` and the id fields of a new resource and returns the resource name.
    private func assignIdentity(to resource: inout SandboxJSON, parent: String?, workspace: inout MutateWorkspace)
        -> String
    {
        let prefix = "customers/\(workspace.customerId)/\(kind.collection)/"
        let parentId = parent.flatMap { ResourceName($0)?.id } ?? ""
        let name: String
        switch kind {
        case .campaignBudget, .campaign, .adGroup:
            let id = workspace.nextId(kind.rawValue)
            resource["id"] = .string(String(id))
            name = prefix + String(id)
        case .campaignCriterion, .adGroupCriterion:
            let id = ResourceRules.fixedCriterionId(resource) ?? workspace.nextId("criterion")
            resource["criterionId"] = .string(String(id))
            name = prefix + "\(parentId)~\(id)"
        case .adGroupAd:
            let id = workspace.nextId("ad")
            var ad = resource["ad"] ?? [:]
            ad["id"] = .string(String(id))
            ad["resourceName"] = .string("customers/\(workspace.customerId)/ads/\(id)")
            resource["ad"] = ad
            name = prefix + "\(parentId)~\(id)"
        }
        resource["resourceName"] = .string(name)
        return name
    }

    /// The `ResourceRules` errors. A separate function so that the rule context's copy of the
    /// workspace is gone before the workspace is changed (otherwise every change would copy it).
    private func ruleErrors(
        _ resource: SandboxJSON, _ workspace: MutateWorkspace, selfName: String?, changedPaths: Set<String>?
    ) -> [GoogleAdsError] {
        let context = ResourceRules.Context(
            kind: kind, workspace: workspace, selfName: selfName, isCreate: selfName == nil, changedPaths: changedPaths
        )
        return ResourceRules.validate(resource, context)
    }

    // MARK: update

    private func update(_ object: SandboxJSON, mask: String?, in workspace: inout MutateWorkspace) -> Result<
        Applied, OperationFailure
    > {
        let at = location + [.init("update")]
        guard let given = object["resourceName"]?.stringValue, !given.isEmpty else {
            return .failure(
                OperationFailure([
                    GoogleAdsError(
                        .requestErrorResourceNameMissing, "Resource name is missing.", at: at + [.init("resource_name")]
                    )
                ]))
        }
        let name: String
        switch resolveExisting(given, as: kind, at: at + [.init("resource_name")], workspace: workspace) {
        case .failure(let error): return .failure(OperationFailure([error]))
        case .success(let resolved): name = resolved
        }
        let stored = workspace.account[kind][name]!
        if stored["status"]?.stringValue == "REMOVED" {
            return .failure(
                OperationFailure([
                    GoogleAdsError(
                        .operationAccessDeniedErrorOperationNotPermittedForRemovedResource,
                        "This operation is not allowed because the resource is removed.", at: at,
                        trigger: ["stringValue": .string(name)]
                    )
                ]))
        }
        guard let mask, !mask.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(
                OperationFailure([
                    GoogleAdsError(
                        .fieldMaskErrorFieldMaskMissing, "The field mask must be provided for update operations.",
                        at: location + [.init("update_mask")]
                    )
                ]))
        }

        var errors: [GoogleAdsError] = []
        var paths: [[FieldSchema]] = []
        for rawPath in mask.split(separator: ",") {
            let path = rawPath.trimmingCharacters(in: .whitespaces)
            switch Self.resolveMaskPath(path, message: kind.messageName) {
            case .failure(let code):
                errors.append(
                    GoogleAdsError(
                        code, "The field mask contained an invalid field: '\(path)'.",
                        at: location + [.init("update_mask")], trigger: ["stringValue": .string(path)]
                    )
                )
            case .success(let fields):
                if fields.contains(where: { $0.isImmutable || $0.isOutputOnly }) {
                    errors.append(
                        GoogleAdsError(
                            .fieldErrorImmutableField,
                            "The field is immutable or output only and cannot be updated: '\(path)'.",
                            at: at + fields.map { .init($0.proto) }
                        )
                    )
                } else {
                    paths.append(fields)
                }
            }
        }
        guard errors.isEmpty else { return .failure(OperationFailure(errors)) }

        var merged = stored
        let schema = GoogleAdsSchema.message(kind.messageName)!
        for fields in paths {
            let keys = fields.map(\.json)
            let newValue = object.value(at: keys)
            merged.setValue(newValue, at: keys[...])
            if let oneof = fields[0].oneof, newValue != nil {
                for member in schema.oneofs[oneof] ?? [] where member != fields[0].json { merged[member] = nil }
            }
            if let value = newValue {
                Self.checkFields(
                    Self.wrap(value, at: keys), message: kind.messageName, path: at, isCreate: false, errors: &errors
                )
            }
        }
        if let parent = kind.parentReference, paths.contains(where: { $0[0].json == parent.field }),
            let reference = merged[parent.field]?.stringValue
        {
            switch resolveExisting(reference, as: parent.kind, at: at + [.init(parent.proto)], workspace: workspace) {
            case .failure(let error): errors.append(error)
            case .success(let resolved): merged[parent.field] = .string(resolved)
            }
        }
        guard errors.isEmpty else { return .failure(OperationFailure(errors)) }

        let changed = Set(paths.map { $0.map(\.json).joined(separator: ".") })
        errors = ruleErrors(merged, workspace, selfName: name, changedPaths: changed).map { $0.prefixed(with: at) }
        guard errors.isEmpty else { return .failure(OperationFailure(errors)) }
        ResourceRules.fillOutputs(&merged, kind: kind, isCreate: false, workspace: workspace)
        workspace.account[kind][name] = merged
        return .success(Applied(resourceName: name, resource: merged))
    }

    /// A mask path resolved to its fields, or the error code for an invalid path.
    static func resolveMaskPath(_ path: String, message: String) -> Result<[FieldSchema], GoogleAdsErrorCode> {
        var fields: [FieldSchema] = []
        var current: MessageSchema? = GoogleAdsSchema.message(message)
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let schema = current, let field = schema.byJSON[String(segment)] else {
                return .failure(
                    current == nil && !fields.isEmpty ? .fieldMaskErrorFieldHasSubfields : .fieldMaskErrorFieldNotFound)
            }
            if let last = fields.last, last.repeated { return .failure(.fieldMaskErrorFieldHasSubfields) }
            fields.append(field)
            if case .message(let name) = field.kind { current = GoogleAdsSchema.message(name) } else { current = nil }
        }
        return fields.isEmpty ? .failure(.fieldMaskErrorFieldNotFound) : .success(fields)
    }

    private static func wrap(_ value: SandboxJSON, at keys: [String]) -> SandboxJSON {
        keys.reversed().reduce(value) { inner, key in .object([key: inner]) }
    }

    // MARK: remove

    private func remove(_ given: String, in workspace: inout MutateWorkspace) -> Result<Applied, OperationFailure> {
        let at = location + [.init("remove")]
        let name: String
        switch resolveExisting(given, as: kind, at: at, workspace: workspace) {
        case .failure(let error): return .failure(OperationFailure([error]))
        case .success(let resolved): name = resolved
        }
        var stored = workspace.account[kind][name]!
        if stored["status"]?.stringValue == "REMOVED" {
            return .failure(
                OperationFailure([
                    GoogleAdsError(
                        .operationAccessDeniedErrorOperationNotPermittedForRemovedResource,
                        "This operation is not allowed because the resource is removed.", at: at,
                        trigger: ["stringValue": .string(name)]
                    )
                ]))
        }
        let errors = ResourceRules.validateRemove(name, kind: kind, workspace: workspace).map { $0.prefixed(with: at) }
        guard errors.isEmpty else { return .failure(OperationFailure(errors)) }
        if kind.removeKeepsResource {
            stored["status"] = "REMOVED"
            workspace.account[kind][name] = stored
            return .success(Applied(resourceName: name, resource: stored))
        }
        workspace.account[kind][name] = nil
        workspace.account.keywordMetrics[name] = nil
        return .success(Applied(resourceName: name, resource: nil))
    }

    // MARK: references

    /// Parses a resource name of `kind` in this customer, mapping a temporary id to the real name.
    private func parse(_ text: String, as kind: ResourceKind, at path: Path, workspace: MutateWorkspace) -> Result<
        ResourceName, GoogleAdsError
    > {
        guard let name = ResourceName(text), name.collection == kind.collection,
            name.idParts.count == (kind.hasCompositeId ? 2 : 1)
        else {
            return .failure(
                GoogleAdsError(
                    .requestErrorResourceNameMalformed,
                    "The resource name '\(text)' is malformed for \(kind.typeName).",
                    at: path, trigger: ["stringValue": .string(text)]
                )
            )
        }
        guard name.customerId == workspace.customerId else {
            return .failure(
                GoogleAdsError(
                    .mutateErrorResourceNotFound,
                    "The resource '\(text)' belongs to another customer than \(workspace.customerId).", at: path,
                    trigger: ["stringValue": .string(text)]
                )
            )
        }
        return .success(name)
    }

    /// Resolves a reference (temporary ids included) to an existing resource of `kind`.
    private func resolveExisting(_ text: String, as kind: ResourceKind, at path: Path, workspace: MutateWorkspace)
        -> Result<String, GoogleAdsError>
    {
        let name: ResourceName
        switch parse(text, as: kind, at: path, workspace: workspace) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): name = parsed
        }
        let resolved = name.isTemporary ? workspace.tempIds[name.text] : name.text
        guard let resolved, workspace.account[kind][resolved] != nil else {
            let message =
                name.isTemporary
                ? "The temporary resource name '\(text)' was not created earlier in this request."
                : "The resource '\(text)' was not found."
            return .failure(
                GoogleAdsError(.mutateErrorResourceNotFound, message, at: path, trigger: ["stringValue": .string(text)])
            )
        }
        return .success(resolved)
    }

    // MARK: generic field checks

    /// Output-only fields set on create, and enum values `UNSPECIFIED`/`UNKNOWN` anywhere.
    static func checkFields(
        _ value: SandboxJSON, message: String, path: Path, isCreate: Bool, errors: inout [GoogleAdsError]
    ) {
        guard let schema = GoogleAdsSchema.message(message), case .object(let object) = value else { return }
        for key in object.keys.sorted() {
            guard let field = schema.byJSON[key], let member = object[key] else { continue }
            let fieldPath = path + [.init(field.proto)]
            if isCreate && field.isOutputOnly {
                errors.append(
                    GoogleAdsError(
                        .fieldErrorValueMustBeUnset, "The field '\(field.proto)' is output only and must not be set.",
                        at: fieldPath
                    )
                )
                continue
            }
            let elements: [(SandboxJSON, Path)] =
                field.repeated
                ? (member.arrayValue ?? []).enumerated().map { (index, element) in
                    (element, path + [.init(field.proto, index: index)])
                }
                : [(member, fieldPath)]
            for (element, elementPath) in elements {
                switch field.kind {
                case .enumeration:
                    if let text = element.stringValue, text == "UNSPECIFIED" || text == "UNKNOWN" {
                        errors.append(
                            GoogleAdsError(
                                .requestErrorInvalidEnumValue, "Enum value '\(text)' cannot be used.", at: elementPath,
                                trigger: ["stringValue": .string(text)]
                            )
                        )
                    }
                case .message(let name):
                    checkFields(element, message: name, path: elementPath, isCreate: isCreate, errors: &errors)
                default:
                    break
                }
            }
        }
    }
}

/// The errors that made one operation fail.
struct OperationFailure: Error, Sendable {
    let errors: [GoogleAdsError]

    init(_ errors: [GoogleAdsError]) { self.errors = errors }
}

extension GoogleAdsErrorCode: Error {}

extension GoogleAdsError: Error {}

extension GoogleAdsError {
    /// The same error with `prefix` put in front of its location.
    func prefixed(with prefix: [PathElement]) -> GoogleAdsError {
        var copy = self
        copy.location = prefix + location
        return copy
    }
}
