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

    /// The worst of several windows (a cell's repeats): the highest of each
    /// figure, so that one disturbed repeat still shows in the merged cell.
    /// Load averages are the first window's start and the last one's end.
    /// - Returns: nil when `loads` is empty.
    public static func worst(_ loads: [MachineLoad]) -> MachineLoad? {
        guard var total = loads.first else { return nil }
        for load in loads.dropFirst() {
            total.cpuCount = max(total.cpuCount, load.cpuCount)
            total.machineBusyCores = max(total.machineBusyCores, load.machineBusyCores)
            total.ownCores = max(total.ownCores, load.ownCores)
            total.otherCores = max(total.otherCores, load.otherCores)
            total.stealCores = max(total.stealCores, load.stealCores)
            total.loadAverageEnd = load.loadAverageEnd
            total.busiestThread.merge(load.busiestThread, uniquingKeysWith: max)
        }
        return total
    }
}
