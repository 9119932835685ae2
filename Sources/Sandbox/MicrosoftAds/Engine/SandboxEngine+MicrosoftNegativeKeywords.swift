import Foundation

/// Entity negative keywords (on campaigns and ad groups).
extension SandboxEngine {
    /// The live campaign or ad group an EntityNegativeKeyword names, or the error for it.
    private func negativeKeywordEntity(_ entity: SandboxJSON, _ account: MicrosoftStoredAccount) throws(MicrosoftError)
        -> (id: Int64, type: String)
    {
        let type = entity["EntityType"]?.stringValue ?? ""
        guard let id = entity["EntityId"]?.int64Value else {
            throw type == "AdGroup" ? .invalidAdGroupId : .invalidCampaignId
        }
        switch type {
        case "Campaign":
            guard account.live(.campaign, id) != nil else { throw .invalidCampaignId }
        case "AdGroup":
            guard let adGroup = account.live(.adGroup, id), account.live(.campaign, adGroup.parent) != nil else {
                throw .invalidAdGroupId
            }
        default:
            throw .entityTypeNotSupported
        }
        return (id, type)
    }

    /// Checks the request-level rules shared by Add and Delete: at most one entity, one entity type.
    private func checkedEntities(_ body: SandboxJSON, _ context: MicrosoftContext) -> Result<[SandboxJSON], MicrosoftRejection> {
        let entities = body["EntityNegativeKeywords"]?.arrayValue ?? []
        func fail(_ error: MicrosoftError) -> Result<[SandboxJSON], MicrosoftRejection> {
            .failure(MicrosoftRejection(reply: context.operationFault(error)))
        }
        if entities.isEmpty { return fail(.negativeKeywordEntitiesNotPassed) }
        if entities.count > MicrosoftLimits.negativeKeywordEntities { return fail(.entityIdsExceedLimit) }
        if Set(entities.map { $0["EntityType"]?.stringValue ?? "" }).count > 1 { return fail(.negativeKeywordEntityTypesMismatch) }
        for entity in entities where (entity["NegativeKeywords"]?.arrayValue?.count ?? 0) > MicrosoftLimits.negativeKeywordsPerEntity {
            return fail(.negativeKeywordsLimitExceeded)
        }
        return .success(entities)
    }

    /// `POST /EntityNegativeKeywords` {EntityNegativeKeywords: [{EntityId, EntityType, NegativeKeywords}]} →
    /// {NegativeKeywordIds: [{Ids: […]}] (one IdCollection per entity, null ids where a keyword failed),
    /// NestedPartialErrors: [BatchErrorCollection {Index: entity, BatchErrors: [{Index: keyword}]}]}.
    /// Negative keywords are Exact or Phrase (Broad is 4340), at most 100 characters; a text and match type
    /// the entity already has is 4345, twice in one call 4338.
    func addNegativeKeywords(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let entities: [SandboxJSON]
        switch checkedEntities(body, context) {
        case .failure(let rejection): return rejection.reply
        case .success(let found): entities = found
        }
        var collections: [SandboxJSON] = []
        var nested: [SandboxJSON] = []
        var added = false
        for (entityIndex, entity) in entities.enumerated() {
            let keywords = entity["NegativeKeywords"]?.arrayValue ?? []
            var ids: [SandboxJSON] = []
            var errors: [(index: Int, error: MicrosoftError)] = []
            do throws(MicrosoftError) {
                if context.partialFailureIndex == entityIndex { throw .concurrentModification }
                let target = try negativeKeywordEntity(entity, microsoftAccount(context))
                if keywords.isEmpty { throw .negativeKeywordsNotPassed }
                var seen: Set<String> = []
                for (index, keyword) in keywords.enumerated() {
                    do throws(MicrosoftError) {
                        guard let text = keyword["Text"]?.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty,
                            text.count <= MicrosoftLimits.keywordTextLength
                        else { throw .negativeKeywordTextRequired }
                        guard let match = keyword["MatchType"]?.stringValue, match == "Exact" || match == "Phrase" else {
                            throw .negativeKeywordInvalidMatchType
                        }
                        let key = text.lowercased() + "|" + match
                        guard seen.insert(key).inserted else { throw .negativeKeywordDuplicateInCall }
                        if microsoftAccount(context).children(.negativeKeyword, of: target.id).contains(where: {
                            $0.record.fields["_EntityType"]?.stringValue == target.type
                                && ($0.record.fields["Text"]?.stringValue?.lowercased() ?? "") + "|"
                                    + ($0.record.fields["MatchType"]?.stringValue ?? "") == key
                        }) {
                            throw .duplicateNegativeKeyword
                        }
                        let id = microsoft.nextId(.negativeKeyword)
                        let fields: [String: SandboxJSON] = [
                            "Type": "NegativeKeyword", "Text": .string(text), "MatchType": .string(match),
                            "_EntityType": .string(target.type),
                        ]
                        withMicrosoftAccount(context) {
                            $0[.negativeKeyword][id] = MicrosoftRecord(parent: target.id, fields: fields)
                        }
                        added = true
                        ids.append(MicrosoftWire.id(id))
                    } catch {
                        ids.append(.null)
                        errors.append((index, error))
                    }
                }
            } catch {
                ids = keywords.map { _ in .null }
                errors = [(entityIndex, error)]
            }
            collections.append(["Ids": .array(ids)])
            if !errors.isEmpty { nested.append(MicrosoftWire.batchErrorCollection(index: entityIndex, errors)) }
        }
        if added { persistMicrosoft() }
        return .ok(["NegativeKeywordIds": .array(collections), "NestedPartialErrors": .array(nested)])
    }

