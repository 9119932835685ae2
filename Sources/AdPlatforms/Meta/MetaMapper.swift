import CampaignKit
import Crypto
import Foundation

/// A campaign as Meta Marketing API v25 form fields: one campaign (created `PAUSED`), one ad set with the budget,
/// schedule, targeting and bid cap, one ad creative per ad copy (a link ad: `object_story_spec.link_data`) and one ad per
/// creative.
///
/// Bodies are `application/x-www-form-urlencoded`; every value that is not text is JSON text inside the form
/// (`special_ad_categories=[]`, `targeting={…}`, `object_story_spec={…}`: reference gotcha 1). Money is in cents (gotcha
/// 3); datetimes carry the zone's offset without a colon (gotcha 9). Fields are in a fixed order so that a body is
/// reproducible byte for byte.
struct MetaMapper: Sendable {
    /// The Facebook Page the ads run as (`page_id` of the account in `tfz.yaml`).
    var pageId: String

    typealias Fields = [(String, String)]

    /// `OUTCOME_TRAFFIC` for ads that send people to a page (deterrence, outreach: clicks to the page are the measure),
    /// `OUTCOME_AWARENESS` for education (reach is).
    static func objective(_ c: Campaign) -> String { c.purpose == .education ? "OUTCOME_AWARENESS" : "OUTCOME_TRAFFIC" }

    /// The ad set's `optimization_goal` for the campaign's objective.
    static func optimizationGoal(_ c: Campaign) -> String { objective(c) == "OUTCOME_AWARENESS" ? "REACH" : "LINK_CLICKS" }

    /// `POST /act_{id}/campaigns`.
    func campaign(_ c: Campaign) -> Fields {
        let categories = c.specialAds?.categories.map(\.rawValue) ?? []
        var fields: Fields = [
            ("name", c.remoteName),
            ("objective", Self.objective(c)),
            ("status", "PAUSED"),
            ("special_ad_categories", Self.json(.array(categories.map { .string($0) }))),
        ]
        if !categories.isEmpty, categories != ["NONE"] {
            let countries = c.specialAds?.countries.isEmpty == false ? c.specialAds!.countries : ["US"]
            fields.append(("special_ad_category_country", Self.json(.array(countries.map { .string($0) }))))
        }
        return fields
    }

    /// `POST /act_{id}/adsets`: the budget (the campaign's daily budget, in cents), billing on impressions, the
    /// objective's optimisation goal, a bid cap from the bid ceiling (else the lowest cost without a cap), the flight
    /// in the zone's time zone, and the targeting.
    func adSet(_ c: Campaign, campaignId: String, interests: [(id: String, name: String)] = []) -> Fields {
        var fields: Fields = [
            ("name", Self.adSetName(c)),
            ("campaign_id", campaignId),
            ("daily_budget", String(Self.cents(c.dailyBudget))),
            ("billing_event", "IMPRESSIONS"),
            ("optimization_goal", Self.optimizationGoal(c)),
        ]
        if let ceiling = c.bidCeiling {
            fields.append(("bid_strategy", "LOWEST_COST_WITH_BID_CAP"))
            fields.append(("bid_amount", String(Self.cents(ceiling))))
        } else {
            fields.append(("bid_strategy", "LOWEST_COST_WITHOUT_CAP"))
        }
        fields.append(("targeting", Self.json(Self.targeting(c, interests: interests))))
        if let start = c.flight?.start { fields.append(("start_time", Self.datetime(start, hour: 0, minute: 0, second: 0, zone: c.timeZone))) }
        if let end = c.flight?.end { fields.append(("end_time", Self.datetime(end, hour: 23, minute: 59, second: 59, zone: c.timeZone))) }
        // Active under a paused campaign, which alone switches delivery (its effective status is CAMPAIGN_PAUSED).
        fields.append(("status", "ACTIVE"))
        return fields
    }

    /// `POST /{ad set id}`: what a change of the files can change on an ad set (budget, bid, targeting, schedule).
    func adSetUpdate(_ c: Campaign, interests: [(id: String, name: String)] = []) -> Fields {
        adSet(c, campaignId: "", interests: interests).filter { ["daily_budget", "bid_strategy", "bid_amount", "targeting", "start_time", "end_time"].contains($0.0) }
    }

