// SPDX-License-Identifier: Apache-2.0

import Glibc

/// How uploads are started.
public enum LoadShape: Sendable, Hashable {
    /// `concurrency` users; each starts its next upload as soon as its last one ends.
    case closed(concurrency: Int)
    /// Uploads arrive on a schedule regardless of how fast earlier ones finish;
    /// latency counts from each upload's intended start.
    case open(OpenLoop)
}

/// An open-loop arrival process.
public struct OpenLoop: Sendable, Hashable {
    /// Gaps between arrivals.
    public enum Arrivals: Sendable, Hashable {
        /// Exponential gaps (a Poisson process), drawn from the seed.
        case poisson
        /// Equal gaps.
        case uniform
    }

    public var arrivalsPerSecond: Double
    public var arrivals: Arrivals
    /// Uploads in flight at most; an arrival beyond it waits (and counts as a late start).
    public var maxInFlight: Int
    /// Seed of the arrival schedule.
    public var seed: UInt64

    public init(arrivalsPerSecond: Double, arrivals: Arrivals = .poisson, maxInFlight: Int = 1024, seed: UInt64 = 1) {
        self.arrivalsPerSecond = arrivalsPerSecond
        self.arrivals = arrivals
        self.maxInFlight = max(1, maxInFlight)
        self.seed = seed
    }

    /// Intended start offsets from the run's start, in nanoseconds, for `count` uploads.
    /// The first upload is due at 0.
    public func schedule(count: Int) -> [UInt64] {
        var state = seed
        var offsets = [UInt64]()
        offsets.reserveCapacity(count)
        var time = 0.0
        let mean = 1e9 / max(arrivalsPerSecond, 1e-9)
        for _ in 0..<count {
            offsets.append(UInt64(time))
            switch arrivals {
            case .uniform:
                time += mean
            case .poisson:
                // Inverse-transform sampling of the exponential distribution.
                time += -mean * log1p(-SplitMix64.unit(&state))
            }
        }
        return offsets
    }
}
