import Foundation

/// One `GoogleAdsRow` of a metrics query, reduced to the fields tfz stores.
///
/// Every field is optional on the wire (proto3 JSON omits zeros and empty strings), so absent numbers are 0
/// and absent strings are empty.
public struct GoogleAdsMetricsRow: Sendable, Hashable {
    public var campaignId = ""
    public var adGroupId = ""
    public var criterionId = ""
    public var keywordText = ""
    public var matchType = ""
    public var adId = ""
    /// `landingPageView.unexpandedFinalUrl`.
    public var landingPage = ""
    public var date = ""
    public var impressions: Int64 = 0
    public var clicks: Int64 = 0
    public var costMicros: Int64 = 0
    public var conversions: Double?
    public var searchImpressionShare: Double?

    public init() {}
}

/// Why a `searchStream` body could not be read.
public struct GoogleAdsStreamError: Error, Sendable, Equatable, LocalizedError {
    public var offset: Int
    public var reason: String
    public var errorDescription: String? { "googleAds:searchStream answered a body tfz cannot read at byte \(offset): \(reason)" }
}

/// Reads a `googleAds:searchStream` answer — one JSON array of `SearchGoogleAdsStreamResponse` batches,
/// `[{"results":[row, …],"fieldMask":"…","requestId":"…"}, …]` — straight from its bytes into
/// ``GoogleAdsMetricsRow`` values, without building a JSON tree.
///
/// A large account's answer is hundreds of megabytes, so this is a single pass over the bytes: the fields
/// tfz needs are picked out by their path (`metrics.costMicros`, `adGroupCriterion.keyword.text`, …),
/// everything else is skipped by a validating skipper. int64 values are accepted as JSON strings (what the
/// API sends) or as numbers. A batch that is an error object (`[{"error": {…}}]`, how the stream reports a
/// failure, possibly after good batches) is returned as ``Outcome/failure``, with the rows read before it.
public struct GoogleAdsStreamParser {
    public enum Outcome: Sendable {
        case rows([GoogleAdsMetricsRow])
        /// An error batch: the rows of the batches before it, and the error element's JSON bytes
        /// (`{"error":{…}}`) for ``GoogleAdsFailure/decode(_:httpStatus:)``.
        case failure(rows: [GoogleAdsMetricsRow], error: Data)
    }

    public init() {}

