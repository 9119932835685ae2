/// Meta's special ad categories for a campaign (`special_ad_categories`), as the Marketing API spells them
/// (enum `adaccountcampaigns_special_ad_categories_enum_param` in the v25 reference).
public enum SpecialAdCategory: String, FileEnum {
    case CREDIT, EMPLOYMENT, FINANCIAL_PRODUCTS_SERVICES, HOUSING, ISSUES_ELECTIONS_POLITICS, NONE, ONLINE_GAMBLING_AND_GAMING
}

/// The ad creative's `authorization_category` (enum `adaccountadcreatives_authorization_category_enum_param`).
public enum AuthorizationCategory: String, FileEnum {
    case NONE, POLITICAL, POLITICAL_WITH_DIGITALLY_CREATED_MEDIA
}

/// What a Meta channel declares about special ad categories, and what an ad about social issues needs.
///
/// Trafficking awareness can be classified by Meta as an ad about social issues: it then runs only from an ad account
/// authorised for such ads, with a "Paid for by" disclaimer. tfz checks the files; the authorisation itself is done
/// once in Meta's Business settings and cannot be checked from here.
public struct SpecialAdSettings: Sendable, Hashable, Codable {
    /// Campaign `special_ad_categories`; empty is sent as `[]` (none apply).
    public var categories: [SpecialAdCategory]
    /// Campaign `special_ad_category_country`: two-letter country codes where the categories apply.
    public var countries: [String]
    /// Ad creative `authorization_category`: as written, or POLITICAL for ISSUES_ELECTIONS_POLITICS when not written.
    public var authorizationCategory: AuthorizationCategory?
    /// The "Paid for by" text, sent with each ad's creative (`ad_disclaimer_spec`).
    public var paidForBy: String?

    public init(categories: [SpecialAdCategory], countries: [String] = [], authorizationCategory: AuthorizationCategory? = nil, paidForBy: String? = nil) {
        self.categories = categories
        self.countries = countries
        self.authorizationCategory = authorizationCategory
        self.paidForBy = paidForBy
    }

    public var isSocialIssue: Bool { categories.contains(.ISSUES_ELECTIONS_POLITICS) }
}

extension Campaign {
    /// What to tell the operator when Meta refuses one of this campaign's ads as an ad about social issues, elections
    /// or politics: what it means, what to do, and which campaign and files. For the Meta adapter's error path.
    public var socialIssueRefusal: String {
        let template = "Campaigns/templates/\(key.template).yaml"
        var text = "Meta refused \(key) (run by \(source)) as an ad about social issues, elections or politics. "
        if specialAds?.isSocialIssue == true {
            text += "The campaign is already marked ISSUES_ELECTIONS_POLITICS with a \"Paid for by\" disclaimer in \(template), so the ad account "
                + "is what is missing: an admin must complete Meta's ad authorisation (identity confirmed, the account and Page authorised "
                + "for ads about social issues) in Meta's Business settings, then launch again."
        } else {
            text += "Such ads run only from an authorised ad account and with a \"Paid for by\" disclaimer: complete Meta's ad authorisation "
                + "in its Business settings, add special_ad_categories: [ISSUES_ELECTIONS_POLITICS] and paid_for_by: to the meta channel "
                + "of \(template), then launch again."
        }
        return text
    }
}
