import CampaignKit
import Foundation
import PostgresHarness
import Store

/// `--report`: a store of at least 10M fact rows — one year of a 381-zone program (1,143 Google campaigns; per campaign-day one
/// campaign row, 20 keyword rows, 2 ad rows and 1 landing-page row) — then `tfz report --by zone,week` over it, in process
/// and as the release CLI, and a keyword report for comparison.
enum ReportBenchmark {
    /// With `postgres`, the same rows also go into a PostgreSQL team store on a throwaway server of this process
    /// (`initdb` + `pg_ctl`, see `ThrowawayPostgres`), and the same reports run there, side by side.
    static func run(targetRows: Int, postgres: Bool = false) throws {
        var kinds = ["sqlite"]
        if postgres { kinds.append("postgres") }
        for kind in kinds { try run(targetRows: targetRows, kind: kind) }
    }

    static func run(targetRows: Int, kind: String) throws {
        let perCampaignDay = 24
        let days = 365
        // Enough campaigns (a multiple of 3: three templates a zone) for at least `targetRows` rows.
        let campaigns = max(3, Int((Double(targetRows) / Double(perCampaignDay * days * 3)).rounded(.up)) * 3)
        let zones = campaigns / 3
        let templates: [(String, Purpose)] = [("deterrence-search", .deterrence), ("outreach-search", .outreach), ("education-search", .education)]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfz-report-bench-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: LaunchBenchmark.sampleRoot().appendingPathComponent("tfz.yaml"), to: dir.appendingPathComponent("tfz.yaml"))
        let store: any WorkspaceStore
        if kind == "postgres" {
            let settings = try TeamStoreForBenchmark.newDatabase()
            store = try PostgresStore(settings)
            try TeamStoreForBenchmark.point(workspace: dir, at: settings)
        } else {
            store = try SQLiteStore(directory: dir.appendingPathComponent(".tfz"))
        }
        let first = CalendarDate(year: 2025, month: 1, day: 6)
        let pull = try store.beginPull(MetricPull(platform: .googleAds, accountId: "1234567890", apiVersion: "v25", lookbackDays: 30,
                                                  attribution: "benchmark", since: first.description,
                                                  until: first.adding(days: days - 1).description, startedAt: "benchmark"))
        var random = FigureSource(seed: 2026)
        let t0 = Clock.now()
        var total = 0
        var batch: [MetricRow] = []
        batch.reserveCapacity(campaigns * perCampaignDay * 30)
        for day in 0..<days {
            let date = first.adding(days: day).description
            for c in 0..<campaigns {
                let (template, purpose) = templates[c % 3]
                let key = CampaignKey(zone: "zone-\(c / 3)", template: template, platform: .googleAds)
                let campaignId = String(100_000 + c)
                var impressions: Int64 = 0, clicks: Int64 = 0, cost: Int64 = 0
                for k in 0..<20 {
                    let i = Int64(random.next() % 200), cl = Int64(random.next() % 8), co = cl * 700_000
                    impressions += i; clicks += cl; cost += co
                    batch.append(MetricRow(platform: .googleAds, accountId: "1234567890", grain: .keyword, campaignId: campaignId,
                                           adGroupId: String(200_000 + c), criterionId: String(300_000 + k), date: date, campaignKey: key,
                                           purpose: purpose, keyword: "term \(k)", matchType: "PHRASE", impressions: i, clicks: min(cl, i), costMicros: co))
                }
                for a in 0..<2 {
                    batch.append(MetricRow(platform: .googleAds, accountId: "1234567890", grain: .ad, campaignId: campaignId,
                                           adGroupId: String(200_000 + c), adId: String(400_000 + a), date: date, campaignKey: key, purpose: purpose,
                                           creative: "\(purpose.rawValue)/creative-\(a)", impressions: impressions / 2, clicks: clicks / 2, costMicros: cost / 2))
                }
                batch.append(MetricRow(platform: .googleAds, accountId: "1234567890", grain: .landingPage, campaignId: campaignId,
                                       adGroupId: String(200_000 + c), landingPage: "https://example.org/\(purpose.rawValue)/zone-\(c / 3)",
                                       date: date, campaignKey: key, purpose: purpose, impressions: impressions, clicks: clicks, costMicros: cost))
                batch.append(MetricRow(platform: .googleAds, accountId: "1234567890", grain: .campaign, campaignId: campaignId, date: date,
                                       campaignKey: key, purpose: purpose, impressions: impressions, clicks: clicks, costMicros: cost,
                                       searchImpressionShare: 0.1 + Double(random.next() % 800) / 1000))
            }
            if day % 30 == 29 || day == days - 1 {
                try store.storeMetrics(batch, pull: pull, completeThrough: date)
                total += batch.count
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.finishPull(pull, rows: total)
        let stored = try store.metricRowCount()
        print("report [\(kind)]: \(stored.formatted()) fact rows (\(zones) zones, \(campaigns) campaigns, \(days) days; "
              + "\((campaigns * days).formatted()) campaign-day rows), generated and stored in \(String(format: "%.1f", Clock.now() - t0)) s")
        if let sqlite = store as? SQLiteStore {
            let size = (try? FileManager.default.attributesOfItem(atPath: sqlite.databaseURL.path)[.size] as? Int) ?? 0
            print("  database: \(size / 1_048_576) MiB")
        } else {
            print("  \(store.description) (\(TeamStoreForBenchmark.serverNote))")
        }

        for (title, dimensions) in [("zone × week", [ReportDimension.zone, .week]), ("zone × month", [.zone, .month]),
                                    ("purpose × day", [.purpose, .day]), ("keyword", [.keyword])] {
            var best = Double.infinity
            var count = 0
            for _ in 0..<(title == "keyword" ? 1 : 3) {
                let s = Clock.now()
                count = try store.aggregate(by: dimensions, filter: ReportFilter()).count
                best = min(best, Clock.now() - s)
            }
            print(String(format: "  in-process aggregate by %-14@ %7.3f s (%d rows)%@", title as NSString, best, count,
                         title == "zone × week" ? (kind == "postgres" ? " — target ≤ 1.5 s" : " — target ≤ 1 s") : ""))
        }
        let tfz = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tfz")
        if FileManager.default.isExecutableFile(atPath: tfz.path) {
            for args in [["report", "-C", dir.path, "--by", "zone,week"], ["report", "-C", dir.path, "--by", "zone,week", "--format", "csv"]] {
                var best = Double.infinity
                var peak = 0
                for _ in 0..<3 {
                    let r = try Resources.run(tfz.path, args)
                    precondition(r.status == 0, "tfz \(args) failed")
                    best = min(best, r.seconds)
                    peak = max(peak, r.peakKiB)
                }
                print(String(format: "  release `tfz %@` best of 3: %.3f s wall, peak RSS %.0f MiB",
                             args.filter { $0 != dir.path && $0 != "-C" }.joined(separator: " ") as NSString, best, Double(peak) / 1024))
            }
        } else {
            print("  (no release tfz next to this binary: build with `swift build -c release` to time the CLI)")
        }
    }
}

/// Deterministic pseudo-random figures for the generated store (a multiplicative hash of a counter).
struct FigureSource {
    var counter: UInt64
    init(seed: UInt64) { counter = seed }
    mutating func next() -> UInt64 {
        counter &+= 1
        return (counter &* 0x9E37_79B9_7F4A_7C15) >> 29
    }
}
