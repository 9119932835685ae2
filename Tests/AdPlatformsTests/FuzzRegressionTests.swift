import AdPlatforms
import CampaignKit
import Foundation
import Testing

/// Inputs that crashed or hung a fuzz target (`scripts/fuzz.sh`), kept in `Tests/FuzzRegressions/<target>/` and read
/// back here through the same code the target drives. Each must now end in the error the parser gives for bad input.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzRegressions")

    /// The kept inputs of one target, by file name (at least one: an empty folder would make the test pass vacuously).
    static func inputs(_ target: String) throws -> [(name: String, data: Data)] {
        let dir = folder.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        try #require(!names.isEmpty, "no inputs in \(dir.path)")
        return try names.map { ($0, try Data(contentsOf: dir.appendingPathComponent($0))) }
    }

    /// A zip whose records point past the end of the archive: ZIPFoundation's in-memory archive trapped
    /// ("Range requires lowerBound <= upperBound" in `Archive.MemoryFile.readData`), taking tfz down during a pull.
    @Test func microsoftZipPointingPastItsEnd() throws {
        for (name, data) in try Self.inputs("microsoft-zip") {
            #expect(throws: MicrosoftAdsReportError.self, "\(name)") {
                try MicrosoftAdsMetricsSource.rows(fromArchive: data, grain: .keyword, accountId: "9")
            }
        }
    }
}
