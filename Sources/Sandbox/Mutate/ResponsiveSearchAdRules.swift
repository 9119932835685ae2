import Foundation

/// Google Ads' limits for responsive search ads: 3–15 headlines of at most 30 characters,
/// 2–4 descriptions of at most 90, display paths of at most 15, and http(s) final URLs.
enum ResponsiveSearchAdRules {
    typealias Path = [GoogleAdsError.PathElement]

    static let headlineCount = 3...15
    static let descriptionCount = 2...4
    static let headlineLength = 30
    static let descriptionLength = 90
    static let pathLength = 15

    /// The errors of `ad` (a `resources.Ad` with `responsiveSearchAd`), located under `path`.
    static func errors(_ ad: SandboxJSON, at path: Path) -> [GoogleAdsError] {
        var errors: [GoogleAdsError] = []
        let rsa = ad["responsiveSearchAd"] ?? [:]
        let rsaPath = path + [.init("responsive_search_ad")]
        errors += assetErrors(
            rsa["headlines"]?.arrayValue ?? [], field: "headlines", count: headlineCount, maxLength: headlineLength,
            at: rsaPath
        )
        errors += assetErrors(
            rsa["descriptions"]?.arrayValue ?? [], field: "descriptions", count: descriptionCount,
            maxLength: descriptionLength, at: rsaPath
        )
        for key in ["path1", "path2"] {
            if let text = rsa[key]?.stringValue, ResourceRules.displayLength(text) > pathLength {
                errors.append(
                    GoogleAdsError(
                        .adErrorTooLong, "Too long.", at: rsaPath + [.init(key)],
                        trigger: ["stringValue": .string(text)]
                    )
                )
            }
        }
        if rsa["path2"] != nil, (rsa["path1"]?.stringValue ?? "").isEmpty {
            errors.append(
                GoogleAdsError(
                    .adErrorCannotSetPath2WithoutPath1, "path2 cannot be set without path1.",
                    at: rsaPath + [.init("path2")])
            )
        }
        let finalURLs = ad["finalUrls"]?.arrayValue ?? []
        if finalURLs.isEmpty {
            errors.append(
                GoogleAdsError(
                    .fieldErrorRequired, "The required field was not present.", at: path + [.init("final_urls")]))
        }
        for (index, url) in finalURLs.enumerated() {
            if let code = finalURLError(url.stringValue ?? "") {
                errors.append(
                    GoogleAdsError(
                        code, "The final URL is not valid.", at: path + [.init("final_urls", index: index)],
                        trigger: ["stringValue": url]
                    )
                )
            }
        }
        return errors
    }

    private static func assetErrors(
        _ assets: [SandboxJSON], field: String, count: ClosedRange<Int>, maxLength: Int, at path: Path
    ) -> [GoogleAdsError] {
        var errors: [GoogleAdsError] = []
        if !count.contains(assets.count) {
            errors.append(
                GoogleAdsError(
                    .adErrorInvalidNumberOfElements,
                    "A responsive search ad needs \(count.lowerBound) to \(count.upperBound) \(field); got \(assets.count).",
                    at: path + [.init(field)]
                )
            )
        }
        var seen: Set<String> = []
        for (index, asset) in assets.enumerated() {
            let textPath = path + [.init(field, index: index), .init("text")]
            let text = asset["text"]?.stringValue ?? ""
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(GoogleAdsError(.adErrorEmptyField, "The text is empty.", at: textPath))
            } else if ResourceRules.displayLength(text) > maxLength {
                errors.append(
                    GoogleAdsError(
                        .adErrorTooLong, "Too long: at most \(maxLength) characters.", at: textPath,
                        trigger: ["stringValue": .string(text)]
                    )
                )
            } else if !seen.insert(text.lowercased()).inserted {
                errors.append(
                    GoogleAdsError(
                        .distinctErrorDuplicateElement, "Duplicate element.", at: textPath,
                        trigger: ["stringValue": .string(text)]
                    )
                )
            }
        }
        return errors
    }

    /// The URL field error for a final URL, or nil when it is a valid http(s) URL.
    static func finalURLError(_ text: String) -> GoogleAdsErrorCode? {
        guard let components = URLComponents(string: text), let scheme = components.scheme, text.contains("://") else {
            return .urlFieldErrorMissingProtocolInFinalUrl
        }
        guard ["http", "https"].contains(scheme.lowercased()) else { return .urlFieldErrorInvalidProtocolInFinalUrl }
        guard let host = components.host, !host.isEmpty else { return .urlFieldErrorMissingHostInFinalUrl }
        let labels = host.split(separator: ".")
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else {
            return .urlFieldErrorInvalidTldInFinalUrl
        }
        return nil
    }
}
