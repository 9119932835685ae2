import Foundation

/// The fuzz targets: every way tfz reads bytes it did not write.
///
/// Campaign files go through ``CampaignFuzz`` (the whole `tfz validate` pipeline over the sample library with one file
/// replaced by the input); platform answers go through ``PlatformFuzz`` (the adapters' clients over a transport that
/// answers the input).
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `Campaigns/zones/*.yaml`.
    case zone
    /// `Campaigns/templates/*.yaml`.
    case template
    /// `Creative/<purpose>/*.yaml`.
    case creative
    /// `Campaigns/keywords/*.txt`.
    case keywords
    /// `tfz.yaml`.
    case config
    /// Google Ads `googleAds:searchStream` answers (200 and error statuses), through the metrics source.
    case googleStream = "google-stream"
    /// Google Ads `googleAds:mutate`, `googleAds:search` and `geoTargetConstants:suggest` answers, partial failures and
    /// error answers (with the retry classifier and the HTTP error excerpt).
    case googleMutate = "google-mutate"
    /// Microsoft Advertising JSON answers: Campaign Management calls (ids, `PartialErrors`, `NestedPartialErrors`),
    /// `ApplicationFault` error answers (with the retry hint), Reporting submit and poll.
    case microsoftJSON = "microsoft-json"
    /// Microsoft Advertising report downloads as CSV, read for every grain.
    case microsoftReport = "microsoft-report"
    /// Microsoft Advertising report downloads as zip archives.
    case microsoftZip = "microsoft-zip"
    /// Microsoft Advertising's geographical locations file.
    case microsoftLocations = "microsoft-locations"
    /// OAuth token endpoint answers (Google's and Microsoft's identity platform), success and error statuses.
    case oauthToken = "oauth-token"

    /// The target named by `TFZ_FUZZ_TARGET` (read once).
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["TFZ_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("TFZ_FUZZ_TARGET must name a target (\(names)), not '\(name)'\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ data: Data) {
        switch self {
        case .zone, .template, .creative, .keywords, .config: CampaignFuzz.run(self, data)
        case .googleStream: PlatformFuzz.googleStream(data)
        case .googleMutate: PlatformFuzz.googleMutate(data)
        case .microsoftJSON: PlatformFuzz.microsoftJSON(data)
        case .microsoftReport: PlatformFuzz.microsoftReport(data)
        case .microsoftZip: PlatformFuzz.microsoftZip(data)
        case .microsoftLocations: PlatformFuzz.microsoftLocations(data)
        case .oauthToken: PlatformFuzz.oauthToken(data)
        }
    }
}
