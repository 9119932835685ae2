/// Platform text limits and content rules for creative files.
///
/// Search copy is checked against the responsive search ad rules Google Ads and Microsoft Advertising share, whichever
/// platforms use it, and reported once. Microsoft's own rules (double-width characters counted twice, the display URL)
/// are ``MicrosoftAdsRules``, run during expansion, where each campaign's platform is known.
/// Social copy is checked against the limits of the social platforms that use it (both, if none does yet).
enum CreativeRules {
    static func check(_ c: Creative, socialPlatforms: Set<Platform>, otherPaths: Set<String>) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func add(_ s: Severity, _ code: String, _ message: String, _ at: SourceLocation, _ hints: [String] = []) {
            out.append(Diagnostic(s, code, message, at: at, hints: hints))
        }
        let purpose = c.purpose?.value ?? .education
        if let search = c.search {
            let h = search.headlines, d = search.descriptions
            if !(3...15).contains(h.value.count) {
                add(.error, "rsa-headline-count", "a responsive search ad needs 3 to 15 headlines; this one has \(h.value.count)", h.location)
            }
            if !(2...4).contains(d.value.count) {
                add(.error, "rsa-description-count", "a responsive search ad needs 2 to 4 descriptions; this one has \(d.value.count)", d.location)
            }
            var seen = Set<String>()
            for headline in h.value {
                let n = headline.value.count
                if n > 30 { add(.error, "headline-too-long", "headline is \(n) characters; the limit is 30", headline.location, ["shorten it by \(n - 30)"]) }
                if headline.value.contains("!") {
                    add(.error, "headline-exclamation", "search platforms do not allow '!' in headlines", headline.location)
                }
                if !seen.insert(headline.value.lowercased()).inserted {
                    add(.error, "duplicate-headline", "headline '\(headline.value)' appears twice; the platforms reject duplicate assets", headline.location)
                }
            }
            for description in d.value where description.value.count > 90 {
                let n = description.value.count
                add(.error, "description-too-long", "description is \(n) characters; the limit is 90", description.location, ["shorten it by \(n - 90)"])
            }
            for path in [search.path1, search.path2].compactMap({ $0 }) {
                if path.value.count > 15 { add(.error, "path-too-long", "display path is \(path.value.count) characters; the limit is 15", path.location) }
                if path.value.contains(" ") || path.value.contains("/") {
                    add(.error, "bad-path", "display path '\(path.value)' cannot contain spaces or '/'", path.location)
                }
            }
            if let p2 = search.path2, search.path1 == nil { add(.error, "path2-without-path1", "path2 needs a path1", p2.location) }
            for text in h.value + d.value {
                out += LanguageRules.check(text, purpose: purpose)
                if !PhoneNumbers.find(in: text.value).isEmpty {
                    add(.warning, "phone-in-ad-text", "search platforms disapprove phone numbers in ad text", text.location,
                        ["keep the number in the hotline block and on the landing page; say \"call or text the hotline\" in the ad"])
                }
            }
        }
        if let social = c.social {
            let platforms = socialPlatforms.isEmpty ? [.meta, .reddit] : socialPlatforms
            for text in [social.primaryText, social.headline, social.description].compactMap({ $0 }) {
                out += LanguageRules.check(text, purpose: purpose)
            }
            if platforms.contains(.meta) {
                limit(social.primaryText, "primary text", "Meta", recommended: 125, hard: 2200, &out)
                limit(social.headline, "headline", "Meta", recommended: 40, hard: 255, &out)
                limit(social.description, "description", "Meta", recommended: 30, hard: 255, &out)
                if social.primaryText == nil { add(.error, "missing-key", "Meta ads need social.primary_text", social.location) }
                if social.image == nil { add(.error, "missing-key", "Meta ads need social.image", social.location) }
            }
            if platforms.contains(.reddit) {
                limit(social.headline, "headline", "Reddit", recommended: 100, hard: 300, &out)
                if social.headline == nil { add(.error, "missing-key", "Reddit ads need social.headline", social.location) }
            }
            if let image = social.image {
                if let resolved = RepoPath.resolve(image.value, in: "Creative") {
                    let lower = resolved.lowercased()
                    if !(lower.hasSuffix(".png") || lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg")) {
                        add(.error, "bad-image", "image must be a .png or .jpg file", image.location)
                    } else if !otherPaths.contains(resolved) {
                        add(.error, "missing-image", "image '\(image.value)' does not exist (looked for \(resolved))", image.location,
                            Suggestions.hint(resolved, otherPaths.filter { $0.hasPrefix("Creative/") }))
                    }
                } else {
                    add(.error, "path-leaves-repository", "image path '\(image.value)' leaves the repository", image.location,
                        ["images live under Creative/; write a path relative to it, such as images/name.png"])
                }
            }
        }
        if let hotline = c.hotline {
            if let phone = hotline.phone, !PhoneNumbers.isWellFormedPhone(phone.value) {
                add(.error, "bad-phone", "hotline phone '\(phone.value.clipped)' is not a well-formed US number", phone.location,
                    ["write it as 1-NXX-NXX-XXXX, e.g. 1-888-373-7888"])
            }
            if let sms = hotline.sms, !(5...6).contains(sms.value.count) || !sms.value.allSatisfy(\.isASCIIDigitOnly) {
                add(.error, "bad-sms", "hotline sms '\(sms.value.clipped)' must be a 5- or 6-digit short code, e.g. 233733", sms.location)
            }
        } else if purpose == .outreach {
            add(.warning, "missing-hotline", "outreach creative should give a hotline", c.location,
                ["add hotline: {phone: 1-888-373-7888, sms: \"233733\"} (National Human Trafficking Hotline)"])
        }
        return out
    }

    private static func limit(_ text: Located<String>?, _ what: String, _ platform: String, recommended: Int, hard: Int, _ out: inout [Diagnostic]) {
        guard let text else { return }
        let n = text.value.count
        if n > hard {
            out.append(Diagnostic(.error, "social-text-too-long", "\(platform) \(what) is \(n) characters; the limit is \(hard)", at: text.location))
        } else if n > recommended {
            out.append(Diagnostic(.warning, "social-text-truncated", "\(platform) \(what) is \(n) characters; beyond \(recommended) it is cut off in most placements",
                                  at: text.location))
        }
    }
}
