// SPDX-License-Identifier: Apache-2.0

public import Foundation
import Glibc

/// Reports progress: one line rewritten in place on a terminal, plain log
/// lines (at most one every few seconds) when output goes to a file or CI log.
public final class ProgressLine: @unchecked Sendable {
    // Only the runner's coordinating thread calls `update`/`finish`; `lock` guards the rest anyway
    // because load-generator callbacks may arrive from its own thread.
    private let lock = NSLock()
    private let isTerminal: Bool
    private let quiet: Bool
    private var lastPlainLine: UInt64 = 0
    private let output: FileHandle

    public init(quiet: Bool = false, output: FileHandle = .standardError) {
        self.quiet = quiet
        self.output = output
        isTerminal = isatty(output.fileDescriptor) == 1
    }

    /// Shows the state of the current cell.
    public func update(
        label: String,
        elapsedSeconds: Double,
        uploadsDone: Int,
        uploadsPlanned: Int,
        mebibytesPerSecond: Double,
        errors: Int
    ) {
        guard !quiet else { return }
        let text = String(
            format: "%@  %5.1fs  %d/%d uploads  %.1f MiB/s  %d errors",
            label, elapsedSeconds, uploadsDone, uploadsPlanned, mebibytesPerSecond, errors
        )
        lock.lock()
        defer { lock.unlock() }
        if isTerminal {
            write("\r\u{1B}[2K" + text)
        } else {
            let now = UInt64(Date().timeIntervalSince1970)
            guard now >= lastPlainLine + 5 else { return }
            lastPlainLine = now
            write(text + "\n")
        }
    }

    /// Prints a line that stays (a finished cell, a warning).
    public func log(_ message: String) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        write((isTerminal ? "\r\u{1B}[2K" : "") + message + "\n")
    }

    private func write(_ text: String) {
        output.write(Data(text.utf8))
    }
}
