@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Reddit request bodies from a campaign, byte for byte, every key and enum value checked against the reference digest
/// (`../shared/reference/reddit-ads-v3.json`, or the copy in `Tests/Reference/` on a fresh clone); Reddit's error
/// envelope; the retry hint; update by difference.
@Suite struct RedditMapperTests {
    static func files(template extra: String = "", zone: String = "") -> WorkspaceFiles {
        WorkspaceFiles(files: [
            SourceFile(path: "tfz.yaml", contents: """
                version: 1
                organization: Test
                currency: USD
                time_zone: America/New_York
                accounts:
                  - {name: reddit-main, platform: reddit, account_id: "a2_test01", endpoint: sandbox, credentials: "env:TFZ_REDDIT"}
                """),
            SourceFile(path: "Campaigns/keywords/terms.txt", contents: "escorts near me\n[paid companionship]\n\"hourly date\"\nEscorts near me\n"),
            SourceFile(path: "Campaigns/keywords/not-these.txt", contents: "ford escort\n"),
            SourceFile(path: "Campaigns/templates/social.yaml", contents: """
                purpose: deterrence
                audience: buyers
                channels: [{platform: reddit, trigger: keywords}]
                keywords: {lists: [terms], negatives: [not-these]}
                creative: [deterrence/signs]
                landing_page: https://example.org/stop/{zone}?utm_source={platform}
                budget: {daily: 15.50}
                bid_ceiling: 1.25
                flight: {start: 2027-01-01, end: 2027-06-30}
                dayparts:
                  - {days: weekdays, from: "18:00", to: "24:00"}
                \(extra)
                """),
            SourceFile(path: "Creative/deterrence/signs.yaml", contents: """
                purpose: deterrence
                social:
                  primary_text: "Buying sex fuels trafficking here. Buyers are arrested."
                  headline: Buyers Are Arrested Here
                  description: Confidential hotline, 24/7
                  call_to_action: LEARN_MORE
                """),
            SourceFile(path: "Campaigns/zones/fl-pinellas.yaml", contents: """
                name: Pinellas County, FL
                county: "12103"
                time_zone: America/New_York
                \(zone)campaigns: [{template: social}]
                """),
        ])
    }

    static func campaign(_ files: WorkspaceFiles = files()) throws -> Campaign {
        let library = Library.build(files)
        #expect(library.diagnostics.filter { $0.severity == .error }.isEmpty, "\(library.diagnostics.map(\.rendered))")
        return try #require(library.campaigns.first { $0.key.platform == .reddit })
    }

