// SPDX-License-Identifier: Apache-2.0

/// A percentile as an exact fraction (parts per million), so that p99.9 of
/// 1000 samples is the 999th sample and never off by one from rounding.
public struct Percentile: Sendable, Hashable, Comparable, Codable {
    /// The percentile in parts per million: p50 is 500_000, p99.9 is 999_000.
    public let partsPerMillion: Int

    /// A percentile such as `99.9`; rounded to the nearest part per million.
    public init(_ percent: Double) {
        precondition((0...100).contains(percent), "a percentile is 0...100")
        partsPerMillion = Int((percent * 10_000).rounded())
    }

    /// The percentile as a number of percent, e.g. `99.9`.
    public var percent: Double { Double(partsPerMillion) / 10_000 }

    /// A short label for column names: `p0`, `p50`, `p99_9`, `p100`.
    public var label: String {
        let whole = partsPerMillion / 10_000
        var fraction = partsPerMillion % 10_000
        guard fraction != 0 else { return "p\(whole)" }
        var digits = ""
        var scale = 1000
        while fraction != 0 {
            digits += String(fraction / scale)
            fraction %= scale
            scale /= 10
        }
        return "p\(whole)_\(digits)"
    }

    /// The 1-based rank of the sample this percentile names among `count`
    /// sorted samples (nearest-rank definition: `ceil(p * count)`, at least 1).
    public func rank(in count: UInt64) -> UInt64 {
        let product = UInt128(partsPerMillion) * UInt128(count)
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 1_000_000)
        return Swift.max(1, UInt64(quotient) + (remainder == 0 ? 0 : 1))
    }

    /// The percentiles every report shows: p0, p25, p50, p75, p90, p99, p99.9, p100.
    public static let standard: [Percentile] = [0, 25, 50, 75, 90, 99, 99.9, 100].map(Percentile.init)

    public static func < (lhs: Percentile, rhs: Percentile) -> Bool {
        lhs.partsPerMillion < rhs.partsPerMillion
    }
}
