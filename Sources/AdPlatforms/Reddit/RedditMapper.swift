import CampaignKit
import Crypto
import Foundation

/// A campaign as Reddit Ads API v3 JSON bodies (`{"data": {…}}`): one campaign (created `PAUSED`, objective from the
/// purpose), one ad group with the budget, bid, flight, dayparts and targeting, one post per ad copy and one ad per post.
///
/// - Money is in micros (reference gotcha 3): the daily budget is the ad group's `goal_type: DAILY_SPEND` and
///   `goal_value` (no campaign budget optimization), the bid ceiling its `bid_value`.
/// - Ad groups and ads are created `ACTIVE` under a `PAUSED` campaign: the campaign's effective status keeps them from
///   delivering (`CAMPAIGN_PAUSED`), so the campaign's status alone switches the whole campaign, and pause and resume
///   are one PATCH a campaign. Nothing delivers before the campaign is enabled, which tfz does only once every part
///   exists.
/// - Targeting: keywords are plain strings (no match types: gotcha 6), the campaign's negatives are
///   `excluded_keywords`, a Reddit channel's `interests:` are communities (subreddit names without `r/`), and the
///   geolocations are the zone's Reddit ids, else the county's state as `US-XX` (``GeoRules`` resolves it: Reddit has no
///   county or postal-code targeting in the reference — DMA and postal id formats are unconfirmed — and the plan's
///   "geo used" note says so).
/// - Posts are `TEXT` posts (headline = the social headline, body = the primary text): the reference has no media
///   upload call (an `IMAGE` post takes a `media_url` Reddit must be able to fetch, which tfz has no place to host), so
///   the creative's image is not used on Reddit.
/// Keys are in a fixed order so that a body is reproducible byte for byte.
struct RedditMapper: Sendable {
    /// The part of the store's keys for the one ad group of a Reddit campaign (`adGroup:audience`).
    static let group = "audience"

    /// `CLICKS` for ads that send people to a page (deterrence, outreach: clicks are the measure), `IMPRESSIONS` for
    /// education (reach is).
    static func objective(_ c: Campaign) -> String { c.purpose == .education ? "IMPRESSIONS" : "CLICKS" }

    /// `CPM` under an impressions objective, else `CPC`.
    static func bidType(_ c: Campaign) -> String { objective(c) == "IMPRESSIONS" ? "CPM" : "CPC" }

    // MARK: Bodies

    /// `POST /ad_accounts/{a2_id}/campaigns`.
    static func campaign(_ c: Campaign) -> JSONValue {
        data([("name", .string(c.remoteName)), ("objective", .string(objective(c))), ("configured_status", .string("PAUSED"))])
    }

    /// `POST /ad_accounts/{a2_id}/ad_groups`.
    static func adGroup(_ c: Campaign, campaignId: String) -> JSONValue {
        data([("name", .string(adGroupName(c))), ("campaign_id", .string(campaignId)), ("configured_status", .string("ACTIVE"))]
            + adGroupFields(c).filter { $0.1 != .null })
    }

