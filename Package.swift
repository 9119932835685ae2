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
    ],
    targets: [
        .executableTarget(
            name: "tfz",
            dependencies: [
                "CampaignKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "CampaignKit",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "Benchmarks",
            dependencies: ["CampaignKit"]
        ),
        .testTarget(
            name: "CampaignKitTests",
            dependencies: ["CampaignKit", .product(name: "Yams", package: "Yams")],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CampaignKit"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
