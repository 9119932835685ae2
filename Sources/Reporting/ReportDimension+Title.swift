import CampaignKit

extension ReportDimension {
    /// The column heading people read: `Zone`, `Landing page`, `Week` …
    public var title: String {
        switch self {
        case .zone: "Zone"
        case .campaign: "Campaign"
        case .purpose: "Purpose"
        case .platform: "Platform"
        case .keyword: "Keyword"
        case .creative: "Creative"
        case .landingPage: "Landing page"
        case .day: "Day"
        case .week: "Week"
        case .month: "Month"
        }
    }
}
