// SPDX-License-Identifier: Apache-2.0

import Metrics
import Testing

@Suite("TimeSeriesRecorder")
struct TimeSeriesRecorderTests {
    @Test("uploads, bytes, errors and latency land in the second they finished")
    func perSecond() {
        let recorder = TimeSeriesRecorder()
        recorder.recordUpload(finishedAt: 100_000_000, latency: 10_000_000, bytes: 1_000, succeeded: true)
        recorder.recordUpload(finishedAt: 900_000_000, latency: 30_000_000, bytes: 2_000, succeeded: true)
        recorder.recordUpload(finishedAt: 2_500_000_000, latency: 5_000_000, bytes: 4_000, succeeded: false)
        let points = recorder.series().points
        #expect(points.map(\.second) == [0, 1, 2])
        #expect(points.map(\.uploadsOK) == [2, 0, 0])
        #expect(points.map(\.errors) == [0, 0, 1])
        #expect(points.map(\.bytes) == [3_000, 0, 0])
        #expect(points[0].latencyP50Nanoseconds.map { abs($0 - 10_000_000) <= 10_000_000 / 32 } == true)
        #expect(points[0].latencyP99Nanoseconds == 30_000_000)
        #expect(points[1].latencyP50Nanoseconds == nil)
    }

    @Test("app CPU readings are cumulative; each second gets the difference")
    func cpuDeltas() {
        let recorder = TimeSeriesRecorder()
        recorder.recordAppCPU(at: 0, totalNanoseconds: 5_000)
        recorder.recordAppCPU(at: 1_000_000_000, totalNanoseconds: 8_000)
        recorder.recordAppCPU(at: 2_000_000_000, totalNanoseconds: 20_000)
        #expect(recorder.series().points.map(\.appCPUNanoseconds) == [0, 3_000, 12_000])
    }
}
