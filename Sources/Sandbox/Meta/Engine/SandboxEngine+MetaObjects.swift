import Foundation

/// Campaigns, ad sets, creatives, images and ads: create on the account's edges, read lists and nodes, update and delete
/// nodes.
extension SandboxEngine {
    func metaDispatch(_ call: MetaCall) -> SandboxHTTPResponse {
        guard let first = call.segments.first else { return metaUnknownPath(call) }
        if first.hasPrefix("act_") {
            let digits = String(first.dropFirst(4))
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIINumber) else {
                return MetaWire.unknownObject(first, method: call.method, trace: call.trace)
            }
            if meta.accounts[digits] == nil {
                // An account of digits is created on first use (like the Microsoft module without `microsoftAccountIds`).
                var state = meta
                state.accounts[digits] = MetaAccount()
                meta = state
            }
            switch (call.method, call.segments.count > 1 ? call.segments[1] : nil, call.segments.count) {
            case ("GET", nil, 1): return metaAccountNode(digits, call)
            case ("POST", "campaigns", 2): return metaCreate(.campaign, account: digits, call)
            case ("POST", "adsets", 2): return metaCreate(.adset, account: digits, call)
            case ("POST", "adcreatives", 2): return metaCreate(.adcreative, account: digits, call)
            case ("POST", "ads", 2): return metaCreate(.ad, account: digits, call)
            case ("POST", "adimages", 2): return metaUploadImage(account: digits, call)
            case ("GET", "campaigns", 2): return metaList(.campaign, account: digits, parent: nil, call)
            case ("GET", "adsets", 2): return metaList(.adset, account: digits, parent: nil, call)
            case ("GET", "ads", 2): return metaList(.ad, account: digits, parent: nil, call)
            case ("GET", "adcreatives", 2): return metaList(.adcreative, account: digits, parent: nil, call)
            case ("GET", "insights", 2): return metaInsights(account: digits, params: call.params, asOfDay: call.today, call)
            case ("POST", "insights", 2): return metaStartReport(account: digits, call)
            case ("GET", "targetingsearch", 2): return metaTargetingSearch(call)
            default: return metaUnknownPath(call)
            }
        }
        let id = first
        if call.segments.count == 1 {
            if meta.reports[id] != nil, call.method == "GET" { return metaReportRun(id, call) }
            switch call.method {
            case "GET": return metaGetNode(id, call)
            case "POST": return metaUpdate(id, call)
            case "DELETE": return metaDelete(id, call)
            default: return metaUnknownPath(call)
            }
        }
        guard call.segments.count == 2, call.method == "GET" else { return metaUnknownPath(call) }
        if call.segments[1] == "insights", meta.reports[id] != nil { return metaReportRows(id, call) }
        guard let (account, node) = meta.node(id) else { return MetaWire.unknownObject(id, method: call.method, trace: call.trace) }
        switch (node.kind, call.segments[1]) {
        case (.campaign, "adsets"): return metaList(.adset, account: account, parent: id, call)
        case (.campaign, "ads"), (.adset, "ads"): return metaList(.ad, account: account, parent: id, call)
        default: return metaUnknownPath(call)
        }
    }

    /// Graph's answer to a path it does not know (code 2500).
    func metaUnknownPath(_ call: MetaCall) -> SandboxHTTPResponse {
        let rest = "/" + call.segments.dropFirst().joined(separator: "/")
        return MetaWire.error(400, message: "Unknown path components: \(rest)", code: 2500, trace: call.trace)
    }

    private func metaAccountNode(_ accountId: String, _ call: MetaCall) -> SandboxHTTPResponse {
        let all: [String: SandboxJSON] = [
            "id": .string("act_\(accountId)"), "account_id": .string(accountId), "currency": "USD", "account_status": 1,
            "name": .string("Sandbox ad account \(accountId)"), "timezone_name": "America/New_York",
        ]
        let wanted = metaFieldList(call.params["fields"]) ?? ["id", "account_id"]
        var row: [String: SandboxJSON] = ["id": all["id"]!]
        for field in wanted { if let value = all[field] { row[field] = value } }
        return .json(200, .object(row))
    }

    // MARK: writes

    /// Checks the params of a write against the endpoint's reference params: every field known, every value of its type.
    private func metaChecked(_ call: MetaCall, endpoint: String) -> Result<[String: SandboxJSON], MetaSchema.Problem> {
        let known = MetaSchema.endpointParams[endpoint] ?? [:]
        var values: [String: SandboxJSON] = [:]
        for name in call.params.keys.sorted() where !metaCommonParams.contains(name) {
            guard let type = known[name] else {
                // Unknown form fields are refused with the field named (a sandbox rule; Meta's wording unconfirmed).
                return .failure(MetaSchema.Problem(param: name, message: "(#100) Param \(name) is not a valid parameter of \(endpoint.split(separator: " ").dropFirst().joined(separator: " ").replacingOccurrences(of: "#update", with: "update"))"))
            }
            let raw = call.params[name]!
            if type == "datetime", !MetaWire.isDatetime(raw) {
                return .failure(MetaSchema.Problem(param: name, message: "(#100) param \(name) must be a valid datetime (ISO 8601 with an offset, or a UNIX timestamp)."))
            }
            switch MetaSchema.value(raw, type: type, param: name) {
            case .success(let value): values[name] = value
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(values)
    }

    private func metaRequired(_ name: String) -> MetaSchema.Problem {
        MetaSchema.Problem(param: name, message: "(#100) The parameter \(name) is required")
    }

    private func metaCreate(_ kind: MetaKind, account accountId: String, _ call: MetaCall) -> SandboxHTTPResponse {
        let endpoint: String =
            switch kind {
            case .campaign: "AdAccount POST campaigns"
            case .adset: "AdAccount POST adsets"
            case .ad: "AdAccount POST ads"
            default: "AdAccount POST adcreatives"
            }
        let values: [String: SandboxJSON]
        switch metaChecked(call, endpoint: endpoint) {
        case .success(let checked): values = checked
        case .failure(let problem): return MetaWire.invalidParameter(problem, trace: call.trace)
        }
        var state = meta
        let account = state.accounts[accountId] ?? MetaAccount()
        let created = MetaWire.datetime(call.now)
        var fields: [String: SandboxJSON] = ["account_id": .string(accountId), "created_time": .string(created), "updated_time": .string(created)]
        func problem(_ p: MetaSchema.Problem) -> SandboxHTTPResponse { MetaWire.invalidParameter(p, trace: call.trace) }
        let statusValue = values["status"]?.stringValue ?? "ACTIVE"  // Meta's default when status is left out (unconfirmed).
        switch kind {
        case .campaign:
            guard values["special_ad_categories"] != nil else { return problem(metaRequired("special_ad_categories")) }
            guard let name = values["name"]?.stringValue, !name.isEmpty else { return problem(metaRequired("name")) }
            guard values["objective"] != nil else { return problem(metaRequired("objective")) }
            if values["daily_budget"] != nil, values["lifetime_budget"] != nil {
                return problem(MetaSchema.Problem(param: "daily_budget", message: "(#100) Only one of daily_budget and lifetime_budget can be set"))
            }
            if let p = metaBudgetProblem(values) { return problem(p) }
            fields.merge(values.filter { !["daily_budget", "lifetime_budget", "spend_cap"].contains($0.key) }) { _, new in new }
            for key in ["daily_budget", "lifetime_budget", "spend_cap"] {
                if let cents = values[key]?.int64Value { fields[key] = .string(String(cents)) }
            }
            fields["buying_type"] = fields["buying_type"] ?? "AUCTION"
            fields["start_time"] = fields["start_time"] ?? .string(created)
            fields["budget_remaining"] = .string(String(values["daily_budget"]?.int64Value ?? values["lifetime_budget"]?.int64Value ?? 0))
        case .adset:
            guard let name = values["name"]?.stringValue, !name.isEmpty else { return problem(metaRequired("name")) }
            guard let campaignId = values["campaign_id"]?.stringValue else { return problem(metaRequired("campaign_id")) }
            guard let campaign = account.nodes[campaignId], campaign.kind == .campaign, campaign.status != "DELETED" else {
                // Wording unconfirmed.
                return problem(MetaSchema.Problem(param: "campaign_id", message: "(#100) param campaign_id must be the id of a campaign of this ad account: \(campaignId) is not one"))
            }
            for required in ["billing_event", "optimization_goal", "targeting"] where values[required] == nil { return problem(metaRequired(required)) }
            let campaignBudget = campaign.fields["daily_budget"] != nil || campaign.fields["lifetime_budget"] != nil
            let ownBudget = values["daily_budget"] != nil || values["lifetime_budget"] != nil
            if !campaignBudget && !ownBudget { return problem(metaRequired("daily_budget")) }
            if campaignBudget && ownBudget {
                return problem(MetaSchema.Problem(param: values["daily_budget"] != nil ? "daily_budget" : "lifetime_budget", message: "(#100) The campaign has a budget (campaign budget optimization): an ad set of it cannot have its own budget"))
            }
            if values["lifetime_budget"] != nil, values["end_time"] == nil { return problem(metaRequired("end_time")) }
            if let p = metaBudgetProblem(values) { return problem(p) }
            if let p = metaTargetingProblem(values["targeting"]!) { return problem(p) }
            let start = MetaWire.day(values["start_time"]?.stringValue) ?? MetaWire.day(created)!
            if let end = MetaWire.day(values["end_time"]?.stringValue), end < start {
                return problem(MetaSchema.Problem(param: "end_time", message: "(#100) param end_time must be after start_time"))
            }
            fields.merge(values.filter { !["daily_budget", "lifetime_budget"].contains($0.key) }) { _, new in new }
            for key in ["daily_budget", "lifetime_budget"] { if let cents = values[key]?.int64Value { fields[key] = .string(String(cents)) } }
            fields["start_time"] = fields["start_time"] ?? .string(created)
            fields["budget_remaining"] = .string(String(values["daily_budget"]?.int64Value ?? values["lifetime_budget"]?.int64Value ?? 0))
        case .adcreative:
            if values["object_story_spec"] == nil && values["object_story_id"] == nil { return problem(metaRequired("object_story_spec")) }
            if let spec = values["object_story_spec"] {
            guard spec["page_id"]?.stringValue.map({ !$0.isEmpty }) == true else { return problem(metaRequired("object_story_spec[page_id]")) }
            if let link = spec["link_data"] {
                guard link["link"]?.stringValue.map({ !$0.isEmpty }) == true else { return problem(metaRequired("object_story_spec[link_data][link]")) }
                if let hash = link["image_hash"]?.stringValue, account.images[hash] == nil {
                    // Wording unconfirmed.
                    return problem(MetaSchema.Problem(param: "object_story_spec[link_data][image_hash]", message: "(#100) Image with hash \(hash) was not found in this ad account"))
                }
                fields["image_hash"] = link["image_hash"]
                fields["body"] = link["message"]
                fields["title"] = link["name"]
                fields["link_url"] = link["link"]
                fields["call_to_action_type"] = link["call_to_action"]?["type"]
            }
            }
            fields.merge(values) { _, new in new }
            fields["object_type"] = "SHARE"
            fields["status"] = "ACTIVE"
        case .ad:
            guard let name = values["name"]?.stringValue, !name.isEmpty else { return problem(metaRequired("name")) }
            guard let adsetId = values["adset_id"].map({ $0.int64Value.map(String.init) ?? $0.stringValue ?? "" }) else { return problem(metaRequired("adset_id")) }
            guard let adset = account.nodes[adsetId], adset.kind == .adset, adset.status != "DELETED" else {
                return problem(MetaSchema.Problem(param: "adset_id", message: "(#100) param adset_id must be the id of an ad set of this ad account: \(adsetId) is not one"))
            }
            guard let creative = values["creative"] else { return problem(metaRequired("creative")) }
            guard let creativeId = creative["creative_id"]?.stringValue ?? creative["creative_id"]?.int64Value.map(String.init) else {
                return problem(metaRequired("creative[creative_id]"))
            }
            guard account.nodes[creativeId]?.kind == .adcreative else {
                return problem(MetaSchema.Problem(param: "creative[creative_id]", message: "(#100) param creative[creative_id] must be the id of an ad creative of this ad account: \(creativeId) is not one"))
            }
            fields.merge(values) { _, new in new }
            fields["adset_id"] = .string(adsetId)
            fields["campaign_id"] = adset.fields["campaign_id"]
            fields["creative"] = ["id": .string(creativeId)]
        case .reportRun:
            break
        }
        if kind != .adcreative {
            fields["status"] = .string(statusValue)
            fields["configured_status"] = .string(statusValue)
        }
        let id = state.nextId(kind)
        fields["id"] = .string(id)
        state.accounts[accountId, default: MetaAccount()].nodes[id] = MetaNode(kind: kind, fields: fields)
        meta = state
        persistMeta()
        return .json(200, ["id": .string(id)])
    }

    /// Budgets are whole cents of at least $1.00 (Meta's minimums depend on the billing event; $1 a day is the sandbox's,
    /// unconfirmed).
    private func metaBudgetProblem(_ values: [String: SandboxJSON]) -> MetaSchema.Problem? {
        if let daily = values["daily_budget"]?.int64Value, daily < 100 {
            return MetaSchema.Problem(param: "daily_budget", message: "(#100) The daily budget must be at least $1.00 (100 in cents)")
        }
        return nil
    }

    /// Checks a targeting spec beyond its keys: a location is required; custom locations carry a radius in `mile` or
    /// `kilometer` within Meta's range; ZIP keys look like `US:33510`; ages 13–65 in order; no keyword targeting.
    private func metaTargetingProblem(_ targeting: SandboxJSON) -> MetaSchema.Problem? {
        guard let geo = targeting["geo_locations"]?.objectValue, !geo.isEmpty else {
            return MetaSchema.Problem(param: "targeting[geo_locations]", message: "(#100) Your audience is missing a location: targeting must include geo_locations")
        }
        if targeting["keywords"] != nil {
            return MetaSchema.Problem(param: "targeting[keywords]", message: "(#100) Keyword targeting is not available: targeting[keywords] cannot be used")
        }
        for (index, zip) in (geo["zips"]?.arrayValue ?? []).enumerated() {
            let key = zip["key"]?.stringValue ?? ""
            let parts = key.split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, !parts[1].isEmpty else {
                return MetaSchema.Problem(param: "targeting[geo_locations][zips][\(index)][key]", message: "(#100) Invalid zip code key \"\(key)\": use COUNTRY:ZIP, e.g. US:33510")
            }
        }
        for (index, location) in (geo["custom_locations"]?.arrayValue ?? []).enumerated() {
            let path = "targeting[geo_locations][custom_locations][\(index)]"
            guard location["latitude"]?.doubleValue != nil, location["longitude"]?.doubleValue != nil else {
                return MetaSchema.Problem(param: "\(path)[latitude]", message: "(#100) A custom location needs latitude and longitude")
            }
            let unit = location["distance_unit"]?.stringValue ?? "mile"
            guard unit == "mile" || unit == "kilometer" else {
                return MetaSchema.Problem(param: "\(path)[distance_unit]", message: "(#100) param \(path)[distance_unit] must be one of {mile, kilometer}")
            }
            let radius = location["radius"]?.doubleValue ?? 0
            let range: ClosedRange<Double> = unit == "mile" ? 0.63...50 : 1...80
            guard range.contains(radius) else {
                return MetaSchema.Problem(param: "\(path)[radius]", message: "(#100) The radius must be between \(MetaWire.decimal(range.lowerBound)) and \(MetaWire.decimal(range.upperBound)) \(unit)s")
            }
        }
        let ageMin = targeting["age_min"]?.int64Value ?? 18
        let ageMax = targeting["age_max"]?.int64Value ?? 65
        guard (13...65).contains(ageMin), (13...65).contains(ageMax), ageMin <= ageMax else {
            return MetaSchema.Problem(param: "targeting[age_min]", message: "(#100) age_min and age_max must be between 13 and 65, age_min not above age_max")
        }
        return nil
    }

    private func metaUploadImage(account accountId: String, _ call: MetaCall) -> SandboxHTTPResponse {
        let known = MetaSchema.endpointParams["AdAccount POST adimages"] ?? [:]
        let fileFields = Set(call.uploads.map(\.field))
        for name in call.params.keys.sorted() where !metaCommonParams.contains(name) && known[name] == nil && !fileFields.contains(name) {
            return MetaWire.invalidParameter(MetaSchema.Problem(param: name, message: "(#100) Param \(name) is not a valid parameter of POST adimages"), trace: call.trace)
        }
        var images: [(name: String, bytes: [UInt8])] = call.uploads.map { ($0.filename, $0.bytes) }
        if let encoded = call.params["bytes"] {
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !data.isEmpty else {
                return MetaWire.invalidParameter(MetaSchema.Problem(param: "bytes", message: "(#100) param bytes must be the image encoded in base64"), trace: call.trace)
            }
            images.append(("bytes", [UInt8](data)))
        }
        guard !images.isEmpty else { return MetaWire.invalidParameter(metaRequired("bytes"), trace: call.trace) }
        var state = meta
        var answer: [String: SandboxJSON] = [:]
        for image in images {
            let hash = MetaDigest.md5Hex(image.bytes)
            state.accounts[accountId, default: MetaAccount()].images[hash] = MetaImage(hash: hash, name: image.name, bytes: image.bytes.count)
            let url = baseURL.appendingPathComponent("_meta/adimages/\(hash).jpg").absoluteString
            answer[image.name] = ["hash": .string(hash), "url": .string(url)]
        }
        meta = state
        persistMeta()
        return .json(200, ["images": .object(answer)])
    }

    private func metaUpdate(_ id: String, _ call: MetaCall) -> SandboxHTTPResponse {
        var state = meta
        guard let (accountId, node) = state.node(id) else { return MetaWire.unknownObject(id, method: "POST", trace: call.trace) }
        let values: [String: SandboxJSON]
        switch metaChecked(call, endpoint: "\(node.kind.node) POST #update") {
        case .success(let checked): values = checked
        case .failure(let problem): return MetaWire.invalidParameter(problem, trace: call.trace)
        }
        if node.status == "DELETED" {
            // Wording unconfirmed.
            return MetaWire.error(400, message: "(#100) Cannot update an object that has been deleted: \(id)", code: 100, trace: call.trace)
        }
        if let p = metaBudgetProblem(values) { return MetaWire.invalidParameter(p, trace: call.trace) }
        if node.kind == .adset, values["daily_budget"] != nil || values["lifetime_budget"] != nil,
            let campaign = node.campaignId.flatMap({ state.accounts[accountId]?.nodes[$0] }),
            campaign.fields["daily_budget"] != nil || campaign.fields["lifetime_budget"] != nil
        {
            return MetaWire.invalidParameter(
                MetaSchema.Problem(param: values["daily_budget"] != nil ? "daily_budget" : "lifetime_budget", message: "(#100) The campaign has a budget (campaign budget optimization): an ad set of it cannot have its own budget"),
                trace: call.trace)
        }
        if let targeting = values["targeting"], let p = metaTargetingProblem(targeting) { return MetaWire.invalidParameter(p, trace: call.trace) }
        var updated = node
        for (key, value) in values {
            switch key {
            case "daily_budget", "lifetime_budget", "spend_cap": updated.fields[key] = value.int64Value.map { .string(String($0)) } ?? value
            case "status":
                updated.fields["status"] = value
                if node.kind != .adcreative { updated.fields["configured_status"] = value }
            case "creative":
                if let creativeId = value["creative_id"]?.stringValue { updated.fields["creative"] = ["id": .string(creativeId)] }
            default: updated.fields[key] = value
            }
        }
        if let start = MetaWire.day(updated.fields["start_time"]?.stringValue), let end = MetaWire.day(updated.fields["end_time"]?.stringValue), end < start {
            return MetaWire.invalidParameter(MetaSchema.Problem(param: "end_time", message: "(#100) param end_time must be after start_time"), trace: call.trace)
        }
        updated.fields["updated_time"] = .string(MetaWire.datetime(call.now))
        state.accounts[accountId]?.nodes[id] = updated
        meta = state
        persistMeta()
        return .json(200, ["success": true])
    }

    private func metaDelete(_ id: String, _ call: MetaCall) -> SandboxHTTPResponse {
        var state = meta
        guard let (accountId, node) = state.node(id) else { return MetaWire.unknownObject(id, method: "DELETE", trace: call.trace) }
        var updated = node
        updated.fields["status"] = "DELETED"
        if node.kind != .adcreative { updated.fields["configured_status"] = "DELETED" }
        updated.fields["updated_time"] = .string(MetaWire.datetime(call.now))
        state.accounts[accountId]?.nodes[id] = updated
        meta = state
        persistMeta()
        return .json(200, ["success": true])
    }

    // MARK: reads

    /// The `fields` param split at top-level commas; `creative{id,name}` asks for `creative`. nil when absent.
    func metaFieldList(_ raw: String?) -> [String]? {
        guard let raw, !raw.isEmpty else { return nil }
        var fields: [String] = []
        var depth = 0
        var current = ""
        for character in raw {
            switch character {
            case "{": depth += 1
            case "}": depth -= 1
            case "," where depth == 0:
                fields.append(current)
                current = ""
                continue
            default: if depth == 0 { current.append(character) }
            }
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `effective_status`: the node's own status unless it is ACTIVE; then `CAMPAIGN_PAUSED` / `ADSET_PAUSED` when a
    /// parent is not ACTIVE.
    func metaEffectiveStatus(_ node: MetaNode, in account: MetaAccount) -> String {
        guard node.status == "ACTIVE" else { return node.status }
        if node.kind == .adset || node.kind == .ad, let campaignId = node.campaignId, let campaign = account.nodes[campaignId], campaign.status != "ACTIVE" {
            return "CAMPAIGN_PAUSED"
        }
        if node.kind == .ad, let adsetId = node.adsetId, let adset = account.nodes[adsetId], adset.status != "ACTIVE" {
            return "ADSET_PAUSED"
        }
        return "ACTIVE"
    }

    /// The requested fields of a node (and `id`); a field the node type does not have is Meta's error 100.
    private func metaRender(_ node: MetaNode, fields: [String], in account: MetaAccount) -> SandboxJSON {
        var row: [String: SandboxJSON] = ["id": .string(node.id)]
        for field in fields {
            switch field {
            case "effective_status": row[field] = .string(metaEffectiveStatus(node, in: account))
            case "campaign": if let id = node.campaignId { row[field] = ["id": .string(id)] }
            case "adset": if let id = node.adsetId { row[field] = ["id": .string(id)] }
            default: if let value = node.fields[field] { row[field] = value }
            }
        }
        return .object(row)
    }

    private func metaUnknownField(_ fields: [String], node: String, trace: String) -> SandboxHTTPResponse? {
        guard let unknown = fields.first(where: { MetaSchema.fieldType(node, $0) == nil }) else { return nil }
        return MetaWire.error(400, message: "(#100) Tried accessing nonexisting field (\(unknown)) on node type (\(node))", code: 100, trace: trace)
    }

    private func metaGetNode(_ id: String, _ call: MetaCall) -> SandboxHTTPResponse {
        guard let (accountId, node) = meta.node(id) else { return MetaWire.unknownObject(id, method: "GET", trace: call.trace) }
        let fields = metaFieldList(call.params["fields"]) ?? ["id", "name"]
        if let error = metaUnknownField(fields, node: node.kind.node, trace: call.trace) { return error }
        return .json(200, metaRender(node, fields: fields, in: meta.accounts[accountId]!))
    }

    /// One page of an edge: newest first, `filtering` and `effective_status` applied (without `effective_status`,
    /// deleted and archived objects are left out), `limit` (default 25) rows from the `after` cursor.
    private func metaList(_ kind: MetaKind, account accountId: String, parent: String?, _ call: MetaCall) -> SandboxHTTPResponse {
        let account = meta.accounts[accountId] ?? MetaAccount()
        let fields = metaFieldList(call.params["fields"]) ?? []
        if let error = metaUnknownField(fields, node: kind.node, trace: call.trace) { return error }
        var nodes = account.nodes(kind)
        if let parent { nodes = nodes.filter { $0.campaignId == parent || $0.adsetId == parent } }
        if let raw = call.params["effective_status"] {
            guard let wanted = SandboxJSON.parse(Data(raw.utf8))?.arrayValue?.compactMap(\.stringValue) else {
                return MetaWire.invalidParameter(MetaSchema.Problem(param: "effective_status", message: "(#100) param effective_status must be a JSON array of statuses"), trace: call.trace)
            }
            let known = MetaSchema.enums["adaccountcampaigns_effective_status_enum_param"] ?? []
            if let bad = wanted.first(where: { !known.contains($0) }) {
                return MetaWire.invalidParameter(MetaSchema.enumProblem("effective_status[\(wanted.firstIndex(of: bad)!)]", known), trace: call.trace)
            }
            nodes = nodes.filter { wanted.contains(metaEffectiveStatus($0, in: account)) }
        } else {
            nodes = nodes.filter(\.isLive)
        }
        if let raw = call.params["filtering"] {
            switch metaFilters(raw) {
            case .success(let filters):
                nodes = nodes.filter { node in filters.allSatisfy { $0.matches(metaFilterValue(node, $0.field, in: account)) } }
            case .failure(let problem):
                return MetaWire.invalidParameter(problem, trace: call.trace)
            }
        }
        let limit = max(1, Int(call.params["limit"] ?? "") ?? 25)
        var offset = 0
        if let after = call.params["after"] {
            guard let position = MetaWire.position(after), let last = Int64(position) else {
                return MetaWire.invalidParameter(MetaSchema.Problem(param: "after", message: "(#100) param after is not a valid cursor"), trace: call.trace)
            }
            offset = nodes.firstIndex { (Int64($0.id) ?? 0) < last } ?? nodes.count
        }
        let rows = nodes.map { (key: $0.id, row: metaRender($0, fields: fields, in: account)) }
        return .json(200, MetaWire.page(rows, offset: offset, limit: limit, baseURL: baseURL, path: call.path, query: call.query))
    }

    private func metaFilterValue(_ node: MetaNode, _ field: String, in account: MetaAccount) -> String {
        switch field {
        case "effective_status": metaEffectiveStatus(node, in: account)
        case "campaign.id", "campaign_id": node.campaignId ?? ""
        case "adset.id", "adset_id": node.adsetId ?? ""
        default: node.fields[field]?.stringValue ?? ""
        }
    }

    /// `filtering=[{"field","operator","value"}]`.
    func metaFilters(_ raw: String) -> Result<[MetaFilter], MetaSchema.Problem> {
        guard let list = SandboxJSON.parse(Data(raw.utf8))?.arrayValue else {
            return .failure(MetaSchema.Problem(param: "filtering", message: "(#100) param filtering must be a JSON array of {field, operator, value}"))
        }
        var filters: [MetaFilter] = []
        for (index, item) in list.enumerated() {
            guard let field = item["field"]?.stringValue, let op = item["operator"]?.stringValue, let value = item["value"] else {
                return .failure(MetaSchema.Problem(param: "filtering[\(index)]", message: "(#100) param filtering[\(index)] must have field, operator and value"))
            }
            guard MetaFilter.operators.contains(op) else {
                return .failure(MetaSchema.enumProblem("filtering[\(index)][operator]", MetaFilter.operators))
            }
            let values = value.arrayValue?.compactMap { $0.stringValue ?? $0.int64Value.map(String.init) } ?? [value.stringValue ?? value.int64Value.map(String.init) ?? ""]
            filters.append(MetaFilter(field: field, op: op, values: values))
        }
        return .success(filters)
    }
}

/// One `filtering` condition. `CONTAIN` compares case-insensitively (unconfirmed).
struct MetaFilter {
    static let operators = ["EQUAL", "NOT_EQUAL", "CONTAIN", "NOT_CONTAIN", "IN", "NOT_IN"]
    let field: String
    let op: String
    let values: [String]

    func matches(_ actual: String) -> Bool {
        let first = values.first ?? ""
        switch op {
        case "EQUAL": return actual == first
        case "NOT_EQUAL": return actual != first
        case "CONTAIN": return actual.lowercased().contains(first.lowercased())
        case "NOT_CONTAIN": return !actual.lowercased().contains(first.lowercased())
        case "IN": return values.contains(actual)
        default: return !values.contains(actual)
        }
    }
}
