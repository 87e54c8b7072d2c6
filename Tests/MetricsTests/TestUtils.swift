// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics

/// The nearest-rank percentile of `sorted` samples, the definition the histogram uses.
func exactPercentile(_ sorted: [Int64], _ percent: Double) -> Int64 {
    let rank = Percentile(percent).rank(in: UInt64(sorted.count))
    return sorted[Int(rank) - 1]
}

/// Samples from named distributions, fixed by a seed.
enum Samples {
    static func uniform(_ count: Int, in range: ClosedRange<Int64>, seed: UInt64) -> [Int64] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Int64.random(in: range, using: &random) }
    }

    static func exponential(_ count: Int, mean: Double, seed: UInt64) -> [Int64] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            Int64(-mean * log(1 - Double.random(in: 0..<1, using: &random)))
        }
    }

    static func bimodal(_ count: Int, seed: UInt64) -> [Int64] {
        // 90 % fast around 2 ms, 10 % slow around 400 ms: a cache or retry pattern.
        let fast = uniform(count * 9 / 10, in: 1_500_000...2_500_000, seed: seed)
        let slow = uniform(count - fast.count, in: 350_000_000...450_000_000, seed: seed + 1)
        return fast + slow
    }
}

func histogram(of samples: [Int64], bits: Int = LatencyHistogram.defaultSignificantBits) -> LatencyHistogram {
    var histogram = LatencyHistogram(significantBits: bits)
    for sample in samples {
        histogram.record(sample)
    }
    return histogram
}
