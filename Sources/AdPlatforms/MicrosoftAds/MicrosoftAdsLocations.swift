import CampaignKit
import Foundation

/// Microsoft Advertising's location ids for US counties and postal codes, read from its geographical locations file
/// (`GetGeoLocationsFileUrl`, file format 2.0: `Location Id`, `Bing Display Name`, `Location Type`, `Replaces`,
/// `Status`, `AdWords Location Id`; see Microsoft's guides/geographical-location-codes.md).
///
/// Microsoft has no look-up by name like Google's `geoTargetConstants:suggest`, and no FIPS code in the file, so a county
/// is found by its name and state in the display name (`Hillsborough County|Florida|United States`, type `County`) and a
/// postal code by its code (`33602|Florida|United States`, type `PostalCode`). Deprecated locations are never used; an
/// active one is preferred to one pending deprecation.
public struct MicrosoftAdsLocations: Sendable {
    /// `county 12057` / `postal 33602` → location id.
    public private(set) var ids: [String: String] = [:]
    private var counties: [String: (id: String, active: Bool)] = [:]
    private var postalCodes: [String: (id: String, active: Bool)] = [:]

    /// Reads the file; throws when it is not the CSV it should be.
    public init(file: Data) throws {
        let parsed: (header: [String], records: [[String: String]])
        do { parsed = try MicrosoftAdsCSV.records(file) } catch {
            throw MicrosoftAdsReportError.malformed(report: "geographical locations file", problem: "line \(error.line): \(error.problem)")
        }
        for column in ["Location Id", "Bing Display Name", "Location Type"] where !parsed.header.contains(column) {
            throw MicrosoftAdsReportError.malformed(report: "geographical locations file", problem: "no \(column) column")
        }
        for record in parsed.records {
            let status = (record["Status"] ?? "Active").lowercased()
            guard !status.contains("deprecated") || status.contains("pending"), let id = record["Location Id"], !id.isEmpty,
                  let name = record["Bing Display Name"] else { continue }
            let parts = name.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let active = status == "active"
            switch record["Location Type"] {
            case "County":
                guard parts.count >= 2 else { continue }
                for key in Self.countyKeys(parts[0], state: parts[1]) where counties[key].map({ !$0.active && active }) ?? true {
                    counties[key] = (id, active)
                }
            case "PostalCode":
                guard parts.count >= 2, parts.last == "United States" else { continue }
                if postalCodes[parts[0]].map({ !$0.active && active }) ?? true { postalCodes[parts[0]] = (id, active) }
            default: continue
            }
        }
    }

    /// The location id of a county by its FIPS code, or nil when the file has no such county.
    public func county(fips: String) -> String? {
        guard let name = USCounties.name(fips: fips), let comma = name.lastIndex(of: ",") else { return nil }
        let county = String(name[..<comma])
        let state = name[name.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        guard let stateName = Self.stateNames[state] else { return nil }
        for key in Self.countyKeys(county, state: stateName) { if let found = counties[key] { return found.id } }
        return nil
    }

    public func postalCode(_ code: String) -> String? { postalCodes[code]?.id }

    /// Looks up the location ids of `items` (`county 12057`, `postal 33602`), by their geo key.
    public func ids(for items: [MicrosoftAdsMapper.GeoItem]) -> [String: String] {
        var out: [String: String] = [:]
        for item in items {
            switch item {
            case .county(let fips): if let id = county(fips: fips) { out[item.key] = id }
            case .postalCode(let code): if let id = postalCode(code) { out[item.key] = id }
            default: break
            }
        }
        return out
    }

    /// Lookup keys for a county in a state: the name as written and without its kind (`hillsborough county|florida`,
    /// `hillsborough|florida`), case- and accent-insensitive.
    static func countyKeys(_ county: String, state: String) -> [String] {
        let name = fold(county), st = fold(state)
        var keys = ["\(name)|\(st)"]
        for suffix in [" county", " parish", " borough", " city and borough", " census area", " municipality", " municipio"] where name.hasSuffix(suffix) {
            keys.append("\(name.dropLast(suffix.count))|\(st)")
        }
        return keys
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .replacingOccurrences(of: ".", with: "").trimmingCharacters(in: .whitespaces)
    }

    /// US state (and DC, Puerto Rico) names by postal abbreviation.
    static let stateNames: [String: String] = [
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado", "CT": "Connecticut",
        "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
        "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
        "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
        "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
        "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
        "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
        "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
        "PR": "Puerto Rico",
    ]
}
