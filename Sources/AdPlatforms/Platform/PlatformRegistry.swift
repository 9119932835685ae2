import CampaignKit

/// Maps `platform:` in `tfz.yaml` to the adapter that drives it. Adding a platform is a folder in `AdPlatforms`, a
/// folder in the sandbox and one line here.
public enum PlatformRegistry {
    public static let descriptors: [PlatformDescriptor] = [
        .googleAds,
        .microsoftAds,
        .meta,
        .reddit,
    ]

    /// The descriptor for `platform`, or nil when this version cannot launch on it yet.
    public static func descriptor(_ platform: Platform) -> PlatformDescriptor? {
        descriptors.first { $0.platform == platform }
    }

    /// The platforms this version launches on, pauses, pulls and reports.
    public static var supported: Set<Platform> { Set(descriptors.map(\.platform)) }
}
