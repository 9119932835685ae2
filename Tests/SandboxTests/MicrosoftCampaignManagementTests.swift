import Foundation
import Sandbox
import Testing

@Suite("Microsoft Advertising: Campaign Management")
struct MicrosoftCampaignManagementTests {
    typealias Client = MicrosoftTestClient
    typealias Fixture = MicrosoftFixture

    @Test(
        "Campaign add/get/update/delete round trip in the reference's field names and Type values",
        .enabled(if: MicrosoftReference.available))
    func campaignRoundTrip() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        var campaign = Fixture.campaign()
        // The long Type form is accepted and written back short.
        campaign["BiddingScheme"] = ["Type": "MaxClicksBiddingScheme", "MaxCpc": ["Amount": 2.0]]
        let added = try await client.addCampaigns([campaign], token: token)
        #expect(added.status == 200, "\(added.text)")
        #expect(added.headers["trackingid"] != nil)
        #expect(MicrosoftReference.problems(added.object, model: "cm.AddCampaignsResponse").isEmpty)
        let id = try #require(added.object[array: "CampaignIds"].first as? String)
        #expect(Int64(id) != nil)
        #expect(added.object[array: "PartialErrors"].isEmpty)

        let listed = try await client.campaigns(token: token)
        #expect(listed.count == 1)
        let got = try #require(listed.first)
        #expect(MicrosoftReference.problems(got, model: "cm.Campaign") == [])
        #expect(got["Id"] as? String == id)
        #expect(got["Name"] as? String == Fixture.campaignName)
        #expect(got["Status"] as? String == "Paused")
        #expect(got["DailyBudget"] as? Double == 25)
        #expect(got["BudgetType"] as? String == "DailyBudgetStandard")
        #expect(got["CampaignType"] as? String == "Search")
        #expect(got[object: "BiddingScheme"]["Type"] as? String == "MaxClicks")
        #expect(got[object: "BiddingScheme"][object: "MaxCpc"]["Amount"] as? Double == 2)

        // Ids may be numbers in requests.
        let update = try await client.call(
            "PUT", Client.cm + "/Campaigns",
            ["AccountId": Int(Client.accountId)!, "Campaigns": [["Id": Int64(id)!, "Status": "Active", "DailyBudget": 30.5]]],
            token: token)
        #expect(update.status == 200, "\(update.text)")
        #expect(update.object[array: "PartialErrors"].isEmpty)
        let byIds = try await client.call(
            "POST", Client.cm + "/Campaigns/QueryByIds", ["AccountId": Client.accountId, "CampaignIds": [id, "999"]],
            token: token)
        #expect(MicrosoftReference.problems(byIds.object, model: "cm.GetCampaignsByIdsResponse") == [])
        let campaigns = byIds.object[array: "Campaigns"]
        #expect((campaigns[0] as? [String: Any])?["Status"] as? String == "Active")
        #expect((campaigns[0] as? [String: Any])?["DailyBudget"] as? Double == 30.5)
        #expect((campaigns[0] as? [String: Any])?["Name"] as? String == Fixture.campaignName)
        #expect(campaigns[1] is NSNull)
        let missing = try #require(byIds.object[array: "PartialErrors"].first as? [String: Any])
        #expect(missing["Index"] as? Int == 1)
        #expect(missing["Code"] as? Int == 1100)
        #expect(missing["Type"] as? String == "BatchError")

