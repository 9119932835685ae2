import Yams

/// `flight: {start: 2027-01-01, end: 2027-12-31}` — shared by zones and templates.
enum FlightSyntax {
    static func parse(_ node: Node, _ r: NodeReader) -> Located<Flight>? {
        guard let f = r.object(node, "flight", keys: ["start", "end"]) else { return nil }
        let start = f["start"].flatMap { r.date($0, "flight.start") }
        let end = f["end"].flatMap { r.date($0, "flight.end") }
        if f["start"] != nil && start == nil || f["end"] != nil && end == nil { return nil }
        if let start, let end, end.value < start.value {
            r.report(.error, "reversed-dates", "flight ends (\(end.value)) before it starts (\(start.value))", at: end.location)
            return nil
        }
        return Located(Flight(start: start?.value, end: end?.value), at: r.location(node))
    }
}
