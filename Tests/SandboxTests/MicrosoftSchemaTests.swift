import Foundation
import Testing

@testable import Sandbox

@Suite("Generated Microsoft Advertising schema")
struct MicrosoftSchemaTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test(
        "The generated Microsoft tables are what the script makes from the reference",
        .enabled(if: MicrosoftReference.available && SchemaTests.havePython))
    func generatedFileIsCurrent() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ms-schema-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.root.appendingPathComponent("scripts/generate-microsoft-ads-sandbox-schema.py").path,
            MicrosoftReference.url.path, "--output", output.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let committed = try String(
            contentsOf: Self.root.appendingPathComponent("Sources/Sandbox/MicrosoftAds/Generated/MicrosoftAdsSchema+Tables.swift"),
            encoding: .utf8)
        #expect(try String(contentsOf: output, encoding: .utf8) == committed)
    }

    @Test("The validator normalises ids and Type values and names unknown fields with their path")
    func validator() {
        var validator = MicrosoftSchemaValidator()
        let normalized = validator.validate(
            [
                "AccountId": 123,
                "Campaigns": [["Name": "x", "BiddingScheme": ["Type": "ManualCpcBiddingScheme"], "BudgetId": "7"]],
            ], model: "cm.AddCampaignsRequest", path: "")
        #expect(validator.problems.isEmpty)
        #expect(normalized["AccountId"] == "123")
        #expect(normalized["Campaigns"]?.arrayValue?.first?["BiddingScheme"]?["Type"] == "ManualCpc")

        var strict = MicrosoftSchemaValidator()
        _ = strict.validate(
            ["AccountId": "1x", "Campaigns": [["Naem": "x", "Status": "Enabled"]]], model: "cm.AddCampaignsRequest", path: "")
        #expect(strict.problems.count == 3)
        #expect(strict.problems.contains { $0.contains("\"Naem\" at 'Campaigns[0]'") })
        #expect(strict.problems.contains { $0.contains("'Campaigns[0].Status'") })
    }

    @Test(
        "The generated ZIP code table is what the script makes from the shared data",
        .enabled(if: SchemaTests.havePython && FileManager.default.fileExists(atPath: Self.zipCodes.path)))
    func postalCodesAreCurrent() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ms-zip-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.root.appendingPathComponent("scripts/generate-sandbox-postal-codes.py").path, Self.zipCodes.path,
            "--output", output.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let committed = try String(
            contentsOf: Self.root.appendingPathComponent("Sources/Sandbox/MicrosoftAds/Generated/MicrosoftPostalCodes+Table.swift"),
            encoding: .utf8)
        #expect(try String(contentsOf: output, encoding: .utf8) == committed)
    }

    static var zipCodes: URL {
        root.deletingLastPathComponent().appendingPathComponent("shared/data/us-zip-codes.csv")
    }

    @Test("The locations file: the country, states, every county and active ZIP code, with unique ids")
    func locations() {
        let all = MicrosoftGeoLocations.all
        #expect(Set(all.map(\.id)).count == all.count)
        #expect(all.filter { $0.type == "County" }.count > 3_100)
        #expect(all.filter { $0.type == "PostalCode" }.count > 40_000)
        #expect(MicrosoftGeoLocations.byId[9_033_602]?.displayName == "33602|Florida|United States")
        #expect(MicrosoftGeoLocations.byId[3_012_057]?.displayName == "Hillsborough County|Florida|United States")
        #expect(MicrosoftGeoLocations.byId[2_000_012]?.displayName == "Florida|United States")
    }
}
