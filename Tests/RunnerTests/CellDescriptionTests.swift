// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import Runner
import Scenario
import Testing

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
}
