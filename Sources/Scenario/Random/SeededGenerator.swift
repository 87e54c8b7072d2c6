// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A small, fast, seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// The same seed gives the same sequence on every machine and Swift version, unlike the
/// standard library's `random(in:using:)` helpers whose algorithms may change; so the draws
/// below (`nextDouble`, `next(upTo:)`) are written out here too.
/// See https://prng.di.unimi.it for both algorithms.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator for `seed`, on an independent `stream` (for example one per repeat).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(state: seed ^ SplitMix64.mix(stream &+ 0x5851_F42D_4C95_7F2D))
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func next(upTo bound: UInt64) -> UInt64 {
        precondition(bound > 0, "the bound is positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A standard normal value (Box-Muller).
    public mutating func nextGaussian() -> Double {
        let u1 = 1 - nextDouble()
        let u2 = nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// An exponential value with mean 1.
    public mutating func nextExponential() -> Double {
        -log(1 - nextDouble())
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

/// SplitMix64, used to spread a seed over xoshiro's state.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