        let delete = try await client.call(
            "DELETE", Client.cm + "/Campaigns", ["AccountId": Client.accountId, "CampaignIds": [id]], token: token)
        #expect(delete.status == 200)
        #expect(try await client.campaigns(token: token).isEmpty)
        #expect(await sandbox.microsoftSnapshot().account(Client.accountId).campaigns.first?.status == "Deleted")
    }

    @Test(
        "Ad groups, keywords and responsive search ads round trip; update and delete",
        .enabled(if: MicrosoftReference.available))
    func childrenRoundTrip() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let campaignId = try #require(
            try await client.addCampaigns([Fixture.campaign()], token: token).object[array: "CampaignIds"].first as? String)
        var adGroup = Fixture.adGroup()
        adGroup["StartDate"] = Fixture.date("2026-03-02")
        adGroup["EndDate"] = Fixture.date("2026-03-31")
        let groups = try await client.call(
            "POST", Client.cm + "/AdGroups", ["CampaignId": campaignId, "AdGroups": [adGroup]], token: token)
        let adGroupId = try #require(groups.object[array: "AdGroupIds"].first as? String, "\(groups.text)")
        let listed = try await client.call(
            "POST", Client.cm + "/AdGroups/QueryByCampaignId", ["CampaignId": campaignId], token: token)
        let group = try #require(listed.object[array: "AdGroups"].first as? [String: Any])
        #expect(MicrosoftReference.problems(group, model: "cm.AdGroup") == [])
        #expect(group[object: "StartDate"]["Day"] as? Int == 2)
        #expect(group[object: "EndDate"]["Month"] as? Int == 3)
        #expect(group[object: "CpcBid"]["Amount"] as? Double == 1.5)
        #expect(group["Status"] as? String == "Active")

        let keywords = try await client.call(
            "POST", Client.cm + "/Keywords",
            ["AdGroupId": adGroupId, "Keywords": [Fixture.keyword("escort near me"), Fixture.keyword("cheap escorts", match: "Exact", bid: 2.25)]],
            token: token)
        let keywordIds = keywords.object[array: "KeywordIds"].compactMap { $0 as? String }
        #expect(keywordIds.count == 2, "\(keywords.text)")
        let ads = try await client.call(
            "POST", Client.cm + "/Ads", ["AdGroupId": adGroupId, "Ads": [Fixture.responsiveSearchAd()]], token: token)
        let adId = try #require(ads.object[array: "AdIds"].first as? String, "\(ads.text)")

        let gotKeywords = try await client.call(
            "POST", Client.cm + "/Keywords/QueryByAdGroupId", ["AdGroupId": adGroupId], token: token)
        #expect(MicrosoftReference.problems(gotKeywords.object, model: "cm.GetKeywordsByAdGroupIdResponse") == [])
        let keywordObjects = gotKeywords.object[array: "Keywords"].compactMap { $0 as? [String: Any] }
        #expect(keywordObjects.map { $0["Text"] as? String } == ["escort near me", "cheap escorts"])
        #expect(keywordObjects.map { $0["MatchType"] as? String } == ["Phrase", "Exact"])
        #expect(keywordObjects[1][object: "Bid"]["Amount"] as? Double == 2.25)

        let gotAds = try await client.call(
            "POST", Client.cm + "/Ads/QueryByAdGroupId", ["AdGroupId": adGroupId, "AdTypes": ["ResponsiveSearch"]],
            token: token)
        #expect(MicrosoftReference.problems(gotAds.object, model: "cm.GetAdsByAdGroupIdResponse") == [])
        let ad = try #require(gotAds.object[array: "Ads"].first as? [String: Any])
        #expect(ad["Type"] as? String == "ResponsiveSearch")
        #expect(ad["Id"] as? String == adId)
        let headline = try #require(ad[array: "Headlines"].first as? [String: Any])
        #expect(headline[object: "Asset"]["Type"] as? String == "TextAsset")
        #expect(headline[object: "Asset"]["Text"] as? String == "Buying sex is a crime")
        #expect(ad[array: "FinalUrls"] as? [String] == ["https://example.org/help"])

        // Update: pause a keyword, change the ad's path, rename the ad group.
        let pause = try await client.call(
            "PUT", Client.cm + "/Keywords", ["AdGroupId": adGroupId, "Keywords": [["Id": keywordIds[0], "Status": "Paused"]]],
            token: token)
        #expect(pause.object[array: "PartialErrors"].isEmpty, "\(pause.text)")
        let path = try await client.call(
            "PUT", Client.cm + "/Ads",
            ["AdGroupId": adGroupId, "Ads": [["Id": adId, "Type": "ResponsiveSearch", "Path2": "today"]]], token: token)
        #expect(path.object[array: "PartialErrors"].isEmpty, "\(path.text)")
        let rename = try await client.call(
            "PUT", Client.cm + "/AdGroups", ["CampaignId": campaignId, "AdGroups": [["Id": adGroupId, "Name": "Deterrence 2"]]],
            token: token)
        #expect(rename.object[array: "PartialErrors"].isEmpty, "\(rename.text)")
        let textChange = try await client.call(
            "PUT", Client.cm + "/Keywords", ["AdGroupId": adGroupId, "Keywords": [["Id": keywordIds[1], "Text": "other"]]],
            token: token)
        #expect((textChange.object[array: "PartialErrors"].first as? [String: Any])?["Code"] as? Int == 1504)

        let account = await sandbox.microsoftSnapshot().account(Client.accountId)
        #expect(account.keywords.first?.status == "Paused")
        #expect(account.ads.first?["Path2"] == "today")
        #expect(account.adGroups.first?.name == "Deterrence 2")

        // Delete: a keyword and the ad; an unknown id is a partial error.
        let deleteKeywords = try await client.call(
            "DELETE", Client.cm + "/Keywords", ["AdGroupId": adGroupId, "KeywordIds": [keywordIds[0], "1"]], token: token)
        let error = try #require(deleteKeywords.object[array: "PartialErrors"].first as? [String: Any])
        #expect(error["Index"] as? Int == 1)
        #expect(error["ErrorCode"] as? String == "CampaignServiceInvalidKeywordId")
        let deleteAds = try await client.call(
            "DELETE", Client.cm + "/Ads", ["AdGroupId": adGroupId, "AdIds": [adId]], token: token)
        #expect(deleteAds.object[array: "PartialErrors"].isEmpty)
        let after = try await client.call("POST", Client.cm + "/Keywords/QueryByAdGroupId", ["AdGroupId": adGroupId], token: token)
        #expect(after.object[array: "Keywords"].count == 1)
        let deleteGroups = try await client.call(
            "DELETE", Client.cm + "/AdGroups", ["CampaignId": campaignId, "AdGroupIds": [adGroupId]], token: token)
        #expect(deleteGroups.object[array: "PartialErrors"].isEmpty)
        let gone = try await client.call("POST", Client.cm + "/Keywords/QueryByAdGroupId", ["AdGroupId": adGroupId], token: token)
        #expect(gone.status == 400)
        #expect((gone.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int == 1201)
    }

    @Test("Partial failure: HTTP 200, null at the failed index and PartialErrors with Index, Code, ErrorCode, Message")
    func partialErrors() async throws {
        let (_, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        var noBudget = Fixture.campaign(name: "second")
        noBudget["DailyBudget"] = 0
        let response = try await client.addCampaigns(
            [Fixture.campaign(), Fixture.campaign(name: Fixture.campaignName.uppercased()), noBudget, Fixture.campaign(name: "fourth")],
            token: token)
        #expect(response.status == 200)
        let ids = response.object[array: "CampaignIds"]
        #expect(ids[0] is String && ids[3] is String)
        #expect(ids[1] is NSNull && ids[2] is NSNull)
        let errors = response.object[array: "PartialErrors"].compactMap { $0 as? [String: Any] }
        #expect(errors.map { $0["Index"] as? Int } == [1, 2])
        #expect(errors.map { $0["Code"] as? Int } == [1115, 1106])
        #expect(
            errors.map { $0["ErrorCode"] as? String }
                == ["CampaignServiceCannotCreateDuplicateCampaign", "CampaignServiceInvalidDailyBudget"])
        #expect(errors.allSatisfy { ($0["Message"] as? String)?.isEmpty == false && $0["Type"] as? String == "BatchError" })
        #expect(try await client.campaigns(token: token).count == 2)
    }

    @Test("Unknown fields, bad enum strings and unknown Type values are a 400 ApiFaultDetail; nothing is applied")
    func schemaValidation() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        var unknown = Fixture.campaign()
        unknown["StartDateTime"] = "2026-03-01"
        var badEnum = Fixture.campaign()
        badEnum["Status"] = "ENABLED"
        var badType = Fixture.campaign()
        badType["BiddingScheme"] = ["Type": "TargetSpend"]
        var badId = Fixture.campaign()
        badId["BudgetId"] = "12x"
        for campaign in [unknown, badEnum, badType, badId] {
            let response = try await client.addCampaigns([campaign], token: token)
            #expect(response.status == 400)
            #expect(response.object["Type"] as? String == "ApiFaultDetail")
            let error = try #require(response.object[array: "OperationErrors"].first as? [String: Any])
            #expect(error["Code"] as? Int == 201)
            #expect(error["ErrorCode"] as? String == "ApiInputValidationError")
            #expect((error["Details"] as? String)?.contains("Campaigns[0]") == true, "\(error)")
        }
        let keyword = try await client.call(
            "POST", Client.cm + "/Keywords", ["AdGroupId": "1", "Keywords": [["Text": "x", "MatchType": "BROAD"]]], token: token)
        #expect(keyword.status == 400)
        #expect(((keyword.object[array: "OperationErrors"].first as? [String: Any])?["Details"] as? String)?.contains("MatchType") == true)
        #expect(await sandbox.microsoftSnapshot().accounts.isEmpty)
        // A body that is not JSON.
        let garbage = try await client.send(
            "POST", Client.cm + "/Campaigns", body: Data("{".utf8),
            headers: [
                "Authorization": "Bearer \(token)", "DeveloperToken": Client.developerToken, "CustomerId": Client.customerId,
                "CustomerAccountId": Client.accountId,
            ])
        #expect(garbage.status == 400)
        #expect((garbage.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int == 100)
        // An unknown path is an empty 404, a wrong verb 405.
        #expect(try await client.call("POST", Client.cm + "/Budgets", [:], token: token).status == 404)
        #expect(try await client.call("GET", Client.cm + "/Campaigns", [:], token: token).status == 405)
    }

    @Test("GetCampaignsByAccountId returns every campaign of the account (150 added in two calls)")
    func everyCampaign() async throws {
        let (_, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        for batch in 0..<2 {
            let campaigns = (0..<75).map { Fixture.campaign(name: "tfz zone-\(batch * 75 + $0)/t/microsoft_ads · Zone") }
            #expect(try await client.addCampaigns(campaigns, token: token).object[array: "PartialErrors"].isEmpty)
        }
        let names = try await client.campaigns(token: token).compactMap { $0["Name"] as? String }
        #expect(names.count == 150)
        #expect(Set(names).count == 150)
    }

    @Test("Per-call limits: 100 campaigns, 1,000 ad groups, 1,000 keywords, 50 ads (20 to get); one more is a 400 with the real code")
    func limits() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        func operationCode(_ response: RawResponse) -> Int? {
            (response.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int
        }
        let tooMany = try await client.addCampaigns((0...100).map { Fixture.campaign(name: "c\($0)") }, token: token)
        #expect(tooMany.status == 400)
        #expect(operationCode(tooMany) == 1114)
        let hundred = try await client.addCampaigns((0..<100).map { Fixture.campaign(name: "c\($0)") }, token: token)
        #expect(hundred.object[array: "CampaignIds"].compactMap { $0 as? String }.count == 100)
        let campaignId = try #require(hundred.object[array: "CampaignIds"].first as? String)

        let groups = try await client.call(
            "POST", Client.cm + "/AdGroups",
            ["CampaignId": campaignId, "AdGroups": (0...1_000).map { Fixture.adGroup(name: "g\($0)") }], token: token)
        #expect(groups.status == 400)
        #expect(operationCode(groups) == 1210)
        let thousandGroups = try await client.call(
            "POST", Client.cm + "/AdGroups",
            ["CampaignId": campaignId, "AdGroups": (0..<1_000).map { Fixture.adGroup(name: "g\($0)") }], token: token)
        #expect(thousandGroups.object[array: "AdGroupIds"].compactMap { $0 as? String }.count == 1_000)
        let adGroupId = try #require(thousandGroups.object[array: "AdGroupIds"].first as? String)

        let keywords = try await client.call(
            "POST", Client.cm + "/Keywords",
            ["AdGroupId": adGroupId, "Keywords": (0...1_000).map { Fixture.keyword("term \($0)") }], token: token)
        #expect(operationCode(keywords) == 1506)
        let thousandKeywords = try await client.call(
            "POST", Client.cm + "/Keywords",
            ["AdGroupId": adGroupId, "Keywords": (0..<1_000).map { Fixture.keyword("term \($0)") }], token: token)
        #expect(thousandKeywords.object[array: "PartialErrors"].isEmpty)

        let ads = try await client.call(
            "POST", Client.cm + "/Ads", ["AdGroupId": adGroupId, "Ads": (0...50).map { _ in Fixture.responsiveSearchAd() }],
            token: token)
        #expect(ads.status == 400)
        #expect(operationCode(ads) == 1311)
        let fiftyAds = try await client.call(
            "POST", Client.cm + "/Ads",
            ["AdGroupId": adGroupId, "Ads": (0..<50).map { Fixture.responsiveSearchAd(finalUrl: "https://example.org/help/\($0)") }],
            token: token)
        #expect(fiftyAds.object[array: "AdIds"].compactMap { $0 as? String }.count == 50)
        let getAds = try await client.call(
            "POST", Client.cm + "/Ads/QueryByIds",
            ["AdGroupId": adGroupId, "AdIds": fiftyAds.object[array: "AdIds"].prefix(21).map { $0 }], token: token)
        #expect(operationCode(getAds) == 1352, "GetAdsByIds takes at most 20 ids")
        let twentyAds = try await client.call(
            "POST", Client.cm + "/Ads/QueryByIds",
            ["AdGroupId": adGroupId, "AdIds": fiftyAds.object[array: "AdIds"].prefix(20).map { $0 }], token: token)
        #expect(twentyAds.object[array: "Ads"].count == 20)

        let deletes = try await client.call(
            "DELETE", Client.cm + "/Campaigns",
            ["AccountId": Client.accountId, "CampaignIds": (0...100).map { String(510_000_001 + $0) }], token: token)
        #expect(operationCode(deletes) == 1119)
        let account = await sandbox.microsoftSnapshot().account(Client.accountId)
        #expect(account.campaigns.count == 100 && account.adGroups.count == 1_000 && account.keywords.count == 1_000)
    }

    @Test("Ad, keyword and ad group rules: RSA counts and lengths, Broad keyword twice, a start date in the past")
    func itemRules() async throws {
        let (_, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(token: token)
        func codes(_ response: RawResponse) -> [Int?] {
            response.object[array: "PartialErrors"].map { ($0 as? [String: Any])?["Code"] as? Int }
        }
        var twoHeadlines = Fixture.responsiveSearchAd(headlines: ["One", "Two"])
        twoHeadlines["Status"] = "Active"
        var longHeadline = Fixture.responsiveSearchAd(headlines: ["One", "Two", String(repeating: "x", count: 31)])
        longHeadline["Path1"] = nil
        var text = Fixture.responsiveSearchAd()
        text["Type"] = "ExpandedText"
        let ads = try await client.call(
            "POST", Client.cm + "/Ads", ["AdGroupId": ids.adGroup, "Ads": [twoHeadlines, longHeadline, text]], token: token)
        #expect(codes(ads) == [6212, 6208, 2805])
        let duplicate = try await client.call(
            "POST", Client.cm + "/Keywords", ["AdGroupId": ids.adGroup, "Keywords": [Fixture.keyword("ESCORT near me")]],
            token: token)
        #expect(codes(duplicate) == [1542])
        var past = Fixture.adGroup(name: "Past")
        past["StartDate"] = Fixture.date("2026-02-01")
        let group = try await client.call(
            "POST", Client.cm + "/AdGroups", ["CampaignId": ids.campaign, "AdGroups": [past, Fixture.adGroup()]], token: token)
        #expect(codes(group) == [1212, 1214])
    }

    @Test("The duplicate helper counts same-content objects under one parent")
    func duplicates() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(token: token)
        #expect(await sandbox.microsoftDuplicateObjects(accountId: Client.accountId) == [])
        // A client that lost the AddAds answer and added the ad again.
        _ = try await client.call(
            "POST", Client.cm + "/Ads", ["AdGroupId": ids.adGroup, "Ads": [Fixture.responsiveSearchAd()]], token: token)
        let duplicates = await sandbox.microsoftDuplicateObjects(accountId: Client.accountId)
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.hasPrefix("ad ×2: ") == true)
    }
}
