import Foundation
import Sandbox
import Testing

/// Metric pulls as tfz makes them: the simulated clock, every grain's metrics by day, impression
/// share, restated recent days, zero rows, and large streams.
@Suite("Metrics, clock and restatement")
struct MetricsTests {
    typealias Fixture = CampaignFixture
    static let synthetic = "5550001111"

    /// Noon UTC on `date`.
    static func noon(_ date: String) -> @Sendable () -> Date {
        let formatter = ISO8601DateFormatter()
        let instant = formatter.date(from: "\(date)T12:00:00Z")!
        return { instant }
    }

    /// The rows of every batch of a searchStream answer, and the batches.
    static func stream(_ client: SandboxHTTPClient, _ query: String, token: String, customer: String = synthetic)
        async throws -> (rows: [[String: Any]], batches: [[String: Any]])
    {
        let response = try await client.api(
            "/v25/customers/\(customer)/googleAds:searchStream", json: ["query": query], token: token)
        guard response.status == 200 else { throw TestFailure("\(response.status): \(response.text)") }
        let batches = response.array.compactMap { $0 as? [String: Any] }
        return (batches.flatMap { $0[array: "results"].compactMap { $0 as? [String: Any] } }, batches)
    }

    /// Impressions, clicks and cost of a row's metrics; int64 values must be JSON strings.
    static func figures(_ row: [String: Any]) throws -> [Int64] {
        let metrics = row[object: "metrics"]
        return try ["impressions", "clicks", "costMicros"].map { key in
            guard let value = metrics[key] else { return 0 }
            let text = try #require(value as? String, "\(key) is not a string: \(row)")
            return try #require(Int64(text))
        }
    }

    /// Sums of impressions, clicks and cost by `segments.date`.
    static func byDay(_ rows: [[String: Any]]) throws -> [String: [Int64]] {
        var sums: [String: [Int64]] = [:]
        for row in rows {
            let date = try #require(row[object: "segments"]["date"] as? String)
            let values = try figures(row)
            sums[date] = zip(sums[date] ?? [0, 0, 0], values).map { $0 + $1 }
        }
        return sums
    }

