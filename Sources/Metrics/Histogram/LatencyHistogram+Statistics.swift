// SPDX-License-Identifier: Apache-2.0

extension LatencyHistogram {
    /// The sample at `percentile` (nearest rank), within `relativeErrorBound`;
    /// p0 and p100 are the exact minimum and maximum. `nil` when empty.
    public func value(at percentile: Percentile) -> Int64? {
        values(at: [percentile])[0]
    }

    /// The samples at several percentiles in one pass over the buckets, in the order given.
    public func values(at percentiles: [Percentile]) -> [Int64?] {
        guard let low = minimum, let high = maximum else { return percentiles.map { _ in nil } }
        var results = [Int64?](repeating: high, count: percentiles.count)
        var pending: [(rank: UInt64, slot: Int)] = []
        for (slot, percentile) in percentiles.enumerated() {
            let rank = percentile.rank(in: count)
            if percentile.partsPerMillion == 0 || rank <= 1 {
                results[slot] = low
            } else if rank < count {
                pending.append((rank, slot))
            }
        }
        pending.sort { $0.rank < $1.rank }
        var next = 0
        var seen: UInt64 = 0
        forEachNonEmptyBucket { index, value in
            guard next < pending.count else { return false }
            seen += value
            while next < pending.count, seen >= pending[next].rank {
                results[pending[next].slot] = Swift.min(Swift.max(representativeValue(ofBucket: index), low), high)
                next += 1
            }
            return true
        }
        return results
    }

    /// The sample at a percentile given in percent, e.g. `99.9`.
    public func value(atPercent percent: Double) -> Int64? {
        value(at: Percentile(percent))
    }

    /// The exact mean in nanoseconds (`nil` when empty).
    public var mean: Double? {
        guard count > 0 else { return nil }
        return Double(sum) / Double(count)
    }

    /// The exact population standard deviation in nanoseconds (`nil` when empty).
    public var standardDeviation: Double? {
        guard count > 0 else { return nil }
        let n = UInt128(count)
        // n * sumOfSquares - sum^2 is exact while it fits; fall back to doubles otherwise.
        let (scaled, overflow) = n.multipliedReportingOverflow(by: sumOfSquares)
        let (square, overflowSquare) = sum.multipliedReportingOverflow(by: sum)
        if !overflow, !overflowSquare {
            let numerator = scaled >= square ? scaled - square : 0
            return (Double(numerator) / Double(n) / Double(n)).squareRoot()
        }
        let mean = Double(sum) / Double(count)
        return Swift.max(0, Double(sumOfSquares) / Double(count) - mean * mean).squareRoot()
    }

    /// The fixed percentile list plus count, mean and standard deviation.
    public var summary: LatencySummary {
        LatencySummary(
            count: count,
            rejected: rejected,
            percentiles: zip(Percentile.standard, values(at: Percentile.standard)).map {
                PercentileValue(percentile: $0, nanoseconds: $1)
            },
            mean: mean,
            standardDeviation: standardDeviation
        )
    }
}

/// One percentile of a `LatencySummary`.
public struct PercentileValue: Sendable, Equatable, Codable {
    public var percentile: Percentile
    /// The value in nanoseconds, `nil` when there were no samples.
    public var nanoseconds: Int64?
}

/// The fixed percentile list of a histogram plus count, mean and standard deviation.
public struct LatencySummary: Sendable, Equatable, Codable {
    /// Samples counted.
    public var count: UInt64
    /// Samples rejected (negative or out of range).
    public var rejected: UInt64
    /// p0, p25, p50, p75, p90, p99, p99.9, p100 in that order.
    public var percentiles: [PercentileValue]
    /// Mean in nanoseconds.
    public var mean: Double?
    /// Population standard deviation in nanoseconds.
    public var standardDeviation: Double?

    /// The value at a percentile of the standard list, e.g. `summary[99.9]`.
    public subscript(percent: Double) -> Int64? {
        let wanted = Percentile(percent)
        return percentiles.first { $0.percentile == wanted }?.nanoseconds
    }
}
