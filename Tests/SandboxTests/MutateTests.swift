import Foundation
import Sandbox
import Testing

@Suite("googleAds:mutate")
struct MutateTests {
    typealias Fixture = CampaignFixture

    @Test("A whole campaign is created in one mutate with temporary ids, then searched back by name")
    func wholeCampaign() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            let response = try await client.mutate(Fixture.wholeCampaign(), token: token)
            #expect(response.status == 200, "\(response.text)")
            #expect(response.headers["request-id"] != nil)
            #expect(Set(response.object.keys) == ["mutateOperationResponses"])
            let results = response.object[array: "mutateOperationResponses"].compactMap { $0 as? [String: Any] }
            let expectedKeys = [
                "campaignBudgetResult", "campaignResult", "campaignCriterionResult", "campaignCriterionResult",
                "campaignCriterionResult", "adGroupResult", "adGroupCriterionResult", "adGroupCriterionResult",
                "adGroupAdResult",
            ]
            #expect(results.map { $0.keys.sorted() } == expectedKeys.map { [$0] })
            let names = zip(results, expectedKeys).map { $0[object: $1]["resourceName"] as? String ?? "" }
            let budget = names[0]
            let campaign = names[1]
            let adGroup = names[5]
            let campaignId = String(campaign.split(separator: "/").last!)
            let adGroupId = String(adGroup.split(separator: "/").last!)
            #expect(budget.wholeMatch(of: #/customers/1234567890/campaignBudgets/\d+/#) != nil)
            #expect(campaign.wholeMatch(of: #/customers/1234567890/campaigns/\d+/#) != nil)
            #expect(names[2] == "customers/1234567890/campaignCriteria/\(campaignId)~1015116")
            #expect(names[3].hasPrefix("customers/1234567890/campaignCriteria/\(campaignId)~"))
            #expect(adGroup.wholeMatch(of: #/customers/1234567890/adGroups/\d+/#) != nil)
            #expect(names[6].wholeMatch(of: #/customers/1234567890/adGroupCriteria/\d+~\d+/#) != nil)
            #expect(names[6].hasPrefix("customers/1234567890/adGroupCriteria/\(adGroupId)~"))
            #expect(names[8].hasPrefix("customers/1234567890/adGroupAds/\(adGroupId)~"))

