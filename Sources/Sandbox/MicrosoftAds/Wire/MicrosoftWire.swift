import Foundation

/// JSON shapes of Microsoft Advertising REST v13 answers: faults, batch errors, ids.
enum MicrosoftWire {
    /// `{"Code", "Details", "ErrorCode", "Message"}` (cm.OperationError).
    static func operationError(_ error: MicrosoftError) -> SandboxJSON {
        [
            "Code": .int(Int64(error.code)), "Details": error.details.map(SandboxJSON.string) ?? .null,
            "ErrorCode": .string(error.errorCode), "Message": .string(error.message),
        ]
    }

    /// cm.BatchError (`"Type": "BatchError"`), `Index` = position of the item in the request list.
    static func batchError(_ error: MicrosoftError, index: Int) -> SandboxJSON {
        [
            "Code": .int(Int64(error.code)), "Details": error.details.map(SandboxJSON.string) ?? .null,
            "ErrorCode": .string(error.errorCode), "FieldPath": .null, "ForwardCompatibilityMap": .null,
            "Index": .int(Int64(index)), "Message": .string(error.message), "Type": "BatchError",
        ]
    }

    /// cm.BatchErrorCollection (`"Type": "BatchErrorCollection"`) for the item at `index`: its own
    /// Code/ErrorCode/Message are the first nested error's; `BatchErrors` holds them all, each with the
    /// index inside the item (the negative keyword's position for entity negative keywords, else the
    /// item's own index).
    static func batchErrorCollection(index: Int, _ errors: [(index: Int, error: MicrosoftError)]) -> SandboxJSON {
        let first = errors.first?.error
        return [
            "BatchErrors": .array(errors.map { batchError($0.error, index: $0.index) }),
            "Code": first.map { .int(Int64($0.code)) } ?? .null, "Details": first?.details.map(SandboxJSON.string) ?? .null,
            "ErrorCode": first.map { .string($0.errorCode) } ?? .null, "FieldPath": .null,
            "ForwardCompatibilityMap": .null, "Index": .int(Int64(index)),
            "Message": first.map { .string($0.message) } ?? .null, "Type": "BatchErrorCollection",
        ]
    }

    /// A whole-request failure about the request: `ApiFaultDetail` with `OperationErrors`.
    static func apiFault(operationErrors: [MicrosoftError], batchErrors: [(Int, MicrosoftError)] = [], trackingId: String)
        -> SandboxJSON
    {
        [
            "TrackingId": .string(trackingId), "Type": "ApiFaultDetail",
            "BatchErrors": .array(batchErrors.map { batchError($0.1, index: $0.0) }),
            "OperationErrors": .array(operationErrors.map(operationError)),
        ]
    }

    /// An authentication or authorization failure: `AdApiFaultDetail` with `Errors[]`
    /// (`{Code, Detail, ErrorCode, Message}`).
    static func adApiFault(_ errors: [MicrosoftError], trackingId: String) -> SandboxJSON {
        [
            "TrackingId": .string(trackingId), "Type": "AdApiFaultDetail",
            "Errors": .array(
                errors.map {
                    [
                        "Code": .int(Int64($0.code)), "Detail": $0.details.map(SandboxJSON.string) ?? .null,
                        "ErrorCode": .string($0.errorCode), "Message": .string($0.message),
                    ]
                }
            ),
        ]
    }

    /// A GUID-shaped tracking id derived from the request id (deterministic for a seed).
    static func trackingId(_ requestId: String) -> String {
        let high = SeededRandom.hash("tracking|" + requestId)
        let low = SeededRandom.hash(requestId + "|tracking")
        let hex = String(format: "%016llx%016llx", high, low)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-\(part(12..<16))-\(part(16..<20))-\(part(20..<32))"
    }

    /// An int64 id as the API writes it: a JSON string.
    static func id(_ value: Int64) -> SandboxJSON { .string(String(value)) }

    /// A money amount (decimal currency units) from micros, as a JSON number.
    static func money(micros: Int64) -> SandboxJSON { .double(Double(micros) / 1_000_000) }

    /// Micros from a decimal amount (rounded to the micro).
    static func micros(_ amount: Double) -> Int64 { Int64((amount * 1_000_000).rounded()) }

    /// `{Year, Month, Day}` for days since 1970.
    static func date(_ day: Int) -> SandboxJSON {
        let text = SandboxCalendar.string(day)
        let parts = text.split(separator: "-").compactMap { Int64($0) }
        return ["Year": .int(parts[0]), "Month": .int(parts[1]), "Day": .int(parts[2])]
    }

    /// Days since 1970 from `{Year, Month, Day}`, or nil when it is not a real date.
    static func day(_ date: SandboxJSON?) -> Int? {
        guard let year = date?["Year"]?.int64Value, let month = date?["Month"]?.int64Value,
            let day = date?["Day"]?.int64Value, (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return SandboxCalendar.day(String(format: "%04d-%02d-%02d", Int(year), Int(month), Int(day)))
    }
}
