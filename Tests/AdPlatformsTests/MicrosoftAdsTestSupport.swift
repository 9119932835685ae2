@testable import AdPlatforms
import CampaignKit
import Foundation
import Synchronization
import Testing

/// A workspace with Microsoft Advertising campaigns, built through the real loader.
enum MicrosoftAdsFixture {
    static let accountId = "149876543"

    static func files(keywords: Int = 3, zones: Int = 1, negatives: String = "ford escort\n[escort jobs]\n", status: String? = nil) -> WorkspaceFiles {
        var files = [
            SourceFile(path: "tfz.yaml", contents: """
                version: 1
                organization: Test
                currency: USD
                time_zone: America/New_York
                accounts:
                  - {name: microsoft-main, platform: microsoft_ads, account_id: "\(accountId)", endpoint: sandbox, credentials: "env:TFZ_MICROSOFT_ADS"}
                """),
            SourceFile(path: "Campaigns/templates/deterrence.yaml", contents: """
                purpose: deterrence
                audience: buyers
                channels: [{platform: microsoft_ads}]
                keywords: {lists: [buyers], match_type: broad, negatives: [negatives]}
                creative: [deterrence/arrest]
                landing_page: https://example.org/stop/{zone}
                dayparts: [{days: [fri, sat], from: "18:00", to: "24:00"}, {days: [mon], from: "06:15", to: "09:45"}]
                budget: {daily: 25.50}
                bid_ceiling: 2.05
                flight: {start: 2027-01-01, end: 2027-12-31}
                """),
            SourceFile(path: "Campaigns/keywords/buyers.txt", contents: (0..<keywords).map { i in
                switch i % 3 {
                case 0: "\"escort service \(i)\""
                case 1: "[escort service \(i)]"
                default: "escort service \(i)"
                }
            }.joined(separator: "\n")),
            SourceFile(path: "Campaigns/keywords/negatives.txt", contents: negatives),
            SourceFile(path: "Creative/deterrence/arrest.yaml", contents: """
                purpose: deterrence
                search:
                  headlines: [Buying Sex Is a Crime, Buyers Are Arrested Here, She Could Be a Minor]
                  descriptions: [Police arrest sex buyers in this county., Many people sold for sex are children.]
                  path1: stop
                  path2: now
                """),
        ]
        for i in 0..<zones {
            files.append(SourceFile(path: "Campaigns/zones/fl-zone\(i).yaml", contents: """
                name: Hillsborough County, FL
                county: "12057"
                geo: [{county: "12057"}, {radius: {latitude: 27.95, longitude: -82.45, miles: 10}}]
                campaigns: [{template: deterrence\(status.map { ", status: \($0)" } ?? "")}]
                """))
        }
        return WorkspaceFiles(files: files)
    }

    static func campaigns(keywords: Int = 3, zones: Int = 1, negatives: String = "ford escort\n[escort jobs]\n", status: String? = nil) -> [Campaign] {
        let library = Library.build(files(keywords: keywords, zones: zones, negatives: negatives, status: status))
        precondition(library.diagnostics.filter { $0.severity == .error }.isEmpty, library.diagnostics.map(\.rendered).joined(separator: "\n"))
        return library.campaigns
    }

    /// The geographical locations file, in Microsoft's format 2.0, with Hillsborough County, FL.
    static let locationsFile = """
        Location Id,Bing Display Name,Location Type,Replaces,Status,AdWords Location Id
        190,United States,Country,,Active,2840
        4294,Florida|United States,State,,Active,21142
        95001,Hillsborough County|Florida|United States,County,,Active,1015116
        95002,Hillsborough County|New Hampshire|United States,County,,Active,
        95003,Old Hillsborough County|Florida|United States,County,,Deprecated,
        60601,33602|Florida|United States,PostalCode,,Active,9011753

        """

    static let locationsURL = "https://download.example.com/geo/locations-2.0-en.csv?sv=2020&sig=canary-SIG-do-not-log"
}

/// The store's state in memory, as the appliers use it.
final class MemoryStateStore: StateRecorder {
    struct State {
        var campaigns: [CampaignKey: RemoteCampaign] = [:]
        var rows: [RemoteCampaign] = []
        var objects: [CampaignKey: [ObjectKey: RemoteObject]] = [:]
        var log: [ChangeLogEntry] = []
    }

    let state = Mutex(State())

