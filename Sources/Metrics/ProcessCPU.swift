// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

/// CPU time of a whole process (user + system), from `/proc/PID/stat`.
///
/// Used for components run as child processes, where per-thread accounting
/// inside our own process does not reach.
public enum ProcessCPU {
    /// How the figures are measured, for reports.
    public static let method = "per-process CPU from /proc/PID/stat (utime+stime, clock ticks)"

    /// CPU nanoseconds used by `pid` so far, or nil when it cannot be read.
    public static func nanoseconds(pid: Int32) -> UInt64? {
        (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)).flatMap(nanoseconds(statText:))
    }

    /// CPU nanoseconds of each of `pid`'s live threads, by thread id, from
    /// `/proc/PID/task/TID/stat`; empty when the process is gone.
    public static func threadNanoseconds(pid: Int32) -> [Int32: UInt64] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var result: [Int32: UInt64] = [:]
        for name in tasks {
            guard let threadID = Int32(name),
                  let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(name)/stat", encoding: .utf8),
                  let used = nanoseconds(statText: text)
            else { continue }
            result[threadID] = used
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
}
