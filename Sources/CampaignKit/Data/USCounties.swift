/// The US county list (2020 census) that zone `county:` codes are checked against.
public enum USCounties {
    public struct County: Sendable, Hashable {
        public var fips: String
        /// e.g. `Hillsborough County, FL`.
        public var name: String
    }

    static let byFIPS: [String: County] = {
        var map: [String: County] = [:]
        for line in table.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 3 else { continue }
            map[String(f[0])] = County(fips: String(f[0]), name: "\(f[1]), \(f[2])")
        }
        return map
    }()

    /// The county's display name, or nil when the code is not a 2020 county.
    public static func name(fips: String) -> String? { byFIPS[fips]?.name }

    /// All counties, in FIPS order.
    public static var all: [County] { byFIPS.values.sorted { $0.fips < $1.fips } }

    /// A county whose name matches a zone's display name ("Hillsborough County, FL"), to suggest its code.
    static func guess(_ zoneName: String) -> County? {
        let wanted = zoneName.lowercased()
        return byFIPS.values.filter { wanted.hasPrefix($0.name.lowercased().split(separator: ",")[0]) && wanted.hasSuffix($0.name.suffix(2).lowercased()) }
            .min { $0.fips < $1.fips }
    }
}