    func remoteState() throws -> RemoteState { RemoteState(Array(state.withLock { $0.campaigns.values })) }
    func objects(for key: CampaignKey) throws -> [RemoteObject] {
        state.withLock { ($0.objects[key] ?? [:]).values.sorted { $0.localKey < $1.localKey } }
    }
    func record(objects: [RemoteObject]) throws {
        state.withLock { s in for o in objects { s.objects[o.key, default: [:]][o.localKey] = o } }
    }
    func forget(objects: [RemoteObject]) throws {
        state.withLock { s in for o in objects { s.objects[o.key]?[o.localKey] = nil } }
    }
    func record(campaign: RemoteCampaign) throws {
        state.withLock { $0.campaigns[campaign.key] = campaign; $0.rows.append(campaign) }
    }
    func log(_ entry: ChangeLogEntry) throws { state.withLock { $0.log.append(entry) } }
    func changeLog(limit: Int) throws -> [ChangeLogEntry] { state.withLock { Array($0.log.suffix(limit).reversed()) } }

    var log: [ChangeLogEntry] { state.withLock { $0.log } }
    var rows: [RemoteCampaign] { state.withLock { $0.rows } }
    func campaign(_ key: CampaignKey) -> RemoteCampaign? { state.withLock { $0.campaigns[key] } }
}

/// A small Microsoft Advertising Campaign Management service in memory: it assigns ids, keeps what it was given, answers
/// the `Get…` calls from that, and records every request. Hooks make it refuse items or drop answers.
final class FakeMicrosoftAds: HTTPTransport {
    struct Entity {
        var id: String
        var parent: String
        var json: JSONValue
    }

    struct State {
        var nextId = 1000
        var requests: [HTTPRequest] = []
        var campaigns: [Entity] = []
        var adGroups: [Entity] = []
        var keywords: [Entity] = []
        var ads: [Entity] = []
        var criterions: [Entity] = []
        var negatives: [Entity] = []
        /// Operation names whose next call is applied but then answered with a lost connection.
        var dropAfterApplying: [String] = []
        /// Campaign names that `AddCampaigns` refuses with a partial error.
        var refuseCampaignNamed: Set<String> = []
    }

    let state = Mutex(State())
    let accountId: String

