// SPDX-License-Identifier: Apache-2.0

import LoadGenerator

/// A plan of `count` uploads of `size` bytes named `prefix-N`.
func makePlan(
    _ count: Int, size: Int, architecture: UploadArchitecture, prefix: String = "object", firstIndex: Int = 0
) -> [PlannedUpload] {
    (0..<count).map {
        PlannedUpload(index: firstIndex + $0, key: "\(prefix)-\($0)", size: size, architecture: architecture)
    }
}

/// Runs `plan` against `server` as both app server and S3.
func runAgainst(
    _ server: FakeServer, _ plan: [PlannedUpload], configure: (inout LoadGeneratorConfiguration) -> Void = { _ in }
) -> LoadRun {
    var configuration = LoadGeneratorConfiguration(
        appBaseURL: server.baseURL,
        directBaseURL: server.baseURL,
        shape: .closed(concurrency: 4),
        hardTimeLimit: .seconds(60),
        retry: RetryPolicy(initialBackoff: .milliseconds(5))
    )
    configure(&configuration)
    return LoadGenerator(configuration: configuration).run(plan: plan)
}

let mebibyte = 1 << 20
