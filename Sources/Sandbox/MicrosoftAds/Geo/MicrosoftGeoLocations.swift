import CampaignKit
import Foundation

/// The sandbox's geographical locations: the United States, its states, every 2020 county and every active
/// ZIP code (`Generated/MicrosoftPostalCodes+Table.swift`), with the sandbox's own location ids, served as
/// Microsoft's downloadable locations file (format version 2.0:
/// `Location Id,Bing Display Name,Location Type,Replaces,Status,AdWords Location Id`).
///
/// The ids are the sandbox's, not Microsoft's (which are not public): the United States is 190 (as at
/// Microsoft), a state is 2,000,000 + its FIPS code (Florida 2000012) and a county 3,000,000 + its five-digit
/// FIPS code (Hillsborough County, FL = 12057 → 3012057), a ZIP code 9,000,000 + the code (33602 → 9033602,
/// display name `33602|Florida|United States`, type `PostalCode`). A client must never compute these: it looks the
/// county up in the file by `Bing Display Name` (`Hillsborough County|Florida|United States`) and
/// `Location Type` `County`, which works the same against Microsoft's real file, or targets a
/// `RadiusCriterion` around the county's centre. `AdWords Location Id` is the sandbox's Google Ads county id
/// (`2100<FIPS>`, `9<ZIP>`, as its geoTargetConstants:suggest answers).
enum MicrosoftGeoLocations {
    struct Location: Sendable {
        let id: Int64
        let displayName: String
        let type: String
        let adWordsId: String
    }

    static let unitedStates: Int64 = 190

    /// State postal code → (name, FIPS), from the shared `us-states.csv`.
    static let states: [String: (name: String, fips: String)] = [
        "AL": ("Alabama", "01"), "AK": ("Alaska", "02"), "AZ": ("Arizona", "04"), "AR": ("Arkansas", "05"),
        "CA": ("California", "06"), "CO": ("Colorado", "08"), "CT": ("Connecticut", "09"), "DE": ("Delaware", "10"),
        "DC": ("District of Columbia", "11"), "FL": ("Florida", "12"), "GA": ("Georgia", "13"), "HI": ("Hawaii", "15"),
        "ID": ("Idaho", "16"), "IL": ("Illinois", "17"), "IN": ("Indiana", "18"), "IA": ("Iowa", "19"),
        "KS": ("Kansas", "20"), "KY": ("Kentucky", "21"), "LA": ("Louisiana", "22"), "ME": ("Maine", "23"),
        "MD": ("Maryland", "24"), "MA": ("Massachusetts", "25"), "MI": ("Michigan", "26"), "MN": ("Minnesota", "27"),
        "MS": ("Mississippi", "28"), "MO": ("Missouri", "29"), "MT": ("Montana", "30"), "NE": ("Nebraska", "31"),
        "NV": ("Nevada", "32"), "NH": ("New Hampshire", "33"), "NJ": ("New Jersey", "34"), "NM": ("New Mexico", "35"),
        "NY": ("New York", "36"), "NC": ("North Carolina", "37"), "ND": ("North Dakota", "38"), "OH": ("Ohio", "39"),
        "OK": ("Oklahoma", "40"), "OR": ("Oregon", "41"), "PA": ("Pennsylvania", "42"), "RI": ("Rhode Island", "44"),
        "SC": ("South Carolina", "45"), "SD": ("South Dakota", "46"), "TN": ("Tennessee", "47"), "TX": ("Texas", "48"),
        "UT": ("Utah", "49"), "VT": ("Vermont", "50"), "VA": ("Virginia", "51"), "WA": ("Washington", "53"),
        "WV": ("West Virginia", "54"), "WI": ("Wisconsin", "55"), "WY": ("Wyoming", "56"), "AS": ("American Samoa", "60"),
        "GU": ("Guam", "66"), "MP": ("Northern Mariana Islands", "69"), "PR": ("Puerto Rico", "72"),
        "VI": ("U.S. Virgin Islands", "78"),
    ]

