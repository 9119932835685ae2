import CampaignKit
import Foundation

extension SandboxEngine {
    /// `geoTargetConstants:suggest` by location names, for US counties (from the 2020 county list that tfz ships)
    /// and five-digit postal codes. Ids are the sandbox's own, stable and documented: a county is
    /// `geoTargetConstants/2100<FIPS>` (e.g. 210012057), a postal code `geoTargetConstants/9<ZIP>`.
    func suggestGeoTargetConstants(_ request: SandboxHTTPRequest, _ ticket: Ticket) -> SandboxHTTPResponse {
        let headers = [("request-id", ticket.requestId)]
        guard let body = SandboxJSON.parse(request.body), let names = body["locationNames"]?["names"]?.arrayValue else {
            return .json(400, GoogleAdsWire.failureBody([GoogleAdsError(.fieldErrorRequired, "The required field was not present.",
                                                                          at: [.init("location_names")])], requestId: ticket.requestId),
                         headers: headers)
        }
        var suggestions: [SandboxJSON] = []
        for case .string(let term) in names {
            if term.count == 5, term.allSatisfy(\.isNumber) {
                suggestions.append(Self.suggestion(term: term, id: "9\(term)", name: term, type: "Postal Code", canonical: "\(term),United States"))
            } else if let county = USCounties.all.first(where: { $0.name.caseInsensitiveCompare(term) == .orderedSame }) {
                let name = String(county.name.prefix { $0 != "," })
                suggestions.append(Self.suggestion(term: term, id: "2100\(county.fips)", name: name, type: "County",
                                                   canonical: "\(name),\(county.name.suffix(2)),United States"))
            }
        }
        return .json(200, ["geoTargetConstantSuggestions": .array(suggestions)], headers: headers)
    }

    static func suggestion(term: String, id: String, name: String, type: String, canonical: String) -> SandboxJSON {
        [
            "locale": "en", "reach": "1000000", "searchTerm": .string(term),
            "geoTargetConstant": [
                "resourceName": .string("geoTargetConstants/\(id)"), "id": .string(id), "name": .string(name), "countryCode": "US",
                "targetType": .string(type), "status": "ENABLED", "canonicalName": .string(canonical),
            ],
        ]
    }
}
