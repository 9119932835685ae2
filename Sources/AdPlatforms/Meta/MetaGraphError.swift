import Foundation

/// Meta's error body, `{"error":{"message","type","code","error_subcode","error_user_title","error_user_msg",
/// "fbtrace_id","is_transient"}}` (reference gotcha 9).
public struct MetaGraphError: Sendable, Equatable {
    public var message: String
    public var type: String?
    public var code: Int
    public var subcode: Int?
    public var userTitle: String?
    public var userMessage: String?
    public var traceId: String?
    public var isTransient: Bool

    public init(message: String, type: String? = nil, code: Int, subcode: Int? = nil, userTitle: String? = nil, userMessage: String? = nil,
                traceId: String? = nil, isTransient: Bool = false) {
        self.message = message
        self.type = type
        self.code = code
        self.subcode = subcode
        self.userTitle = userTitle
        self.userMessage = userMessage
        self.traceId = traceId
        self.isTransient = isTransient
    }

    /// The error of an answer body, or nil when it is not Meta's error shape.
    public static func decode(_ body: Data) -> MetaGraphError? {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any], let e = root["error"] as? [String: Any],
              let code = Self.int(e["code"]) else { return nil }
        return MetaGraphError(message: e["message"] as? String ?? "", type: e["type"] as? String, code: code, subcode: Self.int(e["error_subcode"]),
                              userTitle: e["error_user_title"] as? String, userMessage: e["error_user_msg"] as? String,
                              traceId: e["fbtrace_id"] as? String, isTransient: (e["is_transient"] as? Bool) ?? false)
    }

    private static func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue ?? (value as? String).flatMap { Int($0) } }

    /// Throttling: the call was refused before it was applied. 4 (app), 17 (user), 32 (page), 613 (calls in a short
    /// time), 80000–80014 (business use case limits; 80004 is the ads management one).
    public var isRateLimited: Bool { [4, 17, 32, 613].contains(code) || (80_000...80_014).contains(code) }

    /// The access token is not (or no longer) valid: 190 (OAuthException), 102 (session).
    public var isInvalidToken: Bool { code == 190 || code == 102 }

    /// What the operator reads: Meta's words for users when it gives them, else its message; with the code (and subcode).
    public var description: String {
        let text = [userTitle, userMessage].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ": ")
        let code = subcode.map { "\(self.code)/\($0)" } ?? String(self.code)
        return "\(text.isEmpty ? message : text) (Meta error \(code))"
    }
}

/// How busy Meta says the ad account and the app are, from the headers of any answer: `x-business-use-case-usage`
/// (per business, per use case: `call_count`, `total_cputime`, `total_time` in percent of the limit, and
/// `estimated_time_to_regain_access` in minutes once throttled), `x-ad-account-usage` (`acc_id_util_pct`) and
/// `x-app-usage` (`call_count`, `total_time`, `total_cputime`).
public struct MetaUsage: Sendable, Equatable {
    /// The highest percentage of any limit in the headers.
    public var percent: Double
    /// Minutes until access returns, when Meta says (0 when not throttled).
    public var minutesToRegainAccess: Int

    public static func read(_ headers: (String) -> String?) -> MetaUsage? {
        var percent: Double?, minutes = 0
        func consider(_ object: [String: Any]) {
            for key in ["call_count", "total_cputime", "total_time", "acc_id_util_pct"] {
                if let value = (object[key] as? NSNumber)?.doubleValue { percent = max(percent ?? 0, value) }
            }
            if let wait = (object["estimated_time_to_regain_access"] as? NSNumber)?.intValue { minutes = max(minutes, wait) }
        }
        func json(_ name: String) -> Any? { headers(name).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } }
        if let business = json("x-business-use-case-usage") as? [String: Any] {
            for case let entries as [[String: Any]] in business.values { entries.forEach(consider) }
        }
        for name in ["x-ad-account-usage", "x-app-usage"] { if let object = json(name) as? [String: Any] { consider(object) } }
        return percent.map { MetaUsage(percent: $0, minutesToRegainAccess: minutes) }
    }
}

/// Reads Meta's throttling answers for ``RetryMiddleware``: a rate-limit error was not applied, so it is sent again —
/// a write too — after the time Meta names in `x-business-use-case-usage` (at least 60 s); when that is more than 15
/// minutes, tfz stops and says so rather than hold a launch for so long. Anything else: nil, and the middleware's own
/// rules apply.
public enum MetaRetryHint {
    public static func classify(_ response: HTTPResponse) -> PlatformRetryHint? {
        guard response.status >= 400, let error = MetaGraphError.decode(response.body), error.isRateLimited else { return nil }
        let minutes = MetaUsage.read { response.headers[$0] }?.minutesToRegainAccess ?? 0
        if minutes > 15 {
            return .doNotRetry(reason: "Meta throttled the ad account and asks for \(minutes) minutes before the next call (\(error.description))",
                               resetsAt: nil)
        }
        return .notApplied(retryAfter: .seconds(max(60, minutes * 60)))
    }
}
