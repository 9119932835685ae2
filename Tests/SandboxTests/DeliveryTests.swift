import Foundation
import Sandbox
import Testing

@Suite("Simulated delivery")
struct DeliveryTests {
    typealias Fixture = CampaignFixture

    /// The whole campaign, enabled and without its Friday-evening ad schedule.
    private func enabledCampaign() -> [[String: Any]] {
        var operations = Fixture.wholeCampaign()
        operations.remove(at: 3)
        var campaign = Fixture.campaignBody()
        campaign["status"] = "ENABLED"
        operations[1] = ["campaignOperation": ["create": campaign]]
        return operations
    }

    @Test("keyword_view metrics are deterministic, int64 strings, CTR 1-6 %, and never above the daily budget")
    func keywordView() async throws {
        func rows(seed: UInt64) async throws -> [[String: Any]] {
            var rows: [[String: Any]] = []
            try await withSandbox(SandboxConfiguration(seed: seed)) { sandbox, client in
                let token = try await client.accessToken()
                #expect(try await client.mutate(enabledCampaign(), token: token).status == 200)
                try await sandbox.simulateDelivery(through: "2026-03-07", from: "2026-03-01")
                let response = try await client.search(
                    """
                    SELECT campaign.id, ad_group_criterion.keyword.text, segments.date, metrics.impressions, metrics.clicks,
                      metrics.cost_micros, metrics.ctr
                    FROM keyword_view
                    WHERE segments.date BETWEEN '2026-03-01' AND '2026-03-07'
                    ORDER BY segments.date, ad_group_criterion.keyword.text
                    """, token: token
                )
                #expect(response.status == 200, "\(response.text)")
                rows = response.object[array: "results"].compactMap { $0 as? [String: Any] }
            }
            return rows
        }
        let first = try await rows(seed: 3)
        #expect(first.count == 14)
        var costByDay: [String: Int64] = [:]
        for row in first {
            let metrics = row[object: "metrics"]
            let impressionsText = try #require(metrics["impressions"] as? String)
            let impressions = try #require(Int64(impressionsText))
            let clicks = Int64(metrics["clicks"] as? String ?? "0")!
            let cost = Int64(metrics["costMicros"] as? String ?? "0")!
            #expect(impressions > 0)
            // Clicks are rounded at random, so the 1–6 % band holds on large counts; small ones get at most one click more.
            let ctr = Double(clicks) / Double(impressions)
            if impressions >= 200 {
                #expect(ctr >= 0.005 && ctr <= 0.065, "\(row)")
            } else {
                #expect(clicks <= Int64(Double(impressions) * 0.06) + 1, "\(row)")
            }
            #expect(row[object: "keywordView"]["resourceName"] is String)
            costByDay[row[object: "segments"]["date"] as! String, default: 0] += cost
        }
        #expect(costByDay.count == 7)
        #expect(costByDay.values.allSatisfy { $0 <= 25_000_000 })
        let again = try await rows(seed: 3)
        #expect(NSArray(array: first).isEqual(to: again))
    }

    @Test("Paused or out-of-flight campaigns get no delivery; aggregation by campaign sums the keywords")
    func servingRules() async throws {
        try await withSandbox { sandbox, client in
            let token = try await client.accessToken()
            #expect(try await client.mutate(Fixture.wholeCampaign(), token: token).status == 200)  // PAUSED
            try await sandbox.simulateDelivery(through: "2026-03-07", from: "2026-03-01")
            #expect(await sandbox.snapshot().account(SandboxHTTPClient.customer).keywordMetrics.isEmpty)

            let campaign = try #require(await sandbox.snapshot().account(SandboxHTTPClient.customer).campaigns.first)
            let enable: [String: Any] = [
                "campaignOperation": [
                    "update": ["resourceName": campaign.resourceName, "status": "ENABLED"], "updateMask": "status",
                ]
            ]
            #expect(try await client.mutate([enable], token: token).status == 200)
            try await sandbox.simulateDelivery(through: "2026-04-03", from: "2026-02-25")
            let metrics = await sandbox.snapshot().account(SandboxHTTPClient.customer).keywordMetrics
            // Only the Friday-evening ad schedule within the March flight: 6, 13, 20 and 27 March.
            #expect(Set(metrics.map(\.date)) == ["2026-03-06", "2026-03-13", "2026-03-20", "2026-03-27"])

            let total = try await client.search(
                "SELECT campaign.id, metrics.impressions, metrics.clicks FROM campaign WHERE campaign.status = 'ENABLED'",
                token: token
            )
            let row = try #require(total.object[array: "results"].first as? [String: Any])[object: "metrics"]
            #expect(row["impressions"] as? String == String(metrics.reduce(0) { $0 + $1.impressions }))
        }
    }
}