    init(accountId: String = MicrosoftAdsFixture.accountId) { self.accountId = accountId }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    func requests(_ operation: String) -> [HTTPRequest] { requests.filter { $0.operation == "microsoft_ads.\(operation)" } }
    func bodies(_ operation: String) -> [JSONValue] { requests(operation).compactMap { JSONValue.parse($0.body) } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.method == "GET", request.url.absoluteString == MicrosoftAdsFixture.locationsURL {
            state.withLock { $0.requests.append(request) }
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/csv"], body: Data(MicrosoftAdsFixture.locationsFile.utf8))
        }
        guard let body = JSONValue.parse(request.body) else { return HTTPResponse(status: 400, body: Data(#"{"Type":"ApiFaultDetail"}"#.utf8)) }
        let name = String(request.operation.dropFirst("microsoft_ads.".count))
        let (answer, drop) = state.withLock { s -> (JSONValue, Bool) in
            s.requests.append(request)
            let answer = Self.handle(name, body, &s)
            if let i = s.dropAfterApplying.firstIndex(of: name) { s.dropAfterApplying.remove(at: i); return (answer, true) }
            return (answer, false)
        }
        if drop { throw AmbiguousMutationError(operation: request.operation, reason: "the connection was lost") }
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Self.serialize(answer))
    }

    static func serialize(_ value: JSONValue) -> Data { value.serialized() }

    private static func take(_ s: inout State) -> String {
        s.nextId += 1
        return String(s.nextId)
    }

    private static func handle(_ name: String, _ body: JSONValue, _ s: inout State) -> JSONValue {
        func ids(_ list: [String?]) -> JSONValue { .array(list.map { $0.map(JSONValue.string) ?? .null }) }
        switch name {
        case "AddCampaigns":
            var out: [String?] = [], errors: [JSONValue] = []
            for (i, c) in (body["Campaigns"]?.arrayValue ?? []).enumerated() {
                let cname = c["Name"]?.stringValue ?? ""
                if s.refuseCampaignNamed.contains(cname) {
                    out.append(nil)
                    errors.append(.object([("Code", .int(1129)), ("ErrorCode", .string("CampaignServiceCampaignNameNotUnique")),
                                           ("Index", .int(Int64(i))), ("Message", .string("The campaign name is already in use."))]))
                    continue
                }
                let id = take(&s)
                s.campaigns.append(Entity(id: id, parent: "", json: c))
                out.append(id)
            }
            return .object([("CampaignIds", ids(out)), ("PartialErrors", errors.isEmpty ? .null : .array(errors))])
        case "UpdateCampaigns":
            for c in body["Campaigns"]?.arrayValue ?? [] {
                guard let id = c["Id"]?.stringValue, let i = s.campaigns.firstIndex(where: { $0.id == id }) else { continue }
                var pairs: [(String, JSONValue)] = []
                if case .object(let old) = s.campaigns[i].json { pairs = old }
                if case .object(let new) = c {
                    for (k, v) in new { if let j = pairs.firstIndex(where: { $0.0 == k }) { pairs[j].1 = v } else { pairs.append((k, v)) } }
                }
                s.campaigns[i].json = .object(pairs)
            }
            return .object([("PartialErrors", .null)])
        case "GetCampaignsByAccountId":
            return .object([("Campaigns", .array(s.campaigns.map { e in
                var pairs: [(String, JSONValue)] = [("Id", .string(e.id))]
                if case .object(let old) = e.json { pairs += old.filter { $0.0 != "Id" } }
                return .object(pairs)
            }))])
        case "AddAdGroups":
            let parent = body["CampaignId"]?.stringValue ?? ""
            let list = (body["AdGroups"]?.arrayValue ?? []).map { g -> String? in
                let id = take(&s); s.adGroups.append(Entity(id: id, parent: parent, json: g)); return id
            }
            return .object([("AdGroupIds", ids(list)), ("PartialErrors", .null)])
        case "AddKeywords":
            let parent = body["AdGroupId"]?.stringValue ?? ""
            let list = (body["Keywords"]?.arrayValue ?? []).map { k -> String? in
                let id = take(&s); s.keywords.append(Entity(id: id, parent: parent, json: k)); return id
            }
            return .object([("KeywordIds", ids(list)), ("PartialErrors", .null)])
        case "AddAds":
            let parent = body["AdGroupId"]?.stringValue ?? ""
            let list = (body["Ads"]?.arrayValue ?? []).map { a -> String? in
                let id = take(&s); s.ads.append(Entity(id: id, parent: parent, json: a)); return id
            }
            return .object([("AdIds", ids(list)), ("PartialErrors", .null)])
        case "AddCampaignCriterions":
            let list = (body["CampaignCriterions"]?.arrayValue ?? []).map { c -> String? in
                let id = take(&s); s.criterions.append(Entity(id: id, parent: c["CampaignId"]?.stringValue ?? "", json: c)); return id
            }
            return .object([("CampaignCriterionIds", ids(list)), ("NestedPartialErrors", .null)])
        case "AddNegativeKeywordsToEntities":
            var collections: [JSONValue] = []
            for entity in body["EntityNegativeKeywords"]?.arrayValue ?? [] {
                let parent = entity["EntityId"]?.stringValue ?? ""
                let list = (entity["NegativeKeywords"]?.arrayValue ?? []).map { n -> String? in
                    let id = take(&s); s.negatives.append(Entity(id: id, parent: parent, json: n)); return id
                }
                collections.append(.object([("Ids", ids(list))]))
            }
            return .object([("NegativeKeywordIds", .array(collections)), ("NestedPartialErrors", .null)])
        case "GetAdGroupsByCampaignId":
            let parent = body["CampaignId"]?.stringValue
            return .object([("AdGroups", .array(s.adGroups.filter { $0.parent == parent }.map { withId($0) }))])
        case "GetKeywordsByAdGroupId":
            let parent = body["AdGroupId"]?.stringValue
            return .object([("Keywords", .array(s.keywords.filter { $0.parent == parent }.map { withId($0) }))])
        case "GetAdsByAdGroupId":
            let parent = body["AdGroupId"]?.stringValue
            return .object([("Ads", .array(s.ads.filter { $0.parent == parent }.map { withId($0) }))])
        case "GetCampaignCriterionsByIds":
            let parent = body["CampaignId"]?.stringValue
            let type = body["CriterionType"]?.stringValue ?? ""
            return .object([("CampaignCriterions", .array(s.criterions.filter {
                $0.parent == parent && ($0.json["Criterion"]?["Type"]?.stringValue ?? "").hasPrefix(type)
            }.map { withId($0) })), ("PartialErrors", .null)])
        case "GetNegativeKeywordsByEntityIds":
            let parent = body["EntityIds"]?.arrayValue.first?.stringValue ?? ""
            return .object([("EntityNegativeKeywords", .array([.object([
                ("EntityId", .string(parent)), ("EntityType", .string("Campaign")),
                ("NegativeKeywords", .array(s.negatives.filter { $0.parent == parent }.map { withId($0) })),
            ])]))])
        case "DeleteCampaignCriterions":
            let gone = Set((body["CampaignCriterionIds"]?.arrayValue ?? []).compactMap(\.stringValue))
            s.criterions.removeAll { gone.contains($0.id) }
            return .object([("PartialErrors", .null)])
        case "DeleteKeywords":
            let gone = Set((body["KeywordIds"]?.arrayValue ?? []).compactMap(\.stringValue))
            s.keywords.removeAll { gone.contains($0.id) }
            return .object([("PartialErrors", .null)])
        case "DeleteAds":
            let gone = Set((body["AdIds"]?.arrayValue ?? []).compactMap(\.stringValue))
            s.ads.removeAll { gone.contains($0.id) }
            return .object([("PartialErrors", .null)])
        case "DeleteAdGroups":
            let gone = Set((body["AdGroupIds"]?.arrayValue ?? []).compactMap(\.stringValue))
            s.adGroups.removeAll { gone.contains($0.id) }
            return .object([("PartialErrors", .null)])
        case "DeleteNegativeKeywordsFromEntities":
            let gone = Set((body["EntityNegativeKeywords"]?.arrayValue ?? []).flatMap { $0["NegativeKeywords"]?.arrayValue ?? [] }
                .compactMap { $0["Id"]?.stringValue })
            s.negatives.removeAll { gone.contains($0.id) }
            return .object([("NestedPartialErrors", .null)])
        case "UpdateAdGroups":
            return .object([("PartialErrors", .null)])
        case "GetGeoLocationsFileUrl":
            return .object([("FileUrl", .string(MicrosoftAdsFixture.locationsURL)), ("FileUrlExpiryTimeUtc", .string("2030-01-01T00:15:00Z")),
                            ("LastModifiedTimeUtc", .string("2026-01-01T00:00:00Z"))])
        default:
            return .object([])
        }
    }

    private static func withId(_ e: Entity) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("Id", .string(e.id))]
        if case .object(let old) = e.json { pairs += old.filter { $0.0 != "Id" } }
        return .object(pairs)
    }
}

