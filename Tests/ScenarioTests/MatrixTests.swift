// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

@Suite struct MatrixTests {
    @Test func singleValuesMakeOneCell() throws {
        let cells = try parse(minimal(#""load": {"concurrency": [4]},"#)).matrix()
        #expect(cells.count == 1)
        #expect(cells[0].coordinates.isEmpty)
        #expect(cells[0].label == "default")
        #expect(cells[0].load.concurrency == 4)
    }

    @Test func listsMakeTheCartesianProductWithObjectSizeFastest() throws {
        let text = minimal(#""load": {"concurrency": [1, 8]}, "network": {"client": ["office-fibre", "mobile-uplink", "loopback"]},"#,
                           objectSize: #"["4KiB", "1MiB"]"#)
        let scenario = try parse(text)
        let cells = scenario.matrix()
        #expect(cells.count == 12)
        #expect(scenario.cellCount == 12)
        #expect(cells.map(\.index) == Array(0..<12))
        #expect(cells[0].label == "network.client=office-fibre load.concurrency=1 object_size=4KiB")
        #expect(cells[1].label == "network.client=office-fibre load.concurrency=1 object_size=1MiB")
        #expect(cells[2].label == "network.client=office-fibre load.concurrency=8 object_size=4KiB")
        #expect(cells[11].label == "network.client=loopback load.concurrency=8 object_size=1MiB")
        #expect(cells[11].network.clientApp.isLoopback && cells[11].network.clientS3.isLoopback)
        #expect(cells[11].network.appS3 == NetworkModel.standard.appS3)
        #expect(Set(cells.map(\.settings)).count == 12)
    }

    @Test func openLoopRatesSweep() throws {
        let scenario = try parse(minimal(#""load": {"arrival_rate": ["10/s", "50/s"], "max_in_flight": 16, "arrivals": "constant"},"#))
        let loads = scenario.matrix().map(\.load)
        #expect(loads == [.open(rate: ArrivalRate(perSecond: 10), maxInFlight: 16, arrivals: .constant),
                          .open(rate: ArrivalRate(perSecond: 50), maxInFlight: 16, arrivals: .constant)])
    }

    @Test func matrixSizeIsBounded() {
        let concurrencies = (1...65).map(String.init).joined(separator: ", ")
        let text = minimal(#""load": {"concurrency": [\#(concurrencies)]},"#, objectSize: #"["1KiB", "2KiB", "3KiB", "4KiB"]"#)
        #expect(refusal(text).contains("the sweeps make 260 cells (load.concurrency 65 x object_size 4); at most 256 are allowed"))
        let repeats = minimal(#""repeats": 100, "load": {"concurrency": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]},"#,
                              objectSize: #"["1KiB", "2KiB"]"#)
        #expect(refusal(repeats).contains("the scenario makes 4400 runs"))
    }

    @Test func emptySweepListIsRefused() {
        #expect(refusal(minimal(#""load": {"concurrency": []},"#)).contains("load.concurrency: found an empty list"))
        #expect(refusal(minimal(objectSize: "[]")).contains("object_size: found an empty list"))
    }

    @Test func customLinksStartFromAProfile() throws {
        let text = minimal(#""network": {"client_app": {"profile": "mobile-uplink", "rtt": "200ms", "name": "satellite"}, "client_s3": {"up": "1Mbit", "down": "2Mbit", "rtt": "300ms", "jitter": "10ms"}, "app_s3": "loopback"},"#)
        let network = try parse(text).settings.network
        #expect(network.clientApp.name == "satellite")
        #expect(network.clientApp.shape?.up == .megabits(10))
        #expect(network.clientApp.shape?.rtt == .milliseconds(200))
        #expect(network.clientS3.description == "1Mbit/s up, 2Mbit/s down, rtt 300ms, jitter 10ms")
        #expect(network.appS3.isLoopback)
        let missing = refusal(minimal(#""network": {"client": {"up": "1Mbit"}},"#))
        #expect(missing.contains("network.client.down: missing"))
        #expect(missing.contains("network.client.rtt: missing"))
        let both = refusal(minimal(#""network": {"client": "loopback", "client_s3": "loopback"},"#))
        #expect(both.contains("network.client: set together with client_app or client_s3"))
    }

    @Test func boundsCountUploadsAndTime() throws {
        let scenario = try parse(minimal(#""stop": {"uploads": 10, "duration": "5s"}, "warmup": {"uploads": 2}, "repeats": 3,"#,
                                         objectSize: #"["1KiB", "1MiB"]"#))
        let bounds = scenario.bounds
        #expect(bounds.cells == 2)
        #expect(bounds.runs == 12)
        #expect(bounds.uploads == 12 * 12)
        #expect(bounds.bytes == ByteSize(bytes: 6 * 12 * 1024 + 6 * 12 * 1024 * 1024))
        #expect(bounds.time == .seconds(60))
        let timeOnly = try parse(minimal(#""stop": {"duration": "5s"},"#)).bounds
        #expect(timeOnly.uploads == nil)
    }

    @Test func cellsRoundTripThroughJSON() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios").path
        for file in try shippedScenarioPaths() where file.hasPrefix(path) {
            let scenario = try ScenarioFile.load(path: file)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(scenario.matrix())
            let decoded = try JSONDecoder().decode([ScenarioCell].self, from: data)
            #expect(decoded == scenario.matrix(), "\(file)")
            #expect(try JSONDecoder().decode(Scenario.self, from: encoder.encode(scenario)) == scenario)
        }
    }

    @Test func cellJSONUsesTheFileFormsOfValues() throws {
        let cell = ScenarioFile.defaultScenario().matrix()[2]
        let text = String(decoding: try JSONEncoder().encode(cell), as: UTF8.self)
        #expect(text.contains(#""object_size":"8MiB""#))
        #expect(text.contains(#""architecture":"presigned""#))
        #expect(text.contains(#""type":"embedded""#))
    }
}
