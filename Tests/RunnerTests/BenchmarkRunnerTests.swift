// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import MockS3
import Reports
import Runner
import Testing

/// Whole runs of small scenarios, in process, on loopback.
@Suite(.serialized) struct BenchmarkRunnerTests {
    private func run(_ json: String) throws -> (BenchmarkRunner.Outcome, URL) {
        try runScenarioFile(json, label: "runner-test")
    }

    @Test func bothArchitecturesStoreEveryUploadIntactAndTheProxyRelaysTwiceTheBytes() throws {
        let (outcome, directory) = try run("""
            {
                "name": "runner-test",
                "description": "Stream proxy against presigned PUT at 1 MiB.",
                "seed": 7,
                "architectures": [
                    { "architecture": "proxy", "mode": "stream" },
                    { "architecture": "presigned", "flow": "put" },
                ],
                "object_size": ["1MiB"],
                "load": { "concurrency": 4 },
                "stop": { "uploads": 12 },
                "warmup": { "uploads": 2 },
                "s3": { "type": "embedded", "storage": "discard", "md5": true },
                "network": { "client": "loopback", "app_s3": "loopback" },
            }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }

        let cells = outcome.result.cells
        try #require(cells.count == 2)
        for cell in cells {
            let total = try cell.total()
            #expect(total.uploadsOK == 12, "\(cell.key)")
            #expect(total.uploadsFailed + total.uploadsCorrupted + total.uploadsLost == 0, "\(cell.key)")
            #expect(total.latency.count == 12)
            // The embedded mock S3 counts what reached it: every object byte at least.
            #expect(try #require(total.s3BytesIn, "S3 bytes in of \(cell.key)") >= total.bytesUploaded)
            #expect(try #require(total.s3CPUNanoseconds, "S3 CPU of \(cell.key)") > 0)
            let relayed = Double(total.appTraffic.bytesIn.total + total.appTraffic.bytesOut.total)
            let perUploadedByte = relayed / Double(total.bytesUploaded)
            if cell.architecture == "proxy" {
                #expect(perUploadedByte > 1.99 && perUploadedByte < 2.05, "proxy relayed \(perUploadedByte) bytes per byte")
            } else {
                #expect(perUploadedByte < 0.01, "presigned relayed \(perUploadedByte) bytes per byte")
            }
        }

        let files = try FileManager.default.contentsOfDirectory(atPath: outcome.directory.path)
        for expected in ["summary.csv", "requests.csv", "timeseries.csv", "report.md", "run.json"] {
            #expect(files.contains(expected), "missing \(expected)")
        }
        let requests = try String(contentsOf: outcome.directory.appendingPathComponent("requests.csv"), encoding: .utf8)
        // A header line and one line per measured upload (warm-ups are left out).
        #expect(requests.split(whereSeparator: \.isNewline).count == 1 + 24)

        // The scenario's one line for the report: under the title, and kept in run.json.
        let report = try String(contentsOf: outcome.directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# Upload benchmark: runner-test\n\nStream proxy against presigned PUT at 1 MiB.\n\nRun "))
        #expect(try RunFile.load(outcome.directory.path).metadata.scenarioDescription
                == "Stream proxy against presigned PUT at 1 MiB.")
    }

    @Test func cellsOfAnAppToS3SweepKeepTheirLinkApartInTheReport() throws {
        let (outcome, directory) = try run("""
            {
                "name": "app-s3-sweep",
                "architectures": [{ "architecture": "proxy" }, { "architecture": "presigned" }],
                "object_size": "4KiB",
                "load": { "concurrency": 1 },
                "stop": { "uploads": 2 },
                "network": {
                    "client": "loopback",
                    "app_s3": [{ "name": "near", "up": "1Gbit", "down": "1Gbit", "rtt": "0ms" },
                               { "name": "far", "up": "1Gbit", "down": "1Gbit", "rtt": "20ms" }],
                },
            }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }

        let labels = Set(outcome.result.cells.map(\.linkProfile))
        #expect(labels == ["loopback, app-s3 near", "loopback, app-s3 far"])
        // One proxy and one presigned cell per link: two comparisons, not four across links.
        let report = try String(contentsOf: outcome.directory.appendingPathComponent("report.md"), encoding: .utf8)
        let verdictRows = report.split(separator: "\n").filter { $0.hasPrefix("| 4 KiB, 1 clients, ") }
        #expect(verdictRows.count == 2, "\(verdictRows)")
    }