    /// What a change of the files can change on an ad group, in the order sent; a removed bid ceiling or flight end is
    /// `null`.
    static func adGroupFields(_ c: Campaign) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("goal_type", .string("DAILY_SPEND")), ("goal_value", .int(c.dailyBudget.micros))]
        if let ceiling = c.bidCeiling {
            fields += [("bid_strategy", .string("MANUAL_BIDDING")), ("bid_type", .string(bidType(c))), ("bid_value", .int(ceiling.micros))]
        } else {
            fields += [("bid_strategy", .string("MAXIMIZE_VOLUME")), ("bid_type", .string(bidType(c))), ("bid_value", .null)]
        }
        let start = c.flight?.start
        fields.append(("start_time", start.map { .string(datetime($0, hour: 0, minute: 0, second: 0, zone: c.timeZone)) } ?? .null))
        // An end needs a start (an ad group's start_time is required with an end_time).
        let end = start == nil ? nil : c.flight?.end
        fields.append(("end_time", end.map { .string(datetime($0, hour: 23, minute: 59, second: 59, zone: c.timeZone)) } ?? .null))
        fields.append(("schedule", c.dayparts.isEmpty ? .null : .array(schedule(c.dayparts))))
        fields.append(("targeting", targeting(c)))
        return fields
    }

    /// `PATCH /ad_groups/{id}`: only the fields whose source changed since `applied` (all of them when nothing is known
    /// of what the platform has: a campaign left incomplete), or nil when nothing changed.
    static func adGroupUpdate(_ c: Campaign, applied: CampaignSnapshot?) -> JSONValue? {
        let now = c.snapshot
        func changed(_ key: String) -> Bool {
            guard let a = applied else { return true }
            switch key {
            case "goal_type", "goal_value": return a.dailyBudgetMicros != now.dailyBudgetMicros
            case "bid_strategy", "bid_type", "bid_value": return a.bidCeilingMicros != now.bidCeilingMicros
            case "start_time", "end_time": return a.flightStart != now.flightStart || a.flightEnd != now.flightEnd
            case "schedule": return a.dayparts != now.dayparts
            default: return a.geo != now.geo || a.adGroups != now.adGroups || a.negatives != now.negatives || a.interests != now.interests
            }
        }
        var fields = adGroupFields(c).filter { changed($0.0) }
        if applied.map({ $0.name != now.name }) ?? false { fields.insert(("name", .string(adGroupName(c))), at: 0) }
        return fields.isEmpty ? nil : data(fields)
    }

    /// `PATCH /campaigns/{id}` for a new zone name.
    static func campaignRename(_ c: Campaign) -> JSONValue { data([("name", .string(c.remoteName))]) }

    /// `PATCH /campaigns|ad_groups|ads/{id}` with `configured_status` only.
    static func status(_ value: String) -> JSONValue { data([("configured_status", .string(value))]) }

    /// `POST /profiles/{t2_id}/posts`: a `TEXT` post, comments off (a help or deterrence message is not a thread).
    static func post(_ ad: AdCopy) -> JSONValue {
        data([("type", .string("TEXT")), ("headline", .string(ad.headlines.first ?? "")), ("body", .string(ad.primaryText ?? "")),
              ("allow_comments", .bool(false))])
    }

    /// `POST /ad_accounts/{a2_id}/ads`: the post, the landing page, under the ad group.
    static func ad(_ c: Campaign, _ ad: AdCopy, fingerprint: String, adGroupId: String, postId: String) -> JSONValue {
        data([("name", .string(adName(c, ad, fingerprint))), ("ad_group_id", .string(adGroupId)), ("configured_status", .string("ACTIVE")),
              ("post_id", .string(postId)), ("click_url", .string(c.landingPage))])
    }

    /// The ad group's `targeting`: keywords, excluded keywords, communities, geolocations — empty lists left out.
    static func targeting(_ c: Campaign) -> JSONValue {
        var seen = Set<String>()
        let keywords = c.adGroups.flatMap(\.keywords).map(\.text).filter { seen.insert($0.lowercased()).inserted }
        seen = []
        let excluded = c.negatives.map(\.text).filter { seen.insert($0.lowercased()).inserted }
        let communities = c.interests.map(community)
        let geolocations = c.geo.flatMap { target -> [String] in if case .native(.reddit, let ids) = target { ids } else { [] } }
        var out: [(String, JSONValue)] = []
        for (key, list) in [("keywords", keywords), ("excluded_keywords", excluded), ("communities", communities), ("geolocations", geolocations)]
        where !list.isEmpty {
            out.append((key, .array(list.map { .string($0) })))
        }
        return .object(out)
    }

    /// A community as Reddit takes it: the subreddit's name without `r/` or `/r/`.
    static func community(_ text: String) -> String {
        var name = Substring(text.trimmingCharacters(in: .whitespaces))
        if name.hasPrefix("/") { name = name.dropFirst() }
        if name.lowercased().hasPrefix("r/") { name = name.dropFirst(2) }
        return String(name)
    }

    /// Dayparts as `schedule` items, one a day: `start_day`/`end_day` 0 (Sunday) – 6, `start_hour`/`end_hour` 0–23 in
    /// the ad group's time zone. Reddit schedules whole hours: a daypart's start is rounded down and its end up to the
    /// hour; `end_hour` is read as the last hour served (inclusive or not is UNCONFIRMED in the reference).
    static func schedule(_ dayparts: [Daypart]) -> [JSONValue] {
        dayparts.flatMap { part in
            part.days.map { day -> JSONValue in
                let number = day == .sun ? 0 : (Weekday.allCases.firstIndex(of: day)! + 1)
                let endHour = max(part.fromMinute / 60, (part.toMinute + 59) / 60 - 1)
                return .object([("start_day", .int(Int64(number))), ("start_hour", .int(Int64(part.fromMinute / 60))),
                                ("end_day", .int(Int64(number))), ("end_hour", .int(Int64(min(23, endHour))))])
            }
        }
    }

    // MARK: Names and keys

    static func adGroupName(_ c: Campaign) -> String { "\(c.remoteName) · \(group)" }
    /// `tfz <key> · <zone> · <creative> #<fingerprint>`: the ad, found again by this name.
    static func adName(_ c: Campaign, _ ad: AdCopy, _ fingerprint: String) -> String { "\(c.remoteName) · \(ad.creative) #\(fingerprint)" }

    /// Ten hex digits of a SHA-256 of what an ad shows (its post's body and its landing page): a change of either is a
    /// new post and ad (a post's text cannot be edited: only `allow_comments` changes), and the old ad is removed.
    static func fingerprint(_ c: Campaign, _ ad: AdCopy) -> String {
        var bytes = post(ad).serialized()
        bytes.append(contentsOf: Array(c.landingPage.utf8))
        return SHA256.hash(data: bytes).prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    static func postKey(_ ad: AdCopy, _ fingerprint: String) -> ObjectKey { .creative("\(ad.creative)#\(fingerprint)") }
    static func adKey(_ ad: AdCopy, _ fingerprint: String) -> ObjectKey { .ad(group: group, creative: ad.creative, fingerprint: fingerprint) }

    // MARK: Values

    /// `{"data": {…}}`.
    static func data(_ fields: [(String, JSONValue)]) -> JSONValue { .object([("data", .object(fields))]) }

    /// `2027-01-01T00:00:00-05:00`: a local time in `zone` with its offset on that day, ISO 8601 with the colon (Meta's
    /// form, which leaves it out, plus the colon).
    static func datetime(_ date: CalendarDate, hour: Int, minute: Int, second: Int, zone: String) -> String {
        var text = MetaMapper.datetime(date, hour: hour, minute: minute, second: second, zone: zone)
        text.insert(":", at: text.index(text.endIndex, offsetBy: -2))
        return text
    }

    static func json(_ value: JSONValue) -> String { String(decoding: value.serialized(), as: UTF8.self) }
}
