/// Which of a zone's geo targets a platform can use.
enum GeoRules {
    static func targets(zone: Zone, platform: Platform) -> [GeoTarget] {
        let all = zone.geo.isEmpty ? [GeoTarget.county(fips: zone.county.value)] : zone.geo.map(\.value)
        return all.filter { target in
            switch target {
            case .county: platform.isSearch
            case .radius: platform != .reddit
            case .postalCodes: true
            case .native(let p, _): p == platform
            }
        }
    }
}
