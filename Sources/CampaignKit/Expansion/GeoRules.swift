/// Which of a zone's geo targets a platform can use, and what a social platform targets instead of a county.
public enum GeoRules {
    /// The zone's geo as written, or its county when it gives none.
    static func written(_ zone: Zone) -> [GeoTarget] {
        zone.geo.isEmpty ? [GeoTarget.county(fips: zone.county.value)] : zone.geo.map(\.value)
    }

    /// True when the platform can target this kind of geo as it is.
    public static func accepts(_ platform: Platform, _ target: GeoTarget) -> Bool {
        switch target {
        case .county: platform.isSearch
        case .radius: platform != .reddit
        // Reddit's postal-code geolocation id format is unconfirmed in the reference (only US, US-VA, CA:6167865 and
        // numeric ids are documented): a zone's ZIP codes are not used there.
        case .postalCodes: platform != .reddit
        case .native(let p, _): p == platform
        }
    }

    /// Platforms that cannot target a county but take its ZIP codes instead (Meta: ZIPs, cities, regions and radii,
    /// no counties). Reddit is not one: its postal-code targeting format is unconfirmed (see the platform reference).
    public static func expandsCountiesToZIPs(_ platform: Platform) -> Bool { platform == .meta }

    /// A zone's geo as one platform can target it, with a note for the plan when it is not the zone's geo as written.
    ///
    /// For Meta a county becomes its standard, active ZIP codes (``USZipCodes``) unless the zone also gives geo that
    /// Meta can target itself (postal codes, a radius or Meta ids): then the zone's own geo is used and the county is
    /// not expanded. Pure: the adapters and the plan read the result; no one reads the ZIP data file at run time.
    public static func resolve(_ targets: [GeoTarget], for platform: Platform) -> ResolvedGeo {
        let usable = targets.filter { accepts(platform, $0) }
        let counties = targets.compactMap { target -> String? in if case .county(let fips) = target { fips } else { nil } }
        guard !platform.isSearch, !counties.isEmpty else { return ResolvedGeo(targets: usable) }
        let countyText = counties.count == 1 ? "county \(counties[0])" : "counties \(counties.joined(separator: ", "))"
        if !usable.isEmpty {
            let verb = counties.count == 1 ? "is" : "are"
            let instead = expandsCountiesToZIPs(platform) ? "not expanded to ZIP codes" : "not targeted (\(platform.displayName) cannot target a county)"
            return ResolvedGeo(targets: usable, note: "the zone's own geo is used for \(platform.displayName); \(countyText) \(verb) \(instead)")
        }
        if platform == .reddit { return redditStates(counties, dropped: targets.count > counties.count) }
        guard expandsCountiesToZIPs(platform) else { return ResolvedGeo(targets: []) }
        var expanded: [GeoTarget] = [], parts: [String] = [], empty: [String] = []
        for fips in counties {
            let zips = USZipCodes.zipCodes(county: fips)
            if zips.isEmpty { empty.append(fips); continue }
            expanded.append(.postalCodes(zips))
            let first = zips.prefix(3).joined(separator: ", ") + (zips.count > 3 ? ", …" : "")
            parts.append("county \(fips) → \(zips.count) ZIP code\(zips.count == 1 ? "" : "s") (\(first))")
        }
        let note = parts.isEmpty ? nil
            : parts.joined(separator: "; ") + "; county → ZIP is an approximation: a ZIP that crosses a county line is counted in one county"
        return ResolvedGeo(targets: expanded, note: note, countiesWithoutZIPs: empty)
    }
}

extension GeoRules {
    /// Reddit targets no county and, in the reference, no ZIP code: a zone without Reddit ids of its own targets the
    /// states of its counties (`US-FL`), and the plan says so.
    static func redditStates(_ counties: [String], dropped: Bool) -> ResolvedGeo {
        var states: [String] = [], parts: [String] = []
        for fips in counties {
            guard let state = USStates.postalCode(fips: fips) else { continue }
            parts.append("county \(fips) → US-\(state)")
            if !states.contains("US-\(state)") { states.append("US-\(state)") }
        }
        guard !states.isEmpty else { return ResolvedGeo(targets: []) }
        let note = parts.joined(separator: "; ") + ": Reddit targets no county or ZIP code, so the whole state is targeted"
            + (dropped ? " (the zone's postal codes and radii are not used on Reddit; give native Reddit ids in geo: to narrow it)" : "")
        return ResolvedGeo(targets: [.native(platform: .reddit, ids: states)], note: note)
    }
}

/// What one platform targets for a zone (``GeoRules/resolve(_:for:)``).
public struct ResolvedGeo: Sendable, Hashable {
    public var targets: [GeoTarget]
    /// Says which geo was used when it is not the zone's as written (a county turned into ZIPs, or left out).
    public var note: String?
    /// Counties that had to become ZIP codes but have no standard, active ZIP (all PO box, unique or retired).
    public var countiesWithoutZIPs: [String]

    public init(targets: [GeoTarget], note: String? = nil, countiesWithoutZIPs: [String] = []) {
        self.targets = targets
        self.note = note
        self.countiesWithoutZIPs = countiesWithoutZIPs
    }
}
