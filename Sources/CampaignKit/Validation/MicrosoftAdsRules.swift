/// Microsoft Advertising's own limits, where they differ from Google's: checked only for campaigns that run on
/// `microsoft_ads`, every message starting "Microsoft Advertising:" so staff know which platform objects.
///
/// Sources, in the MicrosoftDocs/Advertising repository, `advertising/bingads-13/`:
/// - `campaign-management-service/campaign.md`, Name: "The name can contain a maximum of 128 characters."
/// - `campaign-management-service/responsivesearchad.md`, Headlines, Descriptions, Path1, Path2 and FinalUrls: at most
///   30, 90, 15 and 15 final characters, halved (15, 45, 7) for double-width characters, which "include Korean, Japanese
///   and Chinese languages characters as well as Emojis" and are "determined by the characters you use" (so each one
///   counts as two in mixed text; `msa-help/hlp_BA_PROC_CreateEXTA.md`: "double-width characters … count as two
///   characters each"); "the domain portion of the URL in combination with the path 1 and path 2 strings cannot exceed 67
///   characters"; a final URL "is limited to 2,048 characters"; "The Text cannot contain the newline (\n) character" (the
///   paths neither).
/// - `guides/entity-hierarchy-limits.md`, Negative Keywords: "Each ad group or campaign can contain up to 20,000
///   negative keywords".
///
/// Not an error here: what the shared rules already report for both search platforms (a headline of 31 plain
/// characters is `headline-too-long`, once); Microsoft's looser keyword limits (`keyword.md`: 100 characters, no word
/// limit), because every keyword is held to Google's 80 characters and 10 words; ad group names (256 at Microsoft,
/// `adgroup.md`), which tfz takes from keyword list file names.
enum MicrosoftAdsRules {
    static let platformName = Platform.microsoftAds.displayName
    static let campaignNameLimit = 128
    static let headlineLimit = 30
    static let descriptionLimit = 90
    static let pathLimit = 15
    static let displayURLLimit = 67
    static let finalURLLimit = 2048
    static let negativeKeywordLimit = 20_000

    // MARK: Creative files

