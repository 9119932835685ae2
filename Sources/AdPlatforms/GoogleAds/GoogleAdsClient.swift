import CampaignKit
import Foundation

/// The Google Ads REST calls tfz makes: `googleAds:mutate`, `googleAds:search`, `googleAds:searchStream` and
/// `geoTargetConstants:suggest`.
public struct GoogleAdsClient: Sendable {
    public var http: HTTPClient
    /// `https://googleads.googleapis.com`, the sandbox's, or a test server's.
    public var baseURL: URL
    public var version: String
    /// Ten digits, no dashes.
    public var customerId: String

    public init(http: HTTPClient, baseURL: URL, version: String = "v25", customerId: String) {
        self.http = http
        self.baseURL = baseURL
        self.version = version
        self.customerId = customerId
    }

    /// Results of a mutate: the resource name of each operation's result, in order ("" for an empty result).
    public struct MutateResult: Sendable {
        public var resourceNames: [String]
        public var partialFailure: GoogleAdsFailure?
    }

    public func url(_ path: String) -> URL {
        URL(string: baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/\(version)/" + path)!
    }

    /// One `googleAds:mutate` request. `operations` are `MutateOperation` objects; refs are resolved through `resolve`.
    public func mutate(_ operations: [JSONValue], resolve: (String) -> String = { $0 }, partialFailure: Bool = false) async throws -> MutateResult {
        let body = JSONValue.object([
            ("mutateOperations", .array(operations)),
            ("partialFailure", .bool(partialFailure)),
        ]).serialized(resolve: resolve)
        let response = try await send("customers/\(customerId)/googleAds:mutate", body: body, operation: "google_ads.googleAds:mutate", idempotent: false)
        guard let json = JSONValue.parse(response.body) else { throw Self.undecodable(response, "googleAds:mutate") }
        let names = (json["mutateOperationResponses"]?.arrayValue ?? []).map { result -> String in
            guard let member = result.objectKeys.first else { return "" }
            return result[member]?["resourceName"]?.stringValue ?? ""
        }
        return MutateResult(resourceNames: names, partialFailure: GoogleAdsFailure.decodePartial(json["partialFailureError"]))
    }

    /// `googleAds:search`, following `nextPageToken`; returns the `GoogleAdsRow` objects.
    ///
    /// An answer that hands back a page token already followed is refused: the pages would repeat forever.
    public func search(_ query: String) async throws -> [JSONValue] {
        var rows: [JSONValue] = []
        var pageToken: String?
        var followed = Set<String>()
        repeat {
            var fields: [(String, JSONValue)] = [("query", .string(query))]
            if let pageToken { fields.append(("pageToken", .string(pageToken))) }
            let response = try await send("customers/\(customerId)/googleAds:search", body: JSONValue.object(fields).serialized(),
                                          operation: "google_ads.googleAds:search", idempotent: true)
            guard let json = JSONValue.parse(response.body) else { throw Self.undecodable(response, "googleAds:search") }
            rows += json["results"]?.arrayValue ?? []
            pageToken = json["nextPageToken"]?.stringValue
            if pageToken?.isEmpty == true { pageToken = nil }
            if let pageToken, !followed.insert(pageToken).inserted {
                throw GoogleAdsFailure(httpStatus: response.status, status: "UNEXPECTED_RESPONSE",
                                       message: "googleAds:search answered a nextPageToken it had already given; tfz stops rather than read the same pages forever",
                                       items: [], requestId: nil)
            }
        } while pageToken != nil
        return rows
    }

    /// `googleAds:searchStream`: the whole answer (one JSON array of batches) as bytes, for ``GoogleAdsStreamParser``.
    ///
    /// An error element in the array after good batches (how the stream reports a failure part way) is thrown as
    /// ``GoogleAdsFailure``; nothing of such an answer is used.
    public func searchStream(_ query: String) async throws -> [GoogleAdsMetricsRow] {
        let body = JSONValue.object([("query", .string(query))]).serialized()
        let response = try await send("customers/\(customerId)/googleAds:searchStream", body: body,
                                      operation: "google_ads.googleAds:searchStream", idempotent: true)
        switch try GoogleAdsStreamParser().parse(response.body) {
        case .rows(let rows): return rows
        case .failure(_, let error):
            throw GoogleAdsFailure.decode(error, httpStatus: response.status) ?? Self.undecodable(response, "googleAds:searchStream")
        }
    }

    /// `geoTargetConstants:suggest` for up to 25 names; the first suggestion of the wanted target type for each name.
    public func suggestGeoTargets(_ names: [String], targetType: String) async throws -> [String: String] {
        var found: [String: String] = [:]
        for chunk in stride(from: 0, to: names.count, by: 25).map({ Array(names[$0..<min($0 + 25, names.count)]) }) {
            let body = JSONValue.object([
                ("locale", .string("en")), ("countryCode", .string("US")),
                ("locationNames", .object([("names", .array(chunk.map { .string($0) }))])),
            ]).serialized()
            let response = try await send("geoTargetConstants:suggest", body: body, operation: "google_ads.geoTargetConstants:suggest", idempotent: true)
            guard let json = JSONValue.parse(response.body) else { throw Self.undecodable(response, "geoTargetConstants:suggest") }
            for suggestion in json["geoTargetConstantSuggestions"]?.arrayValue ?? [] {
                guard let term = suggestion["searchTerm"]?.stringValue, found[term] == nil,
                      let constant = suggestion["geoTargetConstant"], constant["targetType"]?.stringValue == targetType,
                      let name = constant["resourceName"]?.stringValue else { continue }
                found[term] = name
            }
        }
        return found
    }

    func send(_ path: String, body: Data, operation: String, idempotent: Bool) async throws -> HTTPResponse {
        let request = HTTPRequest(method: "POST", url: url(path), headers: ["content-type": "application/json"], body: body,
                                  operation: operation, isIdempotent: idempotent)
        let response = try await http.send(request)
        guard (200..<300).contains(response.status) else {
            if let failure = GoogleAdsFailure.decode(response.body, httpStatus: response.status) { throw failure }
            throw Self.undecodable(response, operation)
        }
        return response
    }

    static func undecodable(_ response: HTTPResponse, _ operation: String) -> GoogleAdsFailure {
        GoogleAdsFailure(httpStatus: response.status, status: "UNEXPECTED_RESPONSE",
                         message: "\(operation) answered HTTP \(response.status) with a body tfz cannot read: "
                             + String(decoding: response.body.prefix(200), as: UTF8.self),
                         items: [], requestId: nil)
    }
}
