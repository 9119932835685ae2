extension CalendarDate {
    /// Days since 1970-01-01 (proleptic Gregorian).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }
}

/// Which days a pull asks a platform for, and in which pieces.
///
/// Platforms restate recent days (late conversions, invalid clicks removed), so every pull re-reads the
/// last `lookbackDays` days up to `until`, plus everything after the account's bookmark (the last day
/// stored completely). A first pull, with no bookmark, goes back `firstPullDays`. `--since`/`--until`
/// override both ends. The window is read oldest first in chunks of `chunkDays`; each chunk is stored in
/// one transaction that also moves the bookmark to the chunk's last day, so a pull that fails half way
/// leaves the bookmark at the last day it really stored.
public struct PullWindow: Sendable, Hashable {
    public var since: CalendarDate
    public var until: CalendarDate
    public var chunks: [ClosedRange<CalendarDate>]

    public static let defaultFirstPullDays = 90

    public init?(today: CalendarDate, bookmark: CalendarDate?, lookbackDays: Int, since: CalendarDate? = nil,
                 until: CalendarDate? = nil, firstPullDays: Int = PullWindow.defaultFirstPullDays, chunkDays: Int = 7) {
        let end = until ?? today
        let start: CalendarDate
        if let since {
            start = since
        } else if let bookmark {
            start = min(bookmark.adding(days: 1), end.adding(days: -(max(1, lookbackDays) - 1)))
        } else {
            start = end.adding(days: -(max(1, firstPullDays) - 1))
        }
        guard start <= end else { return nil }
        self.since = start
        self.until = end
        var chunks: [ClosedRange<CalendarDate>] = []
        var first = start.dayNumber
        let step = max(1, chunkDays)
        while first <= end.dayNumber {
            let last = min(first + step - 1, end.dayNumber)
            chunks.append(CalendarDate(dayNumber: first)...CalendarDate(dayNumber: last))
            first = last + 1
        }
        self.chunks = chunks
    }
}

/// What ties pulled rows back to the library: remote ids → tfz campaign keys, purposes and creative names.
public struct MetricLabels: Sendable {
    /// Platform campaign id → tfz key.
    public var campaignKeys: [String: CampaignKey]
    public var purposes: [CampaignKey: Purpose]
    /// Platform ad id → creative name (`outreach/help-is-available`).
    public var creatives: [String: String]

    public init(campaignKeys: [String: CampaignKey] = [:], purposes: [CampaignKey: Purpose] = [:], creatives: [String: String] = [:]) {
        self.campaignKeys = campaignKeys
        self.purposes = purposes
        self.creatives = creatives
    }

    /// Fills in the tfz key, purpose and creative of a row from its ids.
    public func label(_ row: inout MetricRow) {
        if let key = campaignKeys[row.campaignId] {
            row.campaignKey = key
            row.purpose = purposes[key]
        }
        if row.grain == .ad, let creative = creatives[row.adId] { row.creative = creative }
    }
}

/// Where a pull writes: the store implements it (``MetricRow`` upserts in one transaction per chunk).
public protocol MetricsRecorder: AnyObject {
    func beginPull(_ pull: MetricPull) throws -> Int64
    /// Upserts `rows` in one transaction (restated rows overwrite) and, if given, moves the account's bookmark
    /// forward to `completeThrough` (never backwards).
    func storeMetrics(_ rows: [MetricRow], pull: Int64, completeThrough: String?) throws
    func finishPull(_ id: Int64, rows: Int) throws
    func failPull(_ id: Int64, reason: String) throws
    func metricBookmark(platform: Platform, accountId: String) throws -> String?
}
