/// A string-backed enum that campaign files spell in snake_case.
public protocol FileEnum: RawRepresentable, CaseIterable, Sendable, Hashable, Codable where RawValue == String {}

/// An advertising platform tfz can push to.
public enum Platform: String, FileEnum, Comparable {
    case googleAds = "google_ads"
    case microsoftAds = "microsoft_ads"
    case meta
    case reddit

    /// Search platforms take keyword triggers and responsive search ads.
    public var isSearch: Bool { self == .googleAds || self == .microsoftAds }

    public var displayName: String {
        switch self {
        case .googleAds: "Google Ads"
        case .microsoftAds: "Microsoft Advertising"
        case .meta: "Meta"
        case .reddit: "Reddit"
        }
    }

    public static func < (a: Platform, b: Platform) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Why a campaign runs: deter buyers, educate the public, or reach people who may be exploited.
public enum Purpose: String, FileEnum {
    case deterrence, education, outreach
}

/// Who a campaign speaks to.
public enum Audience: String, FileEnum {
    case buyers
    case peopleAtRisk = "people_at_risk"
    case generalPublic = "general_public"
}

/// Keyword match type, as the platforms understand it.
public enum MatchType: String, FileEnum {
    case exact, phrase, broad
}

/// What makes an ad show on a channel.
public enum Trigger: String, FileEnum {
    case keywords, interests
}

/// The status staff ask for in the files.
public enum DesiredStatus: String, FileEnum {
    case active, paused
}

/// A day of the week, as written in dayparts.
public enum Weekday: String, FileEnum, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    public static func < (a: Weekday, b: Weekday) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Social call-to-action buttons (Meta's names; Reddit maps them to its own).
public enum CallToAction: String, FileEnum {
    case LEARN_MORE, CONTACT_US, SIGN_UP, GET_QUOTE, APPLY_NOW, CALL_NOW, MESSAGE_PAGE, SEND_MESSAGE, DOWNLOAD, SEE_MORE, NO_BUTTON
}
