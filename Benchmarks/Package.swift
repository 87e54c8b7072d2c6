// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0

import PackageDescription

// Benchmarks live in their own package so the main build never compiles them;
// they use the root package's libraries by relative path.
let package = Package(
    name: "upload-bench-benchmarks",
    dependencies: [
        .package(name: "upload-bench", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "SigV4Benchmark",
            dependencies: [
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
    ]
)
