// SPDX-License-Identifier: Apache-2.0

import Foundation

extension ObjectSizeDistribution {
    /// The expected size of a drawn object, in bytes: what summary.csv's `object_size_bytes`
    /// and the size axes of the charts stand for when sizes vary.
    public var meanBytes: Double {
        switch self {
        case .fixed(let size):
            return Double(size.bytes)
        case .uniform(let min, let max):
            return (Double(min.bytes) + Double(max.bytes)) / 2
        case .buckets(let buckets):
            let total = buckets.reduce(0) { $0 + $1.weight }
            guard total > 0 else { return 0 }
            return buckets.reduce(0) { $0 + Double($1.size.bytes) * $1.weight } / total
        case .lognormal(let median, let sigma, let min, let max):
            return Self.truncatedLognormalMean(
                median: Double(median.bytes), sigma: sigma, min: Double(min.bytes), max: Double(max.bytes))
        }
    }

    /// The mean of a log-normal drawn again until it falls in `min...max`:
    /// E[X | a ≤ X ≤ b] = e^(μ+σ²/2) · (Φ(β−σ) − Φ(α−σ)) / (Φ(β) − Φ(α)), with μ = ln(median),
    /// α = (ln a − μ)/σ and β = (ln b − μ)/σ.
    /// https://en.wikipedia.org/wiki/Log-normal_distribution#Partial_expectation
    private static func truncatedLognormalMean(median: Double, sigma: Double, min: Double, max: Double) -> Double {
        let mu = log(median)
        let alpha = (log(min) - mu) / sigma
        let beta = (log(max) - mu) / sigma
        let inside = normalCDF(beta) - normalCDF(alpha)
        // Bounds far in one tail: the sampler then clamps, so the draws sit at the nearer bound.
        guard inside > 1e-12 else { return Swift.min(Swift.max(median, min), max) }
        let mean = exp(mu + sigma * sigma / 2) * (normalCDF(beta - sigma) - normalCDF(alpha - sigma)) / inside
        return Swift.min(Swift.max(mean, min), max)
    }

    /// Φ, written with erfc so that far tails keep their precision.
    private static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }
}
