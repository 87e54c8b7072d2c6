// SPDX-License-Identifier: Apache-2.0

import Foundation
import LoadGenerator
import Metrics

/// The machine's and the harness's CPU readings at the start of a measured
/// window; `finish` reads them again and turns the difference into a `MachineLoad`.
///
/// Only two readings per window: averages over the window are what the
/// thresholds judge, and a thread that exits in between keeps its last
/// reading in `ComponentCPU`.
struct MachineLoadWindow {
    private let startNanoseconds: UInt64
    private let machine: MachineCPU?
    private let ownCPU: UInt64
    private let loadAverage: Double?
    private let threads: [String: [Int32: UInt64]]

    init(_ testbed: Testbed) {
        threads = Dictionary(uniqueKeysWithValues: Testbed.harnessComponents.map { ($1, testbed.threadCPUNanoseconds($1)) })
        ownCPU = testbed.ownCPUNanoseconds()
        machine = MachineCPU.read()
        loadAverage = MachineCPU.loadAverage()
        startNanoseconds = MonotonicNanoseconds.now
    }

    /// The load since `init`; nil when /proc/stat cannot be read or no time passed.
    func finish(_ testbed: Testbed) -> MachineLoad? {
        let elapsed = MonotonicNanoseconds.now - startNanoseconds
        guard let machine, let now = MachineCPU.read(), elapsed > 0 else { return nil }
        let seconds = Double(elapsed)
        let cores = now.cores(since: machine)
        let own = Double(Self.difference(testbed.ownCPUNanoseconds(), ownCPU)) / seconds
        var busiest: [String: Double] = [:]
        for (key, component) in Testbed.harnessComponents {
            let before = threads[component] ?? [:]
            let used = testbed.threadCPUNanoseconds(component).map { threadID, total in Self.difference(total, before[threadID] ?? 0) }
            // Components without threads in this testbed (no link model, an external S3) are left out.
            if let most = used.max() { busiest[key.rawValue] = Double(most) / seconds }
        }
        return MachineLoad(
            cpuCount: now.cpuCount,
            machineBusyCores: cores.busy,
            ownCores: own,
            // Ticks and nanoseconds are read at slightly different moments; a negative difference means none.
            otherCores: max(0, cores.busy - own),
            stealCores: cores.steal,
            loadAverageStart: loadAverage,
            loadAverageEnd: MachineCPU.loadAverage(),
            busiestThread: busiest
        )
    }

    // A counter that went down belongs to another process or thread with a reused id: it used nothing measurable here.
    private static func difference(_ now: UInt64, _ start: UInt64) -> UInt64 {
        now > start ? now - start : 0
    }
}