    /// Whether the files changed anything an ad set carries since `applied`.
    static func adSetChanged(_ applied: CampaignSnapshot, _ now: CampaignSnapshot) -> Bool {
        applied.dailyBudgetMicros != now.dailyBudgetMicros || applied.bidCeilingMicros != now.bidCeilingMicros
            || applied.flightStart != now.flightStart || applied.flightEnd != now.flightEnd || applied.geo != now.geo
            || applied.interests != now.interests || applied.dayparts != now.dayparts
    }

    /// `POST /act_{id}/adcreatives`: a link ad as the Page, with the primary text (`message`), headline (`name`),
    /// description, image (by hash), the landing page and the call to action; `authorization_category` and the "Paid for
    /// by" disclaimer (`ad_disclaimer_spec.title`; which of its `title`/`text` Meta shows as "Paid for by" is unconfirmed)
    /// for ads about social issues.
    func creative(_ c: Campaign, ad: AdCopy, imageHash: String?, fingerprint: String) -> Fields {
        [("name", Self.creativeName(c, ad, fingerprint))] + creativeBody(c, ad: ad, imageHash: imageHash)
    }

    /// Ten hex digits of a SHA-256 of what a creative shows (its body, with the image's own digest for its hash): a
    /// change of text, link, call to action, disclaimer, Page or image bytes is a new creative and ad, as Meta's creatives
    /// cannot be edited.
    func fingerprint(_ c: Campaign, ad: AdCopy, imageDigest: String?) -> String {
        let body = Self.encode(creativeBody(c, ad: ad, imageHash: imageDigest))
        return SHA256.hash(data: Data(body.utf8)).prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    static func creativeKey(_ ad: AdCopy, _ fingerprint: String) -> ObjectKey { .creative("\(ad.creative)#\(fingerprint)") }
    static func adKey(_ c: Campaign, _ ad: AdCopy, _ fingerprint: String) -> ObjectKey {
        .ad(group: adSetGroup(c), creative: ad.creative, fingerprint: fingerprint)
    }

    /// A creative's fields without its name.
    func creativeBody(_ c: Campaign, ad: AdCopy, imageHash: String?) -> Fields {
        var link: [(String, JSONValue)] = [("link", .string(c.landingPage))]
        if let text = ad.primaryText { link.append(("message", .string(text))) }
        if let headline = ad.headlines.first { link.append(("name", .string(headline))) }
        if let description = ad.descriptions.first { link.append(("description", .string(description))) }
        if let imageHash { link.append(("image_hash", .string(imageHash))) }
        let action = ad.callToAction ?? CallToAction.LEARN_MORE.rawValue
        if action != CallToAction.NO_BUTTON.rawValue {
            link.append(("call_to_action", .object([("type", .string(action)), ("value", .object([("link", .string(c.landingPage))]))])))
        }
        var fields: Fields = [
            ("object_story_spec", Self.json(.object([("page_id", .string(pageId)), ("link_data", .object(link))]))),
        ]
        if let category = c.specialAds?.authorizationCategory, category != .NONE { fields.append(("authorization_category", category.rawValue)) }
        if let paidForBy = c.specialAds?.paidForBy { fields.append(("ad_disclaimer_spec", Self.json(.object([("title", .string(paidForBy))])))) }
        return fields
    }

    /// `POST /act_{id}/ads`.
    func ad(_ c: Campaign, ad: AdCopy, adSetId: String, creativeId: String, fingerprint: String) -> Fields {
        [("name", Self.creativeName(c, ad, fingerprint)), ("adset_id", adSetId), ("creative", Self.json(.object([("creative_id", .string(creativeId))]))),
         ("status", "ACTIVE")]
    }

    /// The ad set's part of the store's keys (`adGroup:<this>`): the campaign's first ad group, else `audience`.
    static func adSetGroup(_ c: Campaign) -> String { c.adGroups.first?.name ?? "audience" }
    static func adSetName(_ c: Campaign) -> String { "\(c.remoteName) · \(adSetGroup(c))" }
    /// `tfz <key> · <zone> · <creative> #<fingerprint>`: the creative and its ad, found again by this name.
    static func creativeName(_ c: Campaign, _ ad: AdCopy, _ fingerprint: String) -> String { "\(c.remoteName) · \(ad.creative) #\(fingerprint)" }

    /// The creative name and fingerprint in a name ``creativeName(_:_:_:)`` wrote for the campaign, or nil.
    static func creativeAndFingerprint(inName name: String, of c: Campaign) -> (creative: String, fingerprint: String)? {
        let prefix = c.remoteName + " · "
        guard name.hasPrefix(prefix), let hash = name.range(of: " #", options: .backwards) else { return nil }
        let creative = String(name[name.index(name.startIndex, offsetBy: prefix.count)..<hash.lowerBound])
        let fingerprint = String(name[hash.upperBound...])
        guard !creative.isEmpty, !fingerprint.isEmpty, fingerprint.allSatisfy(\.isHexDigit) else { return nil }
        return (creative, fingerprint)
    }

    /// Meta refused an ad as one about social issues, elections or politics (its code for this is unconfirmed: the words
    /// of its answer decide; subcode 1870227 is reported for a missing authorisation).
    static func isSocialIssueRefusal(_ e: MetaGraphError) -> Bool {
        if e.subcode == 1_870_227 { return true }
        let text = [e.message, e.userTitle ?? "", e.userMessage ?? ""].joined(separator: " ").lowercased()
        return text.contains("social issue") || text.contains("issues, elections or politics") || text.contains("political")
    }

    /// The ad set's `targeting`: where (ZIP codes, radii, Meta location keys), who (adults 18–65+, where the people
    /// live or recently were) and, for an interest channel, the interests Meta knows by id.
    static func targeting(_ c: Campaign, interests: [(id: String, name: String)]) -> JSONValue {
        var zips: [JSONValue] = [], radii: [JSONValue] = [], cities: [JSONValue] = []
        for target in c.geo {
            switch target {
            case .postalCodes(let codes): zips += codes.map { .object([("key", .string("US:\($0)"))]) }
            case .radius(let lat, let lon, let distance, let unit):
                radii.append(.object([("latitude", .double(Double(lat) / 1e6)), ("longitude", .double(Double(lon) / 1e6)),
                                      ("radius", .int(Int64(distance))), ("distance_unit", .string(unit == .miles ? "mile" : "kilometer"))]))
            case .native(.meta, let ids): cities += ids.map { .object([("key", .string($0))]) }
            case .county, .native: break
            }
        }
        var geo: [(String, JSONValue)] = []
        if !zips.isEmpty { geo.append(("zips", .array(zips))) }
        if !radii.isEmpty { geo.append(("custom_locations", .array(radii))) }
        if !cities.isEmpty { geo.append(("cities", .array(cities))) }
        geo.append(("location_types", .array([.string("home"), .string("recent")])))
        var targeting: [(String, JSONValue)] = [("geo_locations", .object(geo)), ("age_min", .int(18)), ("age_max", .int(65))]
        if !interests.isEmpty {
            targeting.append(("flexible_spec", .array([.object([("interests", .array(interests.map {
                .object([("id", .string($0.id)), ("name", .string($0.name))])
            }))])])))
        }
        return .object(targeting)
    }

    /// Whole cents of `money`, rounded half up (budgets and bids: gotcha 3).
    static func cents(_ money: Money) -> Int64 { (money.micros + 5_000) / 10_000 }

    /// `2027-01-01T00:00:00-0500`: a local time in `zone` with its offset on that day, no colon (gotcha 9).
    static func datetime(_ date: CalendarDate, hour: Int, minute: Int, second: Int, zone: String) -> String {
        let tz = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tz
        let instant = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second))!
        let offset = tz.secondsFromGMT(for: instant) / 60
        let sign = offset < 0 ? "-" : "+"
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", date.year, date.month, date.day, hour, minute, second)
            + sign + String(format: "%02d%02d", abs(offset) / 60, abs(offset) % 60)
    }

    static func json(_ value: JSONValue) -> String { String(decoding: value.serialized(), as: UTF8.self) }

    /// `application/x-www-form-urlencoded`: every character but the unreserved ones percent-encoded, spaces as `%20`.
    static func encode(_ fields: Fields) -> String {
        fields.map { "\(OAuthTokenProvider.formEncode($0))=\(OAuthTokenProvider.formEncode($1))" }.joined(separator: "&")
    }
}
