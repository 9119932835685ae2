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
    ],
    targets: [
        .executableTarget(
            name: "tfz",
            dependencies: [
                "CampaignKit", "AdPlatforms", "Store", "Sandbox", "Reporting", "Scheduling",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "AdPlatforms",
            dependencies: ["CampaignKit", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Store",
            dependencies: ["CampaignKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "CampaignKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
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
            name: "Benchmarks",
            dependencies: ["CampaignKit", "AdPlatforms", "Sandbox", "Store", "Reporting"]
        ),
        .testTarget(
            name: "CampaignKitTests",
            dependencies: ["CampaignKit", .product(name: "Yams", package: "Yams")],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "AdPlatformsTests",
            dependencies: ["AdPlatforms", "CampaignKit", "Sandbox", "Store"]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "CampaignKit", .product(name: "GRDB", package: "GRDB.swift")]
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
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CampaignKit", "Sandbox", "Store"],
            exclude: ["Snapshots"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
