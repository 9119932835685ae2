import AdPlatforms
import CampaignKit
import Foundation
import Synchronization
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

    /// Report zips that ZIPFoundation could not survive, now read by `MicrosoftAdsZip` itself:
    /// `crash-2f03…`, whose records point past the end of the archive (the in-memory archive trapped: "Range requires
    /// lowerBound <= upperBound" in `Archive.MemoryFile.readData`), and `hang-unterminated-deflate.zip`, a deflated file
    /// whose stream announces more than the archive holds (its inflate loop asked for more input forever; the fuzzer's
    /// hang, rebuilt by hand after libFuzzer's timeout handler deadlocked before writing it). Time-limited: the hang
    /// would otherwise hold the suite.
    @Test(.timeLimit(.minutes(1))) func microsoftZipsZIPFoundationDidNotSurvive() throws {
        for (name, data) in try Self.inputs("microsoft-zip") {
            #expect(throws: MicrosoftAdsReportError.self, "\(name)") {
                try MicrosoftAdsMetricsSource.rows(fromArchive: data, grain: .keyword, accountId: "9")
            }
        }
    }

    /// A searchStream answer nested 100,000 arrays deep inside a row member (100 KB): the parser's skipper recursed once
    /// per level and overflowed the stack (a segmentation fault ending `tfz pull`). Made here rather than kept as a file;
    /// found by a probe beside the google-stream target, whose inputs (8 KB at most) nest too shallowly to reach it.
    @Test func googleStreamNestedWithoutEnd() throws {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let body = #"[{"results":[{"metrics":{"x":"# + String(repeating: open, count: 100_000) + "0" + String(repeating: close, count: 100_000) + "}}]}]"
            #expect(throws: GoogleAdsStreamError.self) { try GoogleAdsStreamParser().parse(Data(body.utf8)) }
        }
        // Deep but reasonable nesting in a member tfz skips is still read.
        let deep = #"[{"results":[{"campaign":{"id":"7","x":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}}]}]"
        guard case .rows(let rows) = try GoogleAdsStreamParser().parse(Data(deep.utf8)) else { Issue.record("expected rows"); return }
        #expect(rows.map(\.campaignId) == ["7"])
    }

    /// A `googleAds:search` answer whose `nextPageToken` repeats (the shape the google-mutate target answers every
    /// request with): `search` asked for the same page forever, piling up rows. It now stops at the repeated token.
    @Test func googleSearchWithARepeatingPageToken() async throws {
        let body = Data(#"{"results":[{"campaign":{"resourceName":"customers/1234567890/campaigns/9","id":"9"}}],"nextPageToken":"page-2"}"#.utf8)
        let transport = SameAnswer(body: body, limit: 50)
        let client = GoogleAdsClient(http: HTTPClient(transport: transport), baseURL: URL(string: "https://fuzz.invalid")!, customerId: "1234567890")
        await #expect(throws: GoogleAdsFailure.self) { try await client.search("SELECT campaign.id FROM campaign") }
        #expect(transport.requests == 2, "the first page, and the one that repeated its token")
    }
}

/// Answers every request with the same 200 body, as the fuzz targets do; past `limit` requests it fails instead, so
/// that a client that never stops asking ends the test rather than hanging it.
final class SameAnswer: HTTPTransport {
    struct TooManyRequests: Error {}
    let body: Data
    let limit: Int
    private let count = Mutex(0)

    init(body: Data, limit: Int) {
        self.body = body
        self.limit = limit
    }

    var requests: Int { count.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let n = count.withLock { $0 += 1; return $0 }
        guard n <= limit else { throw TooManyRequests() }
        return HTTPResponse(status: 200, body: body)
    }
}
