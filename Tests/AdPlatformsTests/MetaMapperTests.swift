@testable import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Meta request bodies from a campaign, byte for byte, and every key and enum value checked against Meta's v25 node specs
/// (`../shared/reference/meta-v25/`, or the copy in `Tests/Reference/meta-v25/` on a fresh clone).
@Suite struct MetaMapperTests {
    static let files = WorkspaceFiles(files: [
        SourceFile(path: "tfz.yaml", contents: """
            version: 1
            organization: Test
            currency: USD
            time_zone: America/New_York
            accounts:
              - {name: meta-main, platform: meta, account_id: "act_100000000000001", endpoint: sandbox, credentials: "env:TFZ_META"}
            """),
        SourceFile(path: "Campaigns/templates/social.yaml", contents: """
            purpose: deterrence
            audience: buyers
            channels: [{platform: meta, trigger: interests, interests: [Social issues]}]
            creative: [deterrence/signs]
            landing_page: https://example.org/stop/{zone}?utm_source={platform}
            budget: {daily: 15.50}
            bid_ceiling: 1.25
            flight: {start: 2027-01-01, end: 2027-06-30}
            """),
        SourceFile(path: "Creative/deterrence/signs.yaml", contents: """
            purpose: deterrence
            social:
              primary_text: "Buying sex fuels trafficking here. Buyers are arrested."
              headline: Buyers Are Arrested Here
              description: Confidential hotline, 24/7
              image: images/signs.png
              call_to_action: LEARN_MORE
            """),
        SourceFile(path: "Campaigns/zones/fl-pinellas.yaml", contents: """
            name: Pinellas County, FL
            county: "12103"
            time_zone: America/New_York
            campaigns: [{template: social}]
            """),
    ], otherPaths: ["Creative/images/signs.png"])

    static func campaign() throws -> Campaign {
        let library = Library.build(files)
        #expect(library.diagnostics.filter { $0.severity == .error }.isEmpty, "\(library.diagnostics.map(\.rendered))")
        return try #require(library.campaigns.first { $0.key.platform == .meta })
    }

