import Foundation
import Testing

/// A simulated March 2027 on the sample workspace and its embedded sandbox, ticking every 12 hours (`tfz tick --now`;
/// the sandbox's clock follows, so pulls see the month's spend): flights starting and ending at local midnight in two
/// time zones (Pinellas moved to Chicago), one starting on the day daylight saving time begins (Orange, 14 March),
/// evening dayparts kept by Google's own ad schedule (never by toggling), a person's pause from the 10th to the 12th,
/// and the monthly cap ($3,000 here) reached on day 20. The change log must be exactly the expected sequence.
@Suite(.serialized) struct SimulatedMonthTests {
    static let expected = [
        "scheduler  missed  fl-hillsborough/deterrence-search/google_ads  flight began 2027-03-01 00:00 America/New_York, 7 hours before this tick; launching now  → ok",
        "scheduler  missed  fl-hillsborough/outreach-search/google_ads  flight began 2027-03-01 00:00 America/New_York, 7 hours before this tick; launching now  → ok",
        "scheduler  missed  fl-pinellas/outreach-search/google_ads  flight began 2027-03-01 00:00 America/Chicago, 6 hours before this tick; launching now  → ok",
        "scheduler  enable  fl-hillsborough/deterrence-search/google_ads  status ENABLED  → ok",
        "scheduler  enable  fl-hillsborough/outreach-search/google_ads  status ENABLED  → ok",
        "scheduler  enable  fl-pinellas/outreach-search/google_ads  status ENABLED  → ok",
        "scheduler  missed  fl-pinellas/deterrence-search/google_ads  flight began 2027-03-05 00:00 America/Chicago, 6 hours before this tick; launching now  → ok",
        "scheduler  enable  fl-pinellas/deterrence-search/google_ads  status ENABLED  → ok",
        "user:month  pause  fl-hillsborough/deterrence-search/google_ads  status PAUSED  → ok",
        "user:month  pause  fl-hillsborough/outreach-search/google_ads  status PAUSED  → ok",
        "user:month  resume  fl-hillsborough/deterrence-search/google_ads  status ENABLED  → ok",
        "user:month  resume  fl-hillsborough/outreach-search/google_ads  status ENABLED  → ok",
        "scheduler  missed  fl-orange/deterrence-search/google_ads  flight began 2027-03-14 00:00 America/New_York, 7 hours before this tick; launching now  → ok",
        "scheduler  enable  fl-orange/deterrence-search/google_ads  status ENABLED  → ok",
        "scheduler  missed  fl-orange/outreach-search/google_ads  flight began 2027-03-20 00:00 America/New_York, 8 hours before this tick; launching now  → ok",
        "scheduler  enable  fl-orange/outreach-search/google_ads  status ENABLED  → ok",
        "scheduler  pause  fl-orange/deterrence-search/google_ads  status PAUSED  → ok",
        "scheduler  pause  fl-pinellas/deterrence-search/google_ads  status PAUSED  → ok",
        "scheduler  blocked  fl-orange/deterrence-search/google_ads  monthly cap $3,000.00 would be exceeded: $1,773.78 spent this month + $1,410.00 of budgets for the 12 days left  → ok",
        "scheduler  blocked  fl-pinellas/deterrence-search/google_ads  monthly cap $3,000.00 would be exceeded: $1,773.78 spent this month + $1,410.00 of budgets for the 12 days left  → ok",
        "scheduler  resume  fl-pinellas/deterrence-search/google_ads  status ENABLED  → ok",
        "scheduler  missed  fl-pinellas/deterrence-search/google_ads  flight ended 2027-03-25 (over at 2027-03-26 00:00 America/Chicago); pausing now, 7 hours late  → ok",
        "scheduler  pause  fl-pinellas/deterrence-search/google_ads  status PAUSED  → ok",
    ]

    /// The month's campaign files and settings, on a copy of the sample.
    static func prepare(_ dir: URL) throws {
        try dir.edit("Campaigns/templates/base-search.yaml", replacing: "flight: {start: 2027-01-01}", with: "flight: {start: 2027-03-01}")
        try dir.edit("Campaigns/zones/fl-orange.yaml", replacing: "    bid_ceiling: 2.50\n",
                     with: "    bid_ceiling: 2.50\n    flight: {start: 2027-03-14, end: 2027-03-21}\n")
        try dir.edit("Campaigns/zones/fl-orange.yaml", replacing: "  - template: outreach-search\n    budget: {daily: 30.00}\n",
                     with: "  - template: outreach-search\n    budget: {daily: 30.00}\n    flight: {start: 2027-03-20}\n")
        try dir.edit("Campaigns/zones/fl-pinellas.yaml", replacing: "time_zone: America/New_York", with: "time_zone: America/Chicago")
        try dir.edit("Campaigns/zones/fl-pinellas.yaml",
                     replacing: "    flight: {start: 2027-01-01, end: 2027-06-30}   # first half of the year; review before renewing",
                     with: "    flight: {start: 2027-03-05, end: 2027-03-25}")
        try dir.edit("tfz.yaml", replacing: "monthly_cap: 20000.00", with: "monthly_cap: 3000.00")
        try dir.edit("tfz.yaml", replacing: "lookback_days: {google_ads: 30}", with: "lookback_days: {google_ads: 2}")
        try dir.edit("tfz.yaml", replacing: "pull_every: {google_ads: 6h}", with: "pull_every: {google_ads: 12h}")
    }

