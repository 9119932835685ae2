// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tfz",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tfz", targets: ["tfz"]),
        .library(name: "CampaignKit", targets: ["CampaignKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // HMAC-SHA256 for Meta's appsecret_proof; already built for Hummingbird, so it costs a link, not a build.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The team store (PostgreSQL). Built on SwiftNIO, which Hummingbird already brings.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "tfz",
            dependencies: [
                "CampaignKit", "AdPlatforms", "Store", "Sandbox", "Reporting", "Scheduling", "Operations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AdPlatforms",
            dependencies: ["CampaignKit", "CZlibReport", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // zlib (zlib1g-dev), for the report zips AdPlatforms reads itself (see MicrosoftAdsZip).
        .systemLibrary(name: "CZlibReport", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(
            name: "Store",
            dependencies: ["CampaignKit", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "CampaignKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            // Composes the store, the platform adapters and the scheduler: launch, pause, pull, status and the tick as
            // library calls with an injected clock, store and connector (the embedded sandbox, in process or on
            // loopback, or the real hosts); the CLI only parses and prints.
            name: "Operations",
            dependencies: ["CampaignKit", "AdPlatforms", "Store", "Scheduling", "Sandbox", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Reporting",
            dependencies: ["CampaignKit"]
        ),
        .target(
            name: "Scheduling",
            dependencies: ["CampaignKit"]
        ),
        .target(
            name: "CampaignKit",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            // libFuzzer targets over every parser of untrusted bytes (campaign files, platform answers); see docs/fuzzing.md.
            // A normal build makes a replayer (`TFZFuzz <target> FILE…`); scripts/fuzz.sh builds it with -sanitize=fuzzer.
            name: "TFZFuzz",
            dependencies: ["CampaignKit", "AdPlatforms"]
        ),
        .executableTarget(
            name: "Benchmarks",
            dependencies: ["CampaignKit", "AdPlatforms", "Sandbox", "Store", "Reporting", "Operations", "PostgresHarness"]
        ),
        .testTarget(
            name: "CampaignKitTests",
            dependencies: ["CampaignKit", .product(name: "Yams", package: "Yams")],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "AdPlatformsTests",
            dependencies: ["AdPlatforms", "CampaignKit", "Sandbox", "Store", "TestSupport"]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "CampaignKit", "PostgresHarness", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            // A throwaway PostgreSQL server per test process (initdb + pg_ctl from Debian's postgresql package), for the
            // store tests that run against both stores.
            name: "PostgresHarness",
            path: "Tests/PostgresHarness"
        ),
        .testTarget(
            name: "SchedulingTests",
            dependencies: ["Scheduling", "CampaignKit"]
        ),
        .testTarget(
            name: "ReportingTests",
            dependencies: ["Reporting", "CampaignKit"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: ["Sandbox", "CampaignKit"]
        ),
        .target(
            // Shared by the test targets: the in-process workspace harness (sample copy + store + in-process sandbox).
            name: "TestSupport",
            dependencies: ["CampaignKit", "AdPlatforms", "Operations", "Sandbox", "Store", "PostgresHarness", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            // The suites every platform adapter must pass, written once and run per registered platform.
            name: "PlatformTests",
            dependencies: ["TestSupport", "PostgresHarness", "Operations", "AdPlatforms", "Sandbox", "Store", "CampaignKit", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CampaignKit", "Sandbox", "Store", "PostgresHarness"],
            exclude: ["Snapshots"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
