// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

/// Reads a process's CPU time, memory and I/O counters from /proc, the same
/// way for nginx's workers and for the Swift servers.
enum ProcessProbe {
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// user + system CPU seconds of `pid` (all its threads, dead ones included),
    /// from fields 14 and 15 of /proc/PID/stat; nil once the process is gone.
    static func cpuSeconds(_ pid: pid_t) -> Double? {
        guard let text = read("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        // After the command name: field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    /// CPU seconds of the live threads of `pid` from /proc/PID/task/*/schedstat (nanoseconds,
    /// so finer than the 10 ms ticks of /proc/PID/stat; threads that ended are not counted).
    static func threadCPUSeconds(_ pid: pid_t) -> Double {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.reduce(0) { total, task in
            let first = read("/proc/\(pid)/task/\(task)/schedstat")?.split(separator: " ").first
            return total + (first.flatMap { Double($0) } ?? 0) / 1e9
        }
    }

    /// Summed CPU seconds of several processes (nginx's master and workers).
    static func cpuSeconds(_ pids: [pid_t]) -> Double {
        pids.reduce(0) { $0 + (cpuSeconds($1) ?? 0) }
    }

    /// The direct children of `pid`, found by their parent id in /proc/*/stat.
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { child in
            guard let text = read("/proc/\(child)/stat"), let close = text.lastIndex(of: ")") else { return false }
            let fields = text[text.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid
        }
    }

    /// A `kB` field of /proc/PID/status (`VmRSS`, `VmHWM`) in bytes.
    static func statusBytes(_ pid: pid_t, _ field: String) -> Int? {
        guard let text = read("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kib = Int(parts[1]) { return kib * 1024 }
        }
        return nil
    }

    /// Open file descriptors of `pid`.
    static func openFiles(_ pid: pid_t) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    }

    private static func read(_ path: String) -> String? {
        // /proc files report size 0, so read them whole through FileHandle.
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
