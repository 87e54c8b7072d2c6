// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

/// The mean object size, which summary.csv's `object_size_bytes` reports for a distribution.
@Suite struct SizeMeanTests {
    @Test func fixedUniformAndBucketMeansAreExact() {
        #expect(ObjectSizeDistribution.fixed(.kibibytes(8)).meanBytes == 8_192)
        #expect(ObjectSizeDistribution.uniform(min: ByteSize(bytes: 1_000), max: ByteSize(bytes: 3_000)).meanBytes == 2_000)
        let buckets = ObjectSizeDistribution.buckets([
            SizeBucket(size: .kibibytes(16), weight: 50), SizeBucket(size: .kibibytes(64), weight: 50),
        ])
        #expect(buckets.meanBytes == 40_960)
    }

    @Test func anUntruncatedLognormalHasTheTextbookMean() {
        let distribution = ObjectSizeDistribution.lognormal(median: .mebibytes(1), sigma: 1, min: ByteSize(bytes: 1),
                                                            max: .tebibytes(5))
        #expect(abs(distribution.meanBytes / (1_048_576 * exp(0.5)) - 1) < 1e-6)
    }

    // The seeded sampler draws again outside the bounds; the formula must agree with what it draws.
    @Test func aTruncatedLognormalMeanMatchesTheSeededDraws() {
        let distribution = ObjectSizeDistribution.lognormal(median: .mebibytes(1), sigma: 1, min: .kibibytes(4),
                                                            max: .mebibytes(2))
        let sizes = ObjectSizeSampler(distribution: distribution, seed: 5).prefix(100_000)
        let drawn = Double(sizes.reduce(0, +)) / 100_000
        #expect(abs(distribution.meanBytes / drawn - 1) < 0.01, "formula \(distribution.meanBytes), drawn \(drawn)")
    }
}
