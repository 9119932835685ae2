import AdPlatforms
import CampaignKit
import Foundation
@testable import Sandbox
import Testing

/// `googleAds:searchStream` answers as the API sends them: one JSON array of batches, int64 as strings, zeros
/// omitted, pretty-printed, errors wrapped in the array.
@Suite struct GoogleAdsStreamParserTests {
    static let customer = "1234567890"

    /// Two batches as Google writes them (indented, `resourceName` on every selected resource, unknown members).
    static let twoBatches = """
    [{
      "results": [
        {
          "campaign": {
            "resourceName": "customers/1234567890/campaigns/111",
            "id": "111"
          },
          "adGroup": {
            "resourceName": "customers/1234567890/adGroups/222",
            "id": "222"
          },
          "adGroupCriterion": {
            "resourceName": "customers/1234567890/adGroupCriteria/222~333",
            "criterionId": "333",
            "keyword": {
              "text": "escort \\"near me\\" caf\\u00e9",
              "matchType": "PHRASE"
            }
          },
          "keywordView": {
            "resourceName": "customers/1234567890/keywordViews/222~333"
          },
          "metrics": {
            "clicks": "7",
            "costMicros": "9120000",
            "impressions": "412",
            "conversions": 1.5
          },
          "segments": {
            "date": "2026-11-02"
          }
        },
        {
          "campaign": {"resourceName": "customers/1234567890/campaigns/111", "id": "111"},
          "adGroup": {"resourceName": "customers/1234567890/adGroups/222", "id": "222"},
          "adGroupCriterion": {"resourceName": "customers/1234567890/adGroupCriteria/222~334", "criterionId": "334",
                               "keyword": {"text": "buy sex", "matchType": "EXACT"}},
          "keywordView": {"resourceName": "customers/1234567890/keywordViews/222~334"},
          "metrics": {},
          "segments": {"date": "2026-11-02"}
        }
      ],
      "fieldMask": "campaign.id,adGroup.id,adGroupCriterion.criterionId,adGroupCriterion.keyword.text,adGroupCriterion.keyword.matchType,metrics.impressions,metrics.clicks,metrics.costMicros,metrics.conversions,segments.date",
      "requestId": "Xb3-q1"
    },
    {
      "results": [
        {
          "campaign": {"resourceName": "customers/1234567890/campaigns/9000000000123", "id": "9000000000123"},
          "metrics": {"impressions": 9223372036854775807, "searchImpressionShare": 0.0999, "clicks": "0"},
          "segments": {"date": "2026-11-03"}
        }
      ],
      "fieldMask": "campaign.id,metrics.impressions,metrics.searchImpressionShare,segments.date",
      "requestId": "Xb3-q1",
      "queryResourceConsumption": "118"
    }]
    """

    @Test("Rows of two batches: int64 strings, omitted zeros, escapes, doubles, numbers where strings are usual")
    func twoBatchesParse() throws {
        guard case .rows(let rows) = try GoogleAdsStreamParser().parse(Data(Self.twoBatches.utf8)) else {
            Issue.record("expected rows"); return
        }
        try #require(rows.count == 3)
        var first = GoogleAdsMetricsRow()
        first.campaignId = "111"; first.adGroupId = "222"; first.criterionId = "333"
        first.keywordText = "escort \"near me\" café"; first.matchType = "PHRASE"; first.date = "2026-11-02"
        first.impressions = 412; first.clicks = 7; first.costMicros = 9_120_000; first.conversions = 1.5
        #expect(rows[0] == first)
        #expect(rows[1].criterionId == "334" && rows[1].impressions == 0 && rows[1].clicks == 0 && rows[1].costMicros == 0)
        #expect(rows[1].conversions == nil)
        #expect(rows[2].campaignId == "9000000000123" && rows[2].impressions == Int64.max && rows[2].searchImpressionShare == 0.0999)
        #expect(rows[2].date == "2026-11-03")
    }

    @Test("Empty answers: no batch, and a batch without results (nothing matched)")
    func empty() throws {
        for body in ["[]", " [ ] \n", #"[{"fieldMask":"campaign.id","requestId":"r"}]"#, #"[{"results":[],"requestId":"r"}]"#] {
            guard case .rows(let rows) = try GoogleAdsStreamParser().parse(Data(body.utf8)) else { Issue.record("\(body)"); continue }
            #expect(rows.isEmpty, "\(body)")
        }
    }

