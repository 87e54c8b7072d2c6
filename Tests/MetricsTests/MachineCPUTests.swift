// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Testing

@Suite("Machine CPU")
struct MachineCPUTests {
    // Two CPUs, as /proc/stat prints them: user nice system idle iowait irq softirq steal guest guest_nice.
    static let sample = """
        cpu  1000 20 300 5000 100 0 80 50 400 0
        cpu0 500 10 150 2500 50 0 40 25 200 0
        cpu1 500 10 150 2500 50 0 40 25 200 0
        intr 123456 0 0
        ctxt 987654
        procs_running 3
        """

    @Test("parse sums busy, idle and steal ticks and counts the CPUs, leaving guest time inside user")
    func parsesAFixedSample() throws {
        let reading = try #require(MachineCPU.parse(Self.sample))
        #expect(reading.busyTicks == 1000 + 20 + 300 + 0 + 80)
        #expect(reading.idleTicks == 5000 + 100)
        #expect(reading.stealTicks == 50)
        #expect(reading.cpuCount == 2)
        #expect(reading.totalTicks == 1400 + 5100 + 50)
    }

    @Test("parse refuses text without the aggregate cpu line")
    func refusesOtherText() {
        #expect(MachineCPU.parse("cpu0 1 2 3 4 5 6 7\nintr 1\n") == nil)
        #expect(MachineCPU.parse("") == nil)
    }

    @Test("cores since an earlier reading scale busy and steal ticks to CPUs")
    func coresBetweenReadings() {
        let start = MachineCPU(busyTicks: 1_000, idleTicks: 1_000, stealTicks: 0, cpuCount: 2)
        // 400 ticks passed (2 CPUs x 2 s at 100 Hz): 300 busy, 60 idle, 40 stolen.
        let end = MachineCPU(busyTicks: 1_300, idleTicks: 1_060, stealTicks: 40, cpuCount: 2)
        let cores = end.cores(since: start)
        #expect(abs(cores.busy - 1.5) < 1e-9)
        #expect(abs(cores.steal - 0.2) < 1e-9)
        let backwards = start.cores(since: end)
        #expect(backwards.busy == 0 && backwards.steal == 0)
    }

    @Test("the load average and /proc/stat are read from the root given")
    func readsFromAFakeRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("proc"), withIntermediateDirectories: true)
        try "10.63 8.18 6.06 13/210 31774\n".write(to: root.appendingPathComponent("proc/loadavg"), atomically: true, encoding: .utf8)
        try Self.sample.write(to: root.appendingPathComponent("proc/stat"), atomically: true, encoding: .utf8)
        #expect(MachineCPU.loadAverage(root: root.path) == 10.63)
        #expect(MachineCPU.read(root: root.path)?.stealTicks == 50)
        #expect(MachineCPU.loadAverage(root: root.appendingPathComponent("missing").path) == nil)
    }

    @Test("this machine's own reading has as many CPUs as the environment and counts up")
    func readsThisMachine() throws {
        let first = try #require(MachineCPU.read())
        #expect(first.cpuCount == Environment.capture().cpuCount)
        let busy = try #require(ProcessCPU.threadNanoseconds(pid: getpid()).values.max())
        #expect(busy > 0)
        #expect(try #require(MachineCPU.read()).totalTicks >= first.totalTicks)
    }

    @Test("merging repeats keeps the most disturbed window's machine figures, every component's busiest thread, and the first start and last end load average")
    func worstOfRepeats() throws {
        let calm = MachineLoad(cpuCount: 2, machineBusyCores: 1.5, ownCores: 1.4, otherCores: 0.1, loadAverageStart: 1,
                               loadAverageEnd: 1.5, busiestThread: ["loadgen": 0.3, "mock-s3": 0.5])
        let busy = MachineLoad(cpuCount: 2, machineBusyCores: 1.9, ownCores: 1.0, otherCores: 0.9, stealCores: 0.1,
                               loadAverageStart: 3, loadAverageEnd: 4, busiestThread: ["loadgen": 0.95])
        var first = RepeatResult()
        first.machineLoad = calm
        var second = RepeatResult()
        second.machineLoad = busy
        let merged = try #require(try RepeatResult.merged([first, second, RepeatResult()]).machineLoad)
        #expect(merged.machineBusyCores == 1.9)
        #expect(merged.ownCores == 1.0)
        #expect(merged.otherCores == 0.9)
        #expect(merged.stealCores == 0.1)
        #expect(merged.loadAverageStart == 1)
        #expect(merged.loadAverageEnd == 4)
        #expect(merged.busiestThread == ["loadgen": 0.95, "mock-s3": 0.5])
        #expect(try RepeatResult.merged([RepeatResult()]).machineLoad == nil)
    }

    @Test("a run.json without machine load still decodes")
    func oldResultsDecode() throws {
        var result = RepeatResult()
        result.uploadsOK = 3
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        #expect(object["machineLoad"] == nil)
        object.removeValue(forKey: "machineLoad")
        let decoded = try JSONDecoder().decode(RepeatResult.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.uploadsOK == 3)
        #expect(decoded.machineLoad == nil)
    }
}
