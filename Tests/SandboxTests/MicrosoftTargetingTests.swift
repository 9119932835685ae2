import Foundation
import Sandbox
import Testing

@Suite("Microsoft Advertising: criterions, negative keywords, locations")
struct MicrosoftTargetingTests {
    typealias Client = MicrosoftTestClient
    typealias Fixture = MicrosoftFixture

    /// The county's LocationId as a client finds it: GetGeoLocationsFileUrl, download, look up the display name.
    private func countyLocationId(_ client: Client, token: String, display: String) async throws -> String {
        let url = try await client.call(
            "POST", Client.cm + "/GeoLocationsFileUrl/Query", ["Version": "2.0", "LanguageLocale": "en"], token: token,
            accountId: nil)
        #expect(url.status == 200, "\(url.text)")
        #expect(url.object["FileUrlExpiryTimeUtc"] as? String == "2026-03-01T12:15:00Z")
        #expect(url.object["LastModifiedTimeUtc"] is String)
        let fileUrl = try #require(url.object["FileUrl"] as? String)
        let path = String(fileUrl.dropFirst(client.sandbox.baseURL.absoluteString.count))
        let file = try await client.send("GET", path)
        #expect(file.status == 200)
        let lines = file.text.components(separatedBy: "\r\n")
        #expect(lines.first == "Location Id,Bing Display Name,Location Type,Replaces,Status,AdWords Location Id")
        let row = try #require(lines.first { $0.contains(",\(display),County,") })
        return String(row.prefix { $0 != "," })
    }

