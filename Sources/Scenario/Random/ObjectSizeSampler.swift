// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The seeded sequence of object sizes for one run; every architecture of a cell gets the
/// same sequence for the same stream.
public struct ObjectSizeSampler: Sendable, Sequence, IteratorProtocol {
    private let distribution: ObjectSizeDistribution
    private var generator: SeededGenerator
    /// Cumulative bucket weights, for `buckets`.
    private let cumulative: [Double]

    public init(distribution: ObjectSizeDistribution, seed: UInt64, stream: UInt64 = 0) {
        self.distribution = distribution
        self.generator = SeededGenerator(seed: seed, stream: stream)
        if case .buckets(let buckets) = distribution {
            var total = 0.0
            cumulative = buckets.map { total += $0.weight; return total }
        } else {
            cumulative = []
        }
    }

    /// The next size in bytes; the sequence never ends.
    public mutating func next() -> Int64? {
        switch distribution {
        case .fixed(let size):
            return size.bytes
        case .uniform(let min, let max):
            let span = UInt64(max.bytes - min.bytes)
            return min.bytes + Int64(span == .max ? generator.next() : generator.next(upTo: span + 1))
        case .lognormal(let median, let sigma, let min, let max):
            return lognormal(median: Double(median.bytes), sigma: sigma, min: min.bytes, max: max.bytes)
        case .buckets(let buckets):
            let target = generator.nextDouble() * (cumulative.last ?? 0)
            let index = cumulative.firstIndex { target < $0 } ?? buckets.count - 1
            return buckets[index].size.bytes
        }
    }

    /// Draws again when outside the bounds (a truncated log-normal); after many misses,
    /// which only happens with bounds far in a tail, it clamps rather than loop on.
    private mutating func lognormal(median: Double, sigma: Double, min: Int64, max: Int64) -> Int64 {
        var value = median
        for _ in 0..<64 {
            value = (median * exp(sigma * generator.nextGaussian())).rounded()
            if value >= Double(min), value <= Double(max) {
                return Int64(value)
            }
        }
        return Swift.min(Swift.max(Int64(Swift.min(value, 9e18)), min), max)
    }
}

/// The seeded gaps between open-loop arrivals, in nanoseconds.
public struct ArrivalSampler: Sendable, Sequence, IteratorProtocol {
    private let rate: ArrivalRate
    private let process: ArrivalProcess
    private var generator: SeededGenerator

    public init(rate: ArrivalRate, process: ArrivalProcess, seed: UInt64, stream: UInt64 = 0) {
        self.rate = rate
        self.process = process
        // A different stream from the sizes', so that changing the rate leaves sizes alone.
        self.generator = SeededGenerator(seed: seed, stream: stream ^ 0xA77)
    }

    /// The gap before the next arrival, in nanoseconds.
    public mutating func next() -> Int64? {
        switch process {
        case .constant: return Int64(rate.meanIntervalNanoseconds.rounded())
        case .poisson: return Int64((generator.nextExponential() * rate.meanIntervalNanoseconds).rounded())
        }
    }
}

extension ScenarioCell {
    /// Which random stream a run draws from.
    public enum Stream: Sendable, Hashable {
        /// The warm-up uploads.
        case warmup
        /// Measured repeat number `n`, from 0.
        case measured(repeat: Int)

        var number: UInt64 {
            switch self {
            case .warmup: return .max
            case .measured(let repeatIndex): return UInt64(repeatIndex)
            }
        }
    }

    /// The object sizes for one run. Every architecture of the cell gets the same sequence
    /// for the same stream; different repeats get different (reproducible) sequences.
    public func objectSizes(for stream: Stream) -> ObjectSizeSampler {
        ObjectSizeSampler(distribution: settings.objectSize, seed: seed, stream: stream.number)
    }

    /// The gaps between arrivals of an open-loop run; `nil` for a closed loop.
    public func arrivals(for stream: Stream) -> ArrivalSampler? {
        guard case .open(let rate, _, let process) = settings.load else {
            return nil
        }
        return ArrivalSampler(rate: rate, process: process, seed: seed, stream: stream.number)
    }
}
