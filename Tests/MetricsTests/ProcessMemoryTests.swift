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
