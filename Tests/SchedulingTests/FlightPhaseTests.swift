import CampaignKit
import Foundation
import Testing
@testable import Scheduling

@Suite struct FlightPhaseTests {
    @Test func sameInstantDiffersBetweenNewYorkAndLosAngeles() throws {
        let flight = "{start: 2027-01-01, end: 2027-01-31}"
        let ny = try TestWorkspace.campaign(.init(id: "ny", timeZone: "America/New_York", flight: flight))
        let la = try TestWorkspace.campaign(.init(id: "la", timeZone: "America/Los_Angeles", county: "06037", flight: flight))
        let instant = utc("2027-01-01T06:00:00Z")  // 01:00 in New York, 22:00 on Dec 31 in Los Angeles
        #expect(FlightPhase.of(ny, at: instant, defaultTimeZone: "UTC") == .during(endsAt: utc("2027-02-01T05:00:00Z")))
        #expect(FlightPhase.of(la, at: instant, defaultTimeZone: "UTC") == .before(startsAt: utc("2027-01-01T08:00:00Z")))
        // The end: midnight starting Feb 1, local.
        let late = utc("2027-02-01T06:00:00Z")
        #expect(FlightPhase.of(ny, at: late, defaultTimeZone: "UTC") == .after(endedAt: utc("2027-02-01T05:00:00Z")))
        #expect(FlightPhase.of(la, at: late, defaultTimeZone: "UTC") == .during(endsAt: utc("2027-02-01T08:00:00Z")))
    }

    @Test func boundariesAreExactlyLocalMidnight() throws {
        let ny = try TestWorkspace.campaign(.init(id: "ny", timeZone: "America/New_York", flight: "{start: 2027-01-01, end: 2027-01-01}"))
        let start = utc("2027-01-01T05:00:00Z"), end = utc("2027-01-02T05:00:00Z")
        #expect(FlightPhase.of(ny, at: start.addingTimeInterval(-1), defaultTimeZone: "UTC") == .before(startsAt: start))
        #expect(FlightPhase.of(ny, at: start, defaultTimeZone: "UTC") == .during(endsAt: end))
        #expect(FlightPhase.of(ny, at: end.addingTimeInterval(-1), defaultTimeZone: "UTC") == .during(endsAt: end))
        #expect(FlightPhase.of(ny, at: end, defaultTimeZone: "UTC") == .after(endedAt: end))
    }

    @Test(arguments: [
        // zone, flight start, flight end, first instant, first instant after, hours
        ("America/New_York", "2027-03-14", "2027-03-14", "2027-03-14T05:00:00Z", "2027-03-15T04:00:00Z", 23.0),  // spring forward
        ("America/New_York", "2027-03-15", "2027-11-07", "2027-03-15T04:00:00Z", "2027-11-08T05:00:00Z", 5713.0),
        ("America/New_York", "2027-11-07", "2027-11-07", "2027-11-07T04:00:00Z", "2027-11-08T05:00:00Z", 25.0),  // fall back
        ("America/Los_Angeles", "2027-03-14", "2027-03-14", "2027-03-14T08:00:00Z", "2027-03-15T07:00:00Z", 23.0),
        ("America/Los_Angeles", "2027-03-15", "2027-11-07", "2027-03-15T07:00:00Z", "2027-11-08T08:00:00Z", 5713.0),
        ("America/Los_Angeles", "2027-11-07", "2027-11-07", "2027-11-07T07:00:00Z", "2027-11-08T08:00:00Z", 25.0),
        ("America/Phoenix", "2027-03-14", "2027-11-07", "2027-03-14T07:00:00Z", "2027-11-08T07:00:00Z", 5736.0),  // no DST
    ])
    func daylightSavingChangesGiveRealMidnights(zone: String, start: String, end: String, startsAt: String, endsAt: String, hours: Double) throws {
        let flight = Flight(start: CalendarDate(parsing: start), end: CalendarDate(parsing: end))
        let window = FlightWindow(flight, in: try #require(TimeZone(identifier: zone)))
        #expect(window.startsAt == utc(startsAt))
        #expect(window.endsAt == utc(endsAt))
        #expect(window.endsAt!.timeIntervalSince(window.startsAt!) == hours * 3600)
    }

    @Test func campaignsFromFilesUseTheirZone() throws {
        let phoenix = try TestWorkspace.campaign(.init(id: "az", timeZone: "America/Phoenix", county: "04013", flight: "{start: 2027-03-15}"))
        #expect(FlightPhase.of(phoenix, at: utc("2027-03-15T06:59:59Z"), defaultTimeZone: "UTC") == .before(startsAt: utc("2027-03-15T07:00:00Z")))
        #expect(FlightPhase.of(phoenix, at: utc("2027-03-15T07:00:00Z"), defaultTimeZone: "UTC") == .during(endsAt: nil))
    }

    @Test func noFlightOrNoStartRunsWheneverLaunched() throws {
        let none = try TestWorkspace.campaign(.init(id: "none", timeZone: "America/New_York"))
        #expect(none.flight == nil)
        #expect(FlightPhase.of(none, at: utc("2000-01-01T00:00:00Z"), defaultTimeZone: "UTC") == .during(endsAt: nil))
        let endOnly = try TestWorkspace.campaign(.init(id: "end", timeZone: "America/New_York", flight: "{end: 2027-01-31}"))
        #expect(FlightPhase.of(endOnly, at: utc("2000-01-01T00:00:00Z"), defaultTimeZone: "UTC") == .during(endsAt: utc("2027-02-01T05:00:00Z")))
        #expect(FlightPhase.of(endOnly, at: utc("2027-02-01T05:00:00Z"), defaultTimeZone: "UTC") == .after(endedAt: utc("2027-02-01T05:00:00Z")))
    }

    @Test func unknownTimeZoneFallsBackToTheWorkspaceDefault() throws {
        var campaign = try TestWorkspace.campaign(.init(id: "ny", timeZone: "America/New_York", flight: "{start: 2027-01-01}"))
        campaign.timeZone = "Mars/Olympus_Mons"
        #expect(FlightPhase.of(campaign, at: utc("2027-01-01T00:00:00Z"), defaultTimeZone: "America/Los_Angeles")
            == .before(startsAt: utc("2027-01-01T08:00:00Z")))
        #expect(FlightPhase.of(campaign, at: utc("2027-01-01T00:00:00Z"), defaultTimeZone: "Nowhere/Either")
            == .during(endsAt: nil))  // UTC midnight
    }
}
