// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Testing

@Suite("LatencyHistogram percentiles")
struct LatencyHistogramTests {
    // Names only as arguments, so test output stays short; samples are made per case.
    static let distributions: [String: @Sendable () -> [Int64]] = [
        "uniform 1 µs...1 s": { Samples.uniform(100_000, in: 1_000...1_000_000_000, seed: 1) },
        "exponential mean 5 ms": { Samples.exponential(100_000, mean: 5_000_000, seed: 2) },
        "bimodal 2 ms / 400 ms": { Samples.bimodal(100_000, seed: 3) },
        "single value": { Array(repeating: 123_456_789, count: 1_000) },
        "one sample": { [42_000_017] },
        "huge values near one hour": { Samples.uniform(10_000, in: 3_000_000_000_000...3_600_000_000_000, seed: 4) },
        "small exact values": { Samples.uniform(10_000, in: 0...2_047, seed: 5) },
    ]

    @Test("every standard percentile is within the documented relative error of the exact one",
          arguments: distributions.keys.sorted())
    func percentilesWithinBound(name: String) {
        let samples = Self.distributions[name]!()
        let histogram = histogram(of: samples)
        let sorted = samples.sorted()
        #expect(histogram.relativeErrorBound <= 0.0005)
        for percentile in Percentile.standard {
            let exact = exactPercentile(sorted, percentile.percent)
            let estimate = histogram.value(at: percentile) ?? -1
            let error = abs(Double(estimate - exact)) / max(1, Double(exact))
            let label = "\(name) \(percentile.label): \(estimate) vs \(exact)"
            #expect(error <= histogram.relativeErrorBound, Comment(rawValue: label))
        }
        #expect(histogram.value(atPercent: 0) == sorted.first)
        #expect(histogram.value(atPercent: 100) == sorted.last)
    }

    @Test("values below 2^(bits+1) are counted exactly")
    func smallValuesExact() {
        let samples = Samples.uniform(5_000, in: 0...2_047, seed: 9)
        let histogram = histogram(of: samples)
        let sorted = samples.sorted()
        for percent in stride(from: 0.0, through: 100, by: 0.5) {
            #expect(histogram.value(atPercent: percent) == exactPercentile(sorted, percent))
        }
    }

    @Test("a coarser histogram keeps its own, looser bound")
    func coarserBound() {
        let samples = Samples.exponential(20_000, mean: 1_000_000, seed: 11)
        let histogram = histogram(of: samples, bits: 5)
        let sorted = samples.sorted()
        for percentile in Percentile.standard {
            let exact = Double(exactPercentile(sorted, percentile.percent))
            let estimate = Double(histogram.value(at: percentile)!)
            #expect(abs(estimate - exact) / max(1, exact) <= 1.0 / 64)
        }
    }

    @Test("mean and standard deviation are exact")
    func meanAndDeviation() throws {
        let samples = Samples.uniform(10_001, in: 1_000...50_000_000, seed: 6)
        let histogram = histogram(of: samples)
        let mean = samples.reduce(0.0) { $0 + Double($1) } / Double(samples.count)
        let variance = samples.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(samples.count)
        #expect(abs(try #require(histogram.mean) - mean) <= 1e-6 * mean)
        #expect(abs(try #require(histogram.standardDeviation) - variance.squareRoot()) <= 1e-6 * variance.squareRoot())
        #expect(histogram.count == UInt64(samples.count))
    }

    @Test("an empty histogram has no percentiles, mean or deviation")
    func empty() {
        let histogram = LatencyHistogram()
        #expect(histogram.isEmpty)
        #expect(histogram.value(atPercent: 50) == nil)
        #expect(histogram.mean == nil)
        #expect(histogram.summary.percentiles.allSatisfy { $0.nanoseconds == nil })
    }

    @Test("negative and out-of-range samples are counted as rejected, not percentiles")
    func rejectedSamples() {
        var histogram = LatencyHistogram(highestTrackable: 1_000_000)
        histogram.record(-5)
        histogram.record(1_000_001)
        histogram.record(1_000_000)
        histogram.record(Duration.seconds(-1))
        histogram.record(Duration.seconds(Int64.max))
        #expect(histogram.rejectedNegative == 2)
        #expect(histogram.rejectedAboveRange == 2)
        #expect(histogram.rejected == 4)
        #expect(histogram.count == 1)
        #expect(histogram.value(atPercent: 100) == 1_000_000)
        #expect(histogram.summary.rejected == 4)
    }

    @Test("a Duration is recorded in whole nanoseconds")
    func durations() {
        var histogram = LatencyHistogram()
        histogram.record(Duration.milliseconds(3) + Duration.nanoseconds(7))
        #expect(histogram.maximum == 3_000_007)
    }

    @Test("the summary lists p0 p25 p50 p75 p90 p99 p99.9 p100 in order")
    func summaryList() {
        let summary = histogram(of: Array(1...1_000)).summary
        #expect(summary.percentiles.map(\.percentile.label) == ["p0", "p25", "p50", "p75", "p90", "p99", "p99_9", "p100"])
        #expect(summary.percentiles.map(\.nanoseconds) == [1, 250, 500, 750, 900, 990, 999, 1_000])
        #expect(summary[99.9] == 999)
        #expect(summary.count == 1_000)
    }

    @Test("nearest rank never rounds p99.9 of 1000 samples to the 1000th")
    func ranks() {
        #expect(Percentile(99.9).rank(in: 1_000) == 999)
        #expect(Percentile(99.9).rank(in: 1_001) == 1_000)
        #expect(Percentile(50).rank(in: 1) == 1)
        #expect(Percentile(0).rank(in: 10) == 1)
        #expect(Percentile(12.3456).label == "p12_3456")
    }
}