    @Test("Location (from the locations file), radius and day-time targets: add with Targets, get one type, delete")
    func criterionsRoundTrip() async throws {
        let (_, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(token: token)
        let locationId = try await countyLocationId(client, token: token, display: "Hillsborough County|Florida|United States")
        #expect(locationId == RunningSandbox.microsoftCountyLocationId(fips: "12057"))
        let add = try await client.call(
            "POST", Client.cm + "/CampaignCriterions",
            [
                "CriterionType": "Targets",
                "CampaignCriterions": [
                    Fixture.location(ids.campaign, locationId: locationId), Fixture.radius(ids.campaign),
                    Fixture.dayTime(ids.campaign, day: "Friday", from: 18, to: 24),
                    Fixture.dayTime(ids.campaign, day: "Saturday", from: 0, to: 3),
                ],
            ],
            token: token)
        #expect(add.status == 200, "\(add.text)")
        #expect(add.object[array: "NestedPartialErrors"].isEmpty)
        let criterionIds = add.object[array: "CampaignCriterionIds"].compactMap { $0 as? String }
        #expect(criterionIds.count == 4)

        let locations = try await client.call(
            "POST", Client.cm + "/CampaignCriterions/QueryByIds",
            ["CampaignId": ids.campaign, "CampaignCriterionIds": NSNull(), "CriterionType": "Location"], token: token)
        if MicrosoftReference.available {
            #expect(MicrosoftReference.problems(locations.object, model: "cm.GetCampaignCriterionsByIdsResponse") == [])
        }
        let location = try #require(locations.object[array: "CampaignCriterions"].first as? [String: Any])
        #expect(locations.object[array: "CampaignCriterions"].count == 1)
        #expect(location["Type"] as? String == "BiddableCampaignCriterion")
        #expect(location["CampaignId"] as? String == ids.campaign)
        #expect(location[object: "Criterion"]["Type"] as? String == "LocationCriterion")
        #expect(location[object: "Criterion"]["LocationId"] as? String == locationId)
        #expect(location[object: "Criterion"]["LocationType"] as? String == "County")
        let dayTimes = try await client.call(
            "POST", Client.cm + "/CampaignCriterions/QueryByIds",
            ["CampaignId": ids.campaign, "CampaignCriterionIds": [], "CriterionType": "DayTime"], token: token)
        let days = dayTimes.object[array: "CampaignCriterions"].compactMap { ($0 as? [String: Any])?[object: "Criterion"] }
        #expect(days.map { $0["Day"] as? String } == ["Friday", "Saturday"])
        #expect(days.map { $0["ToMinute"] as? String } == ["Zero", "Zero"])
        let radius = try await client.call(
            "POST", Client.cm + "/CampaignCriterions/QueryByIds",
            ["CampaignId": ids.campaign, "CampaignCriterionIds": [criterionIds[1]], "CriterionType": "Radius"], token: token)
        let circle = try #require(radius.object[array: "CampaignCriterions"].first as? [String: Any])[object: "Criterion"]
        #expect(circle["Radius"] as? String == "20")
        #expect(circle["LatitudeDegrees"] as? Double == 27.9904)

        let targets = try await client.call(
            "POST", Client.cm + "/CampaignCriterions/QueryByIds",
            ["CampaignId": ids.campaign, "CriterionType": "Targets"], token: token)
        #expect(targets.status == 400)
        #expect((targets.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int == 4503)

        let update = try await client.call(
            "PUT", Client.cm + "/CampaignCriterions",
            [
                "CriterionType": "Targets",
                "CampaignCriterions": [
                    [
                        "Type": "BiddableCampaignCriterion", "Id": criterionIds[3], "CampaignId": ids.campaign,
                        "Criterion": [
                            "Type": "DayTimeCriterion", "Day": "Saturday", "FromHour": 0, "FromMinute": "Zero", "ToHour": 2,
                            "ToMinute": "Thirty",
                        ],
                    ]
                ],
            ], token: token)
        #expect(update.object[array: "NestedPartialErrors"].isEmpty, "\(update.text)")

        let delete = try await client.call(
            "DELETE", Client.cm + "/CampaignCriterions",
            ["CampaignId": ids.campaign, "CampaignCriterionIds": [criterionIds[1]], "CriterionType": "Targets"], token: token)
        #expect(delete.object[array: "PartialErrors"].isEmpty)
        let afterDelete = try await client.call(
            "POST", Client.cm + "/CampaignCriterions/QueryByIds", ["CampaignId": ids.campaign, "CriterionType": "Radius"],
            token: token)
        #expect(afterDelete.object[array: "CampaignCriterions"].isEmpty)
    }

    @Test("Criterion failures come back as NestedPartialErrors (BatchErrorCollection), the rest is applied")
    func nestedPartialErrors() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(token: token)
        let add = try await client.call(
            "POST", Client.cm + "/CampaignCriterions",
            [
                "CriterionType": "Targets",
                "CampaignCriterions": [
                    Fixture.location(ids.campaign, locationId: "12057"),
                    Fixture.dayTime(ids.campaign, day: "Friday", from: 18, to: 22),
                    Fixture.dayTime(ids.campaign, day: "Friday", from: 20, to: 23),
                    Fixture.radius(ids.campaign, latitude: 95),
                ],
            ],
            token: token)
        #expect(add.status == 200)
        let criterionIds = add.object[array: "CampaignCriterionIds"]
        #expect(criterionIds[0] is NSNull && criterionIds[1] is String && criterionIds[2] is NSNull && criterionIds[3] is NSNull)
        let nested = add.object[array: "NestedPartialErrors"].compactMap { $0 as? [String: Any] }
        #expect(nested.map { $0["Index"] as? Int } == [0, 2, 3])
        #expect(nested.allSatisfy { $0["Type"] as? String == "BatchErrorCollection" })
        let inner = nested.compactMap { ($0[array: "BatchErrors"].first as? [String: Any]) }
        #expect(inner.map { $0["Code"] as? Int } == [1464, 2951, 1458])
        #expect(inner.map { $0["Index"] as? Int } == [0, 2, 3])
        #expect(add.object["PartialErrors"] == nil)
        #expect(await sandbox.microsoftSnapshot().account(Client.accountId).campaignCriterions.count == 1)

        let tooMany = try await client.call(
            "POST", Client.cm + "/CampaignCriterions",
            ["CriterionType": "Targets", "CampaignCriterions": (0...100).map { _ in Fixture.radius(ids.campaign) }], token: token)
        #expect(tooMany.status == 400)
        #expect((tooMany.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int == 4502)
    }