    // Against an S3 endpoint the runner does not run, its CPU and bytes are unknown: they
    // read 0 and the 0 went into harness_cpu_seconds as if measured.
    @Test func anS3EndpointsCPUAndBytesAreUndefined() throws {
        var configuration = MockS3Server.Configuration()
        configuration.requireSignatures = false
        let s3 = try MockS3Server(configuration: configuration)
        try s3.createBucket("endpoint-bucket")
        let port = try s3.start()
        defer { s3.shutdown(gracePeriod: .milliseconds(100)) }
        // Names of this test's own: CI has no AWS variables, and other tests read none of these.
        setenv("UPLOAD_BENCH_TEST_ENDPOINT_KEY", "AKIDENDPOINTTEST", 1)
        setenv("UPLOAD_BENCH_TEST_ENDPOINT_SECRET", "endpoint-test-secret", 1)
        let (outcome, directory) = try run("""
            {
                "name": "runner-endpoint",
                "architectures": [ { "architecture": "proxy", "mode": "stream" } ],
                "object_size": ["64KiB"],
                "load": { "concurrency": 2 },
                "stop": { "uploads": 6 },
                "warmup": { "uploads": 0 },
                "s3": { "type": "endpoint", "url": "http://127.0.0.1:\(port)", "bucket": "endpoint-bucket",
                        "access_key_id_env": "UPLOAD_BENCH_TEST_ENDPOINT_KEY",
                        "secret_access_key_env": "UPLOAD_BENCH_TEST_ENDPOINT_SECRET" },
                "network": { "client": "loopback", "app_s3": "loopback" },
            }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let total = try #require(outcome.result.cells.first).total()
        #expect(total.uploadsOK == 6)
        #expect(total.s3CPUNanoseconds == nil)
        #expect(total.s3BytesIn == nil)
        let summary = try String(contentsOf: outcome.directory.appendingPathComponent("summary.csv"), encoding: .utf8)
        let table = try #require(CSVTable.parse(summary))
        let column = try #require(table.header.firstIndex(of: "s3_cpu_seconds"))
        #expect(try #require(table.rows.first)[column] == "", "s3_cpu_seconds should be empty")
    }

    @Test func eachRepeatRecordsHowBusyTheMachineAndTheHarnessThreadsWere() throws {
        let (outcome, directory) = try run("""
            {
                "name": "runner-load",
                "architectures": [ { "architecture": "presigned", "flow": "put", "confirm": false } ],
                "object_size": ["64KiB"],
                "load": { "concurrency": 2 },
                "stop": { "uploads": 20 },
                "s3": { "type": "embedded", "storage": "memory" },
                "network": { "client": "loopback", "app_s3": "loopback" },
            }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }

        let repeatResult = try #require(outcome.result.cells.first?.repeats.first)
        let load = try #require(repeatResult.machineLoad)
        let cpus = Double(load.cpuCount)
        #expect(load.cpuCount == outcome.result.environment.cpuCount)
        // Averages over the window, so each lies between none and every CPU (a little slack for tick rounding).
        #expect(load.machineBusyCores >= 0 && load.machineBusyCores <= cpus + 0.05, "busy \(load.machineBusyCores)")
        #expect(load.ownCores > 0 && load.ownCores <= cpus + 0.1, "own \(load.ownCores)")
        #expect(load.otherCores >= 0 && load.otherCores <= load.machineBusyCores, "other \(load.otherCores)")
        #expect(load.stealCores >= 0 && load.stealCores <= cpus)
        #expect(load.loadAverageStart != nil && load.loadAverageEnd != nil)
        // The load generator and the in-process mock S3 did work; without a link model there are no emulator threads.
        let loadgen = try #require(load.busiestThread[MachineLoad.HarnessComponent.loadGenerator.rawValue])
        let s3 = try #require(load.busiestThread[MachineLoad.HarnessComponent.mockS3.rawValue])
        #expect(loadgen > 0 && loadgen <= 1.05, "loadgen \(loadgen)")
        #expect(s3 > 0 && s3 <= 1.05, "mock S3 \(s3)")
        #expect(load.busiestThread[MachineLoad.HarnessComponent.linkEmulator.rawValue] == nil)
        // The load generator's final progress call samples the machine at least once after the window's start.
        #expect(repeatResult.timeSeries.points.contains { $0.machineBusyNanoseconds != nil && $0.otherCPUNanoseconds != nil })
        // The per-second app CPU adds up to the window's: the series starts at the window's
        // start and ends with its last reading (it dropped the first second and the tail before).
        let perSecond = repeatResult.timeSeries.points.reduce(UInt64(0)) { $0 + $1.appCPUNanoseconds }
        #expect(repeatResult.appCPUNanoseconds > 0)
        #expect(perSecond == repeatResult.appCPUNanoseconds, "series \(perSecond) ns, window \(repeatResult.appCPUNanoseconds) ns")

        let summary = try String(contentsOf: outcome.directory.appendingPathComponent("summary.csv"), encoding: .utf8)
        let table = try #require(CSVTable.parse(summary))
        let column = try #require(table.header.firstIndex(of: "machine_busy_cores"))
        let figure = try #require(table.rows.first)[column]
        #expect(Double(figure) != nil, "machine_busy_cores is '\(figure)'")
        let report = try String(contentsOf: outcome.directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Machine and harness load"))
    }

    @Test func anEmulatedRoundTripShowsInEveryHopOfThePresignedFlow() throws {
        let (outcome, directory) = try run("""
            {
                "name": "runner-rtt",
                "architectures": [ { "architecture": "presigned", "flow": "put", "confirm": false } ],
                "object_size": ["4KiB"],
                "load": { "concurrency": 1 },
                "stop": { "uploads": 3 },
                "s3": { "type": "embedded", "storage": "memory" },
                "network": {
                    "client": { "up": "1Gbit", "down": "1Gbit", "rtt": "40ms" },
                    "app_s3": "loopback",
                },
            }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }

        let total = try #require(outcome.result.cells.first).total()
        #expect(total.uploadsOK == 3)
        // Two requests (presign, then PUT to S3), each at least one 40 ms round trip.
        let fastest = try #require(total.latency.value(atPercent: 0))
        #expect(fastest >= 80_000_000, "fastest upload took \(fastest) ns")
        let presign = try #require(total.hops.presignRequest.value(atPercent: 0))
        #expect(presign >= 40_000_000)
    }

    @Test func aScenarioErrorNamesTheFileAndFieldAndNothingRuns() throws {
        #expect {
            _ = try run(#"{ "name": "bad", "object_size": ["1MiB"], "load": { "concurency": 4 } }"#)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("scenario.json") && text.contains("concurency")
        }
    }
}
