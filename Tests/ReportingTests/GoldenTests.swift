import Testing
@testable import Reporting

/// The renderings of the fixed synthetic bundle, byte for byte. Re-record with TFZ_RECORD_SNAPSHOTS=1 and review the diff.
@Suite struct GoldenTests {
    @Test func text() throws { try Snapshot.assert(Fixture.table().render(.text), named: "zone-purpose.txt") }
    @Test func textWithMaxRows() throws { try Snapshot.assert(Fixture.table().render(.text, maxRows: 3), named: "zone-purpose-max3.txt") }
    @Test func csv() throws { try Snapshot.assert(Fixture.table().render(.csv), named: "zone-purpose.csv") }
    @Test func json() throws { try Snapshot.assert(Fixture.table().render(.json), named: "zone-purpose.json") }
    @Test func html() throws { try Snapshot.assert(HTMLReport.render(Fixture.bundle()), named: "report.html") }
}