    /// The exact JSON of one ad group body: budget and bid in micros, the flight in New York time with its offset, the
    /// weekday evenings as schedule items, plain keywords (match types dropped, duplicates once), the county's state.
    @Test func theAdGroupBodyExactly() throws {
        let c = try Self.campaign()
        let body = RedditMapper.json(RedditMapper.adGroup(c, campaignId: "2000001"))
        let schedule = (1...5).map { #"{"start_day":\#($0),"start_hour":18,"end_day":\#($0),"end_hour":23}"# }.joined(separator: ",")
        let expected = #"{"data":{"name":"tfz fl-pinellas/social/reddit · Pinellas County, FL · audience","campaign_id":"2000001","#
            + #""configured_status":"ACTIVE","goal_type":"DAILY_SPEND","goal_value":15500000,"bid_strategy":"MANUAL_BIDDING","#
            + #""bid_type":"CPC","bid_value":1250000,"start_time":"2027-01-01T00:00:00-05:00","end_time":"2027-06-30T23:59:59-04:00","#
            + #""schedule":[\#(schedule)],"targeting":{"keywords":["escorts near me","paid companionship","hourly date"],"#
            + #""excluded_keywords":["ford escort"],"geolocations":["US-FL"]}}}"#
        #expect(body == expected)
        #expect(c.geoNote == "county 12103 → US-FL: Reddit targets no county or ZIP code, so the whole state is targeted")
    }

    /// Every key of every body a model field of the reference (and not read-only), every enum value in its enum.
    @Test func everyKeyAndEnumAgainstTheReference() throws {
        let c = try Self.campaign()
        let ad = try #require(c.ads.first)
        let fingerprint = RedditMapper.fingerprint(c, ad)
        let reference = RedditReference.shared
        let bodies: [(String, JSONValue)] = [
            ("CampaignCreate", RedditMapper.campaign(c)),
            ("AdGroupCreate", RedditMapper.adGroup(c, campaignId: "2000001")),
            ("AdGroupUpdate", try #require(RedditMapper.adGroupUpdate(c, applied: nil))),
            ("CampaignUpdate", RedditMapper.campaignRename(c)),
            ("CampaignUpdate", RedditMapper.status("PAUSED")),
            ("AdGroupUpdate", RedditMapper.status("ACTIVE")),
            ("AdUpdate", RedditMapper.status("DELETED")),
            ("PostCreate", RedditMapper.post(ad)),
            ("AdCreate", RedditMapper.ad(c, ad, fingerprint: fingerprint, adGroupId: "3000001", postId: "t3_abc")),
            ("ReportRequest", try #require(RedditMetricsSource.request(["AD_ID", "DATE"], since: "2027-01-01", until: "2027-01-14"))),
        ]
        for (model, body) in bodies {
            guard case .object(let fields)? = body["data"] else { Issue.record("\(model): no data object"); continue }
            reference.check(fields, model: model)
        }
        // The ad group's required-in-practice campaign_id and the ad's spec2026-required ad_group_id are sent.
        #expect(RedditMapper.adGroup(c, campaignId: "1")["data"]?["campaign_id"] != nil)
        #expect(RedditMapper.ad(c, ad, fingerprint: fingerprint, adGroupId: "1", postId: "t3_a")["data"]?["ad_group_id"] != nil)
        // Money fields are the reference's micros.
        for field in ["goal_value", "bid_value"] { #expect(reference.unit("AdGroupCreate", field)?.hasPrefix("micros") == true, "\(field)") }
    }

    @Test func objectiveBidTypeAndTextPost() throws {
        let c = try Self.campaign()
        #expect(RedditMapper.json(RedditMapper.campaign(c))
            == #"{"data":{"name":"tfz fl-pinellas/social/reddit · Pinellas County, FL","objective":"CLICKS","configured_status":"PAUSED"}}"#)
        var education = c
        education.purpose = .education
        #expect(RedditMapper.objective(education) == "IMPRESSIONS" && RedditMapper.bidType(education) == "CPM")
        let ad = try #require(c.ads.first)
        #expect(RedditMapper.json(RedditMapper.post(ad))
            == #"{"data":{"type":"TEXT","headline":"Buyers Are Arrested Here","body":"Buying sex fuels trafficking here. Buyers are arrested.","allow_comments":false}}"#)
        let fingerprint = RedditMapper.fingerprint(c, ad)
        #expect(RedditMapper.json(RedditMapper.ad(c, ad, fingerprint: fingerprint, adGroupId: "3000001", postId: "t3_abc"))
            == #"{"data":{"name":"tfz fl-pinellas/social/reddit · Pinellas County, FL · deterrence/signs #\#(fingerprint)","ad_group_id":"3000001","#
            + #""configured_status":"ACTIVE","post_id":"t3_abc","click_url":"https://example.org/stop/fl-pinellas?utm_source=reddit"}}"#)
        // The ad's name gives its creative and fingerprint back (the look-up reads it).
        let parts = try #require(MetaMapper.creativeAndFingerprint(inName: RedditMapper.adName(c, ad, fingerprint), of: c))
        #expect(parts.creative == "deterrence/signs" && parts.fingerprint == fingerprint)
    }

    /// Update by difference: only the fields whose source changed; nothing when nothing did; everything when what the
    /// platform has is unknown.
    @Test func theAdGroupIsUpdatedByDifference() throws {
        let c = try Self.campaign()
        #expect(RedditMapper.adGroupUpdate(c, applied: c.snapshot) == nil)
        var budget = c
        budget.dailyBudget = Money(micros: 20_000_000)
        #expect(RedditMapper.json(try #require(RedditMapper.adGroupUpdate(budget, applied: c.snapshot)))
            == #"{"data":{"goal_type":"DAILY_SPEND","goal_value":20000000}}"#)
        var noBid = c
        noBid.bidCeiling = nil
        #expect(RedditMapper.json(try #require(RedditMapper.adGroupUpdate(noBid, applied: c.snapshot)))
            == #"{"data":{"bid_strategy":"MAXIMIZE_VOLUME","bid_type":"CPC","bid_value":null}}"#)
        var keywords = c
        keywords.negatives = []
        let update = RedditMapper.json(try #require(RedditMapper.adGroupUpdate(keywords, applied: c.snapshot)))
        #expect(update == #"{"data":{"targeting":{"keywords":["escorts near me","paid companionship","hourly date"],"geolocations":["US-FL"]}}}"#)
        let all = try #require(RedditMapper.adGroupUpdate(c, applied: nil))
        guard case .object(let fields)? = all["data"] else { Issue.record("no data"); return }
        #expect(fields.map(\.0) == ["goal_type", "goal_value", "bid_strategy", "bid_type", "bid_value", "start_time", "end_time", "schedule", "targeting"])
    }

    @Test func communitiesAndTheZonesOwnRedditIds() throws {
        let c = try Self.campaign(Self.files(zone: "geo: [{county: \"12103\"}, {native: {platform: reddit, ids: [\"US-FL\", \"US-GA\"]}}]\n"))
        #expect(RedditMapper.targeting(c)["geolocations"] == .array([.string("US-FL"), .string("US-GA")]))
        #expect(RedditMapper.community("r/legaladvice") == "legaladvice" && RedditMapper.community("/r/news") == "news")
    }

    // MARK: Errors

    @Test func theErrorEnvelopeIsDecodedWithItsFields() throws {
        let body = Data(#"{"error":{"code":400,"message":"Bad Request","fields":[{"field":"targeting.keywords[0]","message":"Keywords are plain strings."}]}}"#.utf8)
        let e = try #require(RedditErrorBody.decode(body))
        #expect(e == RedditErrorBody(code: 400, message: "Bad Request", fields: [.init(field: "targeting.keywords[0]", message: "Keywords are plain strings.")]))
        #expect(e.description == "Bad Request: targeting.keywords[0]: Keywords are plain strings. (Reddit error 400)")
        let error = RedditAPIError.api(operation: "reddit.ad_groups:create", status: 400, e)
        #expect(error.errorDescription == "Reddit answered HTTP 400 to ad_groups:create: Bad Request: targeting.keywords[0]: Keywords are plain strings. (Reddit error 400)")
        // code is optional; a legacy errors list is read; anything else is not Reddit's shape.
        #expect(RedditErrorBody.decode(Data(#"{"error":{"message":"Not Found"}}"#.utf8)) == RedditErrorBody(code: nil, message: "Not Found"))
        #expect(RedditErrorBody.decode(Data(#"{"errors":[{"code":"409","message":"Conflict"}]}"#.utf8)) == RedditErrorBody(code: 409, message: "Conflict"))
        #expect(RedditErrorBody.decode(Data(#"{"error":"invalid_grant"}"#.utf8)) == nil)
        #expect(RedditAPIError.api(operation: "reddit.ads:create", status: 409, RedditErrorBody(code: 409, message: "Conflict")).isPassingConflict)
        // Classified for the applier: 409 is a passing refusal, 503 not applied, 502 ambiguous, 400 none of these.
        #expect(RedditApplier.wasNotApplied(RedditAPIError.api(operation: "x.y", status: 503, e)))
        #expect(RedditApplier.isAmbiguous(RedditAPIError.api(operation: "x.y", status: 502, e)))
        #expect(!RedditApplier.isAmbiguous(error) && !RedditApplier.wasNotApplied(error))
    }

    /// A 429 waits for the exhausted policy's reset (`RateLimit` t=), at most a minute; a fixed minute without it.
    @Test func theRetryHintWaitsForTheRateLimitReset() {
        let body = Data(#"{"error":{"code":429,"message":"Too Many Requests"}}"#.utf8)
        let header = #""ads-campaign-management-read";r=120;t=40, "ads-campaign-management-write";r=0;t=7"#
        #expect(RedditRetryHint.classify(HTTPResponse(status: 429, headers: ["RateLimit": header], body: body)) == .notApplied(retryAfter: .seconds(7)))
        #expect(RedditRetryHint.classify(HTTPResponse(status: 429, body: body)) == .notApplied(retryAfter: .seconds(60)))
        #expect(RedditRetryHint.classify(HTTPResponse(status: 400, body: body)) == nil)
    }

    // MARK: Validation

    @Test func redditRulesAreLocatedErrors() {
        let files = Self.files(template: "", zone: "")
        var list = files.files
        list[1] = SourceFile(path: "Campaigns/keywords/terms.txt", contents: "escorts near me\n+escort +tampa\n")
        list[3] = SourceFile(path: "Campaigns/templates/social.yaml", contents: list[3].contents.replacingOccurrences(
            of: "channels: [{platform: reddit, trigger: keywords}]", with: "channels: [{platform: reddit, trigger: keywords, interests: [r/news, \"not a sub\"]}]"))
        let library = Library.build(WorkspaceFiles(files: list))
        let errors = library.diagnostics.filter { $0.severity == .error }.map(\.rendered)
        #expect(errors.contains { $0.hasPrefix("Campaigns/keywords/terms.txt:2:1: error: Reddit: keyword '+escort +tampa' has match-type punctuation") }, "\(errors)")
        #expect(errors.contains { $0.contains("error: Reddit: 'not a sub' is not a community name") }, "\(errors)")
    }
}

/// The Reddit digest: `models.<Name>.fields[{name, type, enum, readOnly}]` and `enums.<Name>.values`.
struct RedditReference {
    let root: [String: Any]

    nonisolated(unsafe) static let shared: RedditReference = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared/reference/reddit-ads-v3.json")
        let url = FileManager.default.fileExists(atPath: shared.path) ? shared : repo.appendingPathComponent("Tests/Reference/reddit-ads-v3.json")
        return RedditReference(root: try! JSONSerialization.jsonObject(with: try! Data(contentsOf: url)) as! [String: Any])
    }()

    func fields(_ model: String) -> [String: [String: Any]] {
        let list = ((root["models"] as? [String: Any])?[model] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
        return Dictionary(list.map { ($0["name"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func enumValues(_ name: String) -> [String] { (((root["enums"] as? [String: Any])?[name] as? [String: Any])?["values"] as? [String]) ?? [] }

    func unit(_ model: String, _ field: String) -> String? { fields(model)[field]?["unit"] as? String }

    /// Each key a writable field of `model`; string values of enum fields (and of arrays of them) in the enum; objects
    /// checked against their nested model (`targeting` → `Targeting`, `schedule` items → `Schedule`).
    func check(_ pairs: [(String, JSONValue)], model: String) {
        let known = fields(model)
        #expect(!known.isEmpty, "no model \(model) in the reference")
        for (key, value) in pairs {
            guard let field = known[key] else { Issue.record("\(model).\(key) is not in the reference"); continue }
            #expect(field["readOnly"] as? Bool != true, "\(model).\(key) is read-only")
            let enumName = field["enum"] as? String
            let strings: [String] = switch value {
            case .string(let s): [s]
            case .array(let items): items.compactMap(\.stringValue)
            default: []
            }
            if let enumName {
                let values = enumValues(enumName)
                for s in strings { #expect(values.contains(s), "\(model).\(key): \(s) is not in \(enumName)") }
            }
            let type = field["type"] as? String ?? ""
            if case .object(let nested) = value { check(nested, model: type) }
            if case .array(let items) = value, let itemModel = field["items"] as? String, fields(itemModel).isEmpty == false {
                for case .object(let nested) in items { check(nested, model: itemModel) }
            }
            if case .int = value { #expect(type == "integer", "\(model).\(key) is \(type), not an integer") }
        }
    }
}
