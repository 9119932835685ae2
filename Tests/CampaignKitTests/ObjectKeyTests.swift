import Foundation
import Testing
import CampaignKit

@Suite struct ObjectKeyTests {
    /// Every kind, in the text tfz has always stored, with the value it parses to.
    static let cases: [(String, ObjectKey)] = [
        ("budget", .budget),
        ("campaign", .campaign),
        ("geo:county 12057", .geo("county 12057")),
        ("geo:radius 27950000,-82450000,10mi", .geo("radius 27950000,-82450000,10mi")),
        ("geo:remote customers/1/campaignCriteria/987~2", .geo("remote customers/1/campaignCriteria/987~2")),
        ("schedule:FRIDAY 1080-1440", .schedule("FRIDAY 1080-1440")),
        (#"negative:"ford escort""#, .negative(#""ford escort""#)),
        ("criterion:remote customers/1/campaignCriteria/987~3", .criterion("remote customers/1/campaignCriteria/987~3")),
        ("adGroup:buyer-terms", .adGroup("buyer-terms")),
        (#"keyword:buyer-terms:"buy sex""#, .keyword(group: "buyer-terms", notation: #""buy sex""#)),
        (#"keyword:g:"a:b""#, .keyword(group: "g", notation: #""a:b""#)),
        ("keyword:g:[exact: term]", .keyword(group: "g", notation: "[exact: term]")),
        ("ad:buyer-terms:deterrence/arrest#0123456789abcdef@1a2b3c4d",
         .ad(group: "buyer-terms", creative: "deterrence/arrest", fingerprint: "0123456789abcdef@1a2b3c4d")),
        ("ad:g:remote#123", .ad(group: "g", creative: "remote", fingerprint: "123")),
        ("ad:g:remote#customers/1/adGroupAds/3~4", .ad(group: "g", creative: "remote", fingerprint: "customers/1/adGroupAds/3~4")),
        ("ad:g:a#b#c", .ad(group: "g", creative: "a#b", fingerprint: "c")),
        ("ad:g:deterrence/arrest", .ad(group: "g", creative: "deterrence/arrest", fingerprint: "")),
        // Not an error: kept as written, never acted on.
        ("ad:g:c#", .other("ad:g:c#")),
        ("ad:nogroup", .other("ad:nogroup")),
        ("keyword:nogroup", .other("keyword:nogroup")),
        ("video:g:clip", .other("video:g:clip")),
        ("Budget", .other("Budget")),
        ("", .other("")),
    ]

    @Test func everyKindParsesFromAndPrintsAsItsStoredText() {
        for (text, key) in Self.cases {
            #expect(ObjectKey(parsing: text) == key, "\(text)")
            #expect(key.description == text, "\(key)")
        }
    }

    @Test func theAdGroupOfKeywordsAndAds() {
        #expect(ObjectKey(parsing: #"keyword:buyers:"buy sex""#).adGroup == "buyers")
        #expect(ObjectKey(parsing: "ad:buyers:remote#9").adGroup == "buyers")
        #expect(ObjectKey.adGroup("buyers").adGroup == nil)
        #expect(ObjectKey.geo("county 12057").adGroup == nil)
        #expect(ObjectKey(parsing: "ad:buyers:remote#9").isRemoteAd)
        #expect(!ObjectKey(parsing: "ad:buyers:deterrence/arrest#1").isRemoteAd)
        #expect(ObjectKey.geo("remote x").isGeo && !ObjectKey.schedule("x").isGeo)
    }

    @Test func codableAsItsText() throws {
        let keys = Self.cases.map(\.1)
        let json = try JSONEncoder().encode(keys)
        #expect(try JSONDecoder().decode([String].self, from: json) == Self.cases.map(\.0))
        #expect(try JSONDecoder().decode([ObjectKey].self, from: json) == keys)
    }

    @Test func changeActionsReadUnknownTextAsOther() throws {
        for action in ChangeAction.allCases { #expect(ChangeAction(rawValue: action.rawValue) == action) }
        #expect(ChangeAction(rawValue: "archive") == .other("archive"))
        #expect(ChangeAction(rawValue: "archive").rawValue == "archive")
        #expect("\(ChangeAction.enable) \(ChangeAction(rawValue: "archive"))" == "enable archive")
        let json = try JSONEncoder().encode([ChangeAction.lookup, .other("archive")])
        #expect(String(decoding: json, as: UTF8.self) == #"["lookup","archive"]"#)
        #expect(try JSONDecoder().decode([ChangeAction].self, from: json) == [.lookup, .other("archive")])
    }
}