    /// Search copy as Microsoft counts it: a headline, description or path within the shared limit (plain characters)
    /// but over it once each emoji and Chinese, Japanese or Korean character counts as two.
    static func copy(_ c: Creative) -> [Diagnostic] {
        guard let search = c.search else { return [] }
        var out: [Diagnostic] = []
        for headline in search.headlines.value {
            widthLimit(headline, "headline", "microsoft-headline-too-long", limit: headlineLimit, &out)
        }
        for description in search.descriptions.value {
            widthLimit(description, "description", "microsoft-description-too-long", limit: descriptionLimit, &out)
        }
        for path in [search.path1, search.path2].compactMap({ $0 }) {
            widthLimit(path, "display path", "microsoft-path-too-long", limit: pathLimit, &out)
        }
        // "The Text cannot contain the newline (\n) character" (headlines, descriptions); paths likewise.
        let texts = search.headlines.value.map { ($0, "headline") } + search.descriptions.value.map { ($0, "description") }
            + [search.path1, search.path2].compactMap { $0 }.map { ($0, "display path") }
        for (text, what) in texts where text.value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            out.append(Diagnostic(.error, "microsoft-line-break", "\(platformName): \(what) contains a line break, which Microsoft does not accept in ad text",
                                  at: text.location, hints: ["write it on one line: in YAML, quote it or write it plain, without | or >"]))
        }
        return out
    }

    private static func widthLimit(_ text: Located<String>, _ what: String, _ code: String, limit: Int, _ out: inout [Diagnostic]) {
        // Over the limit in plain characters: the shared rule (`headline-too-long` …) already reports it for both platforms.
        guard text.value.count <= limit else { return }
        let w = width(text.value)
        guard w > limit else { return }
        out.append(Diagnostic(.error, code, "\(platformName): \(what) is \(w) characters as Microsoft counts them; the limit is \(limit)",
                              at: text.location,
                              hints: ["each emoji and each Chinese, Japanese or Korean character counts as two there: shorten it by \(w - limit)"]))
    }

    /// Length as Microsoft Advertising counts it: one per character, two per double-width character.
    static func width(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        return text.reduce(0) { $0 + (isDoubleWidth($1) ? 2 : 1) }
    }

    /// An emoji, or a Chinese, Japanese or Korean character (East Asian wide and fullwidth blocks).
    static func isDoubleWidth(_ ch: Character) -> Bool {
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return false }
        if first.properties.isEmojiPresentation { return true }
        // Text-default symbols shown as emoji: ♥️ (U+2665 U+FE0F), keycaps 1️⃣ (digit, U+FE0F, U+20E3).
        if first.properties.isEmoji, scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x20E3 }) { return true }
        switch first.value {
        case 0x1100...0x115F,  // Hangul Jamo initial consonants
             0x2E80...0x303E,  // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
             0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
             0x3400...0x4DBF,  // CJK unified ideographs extension A
             0x4E00...0x9FFF,  // CJK unified ideographs
             0xA000...0xA4CF,  // Yi
             0xA960...0xA97F,  // Hangul Jamo extended A
             0xAC00...0xD7A3,  // Hangul syllables
             0xF900...0xFAFF,  // CJK compatibility ideographs
             0xFE30...0xFE4F,  // CJK compatibility forms
             0xFF00...0xFF60,  // fullwidth forms
             0xFFE0...0xFFE6,  // fullwidth signs
             0x20000...0x3FFFD: // CJK extensions B and later
            return true
        default:
            return false
        }
    }

    // MARK: Campaigns

    /// Checks of one expanded Microsoft Advertising campaign: the display URL of each ad, the landing page's length and
    /// the number of negative keywords. `landingPageAt` is where the landing page is written (zone or template).
    static func campaign(_ c: Campaign, creative: [Creative], landingPageAt: SourceLocation, template t: Template,
                         entry: ZoneCampaign) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // Display URL: the landing page's domain, path1 and path2 together.
        let host = hostName(c.landingPage)
        let hostWidth = width(host)
        for item in creative {
            guard let search = item.search, let path1 = search.path1 else { continue }
            let paths = [path1.value] + (search.path2.map { [$0.value] } ?? [])
            let total = hostWidth + paths.reduce(0) { $0 + width($1) }
            if total > displayURLLimit {
                out.append(Diagnostic(.error, "microsoft-display-url-too-long",
                                      "\(platformName): display URL \(([host] + paths).joined(separator: "/")) is \(total) characters without its slashes; the limit is \(displayURLLimit)",
                                      at: path1.location,
                                      hints: ["Microsoft does not show an ad whose landing page domain, path1 and path2 together exceed \(displayURLLimit) characters: shorten or drop the paths"]))
            }
        }
        // Final URL (UTF-8 bytes are never fewer than characters: the cheap test first).
        if c.landingPage.utf8.count > finalURLLimit, c.landingPage.count > finalURLLimit {
            out.append(Diagnostic(.error, "microsoft-landing-page-too-long",
                                  "\(platformName): landing page is over \(finalURLLimit.thousands) characters once its placeholders are filled in",
                                  at: landingPageAt, hints: ["Microsoft rejects longer final URLs: shorten the address or its query string"]))
        }
        // Negative keywords of the campaign: the template's lists, then the zone's negatives_add.
        if c.negatives.count > negativeKeywordLimit {
            let fromTemplate = c.negatives.count - entry.negativesAdd.count
            let at = fromTemplate > negativeKeywordLimit ? (t.negativeLists?.location ?? t.location)
                                                         : (entry.negativesAdd.first?.location ?? entry.location)
            let whose = fromTemplate > negativeKeywordLimit ? "a campaign of template '\(t.id)'" : "this zone's campaign of template '\(t.id)'"
            out.append(Diagnostic(.error, "microsoft-too-many-negatives",
                                  "\(platformName): \(whose) would have \((fromTemplate > negativeKeywordLimit ? fromTemplate : c.negatives.count).thousands) negative keywords; the limit is \(negativeKeywordLimit.thousands) per campaign",
                                  at: at, hints: ["drop a list from keywords.negatives, or remove negatives that none of the campaign's keywords could match"]))
        }
        return out
    }

    /// The zone's Microsoft campaign names against the 128-character limit, reported once at the zone's `name:` with the
    /// longest one: `tfz <zone>/<template>/microsoft_ads · <zone name>` (``Campaign/remoteName``).
    static func campaignNames(_ campaigns: [Campaign], zone: Zone, nameAt: SourceLocation) -> [Diagnostic] {
        var longest: (campaign: Campaign, length: Int)?
        for c in campaigns where c.key.platform == .microsoftAds {
            let name = c.remoteName
            // UTF-8 bytes are never fewer than characters: most names are settled without counting characters.
            guard name.utf8.count > campaignNameLimit else { continue }
            let n = name.count
            if n > campaignNameLimit, n > longest?.length ?? 0 { longest = (c, n) }
        }
        guard let (longest, n) = longest else { return [] }
        let room = zone.name.count - (n - campaignNameLimit)
        let hint = room > 0 ? "shorten this name to at most \(room) characters"
                            : "the zone and template ids alone are too long: rename the zone file or the template file"
        return [Diagnostic(.error, "microsoft-campaign-name-too-long",
                           "\(platformName): this name makes the campaign name of \(longest.key) \(n) characters (tfz <zone>/<template>/<platform> · <name>); the limit is \(campaignNameLimit)",
                           at: nameAt, hints: [hint])]
    }

    /// The host of an https address, without a port: the domain Microsoft shows in the display URL.
    static func hostName(_ url: String) -> String {
        let bytes = url.utf8
        var start = bytes.startIndex
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes[colon...].starts(with: "://".utf8) {
            start = bytes.index(colon, offsetBy: 3)
        }
        // The host ends at the path, query, fragment or port.
        let end = bytes[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: ":") }
        return String(url[start..<(end ?? bytes.endIndex)])
    }
}
