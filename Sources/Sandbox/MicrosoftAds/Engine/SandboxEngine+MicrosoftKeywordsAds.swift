import Foundation

/// Keywords and responsive search ads.
extension SandboxEngine {
    /// The live ad group of the request (in a live campaign), or nil.
    private func liveAdGroup(_ body: SandboxJSON, _ context: MicrosoftContext) -> Int64? {
        let account = microsoftAccount(context)
        guard let id = body["AdGroupId"]?.int64Value, let adGroup = account.live(.adGroup, id),
            account.live(.campaign, adGroup.parent) != nil
        else { return nil }
        return id
    }

    // MARK: keywords

    /// `POST /Keywords` {AdGroupId, Keywords} → {KeywordIds, PartialErrors}. Status defaults to Active.
    func addKeywords(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let adGroupId = liveAdGroup(body, context) else { return context.operationFault(.invalidAdGroupId) }
        let items = body["Keywords"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.keywordsNullOrEmpty) }
        if items.count > MicrosoftLimits.keywords { return context.operationFault(.keywordsExceedLimit) }
        var taken = Set(
            microsoftAccount(context).children(.keyword, of: adGroupId).map {
                ($0.record.fields["Text"]?.stringValue?.lowercased() ?? "") + "|" + ($0.record.fields["MatchType"]?.stringValue ?? "")
            })
        let result = microsoftBatch(items, context) { _, keyword throws(MicrosoftError) in
            var fields = keyword
            fields["Id"] = nil
            guard let text = fields["Text"]?.stringValue, Self.isValidKeywordText(text) else { throw .invalidKeywordText }
            guard let match = fields["MatchType"]?.stringValue else { throw .matchTypeRequired }
            let key = text.lowercased() + "|" + match
            if taken.contains(key) { throw .keywordMatchTypeCombinationExists }
            try Self.checkBid(fields["Bid"])
            try Self.checkKeywordStatus(fields["Status"])
            fields["Status"] = fields["Status"] ?? "Active"
            fields["EditorialStatus"] = "Active"
            taken.insert(key)
            let id = microsoft.nextId(.keyword)
            withMicrosoftAccount(context) { $0[.keyword][id] = MicrosoftRecord(parent: adGroupId, fields: fields) }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["KeywordIds": .array(result.ids), "PartialErrors": Self.partialErrors(result.errors)])
    }

    /// `PUT /Keywords` {AdGroupId, Keywords} → {PartialErrors}. Text and match type cannot change.
    func updateKeywords(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let adGroupId = liveAdGroup(body, context) else { return context.operationFault(.invalidAdGroupId) }
        let items = body["Keywords"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.keywordsNullOrEmpty) }
        if items.count > MicrosoftLimits.keywords { return context.operationFault(.keywordsExceedLimit) }
        let result = microsoftBatch(items, context) { _, keyword throws(MicrosoftError) in
            guard let id = keyword["Id"]?.int64Value, var record = microsoftAccount(context).live(.keyword, id),
                record.parent == adGroupId
            else { throw .invalidKeywordId }
            if let text = keyword["Text"], text != record.fields["Text"] { throw .cannotChangeKeywordText }
            if let match = keyword["MatchType"], match != record.fields["MatchType"] { throw .keywordMatchTypeChange }
            try Self.checkKeywordStatus(keyword["Status"])
            if let bid = keyword["Bid"] {
                // {"Amount": null} (sent as {}) removes the keyword bid: the ad group's applies.
                if bid["Amount"] == nil {
                    record.fields["Bid"] = nil
                } else {
                    try Self.checkBid(bid)
                }
            }
            for (key, value) in keyword where key != "Id" && !(key == "Bid" && value["Amount"] == nil) {
                record.fields[key] = value
            }
            withMicrosoftAccount(context) { $0[.keyword][id] = record }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["PartialErrors": Self.partialErrors(result.errors)])
    }

    /// At most 100 characters and 10 words, not blank.
    static func isValidKeywordText(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && text.count <= MicrosoftLimits.keywordTextLength
            && trimmed.split(separator: " ").count <= 10
    }

    static func checkKeywordStatus(_ value: SandboxJSON?) throws(MicrosoftError) {
        guard let status = value?.stringValue else { return }
        guard status == "Active" || status == "Paused" else { throw .invalidKeywordStatus }
    }

    // MARK: ads

    /// `POST /Ads` {AdGroupId, Ads} → {AdIds, PartialErrors}. Responsive search ads only; Status
    /// defaults to Active.
    func addAds(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let adGroupId = liveAdGroup(body, context) else { return context.operationFault(.invalidAdGroupId) }
        let items = body["Ads"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.adsNullOrEmpty) }
        if items.count > MicrosoftLimits.ads { return context.operationFault(.adsExceedLimit) }
        let result = microsoftBatch(items, context) { _, ad throws(MicrosoftError) in
            if ad["Id"] != nil { throw .adIdIsNonNull }
            guard ad["Type"]?.stringValue == "ResponsiveSearch" else { throw .adTypeInvalid }
            var fields = ad
            try Self.checkResponsiveSearchAd(fields, adding: true)
            if let status = fields["Status"]?.stringValue, status != "Active", status != "Paused" {
                throw .adInInvalidStatus
            }
            fields["Status"] = fields["Status"] ?? "Active"
            fields["EditorialStatus"] = "Active"
            fields["Headlines"] = Self.withAssetIds(fields["Headlines"])
            fields["Descriptions"] = Self.withAssetIds(fields["Descriptions"])
            let id = microsoft.nextId(.ad)
            withMicrosoftAccount(context) { $0[.ad][id] = MicrosoftRecord(parent: adGroupId, fields: fields) }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["AdIds": .array(result.ids), "PartialErrors": Self.partialErrors(result.errors)])
    }

    /// `PUT /Ads` {AdGroupId, Ads} → {PartialErrors}. Each ad needs `Id` and its `Type`.
    func updateAds(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard let adGroupId = liveAdGroup(body, context) else { return context.operationFault(.invalidAdGroupId) }
        let items = body["Ads"]?.arrayValue ?? []
        if items.isEmpty { return context.operationFault(.adsNullOrEmpty) }
        if items.count > MicrosoftLimits.ads { return context.operationFault(.adsExceedLimit) }
        let result = microsoftBatch(items, context) { _, ad throws(MicrosoftError) in
            guard let id = ad["Id"]?.int64Value else { throw .adIdIsNull }
            guard var record = microsoftAccount(context).live(.ad, id), record.parent == adGroupId else {
                throw .invalidAdId
            }
            guard ad["Type"] == record.fields["Type"] else { throw .adTypeDoesNotMatch }
            var merged = record.fields
            for (key, value) in ad where key != "Id" { merged[key] = value }
            try Self.checkResponsiveSearchAd(merged, adding: false)
            if let status = ad["Status"]?.stringValue, status != "Active", status != "Paused" { throw .adInInvalidStatus }
            if ad["Headlines"] != nil { merged["Headlines"] = Self.withAssetIds(merged["Headlines"]) }
            if ad["Descriptions"] != nil { merged["Descriptions"] = Self.withAssetIds(merged["Descriptions"]) }
            record.fields = merged
            withMicrosoftAccount(context) { $0[.ad][id] = record }
            return id
        }
        if result.errors.count < items.count { persistMicrosoft() }
        return .ok(["PartialErrors": Self.partialErrors(result.errors)])
    }

    /// Microsoft's responsive search ad rules: 3–15 headlines of at most 30 characters, 2–4 descriptions
    /// of at most 90, text assets only, no duplicates, paths of at most 15 characters (Path2 only with
    /// Path1), 1–10 final URLs that are http(s) URLs.
    static func checkResponsiveSearchAd(_ ad: [String: SandboxJSON], adding: Bool) throws(MicrosoftError) {
        func texts(_ key: String) throws(MicrosoftError) -> [String] {
            var out: [String] = []
            for link in ad[key]?.arrayValue ?? [] {
                guard let asset = link["Asset"], asset["Type"]?.stringValue == "TextAsset" else { throw .assetTypeInvalid }
                out.append(asset["Text"]?.stringValue ?? "")
            }
            return out
        }
        let headlines = try texts("Headlines")
        if headlines.isEmpty { throw .headlinesNullOrEmpty }
        if headlines.count < 3 { throw .tooFewHeadlines }
        if headlines.count > 15 { throw .tooManyHeadlines }
        for text in headlines {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { throw .invalidHeadline }
            if text.count > MicrosoftLimits.headlineLength { throw .headlineTooLong }
        }
        if Set(headlines.map { $0.lowercased() }).count < headlines.count { throw .duplicateHeadlines }
        let descriptions = try texts("Descriptions")
        if descriptions.isEmpty { throw .descriptionsNullOrEmpty }
        if descriptions.count < 2 { throw .tooFewDescriptions }
        if descriptions.count > 4 { throw .tooManyDescriptions }
        for text in descriptions {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { throw .invalidDescription }
            if text.count > MicrosoftLimits.descriptionLength { throw .descriptionTooLong }
        }
        if Set(descriptions.map { $0.lowercased() }).count < descriptions.count { throw .duplicateDescriptions }
        let path1 = ad["Path1"]?.stringValue ?? ""
        let path2 = ad["Path2"]?.stringValue ?? ""
        if path1.count > MicrosoftLimits.pathLength { throw .path1TooLong }
        if path2.count > MicrosoftLimits.pathLength { throw .path2TooLong }
        if !path2.isEmpty, path1.isEmpty { throw .path2WithoutPath1 }
        let urls = (ad["FinalUrls"]?.arrayValue ?? []).map { $0.stringValue ?? "" }
        if urls.isEmpty { throw .finalUrlsInvalid.with(details: "FinalUrls is required.") }
        if urls.count > 10 { throw .finalUrlsExceeded }
        if !urls.allSatisfy(isValidFinalUrl) { throw .finalUrlsInvalid }
    }

    /// Text assets get an id per distinct text (as Microsoft shares a text asset across the account's ads).
    static func withAssetIds(_ links: SandboxJSON?) -> SandboxJSON? {
        guard let links = links?.arrayValue else { return nil }
        return .array(
            links.map { link in
                var link = link
                if let text = link["Asset"]?["Text"]?.stringValue {
                    link["Asset"]?["Id"] = MicrosoftWire.id(Int64(SeededRandom.hash("asset|" + text) % 9_000_000_000) + 1_000_000_000)
                }
                if link["EditorialStatus"] == nil { link["EditorialStatus"] = "Active" }
                return link
            }
        )
    }
}
