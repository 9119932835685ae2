import Foundation

extension SandboxEngine {
    /// Writes a synthetic account straight into the state and simulates its delivery (see
    /// `RunningSandbox.addSyntheticAccount`).
    func addSyntheticAccount(
        customerId: String, campaigns: Int, keywordsPerCampaign: Int, adsPerAdGroup: Int, from: String,
        through: String
    ) throws {
        guard let first = SandboxCalendar.day(from) else { throw SandboxError.invalidDate(from) }
        guard let last = SandboxCalendar.day(through) else { throw SandboxError.invalidDate(through) }
        var counters = state.counters
        let seed = configuration.seed
        func nextId(_ counter: String) -> String {
            let id = counters[counter] ?? MutateWorkspace.firstId(seed: seed, counter: counter)
            counters[counter] = id + 1
            return String(id)
        }
        let prefix = "customers/\(customerId)/"
        var account = StoredAccount()
        for number in stride(from: 1, through: campaigns, by: 1) {
            let budgetId = nextId("campaignBudget")
            let budgetName = prefix + "campaignBudgets/\(budgetId)"
            let bidMicros = Int64(500_000 + (number % 8) * 250_000)
            account[.campaignBudget][budgetName] = [
                "resourceName": .string(budgetName), "id": .string(budgetId),
                "name": .string("synthetic budget \(number)"),
                "amountMicros": .string(String(Int64(max(1, keywordsPerCampaign)) * 6_000_000)),
                "status": "ENABLED", "deliveryMethod": "STANDARD", "period": "DAILY", "explicitlyShared": false,
                "type": "STANDARD",
            ]
            let campaignId = nextId("campaign")
            let campaignName = prefix + "campaigns/\(campaignId)"
            account[.campaign][campaignName] = [
                "resourceName": .string(campaignName), "id": .string(campaignId),
                "name": .string("synthetic campaign \(number)"), "status": "ENABLED",
                "advertisingChannelType": "SEARCH", "campaignBudget": .string(budgetName), "manualCpc": [:],
                "biddingStrategyType": "MANUAL_CPC",
                "containsEuPoliticalAdvertising": "DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING",
                "networkSettings": ["targetGoogleSearch": true],
                "startDateTime": .string(from + " 00:00:00"), "endDateTime": .string(through + " 23:59:59"),
                "servingStatus": "SERVING",
            ]
            let adGroupId = nextId("adGroup")
            let adGroupName = prefix + "adGroups/\(adGroupId)"
            account[.adGroup][adGroupName] = [
                "resourceName": .string(adGroupName), "id": .string(adGroupId),
                "name": .string("synthetic ad group \(number)"), "campaign": .string(campaignName),
                "status": "ENABLED", "type": "SEARCH_STANDARD", "cpcBidMicros": .string(String(bidMicros)),
            ]
            for term in 0..<max(0, keywordsPerCampaign) {
                let criterionId = nextId("criterion")
                let name = prefix + "adGroupCriteria/\(adGroupId)~\(criterionId)"
                account[.adGroupCriterion][name] = [
                    "resourceName": .string(name), "criterionId": .string(criterionId),
                    "adGroup": .string(adGroupName), "status": "ENABLED", "type": "KEYWORD",
                    "keyword": [
                        "text": .string("synthetic term \(number)-\(term + 1)"),
                        "matchType": .string(["EXACT", "PHRASE", "BROAD"][term % 3]),
                    ],
                    "approvalStatus": "APPROVED", "systemServingStatus": "ELIGIBLE",
                ]
            }
            for index in 0..<max(0, adsPerAdGroup) {
                let adId = nextId("ad")
                let name = prefix + "adGroupAds/\(adGroupId)~\(adId)"
                let url = "https://example.org/help/zone-\(number)" + (index == 0 ? "" : "/v\(index + 1)")
                account[.adGroupAd][name] = [
                    "resourceName": .string(name), "adGroup": .string(adGroupName), "status": "ENABLED",
                    "ad": [
                        "id": .string(adId), "resourceName": .string(prefix + "ads/\(adId)"),
                        "type": "RESPONSIVE_SEARCH_AD", "finalUrls": [.string(url)],
                        "responsiveSearchAd": [
                            "headlines": [
                                ["text": "Buying sex is a crime"], ["text": "Arrests happen here"],
                                ["text": .string("Get help now \(index + 1)")],
                            ],
                            "descriptions": [
                                ["text": "Confidential help is available today."],
                                ["text": "Talk to someone now. Free and anonymous."],
                            ],
                        ],
                    ],
                ]
            }
        }
        if first <= last { DeliverySimulator.simulate(&account, days: first...last, seed: seed) }
        state.counters = counters
        state.accounts[customerId] = account
        persist()
    }
}