/// An adapter over a fake Microsoft Advertising service and a memory store.
struct MicrosoftAdsRig {
    let service: FakeMicrosoftAds
    let store: MemoryStateStore
    let adapter: MicrosoftAdsAdapter
    /// The adapter's waits (report polls, look-ups and refused writes tried again), recorded instead of slept.
    let sleeps: SleepRecorder

    static let account = Account(name: "microsoft-main", platform: .microsoftAds, accountId: MicrosoftAdsFixture.accountId,
                                 credentials: "env:TFZ_MICROSOFT_ADS", location: CampaignKit.SourceLocation(path: "tfz.yaml", line: 1, column: 1))

    /// The adapter over `service`, or over `transport` when given (a wrapper of `service` that scripts failures).
    init(service: FakeMicrosoftAds = FakeMicrosoftAds(), store: MemoryStateStore = MemoryStateStore(), now: String = "2026-11-20T10:00:00Z",
         transport: (any HTTPTransport)? = nil) {
        self.service = service
        self.store = store
        let sleeps = SleepRecorder()
        self.sleeps = sleeps
        let context = AdapterContext(account: Self.account, http: HTTPClient(transport: transport ?? service),
                                     baseURL: URL(string: "https://campaign.api.bingads.microsoft.com")!, store: store, actor: "user:test",
                                     now: { now }, sleep: sleeps.sleep)
        adapter = MicrosoftAdsAdapter(context)
    }
}

/// The Microsoft Advertising reference digest (`shared/reference/microsoft-ads-v13.json`), and a checker of request
/// bodies against its models: every key a field of the concrete model or of its `extends` chain, every `Type` the
/// model's `typeValue`, every enum value one of `.enums`, ids as strings, numbers as numbers.
struct MicrosoftAdsReference {
    let root: [String: Any]

    nonisolated(unsafe) static let shared: MicrosoftAdsReference = {
        // `../shared/reference/` beside the repository when it is there (the newest digest), else the copy in
        // `Tests/Reference/` (a fresh clone on its own).
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared/reference/microsoft-ads-v13.json")
        let url = FileManager.default.fileExists(atPath: shared.path) ? shared : repo.appendingPathComponent("Tests/Reference/microsoft-ads-v13.json")
        let data = try! Data(contentsOf: url)
        return MicrosoftAdsReference(root: try! JSONSerialization.jsonObject(with: data) as! [String: Any])
    }()

    var models: [String: [String: Any]] { root["models"] as! [String: [String: Any]] }
    var enums: [String: [String: Any]] { root["enums"] as! [String: [String: Any]] }
    var operations: [[String: Any]] { root["operations"] as! [[String: Any]] }
    var allOperations: [String: String] { root["allOperations"] as! [String: String] }

