// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

/// CPU time of a whole process (user + system).
///
/// Used for components run as child processes, where per-thread accounting
/// inside our own process does not reach. The process's CPU clock
/// (`clock_getcpuclockid`) counts nanoseconds and keeps the time of threads
/// that have exited; `/proc/PID/stat`'s utime and stime count 10 ms ticks, too
/// coarse for a cell whose app server works a few milliseconds.
public enum ProcessCPU {
    /// How the figures are measured, for reports.
    public static let method = "per-process CPU clock (clock_getcpuclockid, ns, exited threads included)"

    /// CPU nanoseconds used by `pid` so far, or nil when it cannot be read.
    public static func nanoseconds(pid: Int32) -> UInt64? {
        // The clock id packs the pid into fewer bits: one beyond them would name another process.
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return nil }
        var clock = clockid_t()
        guard clock_getcpuclockid(pid, &clock) == 0 else { return nil }
        var now = timespec()
        guard clock_gettime(clock, &now) == 0 else { return nil }
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// CPU nanoseconds of each of `pid`'s live threads, by thread id, from
    /// `/proc/PID/task/TID/schedstat`; empty when the process is gone.
    public static func threadNanoseconds(pid: Int32) -> [Int32: UInt64] {
        var result: [Int32: UInt64] = [:]
        for threadID in threadIDs(pid: pid) {
            result[threadID] = schedstatNanoseconds("/proc/\(pid)/task/\(threadID)/schedstat")
        }
        return result
    }

    /// Clock ticks per second (USER_HZ), the unit of `/proc/stat`.
    static let ticksPerSecond = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))

    /// The first field of a `schedstat` file: time spent on a CPU, in nanoseconds.
    static func schedstatNanoseconds(_ path: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let first = text.split(separator: " ").first
        else { return nil }
        return UInt64(first)
    }

    private static func threadIDs(pid: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap { Int32($0) }
    }
}
