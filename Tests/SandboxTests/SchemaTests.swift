import Foundation
import Testing

@testable import Sandbox

@Suite("Generated schema")
struct SchemaTests {
    /// `../shared/reference/google-ads-v25.json` next to the repository.
    static let reference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/reference/google-ads-v25.json")
    static var haveReference: Bool { FileManager.default.fileExists(atPath: reference.path) }
    static var havePython: Bool {
        ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    @Test("The wire names of the six resources exist in the v25 schema")
    func resourceKindNames() throws {
        let operation = try #require(GoogleAdsSchema.message("services.MutateOperation"))
        let response = try #require(GoogleAdsSchema.message("services.MutateOperationResponse"))
        let row = try #require(GoogleAdsSchema.message("services.GoogleAdsRow"))
        for kind in ResourceKind.allCases {
            #expect(operation.byJSON[kind.operationKey]?.proto == kind.operationProto, "\(kind)")
            #expect(response.byJSON[kind.resultKey] != nil, "\(kind)")
            #expect(row.byJSON[kind.resourceKey]?.proto == kind.gaqlName, "\(kind)")
            let resource = try #require(GoogleAdsSchema.message(kind.messageName))
            #expect(resource.resourceName?.hasPrefix("customers/{customer_id}/\(kind.collection)/") == true, "\(kind)")
            let service = try #require(GoogleAdsSchema.message(kind.serviceRequestMessage))
            #expect(service.byJSON["operations"] != nil)
        }
    }

    @Test("Every error code the sandbox sends exists in the reference's errorEnumValues", .enabled(if: haveReference))
    func errorCodesExist() throws {
        let data = try Data(contentsOf: Self.reference)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let members = (json["errorCodeMembers"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
            $0[$1["json"] as! String] = $1["enum"] as? String
        }
        let values = json["errorEnumValues"] as? [String: [String]] ?? [:]
        #expect(GoogleAdsErrorCode.allUsed.count > 50)
        for code in GoogleAdsErrorCode.allUsed {
            let enumName = try #require(members[code.member], "\(code)")
            #expect(values[enumName]?.contains(code.value) == true, "\(code)")
        }
    }

    @Test("The generated file is what the script makes from the reference", .enabled(if: haveReference && havePython))
    func generatedFileIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "GoogleAdsSchema-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("scripts/generate-google-ads-sandbox-schema.py").path,
            Self.reference.path, "--output", output.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let committed = try String(
            contentsOf: root.appendingPathComponent("Sources/Sandbox/Generated/GoogleAdsSchema.swift"), encoding: .utf8)
        #expect(try String(contentsOf: output, encoding: .utf8) == committed)
    }

    @Test("The validator knows camelCase and snake_case names and rejects unknown ones")
    func validator() {
        let campaign: SandboxJSON = [
            "name": "x", "advertising_channel_type": "SEARCH", "campaignBudget": "customers/1/campaignBudgets/2",
        ]
        var validator = SchemaValidator()
        let normalized = validator.validate(campaign, message: "resources.Campaign", path: "create")
        #expect(validator.violations.isEmpty)
        #expect(normalized["advertisingChannelType"] == "SEARCH")

        var strict = SchemaValidator()
        _ = strict.validate(["start_date": "2026-01-01", "id": "12x"], message: "resources.Campaign", path: "create")
        #expect(strict.violations.map(\.field).sorted() == ["create", "create.id"])
    }

    @Test("GAQL LIKE patterns")
    func likePatterns() throws {
        let tag = try #require(LikePattern("%[[]fl-x/t/google[_]ads[]]%"))
        #expect(tag.matches("TFZ [fl-x/t/google_ads] Tampa"))
        #expect(!tag.matches("TFZ fl-x/t/google_ads Tampa"))
        #expect(!tag.matches("TFZ [fl-x/t/googleXads] Tampa"))
        let percent = try #require(LikePattern("100[%]%"))
        #expect(percent.matches("100% sure"))
        #expect(!percent.matches("1000 sure"))
        #expect(LikePattern("abc[") == nil)
    }

    @Test("GAQL parses the documented grammar")
    func gaql() throws {
        let query = try GAQLParser.parse(
            "select campaign.id, campaign.name FROM campaign WHERE campaign.status IN ('ENABLED', PAUSED) AND segments.date BETWEEN '2026-01-01' AND '2026-01-31' AND campaign.name IS NOT NULL ORDER BY campaign.id DESC LIMIT 5"
        )
        #expect(query.select == ["campaign.id", "campaign.name"])
        #expect(query.conditions.map(\.op) == [.in, .between, .isNotNull])
        #expect(query.conditions[0].values == [.string("ENABLED"), .literal("PAUSED")])
        #expect(query.orderBy.map(\.descending) == [true])
        #expect(query.limit == 5)
        #expect(throws: GAQLError.self) { try GAQLParser.parse("SELECT FROM campaign") }
    }

    @Test("Calendar arithmetic")
    func calendar() {
        #expect(SandboxCalendar.day("1970-01-01") == 0)
        #expect(SandboxCalendar.string(SandboxCalendar.day("2028-02-29")!) == "2028-02-29")
        #expect(SandboxCalendar.day("2026-02-29") == nil)
        #expect(SandboxCalendar.weekday(SandboxCalendar.day("2026-03-06")!) == "FRIDAY")
        #expect(SandboxCalendar.weekdayIndex(SandboxCalendar.day("2026-03-02")!) == 0)
    }
}
