import Foundation

/// Operations for one whole tfz campaign, as tfz would send them in one `googleAds:mutate`, with
/// temporary ids: budget -1, campaign -2, ad group -3.
enum CampaignFixture {
    static let customer = SandboxHTTPClient.customer
    static let tag = "[fl-x/t/google_ads]"
    static let name = "TFZ Hillsborough deterrence \(tag)"

    static func path(_ collection: String, _ id: Int) -> String { "customers/\(customer)/\(collection)/\(id)" }

    static func budget(name: String = "Hillsborough deterrence budget \(tag)") -> [String: Any] {
        [
            "campaignBudgetOperation": [
                "create": [
                    "resourceName": path("campaignBudgets", -1),
                    "name": name,
                    "amountMicros": "25000000",
                    "deliveryMethod": "STANDARD",
                    "explicitlyShared": false,
                ]
            ]
        ]
    }

    static func campaign(name: String = Self.name, budget: String = path("campaignBudgets", -1), temporaryId: Int = -2)
        -> [String: Any]
    {
        [
            "campaignOperation": [
                "create": campaignBody(name: name, budget: budget, temporaryId: temporaryId)
            ]
        ]
    }

    static func campaignBody(
        name: String = Self.name, budget: String = path("campaignBudgets", -1), temporaryId: Int = -2
    )
        -> [String: Any]
    {
        [
            "resourceName": path("campaigns", temporaryId),
            "name": name,
            "status": "PAUSED",
            "advertisingChannelType": "SEARCH",
            "campaignBudget": budget,
            "manualCpc": [String: Any](),
            "containsEuPoliticalAdvertising": "DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING",
            "networkSettings": [
                "targetGoogleSearch": true, "targetSearchNetwork": false, "targetContentNetwork": false,
            ],
            "startDateTime": "2026-03-01 00:00:00",
            "endDateTime": "2026-03-31 23:59:59",
        ]
    }

    static func headlines(_ texts: [String]) -> [[String: Any]] { texts.map { ["text": $0] } }

    static func responsiveSearchAd(
        headlines: [String] = ["Buying sex is a crime", "Arrests happen here", "Get help to stop now"],
        descriptions: [String] = [
            "Hillsborough County police arrest sex buyers. Confidential help is available today.",
            "Talk to someone now. Free and anonymous support to change course.",
        ],
        path1: String = "help", path2: String? = "now", adGroup: String = path("adGroups", -3)
    ) -> [String: Any] {
        var rsa: [String: Any] = [
            "headlines": Self.headlines(headlines),
            "descriptions": Self.headlines(descriptions),
            "path1": path1,
        ]
        if let path2 { rsa["path2"] = path2 }
        return [
            "adGroupAdOperation": [
                "create": [
                    "adGroup": adGroup,
                    "status": "ENABLED",
                    "ad": ["finalUrls": ["https://example.org/help"], "responsiveSearchAd": rsa],
                ]
            ]
        ]
    }

    static func keyword(_ text: String, match: String = "PHRASE", adGroup: String = path("adGroups", -3)) -> [String:
        Any]
    {
        [
            "adGroupCriterionOperation": [
                "create": [
                    "adGroup": adGroup, "status": "ENABLED", "keyword": ["text": text, "matchType": match],
                ]
            ]
        ]
    }

    /// Budget, campaign, location + ad schedule + negative keyword criteria, ad group, two keywords
    /// and a responsive search ad: nine operations.
    static func wholeCampaign() -> [[String: Any]] {
        [
            budget(),
            campaign(),
            [
                "campaignCriterionOperation": [
                    "create": [
                        "campaign": path("campaigns", -2),
                        "location": ["geoTargetConstant": "geoTargetConstants/1015116"],
                    ]
                ]
            ],
            [
                "campaignCriterionOperation": [
                    "create": [
                        "campaign": path("campaigns", -2),
                        "adSchedule": [
                            "dayOfWeek": "FRIDAY", "startHour": 18, "startMinute": "ZERO", "endHour": 24,
                            "endMinute": "ZERO",
                        ],
                    ]
                ]
            ],
            [
                "campaignCriterionOperation": [
                    "create": [
                        "campaign": path("campaigns", -2), "negative": true,
                        "keyword": ["text": "jobs", "matchType": "BROAD"],
                    ]
                ]
            ],
            [
                "adGroupOperation": [
                    "create": [
                        "resourceName": path("adGroups", -3), "campaign": path("campaigns", -2), "name": "Deterrence",
                        "status": "ENABLED", "type": "SEARCH_STANDARD", "cpcBidMicros": "1500000",
                    ]
                ]
            ],
            keyword("escort near me"),
            keyword("cheap escorts", match: "EXACT"),
            responsiveSearchAd(),
        ]
    }
}