    /// The exact form body of the ad set (issue 11: "the exact form body of one Meta ad set, targeting JSON string
    /// included"): the county became its 47 standard ZIP codes; budget and bid cap in cents; the flight in New York time.
    @Test func theAdSetFormBodyExactly() throws {
        let c = try Self.campaign()
        let fields = MetaMapper(pageId: "100200300").adSet(c, campaignId: "120000000000000001", interests: [(id: "6003139266461", name: "Social issues")])
        let zips = USZipCodes.zipCodes(county: "12103")
        #expect(zips.count == 47)
        let targeting = #"{"geo_locations":{"zips":["# + zips.map { #"{"key":"US:\#($0)"}"# }.joined(separator: ",")
            + #"],"location_types":["home","recent"]},"age_min":18,"age_max":65,"flexible_spec":[{"interests":[{"id":"6003139266461","name":"Social issues"}]}]}"#
        let expected: [(String, String)] = [
            ("name", "tfz fl-pinellas/social/meta · Pinellas County, FL · interests"),
            ("campaign_id", "120000000000000001"),
            ("daily_budget", "1550"),
            ("billing_event", "IMPRESSIONS"),
            ("optimization_goal", "LINK_CLICKS"),
            ("bid_strategy", "LOWEST_COST_WITH_BID_CAP"),
            ("bid_amount", "125"),
            ("targeting", targeting),
            ("start_time", "2027-01-01T00:00:00-0500"),
            ("end_time", "2027-06-30T23:59:59-0400"),
            ("status", "ACTIVE"),
        ]
        #expect(fields.map(\.0) == expected.map(\.0))
        for (got, want) in zip(fields, expected) { #expect(got.1 == want.1, "\(want.0)") }
        // Form encoding: JSON inside the form, percent-encoded.
        let body = MetaMapper.encode(fields)
        #expect(body.hasPrefix("name=tfz%20fl-pinellas%2Fsocial%2Fmeta%20%C2%B7%20Pinellas%20County%2C%20FL%20%C2%B7%20interests&campaign_id=120000000000000001&daily_budget=1550&"))
        #expect(body.contains("&targeting=%7B%22geo_locations%22%3A%7B%22zips%22%3A%5B%7B%22key%22%3A%22US%3A33701%22%7D"))

        // Against the reference: every field a param of POST /act_{id}/adsets, every enum value in its enum.
        let reference = MetaReference.shared
        let params = reference.params("AdAccount", post: "adsets")
        for (name, _) in fields { #expect(params[name] != nil, "\(name) is not a param of POST adsets") }
        for name in ["billing_event", "optimization_goal", "bid_strategy", "status"] {
            let value = fields.first { $0.0 == name }!.1
            #expect(reference.enumValues(params[name]!).contains(value), "\(name)=\(value)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(targeting.utf8)) as? [String: Any])
        let targetingFields = reference.fields("Targeting")
        for key in json.keys { #expect(targetingFields[key] != nil, "targeting.\(key)") }
        let geo = try #require(json["geo_locations"] as? [String: Any])
        for key in geo.keys { #expect(reference.fields("TargetingGeoLocation")[key] != nil, "geo_locations.\(key)") }
        for zip in try #require(geo["zips"] as? [[String: Any]]) {
            for key in zip.keys { #expect(reference.fields("TargetingGeoLocationZip")[key] != nil, "zips[].\(key)") }
        }
    }

    @Test func campaignCreativeAndAdAgainstTheReference() throws {
        let c = try Self.campaign()
        let mapper = MetaMapper(pageId: "100200300")
        let reference = MetaReference.shared
        let campaign = mapper.campaign(c)
        #expect(campaign.map { "\($0.0)=\($0.1)" } == [
            "name=tfz fl-pinellas/social/meta · Pinellas County, FL", "objective=OUTCOME_TRAFFIC", "status=PAUSED", "special_ad_categories=[]",
        ])
        let campaignParams = reference.params("AdAccount", post: "campaigns")
        for (name, value) in campaign {
            #expect(campaignParams[name] != nil, "\(name)")
            if ["objective", "status"].contains(name) { #expect(reference.enumValues(campaignParams[name]!).contains(value), "\(name)=\(value)") }
        }
        let ad = try #require(c.ads.first)
        let fingerprint = mapper.fingerprint(c, ad: ad, imageDigest: "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        #expect(fingerprint.count == 10 && fingerprint.allSatisfy(\.isHexDigit))
        // What the creative shows decides its fingerprint: another image is another creative.
        #expect(mapper.fingerprint(c, ad: ad, imageDigest: "ffff2d3c4b5a69788796a5b4c3d2e1f0") != fingerprint)
        let creative = mapper.creative(c, ad: ad, imageHash: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", fingerprint: fingerprint)
        let story = #"{"page_id":"100200300","link_data":{"link":"https://example.org/stop/fl-pinellas?utm_source=meta","message":"Buying sex fuels trafficking here. Buyers are arrested.","name":"Buyers Are Arrested Here","description":"Confidential hotline, 24/7","image_hash":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","call_to_action":{"type":"LEARN_MORE","value":{"link":"https://example.org/stop/fl-pinellas?utm_source=meta"}}}}"#
        #expect(creative.map(\.0) == ["name", "object_story_spec"])
        #expect(creative.first?.1 == "tfz fl-pinellas/social/meta · Pinellas County, FL · deterrence/signs #\(fingerprint)")
        let parsed = try #require(MetaMapper.creativeAndFingerprint(inName: creative.first!.1, of: c))
        #expect(parsed.creative == "deterrence/signs" && parsed.fingerprint == fingerprint)
        #expect(creative.last?.1 == story)
        let creativeParams = reference.params("AdAccount", post: "adcreatives")
        for (name, _) in creative { #expect(creativeParams[name] != nil, "\(name)") }
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(story.utf8)) as? [String: Any])
        for key in spec.keys { #expect(reference.fields("AdCreativeObjectStorySpec")[key] != nil, "object_story_spec.\(key)") }
        let link = try #require(spec["link_data"] as? [String: Any])
        for key in link.keys { #expect(reference.fields("AdCreativeLinkData")[key] != nil, "link_data.\(key)") }
        let ctaType = reference.fields("AdCreativeLinkDataCallToAction")["type"]!
        #expect(reference.enumValues(ctaType).contains("LEARN_MORE"))
        let adFields = mapper.ad(c, ad: ad, adSetId: "120000000000000002", creativeId: "120000000000000003", fingerprint: fingerprint)
        #expect(adFields.map { "\($0.0)=\($0.1)" } == [
            "name=tfz fl-pinellas/social/meta · Pinellas County, FL · deterrence/signs #\(fingerprint)", "adset_id=120000000000000002",
            #"creative={"creative_id":"120000000000000003"}"#, "status=ACTIVE",
        ])
        let adParams = reference.params("AdAccount", post: "ads")
        for (name, _) in adFields { #expect(adParams[name] != nil, "\(name)") }
    }
}

/// Meta's v25 node specs: `{apis: [{method, endpoint, params: [{name, type}]}], fields: [{name, type}]}` per node, and
/// `enums-subset.json` (`{name, values}`).
struct MetaReference {
    let folder: URL

    nonisolated(unsafe) static let shared: MetaReference = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared/reference/meta-v25")
        return MetaReference(folder: FileManager.default.fileExists(atPath: shared.path) ? shared : repo.appendingPathComponent("Tests/Reference/meta-v25"))
    }()

    func node(_ name: String) -> [String: Any] {
        let data = try! Data(contentsOf: folder.appendingPathComponent("\(name).json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Field name → type of a node.
    func fields(_ node: String) -> [String: String] {
        Dictionary(((self.node(node)["fields"] as? [[String: Any]]) ?? []).map { ($0["name"] as! String, $0["type"] as! String) }, uniquingKeysWith: { a, _ in a })
    }

    /// Param name → type of `POST <node>/<edge>`.
    func params(_ node: String, post edge: String) -> [String: String] {
        let apis = self.node(node)["apis"] as? [[String: Any]] ?? []
        let api = apis.first { ($0["method"] as? String) == "POST" && ($0["endpoint"] as? String) == edge }
        return Dictionary(((api?["params"] as? [[String: Any]]) ?? []).map { ($0["name"] as! String, $0["type"] as! String) }, uniquingKeysWith: { a, _ in a })
    }

    /// The values of an enum type (`adaccountadsets_billing_event_enum_param`), or of the element type of a `list<…>`.
    func enumValues(_ type: String) -> [String] {
        let name = type.hasPrefix("list<") ? String(type.dropFirst(5).dropLast()) : type
        let data = try! Data(contentsOf: folder.appendingPathComponent("enums-subset.json"))
        let all = try! JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        return all.first { $0["name"] as? String == name }?["values"] as? [String] ?? []
    }
}
