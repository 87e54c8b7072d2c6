// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0

import PackageDescription

// Benchmarks live in their own package so the main build never compiles them;
// they use the root package's libraries by relative path.
let swiftSettings: [SwiftSetting] = [
    // SE-0409: `internal import` keeps the C shim out of public API.
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "upload-bench-benchmarks",
    products: [
        .executable(name: "perf-bench", targets: ["PerfBench"]),
    ],
    dependencies: [
        .package(name: "upload-bench", path: ".."),
    ],
    targets: [
        // CSV output and the git revision, shared by the benchmark programs.
        .target(name: "BenchSupport"),
        .executableTarget(
            name: "SigV4Benchmark",
            dependencies: [
                "BenchSupport",
                .product(name: "SigV4", package: "upload-bench"),
                .product(name: "Metrics", package: "upload-bench"),
            ]
        ),
        .executableTarget(
            name: "MockS3Benchmark",
            dependencies: [
                .product(name: "MockS3", package: "upload-bench"),
                .product(name: "Metrics", package: "upload-bench"),
            ]
        ),
        // A fixed number of the client suite's uploads, for instruction counts under callgrind.
        .executableTarget(
            name: "LoadGeneratorProbe",
            dependencies: [.product(name: "LoadGenerator", package: "upload-bench")]
        ),
        // epoll and wait4, which Swift's Glibc module does not export.
        .target(name: "CPerfShim", cSettings: [.define("_GNU_SOURCE")]),
        // `perf-bench`: the harness against nginx and wrk (issue 8); see the README section "Performance".
        .executableTarget(
            name: "PerfBench",
            dependencies: [
                "BenchSupport",
                "CPerfShim",
                .product(name: "SigV4", package: "upload-bench"),
                .product(name: "Metrics", package: "upload-bench"),
                .product(name: "MockS3", package: "upload-bench"),
                .product(name: "AppServer", package: "upload-bench"),
                .product(name: "LoadGenerator", package: "upload-bench"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
