// SPDX-License-Identifier: Apache-2.0

import Foundation
import Metrics
import Testing

@Suite("LatencyHistogram merge and Codable")
struct HistogramMergeCodableTests {
    @Test("merging parts equals the histogram of all samples, bucket for bucket")
    func mergeEquivalence() throws {
        let all = Samples.exponential(30_000, mean: 20_000_000, seed: 7) + [-1, 5_000_000_000_000]
        let parts = stride(from: 0, to: all.count, by: 7_001).map { Array(all[$0..<min($0 + 7_001, all.count)]) }
        let merged = try LatencyHistogram.merged(parts.map { histogram(of: $0) })
        let whole = histogram(of: all)
        #expect(merged == whole)
        #expect(merged.nonEmptyBuckets == whole.nonEmptyBuckets)
        #expect(merged.summary == whole.summary)
        #expect(merged.rejected == 2)
    }

    @Test("merge order does not matter")
    func mergeCommutes() throws {
        let a = histogram(of: Samples.uniform(1_000, in: 1...10_000_000, seed: 1))
        let b = histogram(of: Samples.uniform(1_000, in: 5_000_000...900_000_000, seed: 2))
        var ab = a
        try ab.merge(b)
        var ba = b
        try ba.merge(a)
        #expect(ab == ba)
    }

    @Test("histograms of different precision refuse to merge")
    func incompatibleMerge() {
        var a = LatencyHistogram(significantBits: 10)
        let b = LatencyHistogram(significantBits: 8)
        #expect(throws: LatencyHistogram.Error.self) { try a.merge(b) }
    }

    @Test("JSON round trip keeps every bucket and is compact")
    func codableRoundTrip() throws {
        var original = histogram(of: Samples.bimodal(50_000, seed: 8))
        original.record(-3)
        let data = try JSONEncoder().encode(original)
        let decoded = try JSONDecoder().decode(LatencyHistogram.self, from: data)
        #expect(decoded == original)
        #expect(decoded.summary == original.summary)
        #expect(decoded.rejectedNegative == 1)
        // Two numbers per non-empty bucket and a few fields, far below a dense array.
        #expect(data.count < original.nonEmptyBuckets.count * 24 + 300)
        var more = decoded
        try more.merge(original)
        #expect(more.count == 2 * original.count)
    }

    @Test("an empty histogram round-trips")
    func emptyRoundTrip() throws {
        let data = try JSONEncoder().encode(LatencyHistogram())
        #expect(try JSONDecoder().decode(LatencyHistogram.self, from: data) == LatencyHistogram())
    }

    @Test("corrupt histogram JSON is refused", arguments: [
        #"{"bits":10,"highest":1000,"count":2,"min":1,"max":1,"sum":"2","sum_squares":"2","rejected_negative":0,"rejected_above_range":0,"buckets":[1,1]}"#,
        #"{"bits":10,"highest":1000,"count":1,"min":1,"max":1,"sum":"1","sum_squares":"1","rejected_negative":0,"rejected_above_range":0,"buckets":[1]}"#,
        #"{"bits":10,"highest":1000,"count":1,"min":1,"max":1,"sum":"x","sum_squares":"1","rejected_negative":0,"rejected_above_range":0,"buckets":[1,1]}"#,
        #"{"bits":10,"highest":1000,"count":1,"min":1,"max":1,"sum":"1","sum_squares":"1","rejected_negative":0,"rejected_above_range":0,"buckets":[999999,1]}"#,
        #"{"bits":40,"highest":1000,"count":0,"sum":"0","sum_squares":"0","rejected_negative":0,"rejected_above_range":0,"buckets":[]}"#,
    ])
    func corruptRefused(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LatencyHistogram.self, from: Data(json.utf8))
        }
    }
}