    @Test("An error element after good batches is a failure that GoogleAdsFailure decodes")
    func errorInArray() throws {
        let body = """
        [{"results":[{"campaign":{"id":"1"},"metrics":{"impressions":"3"},"segments":{"date":"2026-11-01"}}]},
        {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED",
        "details":[{"@type":"type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure",
        "errors":[{"errorCode":{"quotaError":"RESOURCE_EXHAUSTED"},"message":"Too many requests."}],"requestId":"abc"}]}}]
        """
        guard case .failure(let rows, let error) = try GoogleAdsStreamParser().parse(Data(body.utf8)) else {
            Issue.record("expected a failure"); return
        }
        #expect(rows.count == 1)
        let failure = try #require(GoogleAdsFailure.decode(error, httpStatus: 200))
        #expect(failure.status == "RESOURCE_EXHAUSTED")
        #expect(failure.items.first?.code == "quotaError" && failure.items.first?.value == "RESOURCE_EXHAUSTED")
        #expect(failure.requestId == "abc")
    }

    @Test("Malformed bodies are errors with the byte offset, never a trap", arguments: [
        "", "[", "[{", #"[{"results":[{"metrics":{"impressions":"12x"}}]}]"#, #"[{"results":[{"metrics":{"clicks":"99999999999999999999"}}]}]"#,
        #"[{"results":[{"segments":{"date":"2026-11-01}}]}]"#, #"[{"results":[]}] trailing"#, #"[{"results":[{"campaign":{"id":"1"}},]}]"#,
        "{\"results\":[{\"campaign\":{\"id\":\"1\"}}]", "[nul]", "[{\"results\":[{\"segments\":{\"date\":\"a\u{01}b\"}}]}]",
    ])
    func malformed(body: String) {
        #expect(throws: GoogleAdsStreamError.self) { _ = try GoogleAdsStreamParser().parse(Data(body.utf8)) }
    }

    @Test("Every key the parser reads is a JSON name of the v25 messages it belongs to")
    func keysExistInTheReference() throws {
        func field(_ message: String, _ json: String) throws -> FieldSchema {
            let schema = try #require(GoogleAdsSchema.message(message), "\(message)")
            return try #require(schema.byJSON[json], "\(message).\(json)")
        }
        for key in ["campaign", "adGroup", "adGroupCriterion", "adGroupAd", "landingPageView", "metrics", "segments"] {
            _ = try field("services.GoogleAdsRow", key)
        }
        for key in ["impressions", "clicks", "costMicros"] { #expect(try field("common.Metrics", key).kind.isJSONString, "\(key) is int64") }
        #expect(try field("common.Metrics", "searchImpressionShare").kind == .double)
        _ = try field("common.Metrics", "conversions")
        _ = try field("common.Segments", "date")
        #expect(try field("resources.Campaign", "id").kind.isJSONString)
        #expect(try field("resources.AdGroup", "id").kind.isJSONString)
        #expect(try field("resources.AdGroupCriterion", "criterionId").kind.isJSONString)
        _ = try field("resources.AdGroupCriterion", "keyword")
        _ = try field("common.KeywordInfo", "text")
        _ = try field("common.KeywordInfo", "matchType")
        _ = try field("resources.AdGroupAd", "ad")
        #expect(try field("resources.Ad", "id").kind.isJSONString)
        _ = try field("resources.LandingPageView", "unexpandedFinalUrl")
    }

    @Test("Every field the pull's GAQL selects resolves in the v25 reference (snake_case paths)")
    func queriesUseReferenceFields() throws {
        let row = try #require(GoogleAdsSchema.message("services.GoogleAdsRow"))
        for grain in MetricGrain.allCases {
            let query = GoogleAdsMetricsSource.query(grain, since: "2026-11-01", until: "2026-11-07")
            let select = try #require(query.range(of: "SELECT ")).upperBound
            let from = try #require(query.range(of: " FROM ")).lowerBound
            for path in query[select..<from].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let parts = path.split(separator: ".").map(String.init)
                var field = try #require(row.byProto[parts[0]], "\(path)")
                for part in parts.dropFirst() {
                    guard case .message(let name) = field.kind, let message = GoogleAdsSchema.message(name) else {
                        Issue.record("\(path): \(part) is not inside a message"); break
                    }
                    field = try #require(message.byProto[part], "\(path)")
                }
            }
            let resource = query[query.range(of: " FROM ")!.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            #expect(row.byProto[resource] != nil, "FROM \(resource)")
        }
    }
}