    @Test("Entity negative keywords: IdCollection per entity, Broad refused with 4340 in NestedPartialErrors, get and delete")
    func negativeKeywords() async throws {
        let (sandbox, client) = try await microsoftSandbox()
        let token = try await client.accessToken()
        let ids = try await client.addWholeCampaign(token: token)
        let add = try await client.call(
            "POST", Client.cm + "/EntityNegativeKeywords",
            [
                "EntityNegativeKeywords": [
                    [
                        "EntityId": ids.campaign, "EntityType": "Campaign",
                        "NegativeKeywords": [
                            ["Type": "NegativeKeyword", "Text": "jobs", "MatchType": "Phrase"],
                            ["Type": "NegativeKeyword", "Text": "massage school", "MatchType": "Exact"],
                            ["Type": "NegativeKeyword", "Text": "hiring", "MatchType": "Broad"],
                        ],
                    ]
                ]
            ], token: token)
        #expect(add.status == 200, "\(add.text)")
        if MicrosoftReference.available {
            #expect(MicrosoftReference.problems(add.object, model: "cm.AddNegativeKeywordsToEntitiesResponse") == [])
        }
        let collection = try #require(add.object[array: "NegativeKeywordIds"].first as? [String: Any])
        let negativeIds = collection[array: "Ids"]
        #expect(negativeIds.count == 3)
        #expect(negativeIds[0] is String && negativeIds[1] is String && negativeIds[2] is NSNull)
        let nested = try #require(add.object[array: "NestedPartialErrors"].first as? [String: Any])
        #expect(nested["Index"] as? Int == 0)
        let inner = try #require(nested[array: "BatchErrors"].first as? [String: Any])
        #expect(inner["Index"] as? Int == 2)
        #expect(inner["Code"] as? Int == 4340)

        let get = try await client.call(
            "POST", Client.cm + "/NegativeKeywords/QueryByEntityIds",
            ["EntityIds": [ids.campaign], "EntityType": "Campaign"], token: token)
        let entity = try #require(get.object[array: "EntityNegativeKeywords"].first as? [String: Any])
        #expect(entity["EntityId"] as? String == ids.campaign)
        let texts = entity[array: "NegativeKeywords"].compactMap { ($0 as? [String: Any])?["Text"] as? String }
        #expect(texts == ["jobs", "massage school"])
        #expect((entity[array: "NegativeKeywords"].first as? [String: Any])?["Type"] as? String == "NegativeKeyword")

        let twoEntities = try await client.call(
            "POST", Client.cm + "/EntityNegativeKeywords",
            [
                "EntityNegativeKeywords": [
                    ["EntityId": ids.campaign, "EntityType": "Campaign", "NegativeKeywords": [["Text": "a", "MatchType": "Exact"]]],
                    ["EntityId": ids.adGroup, "EntityType": "AdGroup", "NegativeKeywords": [["Text": "b", "MatchType": "Exact"]]],
                ]
            ], token: token)
        #expect(twoEntities.status == 400)
        #expect((twoEntities.object[array: "OperationErrors"].first as? [String: Any])?["Code"] as? Int == 513)

        let delete = try await client.call(
            "DELETE", Client.cm + "/EntityNegativeKeywords",
            [
                "EntityNegativeKeywords": [
                    ["EntityId": ids.campaign, "EntityType": "Campaign", "NegativeKeywords": [["Id": negativeIds[0], "Text": "jobs", "MatchType": "Phrase"]]]
                ]
            ], token: token)
        #expect(delete.object[array: "NestedPartialErrors"].isEmpty, "\(delete.text)")
        #expect(await sandbox.microsoftSnapshot().account(Client.accountId).negativeKeywords.map(\.entityType) == ["Campaign"])
    }
}
