// SPDX-License-Identifier: Apache-2.0

import Glibc
import Metrics
import Testing

@Suite struct ProcessMemoryTests {
    @Test func peakResidentMemoryRisesWhenMemoryIsTouchedAndFallsAfterAReset() throws {
        let before = try #require(ProcessMemory.peakResidentBytes())
        // Large enough that other suites running at the same time cannot hide it.
        let touched = 256 * 1024 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: touched, alignment: 4096)
        for offset in stride(from: 0, to: touched, by: 4096) {
            buffer[offset] = 1
        }
        let during = try #require(ProcessMemory.peakResidentBytes())
        #expect(during >= before + touched / 2)

        // A block this size is its own mapping, so freeing it returns the pages at once.
        buffer.deallocate()
        #expect(ProcessMemory.resetPeak())
        let after = try #require(ProcessMemory.peakResidentBytes())
        #expect(after <= during - touched / 2)
    }
}

@Suite struct ProcessCPUTests {
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
        // Clock ticks are 10 ms, so allow two ticks of rounding.
        #expect(after - before >= 280_000_000)
        #expect(ProcessCPU.nanoseconds(pid: -1) == nil)
    }
}
