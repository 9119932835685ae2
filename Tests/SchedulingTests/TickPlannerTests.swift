import CampaignKit
import Foundation
import Testing
@testable import Scheduling

@Suite struct TickPlannerTests {
    typealias Z = TestWorkspace.Zone
    let key = TestWorkspace.key

    func plan(_ campaigns: [Campaign], _ state: RemoteState = RemoteState(), holds: Set<CampaignKey> = [], blocked: [CampaignKey: String] = [:],
              now: String, lastTick: String? = nil) -> TickPlan {
        TickPlanner.plan(campaigns: campaigns, remote: state, holds: holds, blocked: blocked, now: utc(now), lastTick: lastTick.map(utc),
                         defaultTimeZone: "America/New_York")
    }

    @Test func launchesPausesAndWaitsByFlight() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "a-during", timeZone: "America/New_York", flight: "{start: 2027-01-01, end: 2027-12-31}"),
            Z(id: "b-before", timeZone: "America/New_York", flight: "{start: 2027-06-01}"),
            Z(id: "c-after", timeZone: "America/New_York", flight: "{start: 2026-01-01, end: 2026-12-31}"),
            Z(id: "d-early", timeZone: "America/New_York", flight: "{start: 2027-06-01}"),
            Z(id: "e-paused", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
            Z(id: "f-running", timeZone: "America/New_York"),
        ])
        let c = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.key.zone, $0) })
        let state = RemoteState([remote(c["c-after"]!, .enabled), remote(c["d-early"]!, .enabled), remote(c["e-paused"]!, .paused),
                                 remote(c["f-running"]!, .enabled)])
        let p = plan(campaigns, state, now: "2027-03-01T12:00:00Z", lastTick: "2027-03-01T11:55:00Z")
        #expect(p.actions == [
            .launch(key("a-during")),
            .none(key("b-before"), .waiting(startsAt: utc("2027-06-01T04:00:00Z"))),
            .pause(key("c-after"), reason: "flight ended 2026-12-31"),
            .pause(key("d-early"), reason: "flight has not started"),
            .enable(key("e-paused"), reason: "in flight (2027-01-01 → open-ended)"),
            .none(key("f-running"), .running),
        ])
        #expect(p.missed.isEmpty)
        #expect(p.summary == "tick 2027-03-01T12:00:00Z: 1 launched, 1 enabled, 2 paused")
    }

    @Test func holdsAreNeverTouched() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "a-launchable", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
            Z(id: "b-paused", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
            Z(id: "c-ended", timeZone: "America/New_York", flight: "{start: 2026-01-01, end: 2026-12-31}"),
        ])
        let state = RemoteState([remote(campaigns[1], .paused), remote(campaigns[2], .enabled)])
        let holds: Set = [key("a-launchable"), key("b-paused"), key("c-ended")]
        let p = plan(campaigns, state, holds: holds, blocked: [key("a-launchable"): "over the monthly cap"],
                     now: "2027-03-01T12:00:00Z", lastTick: "2026-12-01T00:00:00Z")
        #expect(p.actions == holds.sorted().map { .none($0, .held) })
        #expect(p.missed.isEmpty)
        #expect(p.summary == "tick 2027-03-01T12:00:00Z: 3 held")
    }

    @Test func blockedCampaignIsPausedWithItsReason() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "a-enabled", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
            Z(id: "b-new", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
            Z(id: "c-paused", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
        ])
        let state = RemoteState([remote(campaigns[0], .enabled), remote(campaigns[2], .paused)])
        let reason = "organisation would pass its monthly cap of $5,000.00"
        let blocked = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.key, reason) })
        let p = plan(campaigns, state, blocked: blocked, now: "2027-03-01T12:00:00Z")
        #expect(p.actions == [.pause(key("a-enabled"), reason: reason), .none(key("b-new"), .blocked(reason: reason)),
                              .none(key("c-paused"), .blocked(reason: reason))])
        #expect(p.lines == [
            "tick 2027-03-01T12:00:00Z: 1 paused, 2 blocked",
            "pause   a-enabled/t/google_ads: \(reason)",
            "blocked b-new/t/google_ads: \(reason)",
            "blocked c-paused/t/google_ads: \(reason)",
        ])
    }

    @Test func flightInsideDowntimeIsNeverLaunchedAndReportedMissed() {
        let campaigns = TestWorkspace.campaigns([Z(id: "fl-x", timeZone: "America/New_York", flight: "{start: 2027-01-01, end: 2027-01-02}")])
        let p = plan(campaigns, now: "2027-01-05T12:00:00Z", lastTick: "2026-12-31T23:55:00Z")
        #expect(p.changes.isEmpty)
        #expect(p.actions == [.none(key("fl-x"), .ended(endedAt: utc("2027-01-03T05:00:00Z")))])
        #expect(p.missed.map(\.description) == [
            "fl-x/t/google_ads: flight 2027-01-01 → 2027-01-02 began and ended while no tick ran (last tick 2026-12-31T23:55:00Z); not launched",
        ])
        #expect(p.missed.first?.kind == .beganAndEnded)
        #expect(p.summary == "tick 2027-01-05T12:00:00Z: 1 missed")
    }

    @Test func missedStartLaunchesNowWithACatchUpLine() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "ny", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
            Z(id: "la", timeZone: "America/Los_Angeles", county: "06037", flight: "{start: 2027-01-03}"),
        ])
        let p = plan(campaigns, now: "2027-01-03T05:00:00Z", lastTick: "2026-12-31T12:00:00Z")
        #expect(p.actions == [.none(key("la"), .waiting(startsAt: utc("2027-01-03T08:00:00Z"))), .launch(key("ny"))])
        #expect(p.missed.map(\.description) == [
            "ny/t/google_ads: flight began 2027-01-01 00:00 America/New_York, 2 days before this tick; launching now",
        ])
        #expect(p.summary == "tick 2027-01-03T05:00:00Z: 1 launched, 1 missed")
    }

    @Test func startWithinGraceIsOnTimeNotMissed() {
        let campaigns = TestWorkspace.campaigns([Z(id: "ny", timeZone: "America/New_York", flight: "{start: 2027-01-01}")])
        let p = plan(campaigns, now: "2027-01-01T05:05:00Z", lastTick: "2027-01-01T04:55:00Z")
        #expect(p.actions == [.launch(key("ny"))])
        #expect(p.missed.isEmpty)
        // The first tick reports nothing missed: there was no downtime to speak of.
        #expect(plan(campaigns, now: "2027-02-01T00:00:00Z").missed.isEmpty)
    }

    @Test func missedEndPausesWithALateLine() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "la", timeZone: "America/Los_Angeles", county: "06037", flight: "{start: 2026-12-01, end: 2027-01-01}"),
            Z(id: "ny", timeZone: "America/New_York", flight: "{start: 2026-12-01, end: 2027-01-01}"),
        ])
        let state = RemoteState(campaigns.map { remote($0, .enabled) })
        let p = plan(campaigns, state, now: "2027-01-02T10:30:00Z", lastTick: "2027-01-01T20:00:00Z")
        #expect(p.actions == [.pause(key("la"), reason: "flight ended 2027-01-01"), .pause(key("ny"), reason: "flight ended 2027-01-01")])
        #expect(p.missed.map(\.description) == [
            "la/t/google_ads: flight ended 2027-01-01 (over at 2027-01-02 00:00 America/Los_Angeles); pausing now, 2 hours late",
            "ny/t/google_ads: flight ended 2027-01-01 (over at 2027-01-02 00:00 America/New_York); pausing now, 5 hours late",
        ])
    }

    @Test func applyingThePlanLeavesNothingToDo() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "a", timeZone: "America/New_York", flight: "{start: 2027-01-01, end: 2027-01-02}"),
            Z(id: "b", timeZone: "America/New_York", flight: "{start: 2026-12-01}"),
            Z(id: "c", timeZone: "America/Los_Angeles", county: "06037", flight: "{start: 2026-06-01, end: 2026-12-31}"),
            Z(id: "d", timeZone: "America/New_York", flight: "{start: 2026-12-01}"),
            Z(id: "e", timeZone: "America/New_York", flight: "{start: 2027-06-01}"),
            Z(id: "f", timeZone: "America/New_York", status: "paused"),
            Z(id: "g", timeZone: "America/New_York"),
            Z(id: "h", timeZone: "America/New_York"),
        ])
        let c = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.key.zone, $0) })
        let gone = CampaignKey(zone: "gone", template: "t", platform: .googleAds)
        let before = RemoteState([remote(c["c"]!, .enabled), remote(c["d"]!, .paused), remote(c["e"]!, .enabled), remote(c["f"]!, .enabled),
                                  remote(c["h"]!, .paused, remoteId: nil),
                                  RemoteCampaign(key: gone, accountId: "1234567890", remoteId: "9", status: .enabled, applied: c["a"]!.snapshot)])
        let blocked = [key("g"): "daily budget over the per-campaign maximum"]
        let first = plan(campaigns, before, blocked: blocked, now: "2027-01-01T12:00:00Z", lastTick: "2026-12-20T00:00:00Z")
        #expect(first.changes.map(\.key.zone) == ["a", "b", "c", "d", "e", "f", "h"])
        #expect(!first.actions.contains { $0.key == gone })
        let after = applying(first, to: before, campaigns: campaigns)
        #expect(after.campaigns[gone]?.status == .enabled)
        let second = plan(campaigns, after, blocked: blocked, now: "2027-01-01T12:00:00Z", lastTick: "2027-01-01T12:00:00Z")
        #expect(second.changes.isEmpty)
        #expect(second.missed.isEmpty)
        #expect(second.summary == "tick 2027-01-01T12:00:00Z: 1 blocked")
    }

    @Test func orderIsByKeyWhateverTheInput() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "c", timeZone: "America/New_York"), Z(id: "a", timeZone: "America/New_York"), Z(id: "b", timeZone: "America/New_York"),
        ])
        let p = plan(campaigns.reversed(), now: "2027-01-01T00:00:00Z")
        #expect(p.actions == [.launch(key("a")), .launch(key("b")), .launch(key("c"))])
        #expect(plan(campaigns.shuffled(), now: "2027-01-01T00:00:00Z") == p)
    }

    @Test func fullLines() {
        let campaigns = TestWorkspace.campaigns([
            Z(id: "a", timeZone: "America/New_York", flight: "{start: 2027-01-01}"),
            Z(id: "b", timeZone: "America/New_York", flight: "{start: 2026-01-01, end: 2026-12-31}"),
            Z(id: "c", timeZone: "America/New_York"),
            Z(id: "d", timeZone: "America/New_York", flight: "{start: 2027-06-01}"),
            Z(id: "e", timeZone: "America/New_York"),
        ])
        let state = RemoteState([remote(campaigns[1], .enabled), remote(campaigns[2], .paused), remote(campaigns[4], .enabled)])
        let p = plan(campaigns, state, holds: [key("c")], now: "2027-01-01T07:00:00Z", lastTick: "2026-12-31T23:55:00Z")
        #expect(p.rendered == """
            tick 2027-01-01T07:00:00Z: 1 launched, 1 paused, 1 held, 2 missed
            launch  a/t/google_ads
            pause   b/t/google_ads: flight ended 2026-12-31
            held    c/t/google_ads: on hold by a person; not touched
            missed  a/t/google_ads: flight began 2027-01-01 00:00 America/New_York, 2 hours before this tick; launching now
            missed  b/t/google_ads: flight ended 2026-12-31 (over at 2027-01-01 00:00 America/New_York); pausing now, 2 hours late
            unchanged: 1 running, 1 waiting for their flight
            """)
    }
}
