// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Burns CPU on the calling thread: the `extra_cpu_per_upload` experiment knob
/// that injects a known regression for checking the CI gate.
enum CPUBurn {
    /// Spins until the calling thread has used `duration` more CPU time.
    ///
    /// Thread CPU time, not wall time, so a busy machine that preempts the
    /// thread still gets exactly the requested extra work per upload.
    static func spin(for duration: Duration) {
        guard duration > .zero else { return }
        let (seconds, attoseconds) = duration.components
        let target = threadCPUNanoseconds() + seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        var sink: UInt64 = 0x9E37_79B9_7F4A_7C15
        while threadCPUNanoseconds() < target {
            // Some arithmetic between clock reads, so most of the time is not spent in the clock call.
            for _ in 0..<256 {
                sink = sink &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            }
        }
        blackHole(sink)
    }

    private static func threadCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    // Keeps the optimiser from removing the loop.
    @inline(never)
    private static func blackHole(_ value: UInt64) {
        if value == 0 { FileHandle.standardError.write(Data()) }
    }
}
