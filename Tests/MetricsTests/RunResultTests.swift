// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Testing

@Suite("Run result model")
struct RunResultTests {
    static func repeatResult(latencies: [Int64], cpu: UInt64, peak: Int64) -> RepeatResult {
        var result = RepeatResult()
        result.durationNanoseconds = 1_000_000_000
        result.uploadsOK = latencies.count
        result.bytesUploaded = Int64(latencies.count) * 1_024
        result.errorsByCode = ["SlowDown": 1]
        result.latency = histogram(of: latencies)
        result.hops.clientToApp = histogram(of: latencies.map { $0 / 2 })
        result.appCPUNanoseconds = cpu
        result.appTraffic.fromClients = HeadBody(head: 200, body: 1_024)
        result.appPeakBufferedBytes = peak
        result.timeSeries = TimeSeries(points: [TimeSeriesPoint(second: 0, uploadsOK: latencies.count)])
        return result
    }

    @Test("merging repeats sums counts, keeps peaks, merges histograms and chains time series")
    func mergeRepeats() throws {
        let a = Self.repeatResult(latencies: [1_000, 2_000], cpu: 10, peak: 5)
        let b = Self.repeatResult(latencies: [3_000], cpu: 7, peak: 9)
        let total = try RepeatResult.merged([a, b])
        #expect(total.uploadsOK == 3)
        #expect(total.appCPUNanoseconds == 17)
        #expect(total.appPeakBufferedBytes == 9)
        #expect(total.errorsByCode == ["SlowDown": 2])
        #expect(total.latency == histogram(of: [1_000, 2_000, 3_000]))
        #expect(total.hops.clientToApp.count == 3)
        #expect(total.appTraffic.bytesIn == HeadBody(head: 400, body: 2_048))
        #expect(total.timeSeries.points.map(\.second) == [0, 1])
        #expect(total.durationNanoseconds == 2_000_000_000)
    }

    @Test("cells with the same workload share a workload key; the key tells architectures apart")
    func keys() {
        let proxy = CellResult(architecture: "proxy", variant: "stream", objectSizeBytes: 1_048_576, concurrency: 8)
        let presigned = CellResult(architecture: "presigned", variant: "put", objectSizeBytes: 1_048_576, concurrency: 8)
        #expect(proxy.workloadKey == presigned.workloadKey)
        #expect(proxy.key != presigned.key)
        #expect(proxy.workloadKey == "size=1048576 concurrency=8 link=loopback")
    }

    @Test("a run result survives JSON with its histograms, dates and free-form scenario")
    func jsonRoundTrip() throws {
        let metadata = RunMetadata(
            scenarioName: "quick", scenarioFile: "scenarios/quick.json", runID: "20250101-000000-abc", seed: 42,
            commandLine: ["upload-bench", "run"], gitRevision: "abc123",
            startedAt: Date(timeIntervalSince1970: 1_700_000_000), endedAt: Date(timeIntervalSince1970: 1_700_000_060)
        )
        var cell = CellResult(
            architecture: "proxy", variant: "stream", objectSizeBytes: 4_096, concurrency: 4,
            parameters: .object(["size": .string("4KiB"), "repeats": .number(3), "on": .bool(true), "x": .null])
        )
        cell.repeats = [Self.repeatResult(latencies: [5_000, 6_000_000], cpu: 1, peak: 2)]
        let run = RunResult(
            metadata: metadata, environment: Environment.capture(libcurlVersion: "7.88.1"),
            scenario: .array([.number(1.5), .string("a")]), cells: [cell],
            securityChecks: [SecurityCheck(name: "expired URL refused", passed: true, detail: "403")]
        )
        let data = try RunResult.makeEncoder().encode(run)
        let decoded = try RunResult.makeDecoder().decode(RunResult.self, from: data)
        #expect(decoded == run)
        #expect(String(decoding: data, as: UTF8.self).contains("\"SlowDown\""))
    }
}
