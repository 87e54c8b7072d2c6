// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Scenario

@Suite struct RandomTests {
    /// Values from an independent implementation of SplitMix64 + xoshiro256** with the same
    /// seeding, so that a change to the algorithm (and to every recorded size sequence) fails here.
    @Test func generatorMatchesKnownAnswers() {
        var generator = SeededGenerator(seed: 42)
        #expect((0..<4).map { _ in generator.next() }
                == [0xBF74_0AAE_EBB2_BD56, 0x8745_FC76_8B89_1234, 0xE6DF_4695_372D_77CF, 0xA35B_9AA5_0F28_F909])
        var stream = SeededGenerator(seed: 1, stream: 3)
        #expect(stream.next() == 0xD663_3143_7AC5_1DBD)
        #expect(stream.next() == 0xEEDD_23B2_9907_5326)
    }

    @Test func boundedDrawsStayInRange() {
        var generator = SeededGenerator(seed: 9)
        var seen = Set<UInt64>()
        for _ in 0..<10_000 {
            let value = generator.next(upTo: 7)
            #expect(value < 7)
            seen.insert(value)
            let double = generator.nextDouble()
            #expect(double >= 0 && double < 1)
        }
        #expect(seen.count == 7)
    }

    @Test func sizeSequencesAreReproducibleAndSharedByArchitectures() throws {
        let scenario = try parse(minimal(objectSize: #"{"distribution": "uniform", "min": "1KiB", "max": "1MiB"}"#))
        let cell = scenario.matrix()[0]
        let first = Array(cell.objectSizes(for: .measured(repeat: 0)).prefix(100))
        let again = Array(try parse(minimal(objectSize: #"{"distribution": "uniform", "min": "1KiB", "max": "1MiB"}"#))
            .matrix()[0].objectSizes(for: .measured(repeat: 0)).prefix(100))
        #expect(first == again)
        let otherRepeat = Array(cell.objectSizes(for: .measured(repeat: 1)).prefix(100))
        let warmup = Array(cell.objectSizes(for: .warmup).prefix(100))
        #expect(first != otherRepeat && first != warmup)
        let otherSeed = Array(try parse(minimal(#""seed": 2,"#, objectSize: #"{"distribution": "uniform", "min": "1KiB", "max": "1MiB"}"#))
            .matrix()[0].objectSizes(for: .measured(repeat: 0)).prefix(100))
        #expect(first != otherSeed)
    }

    @Test func uniformSizesCoverTheirBounds() {
        let sizes = Array(ObjectSizeSampler(distribution: .uniform(min: ByteSize(bytes: 100), max: ByteSize(bytes: 199)),
                                            seed: 5).prefix(10_000))
        #expect(sizes.min() == 100)
        #expect(sizes.max() == 199)
        let mean = Double(sizes.reduce(0, +)) / Double(sizes.count)
        #expect(abs(mean - 149.5) < 1.5)
    }

    @Test func lognormalMedianIsWithinTolerance() {
        let distribution = ObjectSizeDistribution.lognormal(median: .kibibytes(256), sigma: 1, min: ByteSize(bytes: 1),
                                                            max: .gibibytes(1))
        let sizes = Array(ObjectSizeSampler(distribution: distribution, seed: 11).prefix(10_000)).sorted()
        let median = Double(sizes[sizes.count / 2])
        #expect(abs(median / (256 * 1024) - 1) < 0.05, "median \(median)")
        // About 68% of ln(size) within one sigma of ln(median).
        let inside = sizes.filter { abs(log(Double($0) / (256 * 1024))) <= 1 }.count
        #expect(abs(Double(inside) / 10_000 - 0.6827) < 0.02)
    }

    @Test func lognormalIsTruncatedToItsBounds() {
        let distribution = ObjectSizeDistribution.lognormal(median: .mebibytes(1), sigma: 2, min: .kibibytes(512),
                                                            max: .mebibytes(2))
        let sizes = Array(ObjectSizeSampler(distribution: distribution, seed: 3).prefix(5000))
        #expect(sizes.allSatisfy { (512 * 1024...2 * 1024 * 1024).contains($0) })
    }

    @Test func bucketsFollowTheirWeights() {
        let distribution = ObjectSizeDistribution.buckets([
            SizeBucket(size: .kibibytes(4), weight: 70), SizeBucket(size: .mebibytes(1), weight: 25),
            SizeBucket(size: .mebibytes(64), weight: 5),
        ])
        let sizes = Array(ObjectSizeSampler(distribution: distribution, seed: 8).prefix(10_000))
        let share = { (size: ByteSize) in Double(sizes.filter { $0 == size.bytes }.count) / 10_000 }
        #expect(abs(share(.kibibytes(4)) - 0.70) < 0.02)
        #expect(abs(share(.mebibytes(1)) - 0.25) < 0.02)
        #expect(abs(share(.mebibytes(64)) - 0.05) < 0.01)
    }

    @Test func poissonArrivalsAverageTheRate() throws {
        let cell = try parse(minimal(#""load": {"arrival_rate": "20/s"},"#)).matrix()[0]
        let gaps = Array(try #require(cell.arrivals(for: .measured(repeat: 0))).prefix(10_000))
        let mean = Double(gaps.reduce(0, +)) / Double(gaps.count)
        #expect(abs(mean / 50_000_000 - 1) < 0.03)
        #expect(Set(gaps).count > 9000)
        let closed = try parse(minimal()).matrix()[0]
        #expect(closed.arrivals(for: .warmup) == nil)
    }

    @Test func retryBackoffGrowsToItsCap() {
        let policy = RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(350),
                                 multiplier: 2, jitter: false)
        #expect((1...4).map { policy.backoff(beforeRetry: $0) }
                == [.milliseconds(100), .milliseconds(200), .milliseconds(350), .milliseconds(350)])
    }
}
