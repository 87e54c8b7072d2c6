// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0

import PackageDescription

// Every Swift target builds in Swift 6 language mode (the tools version sets it)
// with full concurrency checking; these flags only add upcoming features.
let swiftSettings: [SwiftSetting] = [
    // SE-0409: `internal import` keeps the C modules out of public API.
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "upload-bench",
    products: [
        .executable(name: "upload-bench", targets: ["UploadBenchCLI"]),
        // For the Benchmarks package (Benchmarks/Package.swift), which depends on this one by path.
        .library(name: "SigV4", targets: ["SigV4"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .library(name: "HTTPCore", targets: ["HTTPCore"]),
        .library(name: "MockS3", targets: ["MockS3"]),
        .library(name: "AppServer", targets: ["AppServer"]),
        .library(name: "LoadGenerator", targets: ["LoadGenerator"]),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The `_GNU_SOURCE` parts of glibc that Swift's Glibc module leaves out.
        .target(
            name: "CSystem",
            cSettings: [.define("_GNU_SOURCE")]
        ),

        .target(
            name: "Digest",
            dependencies: ["CCrypto", "CZlib"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SigV4",
            dependencies: ["Digest"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Metrics",
            dependencies: ["CSystem"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HTTPCore",
            dependencies: ["CSystem", "Metrics"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "NetworkModel",
            dependencies: ["HTTPCore", "Metrics", "CSystem"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MockS3",
            dependencies: ["HTTPCore", "SigV4", "Digest", "Metrics"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AppServer",
            dependencies: ["HTTPCore", "SigV4", "Digest", "Metrics"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LoadGenerator",
            dependencies: ["CCurl", "CSystem", "Digest", "Metrics", "SigV4"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Scenario",
            dependencies: [],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Reports",
            dependencies: ["Digest", "Metrics", "Scenario"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Runner",
            dependencies: [
                "Scenario", "Metrics", "Reports", "LoadGenerator",
                "MockS3", "AppServer", "HTTPCore", "SigV4", "NetworkModel",
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "UploadBenchCLI",
            dependencies: ["Runner", "SigV4", "MockS3", "AppServer", "Scenario", "Reports"],
            swiftSettings: swiftSettings
        ),

        // Helpers shared by the test targets: processes, ports, SeaweedFS, Python tools.
        .target(
            name: "TestSupport",
            dependencies: [],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SigV4Tests",
            dependencies: ["SigV4", "Digest", "TestSupport"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPCoreTests", dependencies: ["HTTPCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MockS3Tests",
            dependencies: ["MockS3", "SigV4", "Digest", "HTTPCore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppServerTests",
            dependencies: ["AppServer", "MockS3", "SigV4", "Digest", "HTTPCore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoadGeneratorTests",
            dependencies: ["LoadGenerator", "Digest", "TestSupport", "NetworkModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NetworkModelTests",
            dependencies: ["NetworkModel", "HTTPCore", "Metrics", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Metrics", "Scenario"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "MockS3", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InteropTests",
            dependencies: ["SigV4", "MockS3", "AppServer", "Digest", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
