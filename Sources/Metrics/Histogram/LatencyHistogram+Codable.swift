// SPDX-License-Identifier: Apache-2.0

// The compact form keeps only non-empty buckets as a flat list of pairs
// `[index gap, count, index gap, count, ...]`, where each gap is the distance
// from the previous non-empty bucket. The 128-bit sums are strings because
// JSON numbers lose precision above 2^53 in most readers.
extension LatencyHistogram: Codable {
    private enum CodingKeys: String, CodingKey {
        case significantBits = "bits"
        case highestTrackable = "highest"
        case count, min, max, sum
        case sumOfSquares = "sum_squares"
        case rejectedNegative = "rejected_negative"
        case rejectedAboveRange = "rejected_above_range"
        case buckets
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(significantBits, forKey: .significantBits)
        try container.encode(highestTrackable, forKey: .highestTrackable)
        try container.encode(count, forKey: .count)
        try container.encodeIfPresent(minimum, forKey: .min)
        try container.encodeIfPresent(maximum, forKey: .max)
        try container.encode(String(sum), forKey: .sum)
        try container.encode(String(sumOfSquares), forKey: .sumOfSquares)
        try container.encode(rejectedNegative, forKey: .rejectedNegative)
        try container.encode(rejectedAboveRange, forKey: .rejectedAboveRange)
        var pairs: [UInt64] = []
        var previous = 0
        forEachNonEmptyBucket { index, value in
            pairs.append(UInt64(index - previous))
            pairs.append(value)
            previous = index
            return true
        }
        try container.encode(pairs, forKey: .buckets)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let bits = try container.decode(Int.self, forKey: .significantBits)
        let highest = try container.decode(Int64.self, forKey: .highestTrackable)
        guard (1...16).contains(bits), (1...Self.maximumHighestTrackable).contains(highest) else {
            throw DecodingError.dataCorruptedError(
                forKey: .significantBits, in: container, debugDescription: "histogram precision or range out of bounds"
            )
        }
        self.init(significantBits: bits, highestTrackable: highest)
        count = try container.decode(UInt64.self, forKey: .count)
        minimum = try container.decodeIfPresent(Int64.self, forKey: .min)
        maximum = try container.decodeIfPresent(Int64.self, forKey: .max)
        guard let sum = UInt128(try container.decode(String.self, forKey: .sum)),
              let squares = UInt128(try container.decode(String.self, forKey: .sumOfSquares))
        else {
            throw DecodingError.dataCorruptedError(forKey: .sum, in: container, debugDescription: "sums must be decimal integers")
        }
        self.sum = sum
        sumOfSquares = squares
        rejectedNegative = try container.decode(UInt64.self, forKey: .rejectedNegative)
        rejectedAboveRange = try container.decode(UInt64.self, forKey: .rejectedAboveRange)
        try decodeBuckets(try container.decode([UInt64].self, forKey: .buckets), container: container)
    }

    private mutating func decodeBuckets(_ pairs: [UInt64], container: KeyedDecodingContainer<CodingKeys>) throws {
        func corrupted(_ reason: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: .buckets, in: container, debugDescription: reason)
        }
        guard pairs.count.isMultiple(of: 2) else { throw corrupted("buckets must be pairs of gap and count") }
        let lastIndex = bucketIndex(of: highestTrackable)
        var entries: [(index: Int, count: UInt64)] = []
        entries.reserveCapacity(pairs.count / 2)
        var index = 0
        var total: UInt64 = 0
        for pair in stride(from: 0, to: pairs.count, by: 2) {
            let (next, overflow) = index.addingReportingOverflow(Int(clamping: pairs[pair]))
            guard !overflow, next <= lastIndex, pair == 0 || next > index, pairs[pair + 1] > 0 else {
                throw corrupted("bucket indexes must increase within the histogram's range and counts be positive")
            }
            index = next
            entries.append((index, pairs[pair + 1]))
            total += pairs[pair + 1]
        }
        counts = [UInt64](repeating: 0, count: entries.last.map { $0.index + 1 } ?? 0)
        for entry in entries {
            counts[entry.index] = entry.count
        }
        guard total == count, (count == 0) == (minimum == nil), (count == 0) == (maximum == nil) else {
            throw corrupted("bucket counts do not add up to the histogram's count")
        }
    }
}
