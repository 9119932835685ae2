import Foundation
import Testing
@testable import CampaignKit

@Suite struct DiagnosticTests {
    @Test func fixtureIsClean() {
        let library = Fixture.library()
        #expect(library.diagnostics.map(\.rendered) == [])
        #expect(Set(library.campaigns.map(\.key.description)) == ["fl-hillsborough/deterrence-search/google_ads", "fl-hillsborough/social/meta"])
    }

    @Test(arguments: diagnosticCases)
    func pinned(_ c: DiagnosticCase) throws {
        let actual = Fixture.diagnostics(c.changes)
        if ProcessInfo.processInfo.environment["TFZ_RECORD"] != nil {
            Recorder.record(c.name, actual)
            return
        }
        #expect(actual == c.expected)
    }

    @Test func atLeastTwentyFiveDistinctCodes() {
        var codes = Set<String>()
        for c in diagnosticCases { codes.formUnion(Fixture.library(c.changes).diagnostics.map(\.code)) }
        #expect(codes.count >= 25, "\(codes.sorted())")
    }
}

/// Writes the actual diagnostics of each case to /tmp/recorded.json when re-recording.
enum Recorder {
    static let lock = NSLock()
    static func record(_ name: String, _ lines: [String]) {
        lock.lock(); defer { lock.unlock() }
        let url = URL(fileURLWithPath: "/tmp/recorded.json")
        var all = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: [String]] ?? [:]
        all[name] = lines
        try? JSONSerialization.data(withJSONObject: all, options: [.sortedKeys, .prettyPrinted]).write(to: url)
    }
}
