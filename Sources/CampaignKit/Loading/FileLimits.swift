/// The most bytes tfz reads of each kind of file, so that no file, however large, makes loading slow or memory-hungry.
///
/// Each cap is well above the largest file a platform could use (see docs/campaign-files.md#limits) and is checked before
/// the file is read or parsed: the CLI's reader compares the size on disk (``refusal(path:byteCount:)``) and reads nothing
/// of a refused file; ``WorkspaceLoader`` checks the text it is given again, for callers that did not read from disk.
///
/// What is *not* limited here: image files (tfz only checks that they exist, it never reads them) and files that tfz
/// ignores (`.yml`, text in `Creative/`, files in the wrong folder), whose names are all it needs.
public enum FileLimits {
    /// The kinds of files tfz reads, by path.
    public enum Kind: Sendable, Hashable {
        case config, zone, template, keywordList, creative
        /// A file in the campaign folders that tfz does not read (its name is enough for the warning it gets).
        case ignored
    }

    /// A megabyte as the caps count it: 1,000,000 bytes.
    public static let megabyte = 1_000_000

    /// The largest keyword list in bytes that a platform could take: as many keywords as the largest ad group limit,
    /// each 80 characters of 4 bytes in UTF-8 (the worst case), with brackets and a line break.
    static let largestUsableKeywordList = (AdGroupLimits.keywords.values.max() ?? 0) * (KeywordSyntax.maximumCharacters * 4 + 3)

    /// The cap of each kind, in bytes; 0 for files tfz does not read.
    public static func byteLimit(_ kind: Kind) -> Int {
        switch kind {
        case .keywordList: 16 * megabyte
        case .zone: 4 * megabyte
        case .template, .creative, .config: 1 * megabyte
        case .ignored: 0
        }
    }

    /// The cap of the file at `path` (repository-relative, with `/`), in bytes; 0 for a file tfz does not read.
    public static func byteLimit(for path: String) -> Int { byteLimit(kind(of: path)) }

    /// Which kind of file `path` is, as ``WorkspaceLoader`` dispatches it.
    public static func kind(of path: String) -> Kind {
        if path == "tfz.yaml" { return .config }
        if path.hasSuffix(".yml") { return .ignored }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "Campaigns" {
            if parts[1] == "zones", path.hasSuffix(".yaml") { return .zone }
            if parts[1] == "templates", path.hasSuffix(".yaml") { return .template }
            if parts[1] == "keywords", path.hasSuffix(".txt") { return .keywordList }
        }
        if parts.count == 3, parts[0] == "Creative", path.hasSuffix(".yaml") { return .creative }
        return .ignored
    }

    /// The error for a file of `byteCount` bytes over its kind's cap, at line 1, column 1; nil when it is within the
    /// cap or tfz does not read the file.
    public static func refusal(path: String, byteCount: Int) -> Diagnostic? {
        let kind = kind(of: path)
        let limit = byteLimit(kind)
        guard kind != .ignored, byteCount > limit else { return nil }
        let what: (file: String, files: String, because: String)
        switch kind {
        case .keywordList:
            let limit = AdGroupLimits.keywords.values.max() ?? 0
            what = ("keyword list", "keyword lists",
                    "a list becomes one ad group, and the \(limit.thousands) keywords an ad group takes on Google Ads and Microsoft Advertising fit in \(megabytesRoundedUp(largestUsableKeywordList)) MB")
        case .zone:
            what = ("zone file", "zone files",
                    "the most one of its campaigns can add — \((AdGroupLimits.keywords.values.max() ?? 0).thousands) keywords (an ad group) and \(MicrosoftAdsRules.negativeKeywordLimit.thousands) negatives (Microsoft Advertising's limit per campaign) — fits in under 3 MB")
        case .template:
            what = ("template", "templates", "a template names its keyword lists and creative; it holds no long text")
        case .creative:
            what = ("creative file", "creative files", "the longest ad text any platform takes is a few thousand characters")
        case .config:
            what = ("tfz.yaml", "tfz.yaml", "it holds accounts and settings, a few KB")
        case .ignored:
            return nil
        }
        let subject = kind == .config ? "tfz.yaml" : "this \(what.file)"
        return Diagnostic(.error, "file-too-large",
                          "\(subject) is \(megabytes(byteCount, over: limit)) MB; tfz reads \(what.files) up to \(limit / megabyte) MB because \(what.because)",
                          at: SourceLocation(path: path, line: 1, column: 1),
                          hints: [kind == .keywordList ? "split it into lists of at most \((AdGroupLimits.keywords.values.max() ?? 0).thousands) keywords, or check that it is the file you meant to commit"
                                                       : "check that this is the file you meant to commit"])
    }

    /// `bytes` in MB with as many decimals (1 to 6) as it takes to show more than `limit` bytes: 58.2, 16.000001.
    static func megabytes(_ bytes: Int, over limit: Int) -> String {
        var decimals = 1, scale = 100_000
        while decimals < 6, bytes / scale <= limit / scale {
            decimals += 1
            scale /= 10
        }
        let units = bytes / scale
        var power = 1
        for _ in 0..<decimals { power *= 10 }
        let fraction = String(units % power)
        return (units / power).thousands + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    private static func megabytesRoundedUp(_ bytes: Int) -> Int { (bytes + megabyte - 1) / megabyte }
}
