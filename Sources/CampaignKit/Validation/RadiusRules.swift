/// Each platform's smallest radius, checked against the radii a zone writes (decimals kept, see ``WrittenRadius``).
enum RadiusRules {
    struct Minimum {
        /// nil: one of the written unit (the search platforms take whole miles or km in tfz).
        var nanometres: Int64?
        var text: String
    }

    static func minimum(_ platform: Platform) -> Minimum? {
        switch platform {
        // Meta custom_locations (TargetingGeoLocationCustomLocation: latitude, longitude, radius, distance_unit mile or
        // kilometer): smallest radius 1 mile (1.6 km). UNCONFIRMED: the reference spec has no range and a search of
        // Meta's targeting docs (basic targeting, custom_locations) did not find the minimum; 1 mile is what Ads
        // Manager offers. Revisit when the Meta adapter meets the sandbox or the real API.
        case .meta: Minimum(nanometres: 1_609_344_000_000, text: "1 mile (1.6 km)")
        // Google Ads proximity and Microsoft Advertising RadiusCriterion: tfz sends whole miles or km.
        case .googleAds, .microsoftAds: Minimum(nanometres: nil, text: "1 mile or 1 km (tfz sends whole miles or km)")
        // Reddit has no radius targeting: a zone's radius is not used there (and not checked).
        case .reddit: nil
        }
    }

    static func check(_ radii: [WrittenRadius], platform: Platform, key: CampaignKey) -> [Diagnostic] {
        guard let min = minimum(platform) else { return [] }
        return radii.compactMap { radius in
            let tooSmall = min.nanometres.map { radius.nanometres < $0 } ?? (radius.distanceMicros < 1_000_000)
            guard tooSmall else { return nil }
            return Diagnostic(.error, "radius-too-small",
                              "a radius of \(radius.text) is below \(platform.displayName)'s minimum of \(min.text), so \(key) cannot use it",
                              at: radius.location, hints: ["write miles: 1 or more, or give postal_codes for a smaller area"])
        }
    }
}