    @Test func march2027() async throws {
        let dir = try TFZRunner.copySample()
        defer { TFZRunner.remove(dir) }
        try Self.prepare(dir)
        let env = ["TFZ_SANDBOX_TODAY": "2027-02-28", "TFZ_ACTOR": "user:month"]

        var changes: [String] = []
        for day in 1...31 {
            for hour in ["00", "12"] {
                let now = "2027-03-\(day < 10 ? "0" : "")\(day)T\(hour):00:00Z"
                if now == "2027-03-10T12:00:00Z" {
                    #expect(try await TFZRunner.runOffPool(["pause", "fl-hillsborough"], workspace: dir, environment: env).exited(0))
                }
                if now == "2027-03-12T12:00:00Z" {
                    #expect(try await TFZRunner.runOffPool(["resume", "fl-hillsborough"], workspace: dir, environment: env).exited(0))
                }
                let r = try await TFZRunner.runOffPool(["tick", "--now", now], workspace: dir, environment: env)
                #expect(r.exited(0), "\(r)")
                let line = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
                #expect(line.hasPrefix("tick \(now): "), "\(r)")
                let summary = line.components(separatedBy: "; pulled").first ?? line
                if !summary.hasSuffix(": nothing to do") { changes.append(summary) }
            }
        }
        #expect(changes == [
            "tick 2027-03-01T12:00:00Z: 3 launched, 3 missed",
            "tick 2027-03-05T12:00:00Z: 1 launched, 1 missed",
            "tick 2027-03-10T12:00:00Z: 2 held",
            "tick 2027-03-11T00:00:00Z: 2 held",
            "tick 2027-03-11T12:00:00Z: 2 held",
            "tick 2027-03-12T00:00:00Z: 2 held",
            "tick 2027-03-14T12:00:00Z: 1 launched, 1 missed",
            "tick 2027-03-20T12:00:00Z: 1 launched, 2 paused, 1 missed",
            "tick 2027-03-21T00:00:00Z: 2 blocked",
            "tick 2027-03-21T12:00:00Z: 2 blocked",
            "tick 2027-03-22T00:00:00Z: 2 blocked",
            "tick 2027-03-22T12:00:00Z: 1 blocked",
            "tick 2027-03-23T00:00:00Z: 1 blocked",
            "tick 2027-03-23T12:00:00Z: 1 enabled",
            "tick 2027-03-26T12:00:00Z: 1 paused, 1 missed",
        ])

        let log = try await TFZRunner.runOffPool(["log"], workspace: dir, environment: env)
        let actions = log.stdout.split(separator: "\n").map { line -> String in
            // Drop the real-time stamp: the sequence is what matters.
            guard let space = line.range(of: "  ") else { return String(line) }
            // …and the machine that acted (the same one throughout).
            let entry = line[space.upperBound...]
            return String(entry.range(of: "  on ", options: .backwards).map { entry[..<$0.lowerBound] } ?? entry)
        }.filter { $0.contains("  missed  ") || $0.contains("  enable  ") || $0.contains("  pause  ") || $0.contains("  resume  ")
            || $0.contains("  blocked  ") }
        #expect(actions == Self.expected, "\(actions.joined(separator: "\n"))")

        // Dayparts are Google's own ad schedules on the deterrence campaigns: evenings, every day, in the zone's time.
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".tfz/sandbox/google-ads.json"))) as? [String: Any]
        let account = try #require((state?["accounts"] as? [String: Any])?.values.first as? [String: Any])
        let criteria = try #require((account["resources"] as? [String: Any])?["campaignCriterion"] as? [String: Any])
        let schedules = criteria.values.compactMap { ($0 as? [String: Any])?["adSchedule"] }
        #expect(schedules.count == 3 * 7 * 2, "two daily windows, seven days, three deterrence campaigns: \(schedules.count)")
    }
}
