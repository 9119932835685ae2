import CampaignKit

/// What both stores decide before they write a report's SQL: which grain's rows answer it, whether the campaign labels
/// must be joined, and which platforms the demand evidence reads.
enum ReportShape {
    /// The grain of the rows that answer `dimensions` (keyword, ad or landing-page rows for those dimensions, the
    /// platforms' campaign totals otherwise), and whether the labels are needed (a zone, campaign or purpose column or
    /// filter). Throws ``StoreError/Code/invalidReport`` when more than one detail grain is asked.
    static func plan(_ dimensions: [ReportDimension], _ filter: ReportFilter) throws -> (grain: MetricGrain, needsLabels: Bool) {
        let grains = Set(dimensions.compactMap(\.requiredGrain))
        guard grains.count <= 1 else {
            throw StoreError(.invalidReport, "A report can group by only one of keyword, creative and landing page, because the platforms report keywords, ads and landing pages separately.")
        }
        let needsLabels = dimensions.contains { [.zone, .campaign, .purpose].contains($0) }
            || !filter.zones.isEmpty || !filter.purposes.isEmpty
        return (grains.first ?? .campaign, needsLabels)
    }

    /// `filter` restricted to the search platforms (the demand evidence is a search measure); nil when that leaves none.
    static func searchOnly(_ filter: ReportFilter) -> ReportFilter? {
        var search = filter
        let platforms = Set(Platform.allCases.filter(\.isSearch))
        search.platforms = filter.platforms.isEmpty ? platforms : filter.platforms.intersection(platforms)
        return search.platforms.isEmpty ? nil : search
    }
}
