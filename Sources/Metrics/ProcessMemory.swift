// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Resident memory of a process, from `/proc/PID/status`.
public enum ProcessMemory {
    /// Current resident set size in bytes (`VmRSS`), or nil when unreadable.
    public static func residentBytes(pid: Int32? = nil) -> Int? {
        field("VmRSS", pid: pid)
    }

    /// Peak resident set size in bytes since start or the last `resetPeak()` (`VmHWM`).
    public static func peakResidentBytes(pid: Int32? = nil) -> Int? {
        field("VmHWM", pid: pid)
    }

    /// Starts a new peak window: writing 5 to `clear_refs` resets `VmHWM` to the
    /// current RSS (Linux 4.0+; proc(5)). Returns false where that is not allowed.
    @discardableResult
    public static func resetPeak(pid: Int32? = nil) -> Bool {
        let path = "/proc/\(pid.map(String.init) ?? "self")/clear_refs"
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    private static func field(_ name: String, pid: Int32?) -> Int? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            // The line reads "VmHWM:     12345 kB".
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kibibytes = Int(parts[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }
}
