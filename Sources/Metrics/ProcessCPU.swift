// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import Synchronization

/// CPU time of a whole process (user + system), read from `/proc`.
///
/// Used for components run as child processes, where per-thread accounting
/// inside our own process does not reach. Live threads are read from
/// `schedstat` (nanoseconds); `stat`'s utime and stime count 10 ms clock ticks,
/// too coarse for a cell whose app server works a few milliseconds, so they
/// only stand in for threads that have exited.
public enum ProcessCPU {
    /// How the figures are measured, for reports.
    public static let method =
        "per-process CPU from /proc/PID/task/TID/schedstat (ns; exited threads from /proc/PID/stat ticks)"

    /// The highest figure returned per process: a thread's exit moves its time
    /// from nanoseconds to ticks, which must not make the total go back.
    private static let highest = Mutex<[Int32: UInt64]>([:])

    /// CPU nanoseconds used by `pid` so far, never less than an earlier answer,
    /// or nil when it cannot be read.
    public static func nanoseconds(pid: Int32) -> UInt64? {
        guard let statText = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let everyThread = nanoseconds(statText: statText)
        else { return nil }
        var liveTicked: UInt64 = 0
        var liveExact: UInt64 = 0
        for (threadID, ticked) in threadTicks(pid: pid) {
            guard let exact = schedstatNanoseconds("/proc/\(pid)/task/\(threadID)/schedstat") else { continue }
            liveTicked += ticked
            liveExact += exact
        }
        let exited = everyThread > liveTicked ? everyThread - liveTicked : 0
        return highest.withLock { table in
            let value = max(liveExact + exited, table[pid] ?? 0)
            table[pid] = value
            return value
        }
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

    /// Clock ticks per second (USER_HZ), the unit of `/proc/PID/stat` and `/proc/stat`.
    static let ticksPerSecond = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))

    /// utime + stime of a `stat` line (a process's or a thread's), in nanoseconds.
    static func nanoseconds(statText text: String) -> UInt64? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        // The command name (field 2) may contain spaces, so count fields after its closing parenthesis:
        // state is field 3, utime field 14, stime field 15 (proc(5)).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return (user + system) * 1_000_000_000 / ticksPerSecond
    }

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

    /// Each live thread's utime + stime, in nanoseconds of whole ticks.
    private static func threadTicks(pid: Int32) -> [(Int32, UInt64)] {
        threadIDs(pid: pid).compactMap { threadID in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(threadID)/stat", encoding: .utf8),
                  let ticked = nanoseconds(statText: text)
            else { return nil }
            return (threadID, ticked)
        }
    }
}
