import CampaignKit
import Foundation
import Testing
@testable import AdPlatforms

@Suite struct GoogleAdsMapperTests {
    let campaign = GoogleAdsFixture.campaigns()[0]
    let mapper = GoogleAdsCampaignMapper(customerId: "1234567890", geoConstants: ["county 12057": "geoTargetConstants/1015116"])

    func text(_ op: GoogleAdsOperation) -> String { String(decoding: op.mutateOperation.serialized(), as: UTF8.self) }

    @Test func createsTheWholeCampaignPausedWithTemporaryIds() {
        let ops = mapper.operations(for: campaign, recorded: [], applied: nil, ids: .init())
        // budget, campaign, 2 geo, 2 schedules (fri, sat), 1 negative, 1 ad group, 3 keywords, 1 ad
        #expect(ops.count == 12)
        #expect(ops.map(\.member) == ["campaignBudgetOperation", "campaignOperation"] + Array(repeating: "campaignCriterionOperation", count: 5)
                + ["adGroupOperation"] + Array(repeating: "adGroupCriterionOperation", count: 3) + ["adGroupAdOperation"])
        #expect(text(ops[0]) == #"{"campaignBudgetOperation":{"create":{"resourceName":"customers/1234567890/campaignBudgets/-1","name":"tfz fl-zone0/deterrence/google_ads budget","amountMicros":"25000000","deliveryMethod":"STANDARD","explicitlyShared":false}}}"#)
        #expect(text(ops[1]) == #"{"campaignOperation":{"create":{"resourceName":"customers/1234567890/campaigns/-2","name":"tfz fl-zone0/deterrence/google_ads · Hillsborough County, FL","status":"PAUSED","advertisingChannelType":"SEARCH","campaignBudget":"customers/1234567890/campaignBudgets/-1","networkSettings":{"targetGoogleSearch":true,"targetSearchNetwork":false,"targetContentNetwork":false,"targetPartnerSearchNetwork":false},"containsEuPoliticalAdvertising":"DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING","targetSpend":{"cpcBidCeilingMicros":"2000000"},"startDateTime":"2027-01-01 00:00:00","endDateTime":"2027-12-31 23:59:59"}}}"#)
        #expect(text(ops[2]) == #"{"campaignCriterionOperation":{"create":{"campaign":"customers/1234567890/campaigns/-2","location":{"geoTargetConstant":"geoTargetConstants/1015116"}}}}"#)
        #expect(text(ops[3]) == #"{"campaignCriterionOperation":{"create":{"campaign":"customers/1234567890/campaigns/-2","proximity":{"geoPoint":{"longitudeInMicroDegrees":-82450000,"latitudeInMicroDegrees":27950000},"radius":10,"radiusUnits":"MILES"}}}}"#)
        #expect(text(ops[4]) == #"{"campaignCriterionOperation":{"create":{"campaign":"customers/1234567890/campaigns/-2","adSchedule":{"dayOfWeek":"FRIDAY","startHour":18,"startMinute":"ZERO","endHour":24,"endMinute":"ZERO"}}}}"#)
        #expect(text(ops[6]) == #"{"campaignCriterionOperation":{"create":{"campaign":"customers/1234567890/campaigns/-2","negative":true,"keyword":{"text":"ford escort","matchType":"PHRASE"}}}}"#)
        #expect(text(ops[7]) == #"{"adGroupOperation":{"create":{"resourceName":"customers/1234567890/adGroups/-3","name":"buyers","campaign":"customers/1234567890/campaigns/-2","status":"ENABLED","type":"SEARCH_STANDARD"}}}"#)
        #expect(text(ops[8]) == #"{"adGroupCriterionOperation":{"create":{"adGroup":"customers/1234567890/adGroups/-3","status":"ENABLED","keyword":{"text":"escort service 0","matchType":"PHRASE"}}}}"#)
        #expect(text(ops[11]) == #"{"adGroupAdOperation":{"create":{"adGroup":"customers/1234567890/adGroups/-3","status":"ENABLED","ad":{"finalUrls":["https://example.org/stop/fl-zone0"],"responsiveSearchAd":{"headlines":[{"text":"Buying Sex Is a Crime"},{"text":"Buyers Are Arrested Here"},{"text":"She Could Be a Minor"}],"descriptions":[{"text":"Police arrest sex buyers in this county."},{"text":"Many people sold for sex are children."}],"path1":"stop"}}}}}"#)
        // Every reference points backwards to an operation that defines it.
        var defined = Set<String>()
        for op in ops {
            let body = text(op)
            for match in body.matches(of: /customers\/1234567890\/[a-zA-Z]+\/-\d+/) where op.temporaryName != String(match.output) {
                #expect(defined.contains(String(match.output)), "\(body)")
            }
            if let t = op.temporaryName { defined.insert(t) }
        }
    }

    @Test func recordedObjectsAreNotCreatedAgainAndChangesAreUpdates() {
        let ids = GoogleAdsCampaignMapper.TemporaryIds()
        let first = mapper.operations(for: campaign, recorded: [], applied: nil, ids: ids)
        let recorded = first.enumerated().map { RemoteObject(key: campaign.key, localKey: $0.element.localKey, resourceName: "customers/1234567890/x/\($0.offset + 100)") }
        #expect(mapper.operations(for: campaign, recorded: recorded, applied: campaign.snapshot, ids: ids).isEmpty)

        var changed = campaign
        changed.dailyBudget = Money(micros: 30_000_000)
        changed.adGroups[0].keywords.removeFirst()
        changed.adGroups[0].keywords.append(Keyword(text: "new term", matchType: .exact))
        let ops = mapper.operations(for: changed, recorded: recorded, applied: campaign.snapshot, ids: ids)
        #expect(ops.map { "\($0.kind.rawValue) \($0.localKey)" } == [
            "update budget", "create keyword:buyers:[new term]", "remove keyword:buyers:\"escort service 0\"",
        ])
        #expect(text(ops[0]) == #"{"campaignBudgetOperation":{"update":{"resourceName":"customers/1234567890/x/100","amountMicros":"30000000"},"updateMask":"amountMicros"}}"#)
        #expect(text(ops[2]) == #"{"adGroupCriterionOperation":{"remove":"customers/1234567890/x/108"}}"#)
    }

    /// An incomplete campaign gets its name set again (and nothing else that matches), as when the store marked it in
    /// the applied name.
    @Test func anIncompleteCampaignHasItsNameSetAgain() {
        let ids = GoogleAdsCampaignMapper.TemporaryIds()
        let recorded = mapper.operations(for: campaign, recorded: [], applied: nil, ids: ids).enumerated()
            .map { RemoteObject(key: campaign.key, localKey: $0.element.localKey, resourceName: "customers/1234567890/x/\($0.offset + 100)") }
        let ops = mapper.operations(for: campaign, recorded: recorded, applied: campaign.snapshot, incomplete: true, ids: ids)
        #expect(ops.map { "\($0.kind.rawValue) \($0.localKey)" } == ["update campaign"])
        #expect(text(ops[0]) == #"{"campaignOperation":{"update":{"resourceName":"customers/1234567890/x/101","name":"tfz fl-zone0/deterrence/google_ads · Hillsborough County, FL"},"updateMask":"name"}}"#)
    }

    /// What is recorded but not wanted is removed by its kind; keywords and ads go with their ad group; an object of a
    /// kind this version does not know is left alone.
    @Test func unwantedObjectsAreRemovedByKind() {
        let ids = GoogleAdsCampaignMapper.TemporaryIds()
        var recorded = mapper.operations(for: campaign, recorded: [], applied: nil, ids: ids).enumerated()
            .map { RemoteObject(key: campaign.key, localKey: $0.element.localKey, resourceName: "customers/1234567890/x/\($0.offset + 100)") }
        let extra: [ObjectKey] = [
            .geo("remote customers/1234567890/campaignCriteria/1~2"), .criterion("remote customers/1234567890/campaignCriteria/1~3"),
            .ad(group: "buyers", creative: "remote", fingerprint: "customers/1234567890/adGroupAds/4~5"), .adGroup("old"),
            .keyword(group: "old", notation: "[gone]"), .ad(group: "old", creative: "remote", fingerprint: "7"), .other("video:buyers:clip"),
        ]
        recorded += extra.enumerated().map { RemoteObject(key: campaign.key, localKey: $0.element, resourceName: "customers/1234567890/y/\($0.offset)") }
        let ops = mapper.operations(for: campaign, recorded: recorded, applied: campaign.snapshot, ids: ids)
        #expect(ops.map { "\($0.kind.rawValue) \($0.member) \($0.localKey)" } == [
            "remove campaignCriterionOperation geo:remote customers/1234567890/campaignCriteria/1~2",
            "remove campaignCriterionOperation criterion:remote customers/1234567890/campaignCriteria/1~3",
            "remove adGroupAdOperation ad:buyers:remote#customers/1234567890/adGroupAds/4~5",
            "remove adGroupOperation adGroup:old",
        ])
    }

    @Test func statusChangesUseAnUpdateMask() {
        let op = mapper.statusOperation(campaign.key, campaign: "customers/1234567890/campaigns/55", status: "ENABLED")
        #expect(text(op) == #"{"campaignOperation":{"update":{"resourceName":"customers/1234567890/campaigns/55","status":"ENABLED"},"updateMask":"status"}}"#)
    }
}
