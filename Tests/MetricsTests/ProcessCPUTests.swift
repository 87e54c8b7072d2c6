// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import Metrics
import Testing

/// A child process's CPU, read from outside it.
@Suite struct ProcessCPUTests {
    /// A Python child that spends `milliseconds` of CPU, says so, then sleeps.
    private func busyChild(milliseconds: Int) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, time
            end = time.process_time() + \(Double(milliseconds) / 1000)
            while time.process_time() < end: pass
            print("done", flush=True)
            time.sleep(30)
            """]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.availableData
        return (process, output)
    }

    @Test func aChildsCPUIsReadToTheNanosecondNotInClockTicks() throws {
        let (process, _) = try busyChild(milliseconds: 45)
        defer { process.terminate(); process.waitUntilExit() }
        let used = try #require(ProcessCPU.nanoseconds(pid: process.processIdentifier))
        // 45 ms of the loop plus the interpreter's start.
        #expect(used >= 45_000_000 && used < 2_000_000_000, "\(used) ns")
        // /proc/PID/stat would give a multiple of a 10 ms tick.
        #expect(used % 10_000_000 != 0, "\(used) ns is a whole number of ticks")
        let threads = ProcessCPU.threadNanoseconds(pid: process.processIdentifier)
        #expect(!threads.isEmpty && threads.values.reduce(0, +) <= used)
    }

    @Test func aBusyLoopShowsUpInThisProcessCPUTime() throws {
        let pid = getpid()
        let before = try #require(ProcessCPU.nanoseconds(pid: pid))
        // Spin until this thread itself has used 300 ms of CPU, however loaded the machine is.
        func threadCPU() -> UInt64 {
            var now = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
            return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        }
        let spinStart = threadCPU()
        var sink: UInt64 = 0
        while threadCPU() - spinStart < 300_000_000 {
            sink &+= 1
        }
        let after = try #require(ProcessCPU.nanoseconds(pid: pid))
        #expect(sink > 0)
        #expect(after - before >= 300_000_000)
    }

    @Test func readingsNeverGoBackWhileThreadsComeAndGo() throws {
        let (process, _) = try busyChild(milliseconds: 5)
        defer { process.terminate(); process.waitUntilExit() }
        var previous: UInt64 = 0
        for _ in 0..<200 {
            let now = try #require(ProcessCPU.nanoseconds(pid: process.processIdentifier))
            #expect(now >= previous)
            previous = now
        }
    }

    @Test func aProcessThatIsGoneHasNoFigure() {
        #expect(ProcessCPU.nanoseconds(pid: Int32.max) == nil)
        #expect(ProcessCPU.nanoseconds(pid: -1) == nil)
    }
}
