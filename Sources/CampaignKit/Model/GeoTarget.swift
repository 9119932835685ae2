/// Where a campaign's ads may show.
public enum GeoTarget: Sendable, Hashable, Codable {
    case county(fips: String)
    case radius(latitudeMicros: Int64, longitudeMicros: Int64, distance: Int, unit: DistanceUnit)
    case postalCodes([String])
    case native(platform: Platform, ids: [String])

    public enum DistanceUnit: String, Sendable, Hashable, Codable { case miles, km }

    /// One-line text for plans (long lists shortened).
    public var summary: String {
        if case .postalCodes(let codes) = self, codes.count > 4 {
            return "postal codes \(codes.prefix(3).joined(separator: ",")) and \(codes.count - 3) more"
        }
        return canonical
    }

    /// The full text, compared between plans.
    public var canonical: String {
        switch self {
        case .county(let fips): "county \(fips)"
        case .radius(let lat, let lon, let d, let unit):
            "\(d) \(unit.rawValue) around \(Coordinate.text(lat)),\(Coordinate.text(lon))"
        case .postalCodes(let codes): "postal codes \(codes.joined(separator: ","))"
        case .native(let platform, let ids): "\(platform.rawValue) ids \(ids.joined(separator: ","))"
        }
    }
}

/// Decimal-degree coordinates held in micro-degrees, parsed and printed without floating point.
enum Coordinate {
    static func parse(_ text: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() }
        guard let money = Money(parsing: String(body)) else { return nil }
        return negative ? -money.micros : money.micros
    }

    static func text(_ micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        var s = Money(micros: abs(micros)).description
        while s.hasSuffix("0"), !s.hasSuffix(".0") { s.removeLast() }
        if s.hasSuffix(".0") { s.removeLast(2) }
        return sign + s
    }
}

/// A radius as written in a zone file: its distance exactly (a decimal such as 0.5 is kept), and where the distance
/// is written. Whole distances also become a ``GeoTarget/radius(latitudeMicros:longitudeMicros:distance:unit:)``;
/// one below 1 does not (no platform in tfz targets it), so each platform's minimum is reported at it instead.
public struct WrittenRadius: Sendable, Hashable {
    /// The distance in `unit`, in millionths.
    public var distanceMicros: Int64
    public var unit: GeoTarget.DistanceUnit
    /// Where the `miles:` or `km:` value is written.
    public var location: SourceLocation

    public init(distanceMicros: Int64, unit: GeoTarget.DistanceUnit, location: SourceLocation) {
        self.distanceMicros = distanceMicros
        self.unit = unit
        self.location = location
    }

    /// `0.5 miles`, `1 km`.
    public var text: String {
        let number = Coordinate.text(distanceMicros)
        return "\(number) \(unit == .km ? "km" : number == "1" ? "mile" : "miles")"
    }

    /// The distance in nanometres (exact for both units: a mile is 1,609,344 mm).
    var nanometres: Int64 { distanceMicros * (unit == .miles ? 1_609_344 : 1_000_000) }
}
