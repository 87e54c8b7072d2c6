// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The whole machine's CPU time so far, from the aggregate `cpu` line of
/// `/proc/stat`, in clock ticks (USER_HZ) summed over all CPUs.
///
/// Two readings bracket a measured window. Their difference shows how busy
/// the machine was whoever used it, which per-process figures cannot: a
/// compiler running next to the benchmark makes every latency wait for a CPU.
public struct MachineCPU: Sendable, Equatable {
    /// Ticks running anything: user, nice, system, irq and softirq
    /// (guest time is already inside user and nice, so it is not added again).
    public var busyTicks: UInt64
    /// Ticks idle or waiting for I/O.
    public var idleTicks: UInt64
    /// Ticks a hypervisor ran other guests while this machine wanted a CPU.
    public var stealTicks: UInt64
    /// CPUs online: the `cpuN` lines.
    public var cpuCount: Int

    /// How the figures are measured, for reports.
    public static let method = "machine CPU from /proc/stat (busy, idle and steal ticks of all CPUs), "
        + "1-minute load average from /proc/loadavg"

    public init(busyTicks: UInt64, idleTicks: UInt64, stealTicks: UInt64, cpuCount: Int) {
        self.busyTicks = busyTicks
        self.idleTicks = idleTicks
        self.stealTicks = stealTicks
        self.cpuCount = cpuCount
    }

    /// `busyTicks` in nanoseconds of CPU time (ticks are USER_HZ, as in `/proc/PID/stat`).
    public var busyNanoseconds: UInt64 { busyTicks * 1_000_000_000 / ProcessCPU.ticksPerSecond }

    /// Every tick counted, busy or not.
    public var totalTicks: UInt64 { busyTicks + idleTicks + stealTicks }

    /// Parses the text of `/proc/stat`; nil when it has no aggregate `cpu` line.
    public static func parse(_ text: String) -> MachineCPU? {
        var aggregate: [UInt64]?
        var cpus = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let name = fields.first, name.hasPrefix("cpu") else { continue }
            if name == "cpu" {
                aggregate = fields.dropFirst().compactMap { UInt64($0) }
            } else {
                cpus += 1
            }
        }
        // proc(5): user nice system idle iowait irq softirq steal guest guest_nice; kernels before 2.6.11 lack steal.
        guard let ticks = aggregate, ticks.count >= 7 else { return nil }
        let field = { (index: Int) in index < ticks.count ? ticks[index] : 0 }
        return MachineCPU(
            busyTicks: field(0) + field(1) + field(2) + field(5) + field(6),
            idleTicks: field(3) + field(4),
            stealTicks: field(7),
            cpuCount: max(cpus, 1)
        )
    }

    /// Reads `proc/stat` under `root` (tests pass a fake tree); nil when unreadable.
    public static func read(root: String = "/") -> MachineCPU? {
        (try? String(contentsOfFile: root + "/proc/stat", encoding: .utf8)).flatMap(parse)
    }

    /// The 1-minute load average from `proc/loadavg` under `root`: threads running or waiting to run.
    public static func loadAverage(root: String = "/") -> Double? {
        guard let text = try? String(contentsOfFile: root + "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    /// Average CPUs busy and stolen between `start` and this reading, each
    /// from 0 to `cpuCount`; zeros when no tick passed.
    public func cores(since start: MachineCPU) -> (busy: Double, steal: Double) {
        // Counters only grow; a smaller one means a different machine or a reset, which says nothing.
        guard totalTicks > start.totalTicks, busyTicks >= start.busyTicks, stealTicks >= start.stealTicks else {
            return (0, 0)
        }
        let total = Double(totalTicks - start.totalTicks)
        let cpus = Double(cpuCount)
        return (Double(busyTicks - start.busyTicks) / total * cpus, Double(stealTicks - start.stealTicks) / total * cpus)
    }
}
