// SPDX-License-Identifier: Apache-2.0

import Metrics

/// A percentile bootstrap confidence interval for the relative change of the
/// median, `median(current) / median(baseline) - 1`. Seeded, so the same
/// inputs always give the same interval.
enum Bootstrap {
    static func changeInterval(baseline: [Double], current: [Double], confidence: Double = 0.95,
                               resamples: Int = 2_000, seed: UInt64 = 0x5EED) -> (low: Double, high: Double)? {
        guard !baseline.isEmpty, !current.isEmpty else { return nil }
        var random = SeededGenerator(seed: seed)
        var left = Resampler(baseline)
        var right = Resampler(current)
        var changes = (0..<resamples).map { _ in
            relativeChange(from: left.median(using: &random), to: right.median(using: &random))
        }
        changes.sort()
        let tail = (1 - confidence) / 2
        let low = changes[min(changes.count - 1, Int(tail * Double(changes.count)))]
        let high = changes[min(changes.count - 1, Int((1 - tail) * Double(changes.count)))]
        return (low, high)
    }

    // The median of a resample is an order statistic of the sorted sample, so
    // counting how often each position is drawn finds it without sorting.
    struct Resampler {
        let sorted: [Double]
        var draws: [Int]

        init(_ values: [Double]) {
            sorted = values.sorted()
            draws = [Int](repeating: 0, count: values.count)
        }

        mutating func median(using random: inout SeededGenerator) -> Double {
            let count = sorted.count
            return draws.withUnsafeMutableBufferPointer { draws in
                draws.update(repeating: 0)
                for _ in 0..<count {
                    draws[Int(random.next() % UInt64(count))] += 1
                }
                let (lowRank, highRank) = ((count - 1) / 2, count / 2)
                var seen = 0
                var low = sorted[0]
                for position in 0..<count {
                    let before = seen
                    seen += draws[position]
                    if before <= lowRank, seen > lowRank { low = sorted[position] }
                    if seen > highRank { return (low + sorted[position]) / 2 }
                }
                return low
            }
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// `to / from - 1`; 0 when both are 0, infinite when only `from` is.
    static func relativeChange(from: Double, to: Double) -> Double {
        if from == to { return 0 }
        if from == 0 { return to > 0 ? .infinity : -.infinity }
        return (to - from) / abs(from)
    }
}
