import CampaignKit

extension ReportTable {
    /// Pretty-printed JSON with a stable key order (two-space indent, trailing newline):
    ///
    /// ```json
    /// {
    ///   "dimensions": ["zone", "purpose"],
    ///   "currency": "USD",
    ///   "filter": {"zones": ["fl-orange"], "purposes": [], "platforms": [], "since": "2026-03-01", "until": null},
    ///   "rows": [
    ///     {
    ///       "zone": "fl-orange", "purpose": "deterrence",
    ///       "impressions": 123, "clicks": 4, "ctr": 0.0325,
    ///       "costMicros": 1234560000, "cost": "1234.56",
    ///       "cpcMicros": 308640000, "cpc": "308.64",
    ///       "conversions": 1.5
    ///     }
    ///   ],
    ///   "totals": {"impressions": 123, "clicks": 4, "ctr": 0.0325, "costMicros": …, "cost": …, "cpcMicros": …, "cpc": …}
    /// }
    /// ```
    /// (each key on its own line in the real output). Rows carry one key per dimension (its raw name,
    /// value a string), then the measures:
    /// - `impressions`, `clicks`: integers.
    /// - `ctr`: clicks ÷ impressions rounded to 4 decimals, a number; `null` without impressions.
    /// - `costMicros`: exact integer micros; `cost`: the same rounded to cents as a decimal *string* (`"1234.56"`),
    ///   so that no reader parses money as a float.
    /// - `cpcMicros` (rounded to the cent) and `cpc` (string); both `null` without clicks.
    /// - `conversions`: only when any row has them; a number, `null` where not reported.
    ///
    /// Filter sets are sorted; absent bounds are `null`. Zero rows give `"rows": []` and zero totals.
    public func renderJSON() -> String {
        let sets: [(String, [String])] = [
            ("zones", filter.zones.sorted()),
            ("purposes", filter.purposes.map(\.rawValue).sorted()),
            ("platforms", filter.platforms.sorted().map(\.rawValue)),
        ]
        var filterMembers: [(String, JSONText)] = sets.map { ($0.0, .array($0.1.map(JSONText.string))) }
        filterMembers.append(("since", filter.since.map(JSONText.string) ?? .null))
        filterMembers.append(("until", filter.until.map(JSONText.string) ?? .null))

        let rowObjects: [JSONText] = rows.map { row in
            .object(zip(dimensions, values(row)).map { ($0.rawValue, .string($1)) } + measureMembers(ReportMeasures(row)))
        }
        let document = JSONText.object([
            ("dimensions", .array(dimensions.map { .string($0.rawValue) })),
            ("currency", .string(currency)),
            ("filter", .object(filterMembers)),
            ("rows", .array(rowObjects)),
            ("totals", .object(measureMembers(totals))),
        ])
        return document.rendered() + "\n"
    }

    private func measureMembers(_ m: ReportMeasures) -> [(String, JSONText)] {
        var members: [(String, JSONText)] = [
            ("impressions", .int(m.impressions)),
            ("clicks", .int(m.clicks)),
            ("ctr", m.ctrBasisPoints.map { .number(NumberText.fraction(basisPoints: $0)) } ?? .null),
            ("costMicros", .int(m.costMicros)),
            ("cost", .string(NumberText.decimal(cents: NumberText.cents(micros: m.costMicros)))),
            ("cpcMicros", m.cpcMicros.map(JSONText.int) ?? .null),
            ("cpc", m.cpcMicros.map { .string(NumberText.decimal(cents: NumberText.cents(micros: $0))) } ?? .null),
        ]
        if hasConversions { members.append(("conversions", .double(m.conversions))) }
        return members
    }
}
