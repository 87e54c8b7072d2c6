// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import Runner
import Scenario
import Testing

/// The repository root, found from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// How a cell is described in summary.csv and the reports.
@Suite struct CellDescriptionTests {
    // README: object_size_bytes is "the object size (the mean for a distribution)"; it was the largest
    // size, so 16KiB and 64KiB buckets at equal weight showed 65536 while 40960 was uploaded on average.
    @Test func aDistributionsObjectSizeIsItsMean() throws {
        let text = """
            {"architectures": [{"architecture": "proxy"}],
             "object_size": {"distribution": "buckets", "buckets": [{"size": "16KiB", "weight": 50}, {"size": "64KiB", "weight": 50}]}}
            """
        let scenario = try ScenarioFile.parse(data: Data(text.utf8), fileName: "mean.json")
        let cell = try #require(scenario.matrix().first)
        let result = CellDescription.result(cell: cell, architecture: scenario.settings.architectures[0], repeats: [])
        #expect(result.objectSizeBytes == 40_960)
        #expect(result.objectSizeDistribution == "buckets 16KiB:50 64KiB:50")
    }

    // summary.csv's concurrency column holds an open loop's max_in_flight; README did not say so.
    @Test func anOpenLoopsConcurrencyIsItsMaxInFlightAsREADMESays() throws {
        let text = """
            {"architectures": [{"architecture": "proxy"}], "object_size": "1KiB",
             "load": {"arrival_rate": "20/s", "max_in_flight": 48}}
            """
        let scenario = try ScenarioFile.parse(data: Data(text.utf8), fileName: "open.json")
        let cell = try #require(scenario.matrix().first)
        let result = CellDescription.result(cell: cell, architecture: scenario.settings.architectures[0], repeats: [])
        #expect(result.concurrency == 48)
        #expect(result.arrivalRatePerSecond == 20)

        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let row = readme.split(separator: "\n").first { $0.hasPrefix("| `concurrency`") }
        #expect(row?.contains("`concurrency` holds `max_in_flight`") == true, "README's summary.csv row: \(row ?? "none")")
    }
}
