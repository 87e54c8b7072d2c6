// SPDX-License-Identifier: Apache-2.0

import Glibc

/// CLOCK_MONOTONIC in integer nanoseconds, the time base of every upload record.
public enum MonotonicNanoseconds {
    /// Now, in nanoseconds since an arbitrary fixed point (boot).
    public static var now: UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}

extension Duration {
    /// Whole nanoseconds, clamped at zero.
    var wholeNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        let total = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return total > 0 ? UInt64(total) : 0
    }
}