    @Test("The clock starts at now, advance simulates the completed days and persists; control endpoints")
    func clock() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = SandboxConfiguration(stateDirectory: directory, now: Self.noon("2026-03-01"))
        try await withSandbox(configuration) { sandbox, client in
            #expect(await sandbox.today() == "2026-03-01")
            let clock = try await client.send("GET", "/_sandbox/clock")
            #expect(clock.status == 200)
            #expect(clock.object["today"] as? String == "2026-03-01")

            let token = try await client.accessToken()
            var operations = Fixture.wholeCampaign()
            operations.remove(at: 3)  // no ad schedule
            var campaign = Fixture.campaignBody()
            campaign["status"] = "ENABLED"
            operations[1] = ["campaignOperation": ["create": campaign]]
            #expect(try await client.mutate(operations, token: token).status == 200)

            try await sandbox.advance(days: 7)
            #expect(await sandbox.today() == "2026-03-08")
            let dates = Set(await sandbox.snapshot().account(Fixture.customer).keywordMetrics.map(\.date))
            #expect(dates == Set((1...7).map { String(format: "2026-03-%02d", $0) }))

            let advanced = try await client.send("POST", "/_sandbox/advance", body: Data(#"{"days": 3}"#.utf8))
            #expect(advanced.status == 200)
            #expect(advanced.object["today"] as? String == "2026-03-11")
            let metrics = await sandbox.snapshot().account(Fixture.customer).keywordMetrics
            #expect(metrics.map(\.date).max() == "2026-03-10")

            // DURING follows the clock.
            let yesterday = try await client.search(
                "SELECT campaign.id, segments.date, metrics.impressions FROM campaign WHERE segments.date DURING YESTERDAY",
                token: token)
            #expect(
                yesterday.object[array: "results"].compactMap { ($0 as? [String: Any])?[object: "segments"]["date"] }
                    as? [String] == ["2026-03-10"])

            let backwards = try await client.send("POST", "/_sandbox/advance", body: Data(#"{"days": -1}"#.utf8))
            #expect(backwards.status == 400)
            await #expect(throws: SandboxError.invalidAdvance(-2)) { try await sandbox.advance(days: -2) }
        }
        // The clock is part of the persisted state.
        try await withSandbox(SandboxConfiguration(stateDirectory: directory, now: Self.noon("2026-01-01"))) {
            sandbox, client in
            #expect(await sandbox.today() == "2026-03-11")
            let clock = try await client.send("GET", "/_sandbox/clock")
            #expect(clock.object["today"] as? String == "2026-03-11")
        }
    }

    @Test("Keywords, ads, landing pages and campaigns add up to the same figures each day")
    func grainsAgree() async throws {
        // Today 2026-03-15: the 12th to the 14th are restated, so the check covers both kinds of day.
        try await withSandbox(SandboxConfiguration(seed: 7, now: Self.noon("2026-03-15"))) { sandbox, client in
            try await sandbox.addSyntheticAccount(
                customerId: Self.synthetic, campaigns: 3, keywordsPerCampaign: 4, adsPerAdGroup: 3,
                from: "2026-03-01", through: "2026-03-14")
            let token = try await client.accessToken()
            let range = "segments.date BETWEEN '2026-03-01' AND '2026-03-14'"
            let keywords = try await Self.stream(
                client,
                "SELECT campaign.id, ad_group.id, ad_group_criterion.criterion_id, ad_group_criterion.keyword.text, ad_group_criterion.keyword.match_type, metrics.impressions, metrics.clicks, metrics.cost_micros, segments.date FROM keyword_view WHERE \(range)",
                token: token
            ).rows
            let ads = try await Self.stream(
                client,
                "SELECT ad_group_ad.ad.id, ad_group.id, campaign.id, metrics.impressions, metrics.clicks, metrics.cost_micros, segments.date FROM ad_group_ad WHERE \(range)",
                token: token
            ).rows
            let pages = try await Self.stream(
                client,
                "SELECT landing_page_view.unexpanded_final_url, metrics.impressions, metrics.clicks, metrics.cost_micros, segments.date FROM landing_page_view WHERE \(range)",
                token: token
            ).rows
            let pagesByAdGroup = try await Self.stream(
                client,
                "SELECT landing_page_view.resource_name, landing_page_view.unexpanded_final_url, ad_group.id, campaign.name, metrics.impressions, metrics.clicks, metrics.cost_micros, segments.date FROM landing_page_view WHERE \(range)",
                token: token
            ).rows
            let campaigns = try await Self.stream(
                client,
                "SELECT campaign.id, metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.search_impression_share, segments.date FROM campaign WHERE \(range)",
                token: token
            ).rows

            #expect(keywords.count > 100)
            #expect(Set(ads.map { $0[object: "adGroupAd"][object: "ad"]["id"] as? String }).count == 9)
            let keywordDays = try Self.byDay(keywords)
            #expect(keywordDays.count == 14)
            #expect(try Self.byDay(ads) == keywordDays)
            #expect(try Self.byDay(pages) == keywordDays)
            #expect(try Self.byDay(pagesByAdGroup) == keywordDays)
            #expect(try Self.byDay(campaigns) == keywordDays)

            // Three distinct URLs per campaign; grouped by ad group the same URL stays one row per day.
            let urls = Set(pages.compactMap { $0[object: "landingPageView"]["unexpandedFinalUrl"] as? String })
            #expect(urls.count == 9)
            #expect(urls.contains("https://example.org/help/zone-2/v3"))
            #expect(pagesByAdGroup.count == pages.count)
            let page = try #require(pagesByAdGroup.first)
            let resourceName = try #require(page[object: "landingPageView"]["resourceName"] as? String)
            #expect(resourceName.hasPrefix("customers/\(Self.synthetic)/landingPageViews/"))
            #expect(UInt64(resourceName.split(separator: "/").last!) != nil)
            #expect(page[object: "campaign"]["name"] as? String != nil)
            #expect(page[object: "adGroup"]["id"] as? String != nil)

            // Ad rows never have clicks without impressions.
            for row in ads {
                let values = try Self.figures(row)
                #expect(values[1] <= values[0], "\(row)")
            }
        }
    }

    @Test("Impression share is a fraction in (0, 1]; below 10 % it is served as 0.0999")
    func impressionShare() async throws {
        try await withSandbox(SandboxConfiguration(now: Self.noon("2026-04-01"))) { sandbox, client in
            let token = try await client.accessToken()
            // Two campaigns without ad schedules: a normal budget and one of a single cent.
            for (index, amount) in ["25000000", "10000"].enumerated() {
                var operations = Fixture.wholeCampaign()
                operations.remove(at: 3)
                var budget = Fixture.budget(name: "budget \(index)")
                var create = (budget["campaignBudgetOperation"] as! [String: Any])["create"] as! [String: Any]
                create["amountMicros"] = amount
                budget = ["campaignBudgetOperation": ["create": create]]
                operations[0] = budget
                var campaign = Fixture.campaignBody(name: "campaign \(index)")
                campaign["status"] = "ENABLED"
                operations[1] = ["campaignOperation": ["create": campaign]]
                #expect(try await client.mutate(operations, token: token).status == 200)
            }
            try await sandbox.simulateDelivery(through: "2026-03-14", from: "2026-03-01")
            let response = try await client.search(
                """
                SELECT campaign.name, metrics.impressions, metrics.search_impression_share,
                  metrics.search_budget_lost_impression_share
                FROM campaign WHERE segments.date BETWEEN '2026-03-01' AND '2026-03-14' ORDER BY campaign.name
                """, token: token)
            #expect(response.status == 200, "\(response.text)")
            let rows = response.object[array: "results"].compactMap { $0 as? [String: Any] }
            #expect(rows.count == 2)
            let normal = rows[0][object: "metrics"]
            let share = try #require(normal["searchImpressionShare"] as? Double)
            #expect(share > 0.1 && share <= 1)
            let starved = rows[1][object: "metrics"]
            #expect((starved["searchImpressionShare"] as? Double ?? 1) < share)
            // Day by day: on a day with clicks the one-cent budget cuts delivery to (almost) nothing, and the
            // share is reported as Google does below 10 %.
            let days = try await client.search(
                """
                SELECT metrics.impressions, metrics.search_impression_share, metrics.search_budget_lost_impression_share, segments.date
                FROM campaign WHERE campaign.name = 'campaign 1' AND segments.date BETWEEN '2026-03-01' AND '2026-03-14'
                """, token: token)
            let daily = days.object[array: "results"].compactMap { ($0 as? [String: Any])?[object: "metrics"] }
            let cut = daily.filter { $0["searchImpressionShare"] as? Double == 0.0999 }
            #expect(!cut.isEmpty, "\(daily)")
            #expect(cut.allSatisfy { ($0["searchBudgetLostImpressionShare"] as? Double ?? 0) > 0.5 }, "\(cut)")
            #expect(daily.allSatisfy { ($0["searchImpressionShare"] as? Double).map { $0 == 0.0999 || $0 >= 0.1 } ?? true })

            // Per keyword and day, the share is within (0, 1] as well.
            let keywords = try await client.search(
                "SELECT ad_group_criterion.criterion_id, metrics.search_impression_share, segments.date FROM keyword_view WHERE segments.date BETWEEN '2026-03-01' AND '2026-03-14'",
                token: token)
            let shares = keywords.object[array: "results"].compactMap {
                ($0 as? [String: Any])?[object: "metrics"]["searchImpressionShare"] as? Double
            }
            #expect(!shares.isEmpty)
            #expect(shares.allSatisfy { $0 > 0 && $0 <= 1 })
        }
    }

    @Test("Recent days are restated: identical at one clock, changed after advance, final from age 4")
    func restatement() async throws {
        try await withSandbox(SandboxConfiguration(seed: 11, now: Self.noon("2026-03-15"))) { sandbox, client in
            try await sandbox.addSyntheticAccount(
                customerId: Self.synthetic, campaigns: 2, keywordsPerCampaign: 5, adsPerAdGroup: 1,
                from: "2026-03-01", through: "2026-03-20")
            let token = try await client.accessToken()
            let query =
                "SELECT campaign.id, metrics.impressions, metrics.clicks, metrics.cost_micros, segments.date FROM campaign WHERE segments.date BETWEEN '2026-03-08' AND '2026-03-14' ORDER BY campaign.id, segments.date"
            let first = try await client.search(query, token: token, customer: Self.synthetic)
            let again = try await client.search(query, token: token, customer: Self.synthetic)
            #expect(first.status == 200)
            #expect(first.body == again.body)

            // Final (stored) figures per day, from the snapshot.
            var final: [String: [Int64]] = [:]
            for day in await sandbox.snapshot().account(Self.synthetic).keywordMetrics {
                final[day.date] = zip(final[day.date] ?? [0, 0, 0], [day.impressions, day.clicks, day.costMicros])
                    .map { $0 + $1 }
            }
            let before = try Self.byDay(first.object[array: "results"].compactMap { $0 as? [String: Any] })
            for date in ["2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"] {
                #expect(before[date] == final[date], "\(date) is 4 or more days old: final figures")
            }
            for date in ["2026-03-12", "2026-03-13", "2026-03-14"] {
                let served = try #require(before[date])
                let stored = try #require(final[date])
                #expect(served[0] > stored[0], "\(date) is preliminary: more impressions than final")
                #expect(served[1] >= stored[1] && served[2] >= stored[2])
            }

            try await sandbox.advance(days: 1)
            let after = try await client.search(query, token: token, customer: Self.synthetic)
            #expect(after.body != first.body)
            let restated = try Self.byDay(after.object[array: "results"].compactMap { $0 as? [String: Any] })
            #expect(restated["2026-03-11"] == before["2026-03-11"])
            #expect(restated["2026-03-12"] != before["2026-03-12"])
            #expect(restated["2026-03-13"] != before["2026-03-13"])
            #expect(restated["2026-03-14"] != before["2026-03-14"])

            try await sandbox.advance(days: 3)
            let settled = try await client.search(query, token: token, customer: Self.synthetic)
            let settledDays = try Self.byDay(settled.object[array: "results"].compactMap { $0 as? [String: Any] })
            #expect(settledDays == final.filter { $0.key >= "2026-03-08" && $0.key <= "2026-03-14" })
        }
    }

    @Test("An ENABLED campaign gets a row for every in-flight day, zero metrics left out")
    func zeroRows() async throws {
        try await withSandbox(SandboxConfiguration(now: Self.noon("2026-04-01"))) { sandbox, client in
            let token = try await client.accessToken()
            var operations = Fixture.wholeCampaign()  // Friday evenings only
            var campaign = Fixture.campaignBody()
            campaign["status"] = "ENABLED"
            operations[1] = ["campaignOperation": ["create": campaign]]
            #expect(try await client.mutate(operations, token: token).status == 200)
            try await sandbox.simulateDelivery(through: "2026-03-07", from: "2026-02-20")

            let response = try await client.search(
                "SELECT campaign.id, metrics.impressions, metrics.clicks, segments.date FROM campaign WHERE segments.date BETWEEN '2026-02-25' AND '2026-03-07'",
                token: token)
            let rows = response.object[array: "results"].compactMap { $0 as? [String: Any] }
            // The flight starts on 1 March.
            #expect(rows.compactMap { $0[object: "segments"]["date"] as? String } == (1...7).map {
                String(format: "2026-03-%02d", $0)
            })
            for row in rows {
                let date = row[object: "segments"]["date"] as! String
                let metrics = try #require(row["metrics"] as? [String: Any])
                if date == "2026-03-06" {
                    #expect(metrics["impressions"] as? String != nil)
                } else {
                    #expect(metrics.isEmpty, "\(row)")
                }
            }
            // Keyword rows only where something happened.
            let keywords = try await client.search(
                "SELECT ad_group_criterion.criterion_id, metrics.impressions, segments.date FROM keyword_view WHERE segments.date BETWEEN '2026-02-25' AND '2026-03-07'",
                token: token)
            let dates = keywords.object[array: "results"].compactMap {
                ($0 as? [String: Any])?[object: "segments"]["date"] as? String
            }
            #expect(Set(dates) == ["2026-03-06"])
        }
    }

