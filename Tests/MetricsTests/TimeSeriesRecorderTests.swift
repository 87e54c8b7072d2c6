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

    @Test("app CPU readings are cumulative; the CPU used between two readings belongs to the seconds between them")
    func cpuDeltas() {
        let recorder = TimeSeriesRecorder()
        recorder.recordAppCPU(at: 0, totalNanoseconds: 5_000)
        recorder.recordAppCPU(at: 1_000_000_000, totalNanoseconds: 8_000)
        recorder.recordAppCPU(at: 2_000_000_000, totalNanoseconds: 20_000)
        // What was used from 0 s to 1 s is second 0's; before, it was given to second 1.
        #expect(recorder.series().points.map(\.appCPUNanoseconds) == [3_000, 12_000])
    }

    @Test("readings off whole seconds split an interval's CPU by the time it spent in each second")
    func cpuSpread() {
        let recorder = TimeSeriesRecorder()
        recorder.recordAppCPU(at: 0, totalNanoseconds: 0)
        // 1.2 s: 1.0 s of it in second 0, 0.2 s in second 1.
        recorder.recordAppCPU(at: 1_200_000_000, totalNanoseconds: 600_000)
        // 1.2 s to 3.7 s: 0.8 s in second 1, 1 s in second 2, 0.7 s in second 3.
        recorder.recordAppCPU(at: 3_700_000_000, totalNanoseconds: 600_000 + 2_500_000)
        let cpu = recorder.series().points.map(\.appCPUNanoseconds)
        #expect(cpu == [500_000, 100_000 + 800_000, 1_000_000, 700_000])
        #expect(cpu.reduce(0, +) == 3_100_000)
    }

    @Test("a reading that goes backwards adds nothing and does not move the starting point")
    func cpuBackwards() {
        let recorder = TimeSeriesRecorder()
        recorder.recordAppCPU(at: 0, totalNanoseconds: 1_000)
        recorder.recordAppCPU(at: 500_000_000, totalNanoseconds: 900)
        recorder.recordAppCPU(at: 900_000_000, totalNanoseconds: 1_500)
        #expect(recorder.series().points.map(\.appCPUNanoseconds) == [500])
    }

    @Test("machine readings give each second the machine's busy CPU and the part other processes used")
    func machineDeltas() {
        let recorder = TimeSeriesRecorder()
        recorder.recordMachineCPU(at: 0, busyNanoseconds: 10_000_000_000, ownNanoseconds: 1_000_000_000)
        // Second 0: 1.5 cores busy, 0.5 this run's, so 1.0 core other.
        recorder.recordMachineCPU(at: 1_000_000_000, busyNanoseconds: 11_500_000_000, ownNanoseconds: 1_500_000_000)
        // Second 1: this run's reading grew more than the machine's (read a moment later): no other load.
        recorder.recordMachineCPU(at: 2_000_000_000, busyNanoseconds: 12_000_000_000, ownNanoseconds: 2_100_000_000)
        let points = recorder.series().points
        // Each interval lands in the second holding its middle: 0.5 s and 1.5 s.
        #expect(points.map(\.machineBusyNanoseconds) == [1_500_000_000, 500_000_000])
        #expect(points.map(\.otherCPUNanoseconds) == [1_000_000_000, 0])
    }
}