    /// `DELETE /EntityNegativeKeywords` {EntityNegativeKeywords: [{EntityId, EntityType, NegativeKeywords:
    /// [{Id, …}]}]} → {NestedPartialErrors}; an id that is not a negative keyword of the entity is 4330.
    func deleteNegativeKeywords(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let entities: [SandboxJSON]
        switch checkedEntities(body, context) {
        case .failure(let rejection): return rejection.reply
        case .success(let found): entities = found
        }
        var nested: [SandboxJSON] = []
        var removed = false
        for (entityIndex, entity) in entities.enumerated() {
            var errors: [(index: Int, error: MicrosoftError)] = []
            do throws(MicrosoftError) {
                if context.partialFailureIndex == entityIndex { throw .concurrentModification }
                let target = try negativeKeywordEntity(entity, microsoftAccount(context))
                let keywords = entity["NegativeKeywords"]?.arrayValue ?? []
                if keywords.isEmpty { throw .negativeKeywordsNotPassed }
                for (index, keyword) in keywords.enumerated() {
                    let id = keyword["Id"]?.int64Value
                    let record = id.flatMap { microsoftAccount(context)[.negativeKeyword][$0] }
                    guard let id, let record, record.parent == target.id,
                        record.fields["_EntityType"]?.stringValue == target.type
                    else {
                        errors.append((index, .invalidNegativeKeywordId))
                        continue
                    }
                    withMicrosoftAccount(context) { _ = $0[.negativeKeyword].removeValue(forKey: id) }
                    removed = true
                }
            } catch {
                errors = [(entityIndex, error)]
            }
            if !errors.isEmpty { nested.append(MicrosoftWire.batchErrorCollection(index: entityIndex, errors)) }
        }
        if removed { persistMicrosoft() }
        return .ok(["NestedPartialErrors": .array(nested)])
    }

    /// `POST /NegativeKeywords/QueryByEntityIds` {EntityIds (one), EntityType, ParentEntityId?} →
    /// {EntityNegativeKeywords: [{EntityId, EntityType, NegativeKeywords}], PartialErrors}.
    func getNegativeKeywords(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        let ids = Self.microsoftIds(body["EntityIds"])
        let type = body["EntityType"]?.stringValue ?? ""
        if ids.isEmpty { return context.operationFault(.negativeKeywordEntitiesNotPassed) }
        if ids.count > MicrosoftLimits.negativeKeywordEntityIds { return context.operationFault(.entityIdsExceedLimit) }
        guard type == "Campaign" || type == "AdGroup" else { return context.operationFault(.entityTypeNotSupported) }
        let account = microsoftAccount(context)
        var list: [SandboxJSON] = []
        var errors: [(Int, MicrosoftError)] = []
        for (index, id) in ids.enumerated() {
            do throws(MicrosoftError) {
                let target = try negativeKeywordEntity(
                    ["EntityId": id.map(MicrosoftWire.id) ?? .null, "EntityType": .string(type)], account)
                let keywords = account.children(.negativeKeyword, of: target.id)
                    .filter { $0.record.fields["_EntityType"]?.stringValue == type }
                    .map { Self.microsoftWire($0.id, $0.record) }
                list.append([
                    "EntityId": MicrosoftWire.id(target.id), "EntityType": .string(type), "NegativeKeywords": .array(keywords),
                ])
            } catch {
                errors.append((index, error))
            }
        }
        return .ok(["EntityNegativeKeywords": .array(list), "PartialErrors": Self.partialErrors(errors)])
    }
}