    func model(_ name: String) -> [String: Any]? { models[name] }

    func enumValues(_ name: String) -> [String] { (enums[name]?["values"] as? [String]) ?? [] }

    /// The fields of a model and of the models it extends (those in the digest).
    func fields(_ name: String) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        var current: String? = name
        var seen = Set<String>()
        while let m = current, seen.insert(m).inserted, let model = models[m] {
            for field in model["fields"] as? [[String: Any]] ?? [] {
                let key = field["name"] as! String
                if out[key] == nil { out[key] = field }
            }
            current = (model["extends"] as? String).map { prefix(m) + "." + $0 }
        }
        return out
    }

    func prefix(_ model: String) -> String { String(model.split(separator: ".")[0]) }

    /// The concrete model for a value of declared type `name` carrying `Type`: the subtype whose `typeValue` it is.
    func concrete(_ name: String, type: String?) -> String? {
        guard let type else { return name }
        if let own = models[name]?["typeValue"] as? String, own == type { return name }
        if let subtypes = models[name]?["subtypes"] as? [String: String] {
            if let sub = subtypes[type] { return prefix(name) + "." + sub }
            for sub in subtypes.values where (models[prefix(name) + "." + sub]?["typeValue"] as? String) == type { return prefix(name) + "." + sub }
        }
        // A value whose declared type is a subtype itself.
        for (key, model) in models where key.hasPrefix(prefix(name) + ".") && (model["typeValue"] as? String) == type {
            if (model["extends"] as? String).map({ prefix(name) + "." + $0 }) == name || key == name { return key }
        }
        return nil
    }

    /// Problems with `value` as an instance of model `name`; empty when it fits.
    func problems(_ value: JSONValue, model name: String, path: String = "$") -> [String] {
        guard case .object(let pairs) = value else { return ["\(path): not an object"] }
        let type = value["Type"]?.stringValue
        guard let concrete = concrete(name, type: type) else { return ["\(path): Type \(type ?? "nil") is not a typeValue under \(name)"] }
        if let type, let typeValue = models[concrete]?["typeValue"] as? String, typeValue != type {
            return ["\(path): Type \(type) but \(concrete) has typeValue \(typeValue)"]
        }
        if type != nil, models[concrete]?["typeValue"] == nil, models[concrete]?["discriminator"] != nil {
            return ["\(path): Type \(type!) names no subtype of \(concrete)"]
        }
        // A subtype the digest names but does not expand (AdPerformanceReportRequest): the base lists the union of fields.
        let fields = fields(models[concrete] != nil ? concrete : name)
        var out: [String] = []
        for (key, member) in pairs {
            guard let field = fields[key] else { out.append("\(path).\(key): not a field of \(concrete)"); continue }
            out += problems(member, field: field, in: concrete, path: "\(path).\(key)")
        }
        return out
    }

    private func problems(_ value: JSONValue, field: [String: Any], in model: String, path: String) -> [String] {
        if case .null = value { return [] }
        if field["array"] as? Bool == true {
            guard case .array(let items) = value else { return ["\(path): not an array"] }
            var single = field
            single["array"] = false
            return items.enumerated().flatMap { problems($0.element, field: single, in: model, path: "\(path)[\($0.offset)]") }
        }
        let type = field["type"] as! String
        if field["enum"] as? Bool == true {
            let name = prefix(model) + "." + type
            let values = enumValues(name)
            guard case .string(let text) = value else { return ["\(path): enum \(name) value is not a string"] }
            let parts = (enums[name]?["isFlags"] as? Bool == true) ? text.split(separator: ",").map(String.init) : [text]
            return parts.filter { !values.contains($0) }.map { "\(path): \($0) is not a value of \(name)" }
        }
        switch type {
        case "string":
            guard case .string(let s) = value else { return ["\(path): not a string"] }
            if field["format"] as? String == "int64", Int64(s) == nil { return ["\(path): \(s) is not an int64 in a string"] }
            return []
        case "integer":
            guard case .int = value else { return ["\(path): not an integer"] }
            return []
        case "number":
            switch value {
            case .int, .double: return []
            default: return ["\(path): not a number"]
            }
        case "boolean":
            guard case .bool = value else { return ["\(path): not a boolean"] }
            return []
        case "date-time":
            guard case .string = value else { return ["\(path): not a date-time string"] }
            return []
        case "object":
            return []
        default:
            let name = prefix(model) + "." + type
            guard models[name] != nil else { return ["\(path): \(name) is not in the digest"] }
            return problems(value, model: name, path: path)
        }
    }
}