    /// Every location, country first, then states and counties in FIPS order.
    static let all: [Location] = {
        var locations = [Location(id: unitedStates, displayName: "United States", type: "Country", adWordsId: "2840")]
        for (_, state) in states.sorted(by: { $0.value.fips < $1.value.fips }) {
            locations.append(
                Location(
                    id: 2_000_000 + Int64(state.fips)!, displayName: "\(state.name)|United States", type: "State",
                    adWordsId: ""))
        }
        for county in USCounties.all {
            let postal = String(county.name.suffix(2))
            guard let state = states[postal], let fips = Int64(county.fips) else { continue }
            let name = String(county.name.dropLast(4))
            locations.append(
                Location(
                    id: 3_000_000 + fips, displayName: "\(name)|\(state.name)|United States", type: "County",
                    adWordsId: "2100\(county.fips)"))
        }
        for line in postalCodeTable.split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 2, let state = states[String(parts[0])] else { continue }
            for zip in parts[1].split(separator: " ") {
                guard let code = Int64(zip) else { continue }
                locations.append(
                    Location(
                        id: 9_000_000 + code, displayName: "\(zip)|\(state.name)|United States", type: "PostalCode",
                        adWordsId: "9\(zip)"))
            }
        }
        return locations
    }()

    static let byId: [Int64: Location] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The sandbox location id of a county FIPS code (for tests; clients read the file).
    static func countyLocationId(fips: String) -> Int64? {
        guard USCounties.name(fips: fips) != nil, let value = Int64(fips) else { return nil }
        return 3_000_000 + value
    }

    /// The file as Microsoft serves it: UTF-8 CSV with a header row, fields quoted where needed.
    static let fileContents: Data = {
        var text = "Location Id,Bing Display Name,Location Type,Replaces,Status,AdWords Location Id\r\n"
        for location in all {
            text += [String(location.id), location.displayName, location.type, "", "Active", location.adWordsId]
                .map(MicrosoftCSV.field(_:)).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }()

    /// When the sandbox's file "was last modified": fixed, so clients that cache it keep their copy.
    static let lastModified = "2026-01-01T00:00:00Z"
}

/// CSV quoting as Microsoft's files use it.
enum MicrosoftCSV {
    /// The value, quoted (with doubled quotes) when it holds a comma, quote or line break.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Always quoted, as report files quote every field.
    static func quoted(_ value: String) -> String { "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

extension SandboxEngine {
    static let geoLocationsFilePath = "/_files/geolocations/2.0/en/GeoLocations.csv"

    /// `POST /GeoLocationsFileUrl/Query` {Version: "2.0", LanguageLocale, CompressionType?} →
    /// {FileUrl, FileUrlExpiryTimeUtc (now + 15 minutes), LastModifiedTimeUtc}. Version other than 2.0 →
    /// 2958; a locale other than those Microsoft lists → 2959. The file is plain CSV (English names)
    /// whatever the locale; `CompressionType` is accepted and ignored.
    func getGeoLocationsFileUrl(_ body: SandboxJSON, _ context: MicrosoftContext) -> MicrosoftReply {
        guard body["Version"]?.stringValue == "2.0" else { return context.operationFault(.invalidGeoLocationsFileVersion) }
        let locales: Set<String> = ["zh-Hant", "en", "fr", "de", "it", "ja-JP", "pt-BR", "es"]
        guard let locale = body["LanguageLocale"]?.stringValue, locales.contains(locale) else {
            return context.operationFault(.invalidLanguageLocale)
        }
        let expiry = configuration.now().addingTimeInterval(15 * 60)
        return .ok([
            "FileUrl": .string(baseURL.absoluteString + Self.geoLocationsFilePath + "?sv=sandbox&se=\(Int(expiry.timeIntervalSince1970))"),
            "FileUrlExpiryTimeUtc": .string(Self.isoDateTime(expiry)),
            "LastModifiedTimeUtc": .string(MicrosoftGeoLocations.lastModified),
        ])
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`.
    static func isoDateTime(_ date: Date) -> String {
        isoTimestamp(date).replacingOccurrences(of: " ", with: "T")
    }

    /// `GET /_files/…`: the locations file and report archives. Unknown files are 404 (like an expired blob).
    func microsoftDownload(_ request: SandboxHTTPRequest) -> SandboxHTTPResponse {
        guard request.method == "GET" else { return MicrosoftRoute.methodNotAllowed }
        if request.path == Self.geoLocationsFilePath {
            return SandboxHTTPResponse(
                status: 200, headers: [("Content-Type", "text/csv; charset=utf-8")], body: MicrosoftGeoLocations.fileContents)
        }
        if request.path.hasPrefix(Self.reportDownloadPrefix), request.path.hasSuffix(".zip") {
            let id = String(request.path.dropFirst(Self.reportDownloadPrefix.count).dropLast(4))
            if let archive = reportArchive(id) {
                return SandboxHTTPResponse(status: 200, headers: [("Content-Type", "application/x-zip-compressed")], body: archive)
            }
        }
        let blobError = """
            <?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>
            """
        return SandboxHTTPResponse(status: 404, headers: [("Content-Type", "application/xml")], body: Data(blobError.utf8))
    }
}