            // Searched back by name: int64 fields are JSON strings, enums are names.
            let search = try await client.search(
                """
                SELECT campaign.resource_name, campaign.id, campaign.name, campaign.status,
                  campaign.bidding_strategy_type, campaign.start_date_time, campaign.contains_eu_political_advertising,
                  campaign_budget.amount_micros
                FROM campaign
                WHERE campaign.name LIKE '%[[]fl-x/t/google[_]ads[]]%' AND campaign.status != 'REMOVED'
                """, token: token
            )
            #expect(search.status == 200, "\(search.text)")
            let rows = search.object[array: "results"].compactMap { $0 as? [String: Any] }
            try #require(rows.count == 1)
            #expect(Set(rows[0].keys) == ["campaign", "campaignBudget"])
            let row = rows[0][object: "campaign"]
            #expect(
                Set(row.keys) == [
                    "resourceName", "id", "name", "status", "biddingStrategyType", "startDateTime",
                    "containsEuPoliticalAdvertising",
                ]
            )
            #expect(row["resourceName"] as? String == campaign)
            #expect(row["id"] as? String == campaignId)
            #expect(row["name"] as? String == Fixture.name)
            #expect(row["status"] as? String == "PAUSED")
            #expect(row["biddingStrategyType"] as? String == "MANUAL_CPC")
            #expect(row["startDateTime"] as? String == "2026-03-01 00:00:00")
            #expect(rows[0][object: "campaignBudget"]["amountMicros"] as? String == "25000000")
            #expect(rows[0][object: "campaignBudget"]["resourceName"] as? String == budget)
            #expect(
                search.object["fieldMask"] as? String
                    == "campaign.resourceName,campaign.id,campaign.name,campaign.status,campaign.biddingStrategyType,campaign.startDateTime,campaign.containsEuPoliticalAdvertising,campaignBudget.amountMicros"
            )

            // The children, by campaign.
            let keywords = try await client.search(
                """
                SELECT ad_group_criterion.criterion_id, ad_group_criterion.keyword.text, ad_group_criterion.keyword.match_type,
                  ad_group_criterion.status, ad_group.id FROM ad_group_criterion
                WHERE campaign.resource_name = '\(campaign)' AND ad_group_criterion.status = 'ENABLED'
                ORDER BY ad_group_criterion.keyword.text
                """, token: token
            )
            let keywordRows = keywords.object[array: "results"].compactMap { $0 as? [String: Any] }
            #expect(
                keywordRows.map { $0[object: "adGroupCriterion"][object: "keyword"]["text"] as? String } == [
                    "cheap escorts", "escort near me",
                ])
            #expect(
                keywordRows.map { $0[object: "adGroupCriterion"][object: "keyword"]["matchType"] as? String } == [
                    "EXACT", "PHRASE",
                ])
            #expect(keywordRows.allSatisfy { $0[object: "adGroupCriterion"]["criterionId"] is String })
            #expect(keywordRows.allSatisfy { $0[object: "adGroup"]["id"] as? String == adGroupId })

            let criteria = try await client.search(
                "SELECT campaign_criterion.type, campaign_criterion.negative, campaign_criterion.keyword.text FROM campaign_criterion WHERE campaign.id IN (\(campaignId))",
                token: token
            )
            let criterionRows = criteria.object[array: "results"].compactMap {
                ($0 as? [String: Any])?[object: "campaignCriterion"]
            }
            #expect(
                criterionRows.compactMap { $0["type"] as? String }.sorted() == ["AD_SCHEDULE", "KEYWORD", "LOCATION"])
            #expect(criterionRows.first { $0["type"] as? String == "KEYWORD" }?["negative"] as? Bool == true)

            let ads = try await client.search(
                "SELECT ad_group_ad.ad.id, ad_group_ad.ad.responsive_search_ad.headlines, ad_group_ad.status, ad_group_ad.ad.type FROM ad_group_ad WHERE ad_group.id = \(adGroupId)",
                token: token
            )
            let ad = try #require(ads.object[array: "results"].first as? [String: Any])[object: "adGroupAd"]
            #expect(ad["status"] as? String == "ENABLED")
            #expect(ad[object: "ad"]["type"] as? String == "RESPONSIVE_SEARCH_AD")
            #expect(ad[object: "ad"]["id"] is String)
            #expect(ad[object: "ad"][object: "responsiveSearchAd"][array: "headlines"].count == 3)

            // The sandbox's own view agrees.
            let account = await sandbox.snapshot().account(SandboxHTTPClient.customer)
            #expect(account.campaigns.map(\.resourceName) == [campaign])
            #expect(account.campaign(named: Fixture.name)?.status == "PAUSED")
            #expect(account.campaignCriteria.count == 3)
            #expect(account.adGroupCriteria.count == 2)
            #expect(account.adGroupAds.count == 1)
            #expect(account.campaignBudgets.first?["amountMicros"] == "25000000")
        }
    }

    @Test("Every resource the sandbox stores is valid v25 JSON for its message")
    func storedResourcesAreValid() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            #expect(try await client.mutate(Fixture.wholeCampaign(), token: token).status == 200)
            let account = await sandbox.snapshot().account(SandboxHTTPClient.customer)
            let checked: [(String, [SandboxResource])] = [
                ("resources.CampaignBudget", account.campaignBudgets), ("resources.Campaign", account.campaigns),
                ("resources.CampaignCriterion", account.campaignCriteria), ("resources.AdGroup", account.adGroups),
                ("resources.AdGroupCriterion", account.adGroupCriteria), ("resources.AdGroupAd", account.adGroupAds),
            ]
            for (message, resources) in checked {
                #expect(!resources.isEmpty)
                for resource in resources {
                    #expect(
                        SandboxSchemaCheck.violations(resource.fields, message: message) == [],
                        "\(resource.resourceName)")
                }
            }
        }
    }

    @Test("A campaign without containsEuPoliticalAdvertising fails with fieldError REQUIRED and nothing is applied")
    func euPoliticalAdvertisingRequired() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            var body = Fixture.campaignBody()
            body["containsEuPoliticalAdvertising"] = nil
            let response = try await client.mutate(
                [Fixture.budget(), ["campaignOperation": ["create": body]]], token: token)
            #expect(response.status == 400)
            let error = response.object[object: "error"]
            #expect(error["code"] as? Int == 400)
            #expect(error["status"] as? String == "INVALID_ARGUMENT")
            #expect(error["message"] as? String == "Request contains an invalid argument.")
            let detail = try #require(error[array: "details"].first as? [String: Any])
            #expect(
                detail["@type"] as? String == "type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure")
            #expect(detail["requestId"] as? String == response.headers["request-id"])
            let errors = googleAdsErrors(response)
            #expect(errors.map(errorCode) == ["fieldError.REQUIRED"])
            #expect(
                errors.map(errorLocation) == [
                    "mutate_operations[1].campaign_operation.create.contains_eu_political_advertising"
                ])
            #expect(Set(errors[0].keys) == ["errorCode", "message", "location"])
            #expect(await sandbox.snapshot().accounts.isEmpty)
        }
    }

    @Test("A campaign needs exactly one bidding strategy")
    func biddingStrategyRequired() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            var body = Fixture.campaignBody()
            body["manualCpc"] = nil
            let none = try await client.mutate(
                [Fixture.budget(), ["campaignOperation": ["create": body]]], token: token)
            #expect(googleAdsErrors(none).map(errorCode) == ["fieldError.REQUIRED"])
            #expect(googleAdsErrors(none).map(errorLocation) == ["mutate_operations[1].campaign_operation.create"])

            body["manualCpc"] = [String: Any]()
            body["targetSpend"] = [String: Any]()
            let two = try await client.mutate(
                [Fixture.budget(), ["campaignOperation": ["create": body]]], token: token)
            #expect(two.status == 400)
            let violation = try #require(
                (two.object[object: "error"][array: "details"].first as? [String: Any])?[array: "fieldViolations"].first
                    as? [String: Any]
            )
            #expect(violation["field"] as? String == "mutate_operations[1].campaign_operation.create")
            #expect(
                (violation["description"] as? String)?.contains(
                    "Oneof field 'campaign_bidding_strategy' is already set") == true)
        }
    }

    @Test("More than 10,000 operations are rejected with requestError TOO_MANY_MUTATE_OPERATIONS")
    func tooManyOperations() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            let operation: [String: Any] = [
                "campaignBudgetOperation": ["remove": "customers/1234567890/campaignBudgets/1"]
            ]
            let response = try await client.mutate(Array(repeating: operation, count: 10_001), token: token)
            #expect(response.status == 400)
            #expect(googleAdsErrors(response).map(errorCode) == ["requestError.TOO_MANY_MUTATE_OPERATIONS"])
            #expect(await sandbox.snapshot().accounts.isEmpty)
        }
    }

    @Test("With partialFailure one bad operation fails alone: HTTP 200, an empty result and partialFailureError")
    func partialFailure() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            var bad = Fixture.campaignBody(name: "Bad", temporaryId: -4)
            bad["containsEuPoliticalAdvertising"] = nil
            let response = try await client.mutate(
                [Fixture.budget(), ["campaignOperation": ["create": bad]], Fixture.campaign()], token: token,
                partialFailure: true
            )
            #expect(response.status == 200, "\(response.text)")
            #expect(Set(response.object.keys) == ["mutateOperationResponses", "partialFailureError"])
            let results = response.object[array: "mutateOperationResponses"].compactMap { $0 as? [String: Any] }
            #expect(results.count == 3)
            #expect(results[0].keys.sorted() == ["campaignBudgetResult"])
            #expect(results[1].isEmpty)
            #expect(results[2].keys.sorted() == ["campaignResult"])
            let status = response.object[object: "partialFailureError"]
            #expect(status["code"] as? Int == 3)
            let errors = googleAdsErrors(in: status)
            #expect(errors.map(errorCode) == ["fieldError.REQUIRED"])
            let first = try #require(
                errors.first?[object: "location"][array: "fieldPathElements"].first as? [String: Any])
            #expect(first["fieldName"] as? String == "mutate_operations")
            #expect(first["index"] as? Int == 1)
            let account = await sandbox.snapshot().account(SandboxHTTPClient.customer)
            #expect(account.campaigns.map(\.name) == [Fixture.name])
        }
    }

    @Test("update with updateMask changes only the masked fields; pause and resume")
    func pauseWithUpdateMask() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            let created = try await client.mutate([Fixture.budget(), Fixture.campaign()], token: token)
            let campaign = try #require(
                (created.object[array: "mutateOperationResponses"].last as? [String: Any])?[object: "campaignResult"][
                    "resourceName"] as? String
            )
            for status in ["ENABLED", "PAUSED"] {
                let update: [String: Any] = [
                    "campaignOperation": [
                        "update": ["resourceName": campaign, "status": status, "name": "ignored, not in the mask"],
                        "updateMask": "status",
                    ]
                ]
                let response = try await client.mutate(
                    [update], token: token, extra: ["responseContentType": "MUTABLE_RESOURCE"])
                #expect(response.status == 200, "\(response.text)")
                let result = try #require(response.object[array: "mutateOperationResponses"].first as? [String: Any])[
                    object: "campaignResult"]
                #expect(result["resourceName"] as? String == campaign)
                #expect(result[object: "campaign"]["status"] as? String == status)
                let search = try await client.search(
                    "SELECT campaign.status, campaign.name FROM campaign WHERE campaign.resource_name = '\(campaign)'",
                    token: token
                )
                let row = try #require(search.object[array: "results"].first as? [String: Any])[object: "campaign"]
                #expect(row["status"] as? String == status)
                #expect(row["name"] as? String == Fixture.name)
            }

            let snakeMask: [String: Any] = [
                "campaignOperation": [
                    "update": ["resourceName": campaign, "endDateTime": "2026-04-30 23:59:59"],
                    "updateMask": "end_date_time",
                ]
            ]
            let rejected = try await client.mutate([snakeMask], token: token)
            #expect(rejected.status == 400)
            #expect(rejected.text.contains("google.rpc.BadRequest"))

            let immutable: [String: Any] = [
                "campaignOperation": [
                    "update": ["resourceName": campaign, "advertisingChannelType": "DISPLAY"],
                    "updateMask": "advertisingChannelType",
                ]
            ]
            #expect(
                googleAdsErrors(try await client.mutate([immutable], token: token)).map(errorCode) == [
                    "fieldError.IMMUTABLE_FIELD"
                ])

            let missingMask: [String: Any] = [
                "campaignOperation": ["update": ["resourceName": campaign, "status": "ENABLED"]]
            ]
            #expect(
                googleAdsErrors(try await client.mutate([missingMask], token: token)).map(errorCode) == [
                    "fieldMaskError.FIELD_MASK_MISSING"
                ])

            let remove: [String: Any] = ["campaignOperation": ["remove": campaign]]
            #expect(try await client.mutate([remove], token: token).status == 200)
            #expect(await sandbox.snapshot().account(SandboxHTTPClient.customer).campaigns.first?.status == "REMOVED")
            let afterRemove = try await client.mutate(
                [
                    [
                        "campaignOperation": [
                            "update": ["resourceName": campaign, "status": "ENABLED"], "updateMask": "status",
                        ]
                    ]
                ], token: token
            )
            #expect(
                googleAdsErrors(afterRemove).map(errorCode) == [
                    "operationAccessDeniedError.OPERATION_NOT_PERMITTED_FOR_REMOVED_RESOURCE"
                ])
        }
    }

    @Test("Responsive search ad text cannot be updated; output-only fields cannot be set")
    func immutableAdText() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            #expect(try await client.mutate(Fixture.wholeCampaign(), token: token).status == 200)
            let ad = try #require(await sandbox.snapshot().account(SandboxHTTPClient.customer).adGroupAds.first)
            let update: [String: Any] = [
                "adGroupAdOperation": [
                    "update": [
                        "resourceName": ad.resourceName,
                        "ad": [
                            "responsiveSearchAd": ["headlines": CampaignFixture.headlines(["One", "Two", "Three"])]
                        ],
                    ],
                    "updateMask": "ad.responsiveSearchAd.headlines",
                ]
            ]
            let response = try await client.mutate([update], token: token)
            #expect(googleAdsErrors(response).map(errorCode) == ["fieldError.IMMUTABLE_FIELD"])
            #expect(
                googleAdsErrors(response).map(errorLocation) == [
                    "mutate_operations[0].ad_group_ad_operation.update.ad.responsive_search_ad.headlines"
                ])

            let pause: [String: Any] = [
                "adGroupAdOperation": [
                    "update": ["resourceName": ad.resourceName, "status": "PAUSED"], "updateMask": "status",
                ]
            ]
            #expect(try await client.mutate([pause], token: token).status == 200)

            var withId = CampaignFixture.campaignBody(name: "With id")
            withId["id"] = "42"
            withId["campaignBudget"] = await sandbox.snapshot().account(SandboxHTTPClient.customer).campaignBudgets[0]
                .resourceName
            let output = try await client.mutate([["campaignOperation": ["create": withId]]], token: token)
            #expect(googleAdsErrors(output).map(errorCode) == ["fieldError.VALUE_MUST_BE_UNSET"])
            #expect(googleAdsErrors(output).map(errorLocation) == ["mutate_operations[0].campaign_operation.create.id"])
        }
    }

    @Test("Temporary ids and references are checked; duplicate names are rejected like Google does")
    func referencesAndDuplicates() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            let dangling = try await client.mutate(
                [Fixture.campaign(budget: CampaignFixture.path("campaignBudgets", -9))], token: token)
            #expect(googleAdsErrors(dangling).map(errorCode) == ["mutateError.RESOURCE_NOT_FOUND"])
            #expect(
                googleAdsErrors(dangling).map(errorLocation) == [
                    "mutate_operations[0].campaign_operation.create.campaign_budget"
                ])

            #expect(try await client.mutate([Fixture.budget(), Fixture.campaign()], token: token).status == 200)
            let again = try await client.mutate(
                [Fixture.budget(name: "Other budget"), Fixture.campaign()], token: token)
            #expect(googleAdsErrors(again).map(errorCode) == ["campaignError.DUPLICATE_CAMPAIGN_NAME"])
        }
    }

    @Test("validateOnly checks everything and applies nothing")
    func validateOnly() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            let response = try await client.mutate(Fixture.wholeCampaign(), token: token, validateOnly: true)
            #expect(response.status == 200)
            #expect(response.object.isEmpty)
            #expect(await sandbox.snapshot().accounts.isEmpty)
        }
    }

    @Test("The per-service campaigns:mutate takes operations and answers results")
    func serviceMutate() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            let budget: [String: Any] = ["operations": [["create": ["name": "B", "amountMicros": "10000000"]]]]
            let response = try await client.api(
                "/v25/customers/\(SandboxHTTPClient.customer)/campaignBudgets:mutate", json: budget, token: token
            )
            #expect(response.status == 200, "\(response.text)")
            #expect(Set(response.object.keys) == ["results"])
            let name = try #require(
                (response.object[array: "results"].first as? [String: Any])?["resourceName"] as? String)
            #expect(name.hasPrefix("customers/1234567890/campaignBudgets/"))

            let bad: [String: Any] = [
                "operations": [["create": ["name": "C", "amountMicros": "10000001"]]], "partialFailure": true,
            ]
            let partial = try await client.api(
                "/v25/customers/\(SandboxHTTPClient.customer)/campaignBudgets:mutate", json: bad, token: token
            )
            let errors = googleAdsErrors(in: partial.object[object: "partialFailureError"])
            #expect(errors.map(errorCode) == ["campaignBudgetError.NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT"])
            #expect(errors.map(errorLocation) == ["operations[0].create.amount_micros"])
        }
    }
}
