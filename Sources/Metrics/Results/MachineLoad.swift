// SPDX-License-Identifier: Apache-2.0

/// How busy the machine and the harness's own threads were during one
/// measured window, so that a report can say when its latencies include
/// waiting for a CPU or reflect the harness rather than the architecture.
public struct MachineLoad: Sendable, Equatable, Codable {
    /// CPUs online.
    public var cpuCount: Int
    /// CPUs busy on the whole machine, averaged over the window (0 to `cpuCount`).
    public var machineBusyCores: Double
    /// CPUs used by this run's own processes: the runner and any `serve` children.
    public var ownCores: Double
    /// CPUs used by every other process: machine minus own, never below 0.
    public var otherCores: Double
    /// CPUs a hypervisor gave to other guests while this machine wanted them.
    public var stealCores: Double
    /// The 1-minute load average when the window started.
    public var loadAverageStart: Double?
    /// The 1-minute load average when the window ended.
    public var loadAverageEnd: Double?
    /// Per harness component (a `HarnessComponent` raw value), the busiest
    /// thread's CPU over the window as a share of one core (1 is saturated).
    public var busiestThread: [String: Double]

    /// The parts of the harness whose threads can become the bottleneck: the keys of `busiestThread`.
    public enum HarnessComponent: String, Sendable, CaseIterable {
        case loadGenerator = "loadgen"
        case linkEmulator = "network"
        case mockS3 = "mock-s3"
    }

    public init(
        cpuCount: Int, machineBusyCores: Double, ownCores: Double, otherCores: Double, stealCores: Double = 0,
        loadAverageStart: Double? = nil, loadAverageEnd: Double? = nil, busiestThread: [String: Double] = [:]
    ) {
        self.cpuCount = cpuCount
        self.machineBusyCores = machineBusyCores
        self.ownCores = ownCores
        self.otherCores = otherCores
        self.stealCores = stealCores
        self.loadAverageStart = loadAverageStart
        self.loadAverageEnd = loadAverageEnd
        self.busiestThread = busiestThread
    }

    /// The worst of several windows (a cell's repeats), so that one disturbed
    /// repeat still shows in the merged cell: the machine figures of the
    /// window where other processes and steal took most, each harness
    /// component's busiest thread over all windows, and the first window's
    /// start and the last one's end load average.
    /// - Returns: nil when `loads` is empty.
    public static func worst(_ loads: [MachineLoad]) -> MachineLoad? {
        // One window's machine figures together, so that busy = own + other still holds in the merge.
        guard var total = loads.max(by: { $0.otherCores + $0.stealCores < $1.otherCores + $1.stealCores }) else {
            return nil
        }
        total.loadAverageStart = loads.first?.loadAverageStart
        total.loadAverageEnd = loads.last?.loadAverageEnd
        total.busiestThread = loads.reduce(into: [:]) { $0.merge($1.busiestThread, uniquingKeysWith: max) }
        return total
    }
}