    @Test("landing_page_view cannot be joined with keyword fields")
    func landingPageJoin() async throws {
        try await withSandbox { _, client in
            let token = try await client.accessToken()
            for field in ["ad_group_criterion.keyword.text", "keyword_view.resource_name"] {
                let response = try await client.search(
                    "SELECT landing_page_view.unexpanded_final_url, \(field) FROM landing_page_view", token: token)
                #expect(response.status == 400)
                #expect(
                    googleAdsErrors(response).map(errorCode) == ["queryError.PROHIBITED_RESOURCE_TYPE_IN_SELECT_CLAUSE"])
            }
        }
    }

    @Test("A synthetic account gives campaigns × keywords × days keyword rows in batches of 10,000")
    func syntheticAccount() async throws {
        try await withSandbox(SandboxConfiguration(now: Self.noon("2026-05-01")), timeout: 60) { sandbox, client in
            try await sandbox.addSyntheticAccount(
                customerId: Self.synthetic, campaigns: 10, keywordsPerCampaign: 50, adsPerAdGroup: 2,
                from: "2026-03-01", through: "2026-03-21")
            let account = await sandbox.snapshot().account(Self.synthetic)
            #expect(account.campaigns.count == 10)
            #expect(account.adGroupCriteria.count == 500)
            #expect(account.adGroupAds.count == 20)
            #expect(account.campaigns.first?.name == "synthetic campaign 1")
            #expect(account.adGroupCriteria.first?["keyword.text"]?.stringValue == "synthetic term 1-1")
            let token = try await client.accessToken()
            let (rows, batches) = try await Self.stream(
                client,
                "SELECT campaign.id, ad_group.id, ad_group_criterion.criterion_id, ad_group_criterion.keyword.text, ad_group_criterion.keyword.match_type, metrics.impressions, metrics.clicks, metrics.cost_micros, segments.date FROM keyword_view WHERE segments.date BETWEEN '2026-03-01' AND '2026-03-21'",
                token: token)
            #expect(rows.count == 10 * 50 * 21)
            #expect(batches.map { $0[array: "results"].count } == [10_000, 500])
            #expect(batches.allSatisfy { $0["fieldMask"] as? String != nil && $0["requestId"] as? String != nil })
            let row = try #require(rows.first)
            #expect(row[object: "metrics"]["impressions"] is String)
            #expect(row[object: "adGroupCriterion"][object: "keyword"]["matchType"] as? String == "EXACT")
        }
    }

    /// A benchmark, not a test: `SANDBOX_BENCHMARK=1 swift test --filter SandboxTests.MetricsTests/benchmark`
    /// prints how long the 1,000,000-row keyword_view searchStream takes and how big it is.
    @Test(
        "Benchmark: 100 campaigns × 100 keywords × 100 days as one searchStream",
        .enabled(if: ProcessInfo.processInfo.environment["SANDBOX_BENCHMARK"] != nil))
    func benchmark() async throws {
        let size = Int(ProcessInfo.processInfo.environment["SANDBOX_BENCHMARK_SIZE"] ?? "100") ?? 100
        try await withSandbox(SandboxConfiguration(now: Self.noon("2026-07-01")), timeout: 900) { sandbox, client in
            let clock = ContinuousClock()
            let setup = try await clock.measure {
                try await sandbox.addSyntheticAccount(
                    customerId: Self.synthetic, campaigns: size, keywordsPerCampaign: size, adsPerAdGroup: 3,
                    from: "2026-03-01", through: SandboxCalendarText.day(after: "2026-03-01", plus: size - 1))
            }
            let token = try await client.accessToken()
            let query =
                "SELECT campaign.id, ad_group.id, ad_group_criterion.criterion_id, ad_group_criterion.keyword.text, ad_group_criterion.keyword.match_type, metrics.impressions, metrics.clicks, metrics.cost_micros, segments.date FROM keyword_view WHERE segments.date BETWEEN '2026-03-01' AND '2026-06-30'"
            var response: RawResponse?
            let serve = try await clock.measure {
                response = try await client.api(
                    "/v25/customers/\(Self.synthetic)/googleAds:searchStream", json: ["query": query], token: token)
            }
            let body = try #require(response).body
            let rows = body.split(separator: UInt8(ascii: "}")).count  // rough, for the print only
            print(
                "sandbox benchmark: \(size)×\(size)×\(size): setup \(setup), searchStream \(serve), \(body.count) bytes (~\(rows) closing braces)"
            )
            #expect(response?.status == 200)
        }
    }
}

/// Date text arithmetic for tests (the sandbox's own calendar is internal).
enum SandboxCalendarText {
    static func day(after date: String, plus days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: formatter.date(from: date)!.addingTimeInterval(Double(days) * 86_400))
    }
}