    public func parse(_ data: Data) throws(GoogleAdsStreamError) -> Outcome {
        let result: Result<Outcome, GoogleAdsStreamError> = data.withUnsafeBytes { raw in
            var reader = Reader(raw.bindMemory(to: UInt8.self))
            do throws(GoogleAdsStreamError) { return .success(try reader.stream()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var rows: [GoogleAdsMetricsRow] = []
        /// How many arrays and objects ``skipValue()`` is inside; it recurses, so an answer nested without end would
        /// overflow the stack (100,000 `[` did) rather than fail.
        var depth = 0
        /// Far deeper than any Google Ads row; JSONSerialization's own limit is of the same order.
        static let maxDepth = 512

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        // MARK: structure

        mutating func stream() throws(GoogleAdsStreamError) -> Outcome {
            skipSpace()
            if peek() == UInt8(ascii: "{") {
                // Not the stream shape; tolerate a bare error object the same way.
                let start = i
                try skipValue()
                return .failure(rows: rows, error: Data(UnsafeBufferPointer(rebasing: bytes[start..<i])))
            }
            try expect(UInt8(ascii: "["))
            skipSpace()
            if peek() == UInt8(ascii: "]") { i += 1; return try end() }
            while true {
                skipSpace()
                let start = i
                if try batch() == false {
                    return .failure(rows: rows, error: Data(UnsafeBufferPointer(rebasing: bytes[start..<i])))
                }
                skipSpace()
                let c = try next()
                if c == UInt8(ascii: "]") { return try end() }
                guard c == UInt8(ascii: ",") else { throw fail("expected , or ] between batches") }
            }
        }

        mutating func end() throws(GoogleAdsStreamError) -> Outcome {
            skipSpace()
            guard i == bytes.count else { throw fail("data after the end of the stream") }
            return .rows(rows)
        }

        /// One batch object; false when it is an error element.
        mutating func batch() throws(GoogleAdsStreamError) -> Bool {
            try expect(UInt8(ascii: "{"))
            var isError = false
            try members { (reader, key) throws(GoogleAdsStreamError) in
                if reader.equals(key, Keys.results) {
                    try reader.expect(UInt8(ascii: "["))
                    reader.skipSpace()
                    if reader.peek() == UInt8(ascii: "]") { reader.i += 1; return }
                    while true {
                        reader.skipSpace()
                        var row = GoogleAdsMetricsRow()
                        try reader.row(&row)
                        reader.rows.append(row)
                        reader.skipSpace()
                        let c = try reader.next()
                        if c == UInt8(ascii: "]") { return }
                        guard c == UInt8(ascii: ",") else { throw reader.fail("expected , or ] between rows") }
                    }
                } else {
                    if reader.equals(key, Keys.error) { isError = true }
                    try reader.skipValue()
                }
            }
            return !isError
        }

        /// Calls `body` for each member of the object whose `{` was just read; `body` consumes the value.
        mutating func members(_ body: (inout Reader, Range<Int>) throws(GoogleAdsStreamError) -> Void) throws(GoogleAdsStreamError) {
            skipSpace()
            if peek() == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipSpace()
                let key = try keyRange()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                try body(&self, key)
                skipSpace()
                let c = try next()
                if c == UInt8(ascii: "}") { return }
                guard c == UInt8(ascii: ",") else { throw fail("expected , or } in an object") }
            }
        }

        mutating func row(_ row: inout GoogleAdsMetricsRow) throws(GoogleAdsStreamError) {
            try expect(UInt8(ascii: "{"))
            try members { (r, key) throws(GoogleAdsStreamError) in
                guard r.peek() == UInt8(ascii: "{") else { try r.skipValue(); return }
                r.i += 1
                if r.equals(key, Keys.metrics) {
                    try r.members { (r, k) throws(GoogleAdsStreamError) in
                        if r.equals(k, Keys.impressions) { row.impressions = try r.int64() }
                        else if r.equals(k, Keys.clicks) { row.clicks = try r.int64() }
                        else if r.equals(k, Keys.costMicros) { row.costMicros = try r.int64() }
                        else if r.equals(k, Keys.conversions) { row.conversions = try r.double() }
                        else if r.equals(k, Keys.searchImpressionShare) { row.searchImpressionShare = try r.double() }
                        else { try r.skipValue() }
                    }
                } else if r.equals(key, Keys.segments) {
                    try r.members { (r, k) throws(GoogleAdsStreamError) in
                        if r.equals(k, Keys.date) { row.date = try r.string() } else { try r.skipValue() }
                    }
                } else if r.equals(key, Keys.campaign) {
                    try r.members { (r, k) throws(GoogleAdsStreamError) in
                        if r.equals(k, Keys.id) { row.campaignId = try r.idString() } else { try r.skipValue() }
                    }
                } else if r.equals(key, Keys.adGroup) {
                    try r.members { (r, k) throws(GoogleAdsStreamError) in
                        if r.equals(k, Keys.id) { row.adGroupId = try r.idString() } else { try r.skipValue() }
                    }
                } else if r.equals(key, Keys.adGroupCriterion) {
                    try r.members { (r, k) throws(GoogleAdsStreamError) in
                        if r.equals(k, Keys.criterionId) { row.criterionId = try r.idString() }
                        else if r.equals(k, Keys.keyword), r.peek() == UInt8(ascii: "{") {
                            r.i += 1
                            try r.members { (r, k) throws(GoogleAdsStreamError) in
                                if r.equals(k, Keys.text) { row.keywordText = try r.string() }
                                else if r.equals(k, Keys.matchType) { row.matchType = try r.string() }
                                else { try r.skipValue() }
                            }
                        } else { try r.skipValue() }
                    }
                } else if r.equals(key, Keys.adGroupAd) {
                    try r.members { (r, k) throws(GoogleAdsStreamError) in
                        if r.equals(k, Keys.ad), r.peek() == UInt8(ascii: "{") {
                            r.i += 1
                            try r.members { (r, k) throws(GoogleAdsStreamError) in
                                if r.equals(k, Keys.id) { row.adId = try r.idString() } else { try r.skipValue() }
                            }
                        } else { try r.skipValue() }
                    }
                } else if r.equals(key, Keys.landingPageView) {
                    try r.members { (r, k) throws(GoogleAdsStreamError) in
                        if r.equals(k, Keys.unexpandedFinalUrl) { row.landingPage = try r.string() } else { try r.skipValue() }
                    }
                } else {
                    try r.skipObjectBody()
                }
            }
        }

        // MARK: scalars

        /// An int64: a JSON string of digits (what the API sends) or a bare integer.
        mutating func int64() throws(GoogleAdsStreamError) -> Int64 {
            let quoted = peek() == UInt8(ascii: "\"")
            if quoted { i += 1 }
            var negative = false
            if peek() == UInt8(ascii: "-") { negative = true; i += 1 }
            var value: Int64 = 0
            let start = i
            while i < bytes.count, bytes[i] &- 48 < 10 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(bytes[i] &- 48))
                guard !o1, !o2 else { throw fail("integer out of the int64 range") }
                value = a
                i += 1
            }
            guard i > start else { throw fail("expected an integer") }
            if quoted { try expect(UInt8(ascii: "\"")) }
            return negative ? -value : value
        }

        /// An id: an int64 field, returned as its digits.
        mutating func idString() throws(GoogleAdsStreamError) -> String {
            let quoted = peek() == UInt8(ascii: "\"")
            if quoted { i += 1 }
            let start = i
            while i < bytes.count, bytes[i] &- 48 < 10 { i += 1 }
            guard i > start else { throw fail("expected an id") }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if quoted { try expect(UInt8(ascii: "\"")) }
            return text
        }

        mutating func double() throws(GoogleAdsStreamError) -> Double {
            let quoted = peek() == UInt8(ascii: "\"")
            if quoted { i += 1 }
            let start = i
            while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
            guard i > start, i - start < 64 else { throw fail("expected a number") }
            var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
            let length = i - start
            let value: Double? = withUnsafeMutableBytes(of: &buffer) { out in
                for k in 0..<length { out[k] = bytes[start + k] }
                out[length] = 0
                var end: UnsafeMutablePointer<CChar>?
                let base = out.baseAddress!.assumingMemoryBound(to: CChar.self)
                let parsed = strtod(base, &end)
                return end == base + length ? parsed : nil
            }
            guard let value, value.isFinite else { throw fail("malformed number") }
            if quoted { try expect(UInt8(ascii: "\"")) }
            return value
        }

        static func isNumberByte(_ c: UInt8) -> Bool {
            (c &- 48) < 10 || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e")
                || c == UInt8(ascii: "E")
        }

        /// A JSON string, escapes decoded.
        mutating func string() throws(GoogleAdsStreamError) -> String {
            try expect(UInt8(ascii: "\""))
            let start = i
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    i += 1
                    return text
                }
                if c == UInt8(ascii: "\\") { i = start; return try escapedString() }
                guard c >= 0x20 else { throw fail("control character in a string") }
                i += 1
            }
            throw fail("unterminated string")
        }

        /// The slow path of ``string()``, from just after the opening quote.
        mutating func escapedString() throws(GoogleAdsStreamError) -> String {
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                switch c {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    let e = try next()
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(8)
                    case UInt8(ascii: "f"): out.append(12)
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard try next() == UInt8(ascii: "\\"), try next() == UInt8(ascii: "u") else { throw fail("lone surrogate") }
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: throw fail("bad escape")
                    }
                default:
                    guard c >= 0x20 else { throw fail("control character in a string") }
                    out.append(c)
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(GoogleAdsStreamError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = try next()
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
                default: throw fail("bad \\u escape")
                }
                v = v << 4 | d
            }
            return v
        }

        /// The raw bytes of a key (escapes are not expected in Google's field names; a key with one simply matches nothing).
        mutating func keyRange() throws(GoogleAdsStreamError) -> Range<Int> {
            try expect(UInt8(ascii: "\""))
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                i += 1
            }
            guard i < bytes.count else { throw fail("unterminated key") }
            let range = start..<i
            i += 1
            return range
        }

        func equals(_ range: Range<Int>, _ key: StaticString) -> Bool {
            guard range.count == key.utf8CodeUnitCount else { return false }
            return memcmp(bytes.baseAddress! + range.lowerBound, key.utf8Start, range.count) == 0
        }

        // MARK: skipping

        mutating func skipValue() throws(GoogleAdsStreamError) {
            skipSpace()
            let c = try next()
            switch c {
            case UInt8(ascii: "{"):
                try enter()
                defer { depth -= 1 }
                try skipObjectBody()
            case UInt8(ascii: "["):
                try enter()
                defer { depth -= 1 }
                skipSpace()
                if peek() == UInt8(ascii: "]") { i += 1; return }
                while true {
                    try skipValue()
                    skipSpace()
                    let d = try next()
                    if d == UInt8(ascii: "]") { return }
                    guard d == UInt8(ascii: ",") else { throw fail("expected , or ] in an array") }
                }
            case UInt8(ascii: "\""):
                i -= 1
                _ = try keyRange()
            case UInt8(ascii: "t"): try literal("rue")
            case UInt8(ascii: "f"): try literal("alse")
            case UInt8(ascii: "n"): try literal("ull")
            default:
                guard Self.isNumberByte(c) else { throw fail("unexpected character") }
                while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
            }
        }

        mutating func enter() throws(GoogleAdsStreamError) {
            depth += 1
            guard depth <= Self.maxDepth else { throw fail("values nested deeper than \(Self.maxDepth) levels") }
        }

        mutating func skipObjectBody() throws(GoogleAdsStreamError) {
            try members { (r, _) throws(GoogleAdsStreamError) in try r.skipValue() }
        }

        mutating func literal(_ rest: StaticString) throws(GoogleAdsStreamError) {
            let n = rest.utf8CodeUnitCount
            guard i + n <= bytes.count, memcmp(bytes.baseAddress! + i, rest.utf8Start, n) == 0 else { throw fail("bad literal") }
            i += n
        }

        // MARK: bytes

        @inline(__always) mutating func skipSpace() {
            while i < bytes.count {
                let c = bytes[i]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                i += 1
            }
        }

        @inline(__always) func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

        @inline(__always) mutating func next() throws(GoogleAdsStreamError) -> UInt8 {
            guard i < bytes.count else { throw fail("unexpected end of data") }
            defer { i += 1 }
            return bytes[i]
        }

        mutating func expect(_ c: UInt8) throws(GoogleAdsStreamError) {
            guard try next() == c else { i -= 1; throw fail("expected '\(Character(Unicode.Scalar(c)))'") }
        }

        func fail(_ reason: String) -> GoogleAdsStreamError { GoogleAdsStreamError(offset: i, reason: reason) }
    }

    enum Keys {
        static let results: StaticString = "results"
        static let error: StaticString = "error"
        static let metrics: StaticString = "metrics"
        static let segments: StaticString = "segments"
        static let campaign: StaticString = "campaign"
        static let adGroup: StaticString = "adGroup"
        static let adGroupCriterion: StaticString = "adGroupCriterion"
        static let adGroupAd: StaticString = "adGroupAd"
        static let landingPageView: StaticString = "landingPageView"
        static let ad: StaticString = "ad"
        static let id: StaticString = "id"
        static let criterionId: StaticString = "criterionId"
        static let keyword: StaticString = "keyword"
        static let text: StaticString = "text"
        static let matchType: StaticString = "matchType"
        static let unexpandedFinalUrl: StaticString = "unexpandedFinalUrl"
        static let date: StaticString = "date"
        static let impressions: StaticString = "impressions"
        static let clicks: StaticString = "clicks"
        static let costMicros: StaticString = "costMicros"
        static let conversions: StaticString = "conversions"
        static let searchImpressionShare: StaticString = "searchImpressionShare"
    }
}
