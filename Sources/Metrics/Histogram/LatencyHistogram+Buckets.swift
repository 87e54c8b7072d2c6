// SPDX-License-Identifier: Apache-2.0

extension LatencyHistogram {
    /// One bucket: the values `lowerBound...upperBound` were counted `count` times.
    public struct Bucket: Sendable, Equatable {
        public var lowerBound: Int64
        public var upperBound: Int64
        public var count: UInt64
    }

    /// The buckets holding at least one sample, in increasing order.
    public var nonEmptyBuckets: [Bucket] {
        var buckets: [Bucket] = []
        forEachNonEmptyBucket { index, value in
            let low = lowerBound(ofBucket: index)
            buckets.append(Bucket(lowerBound: low, upperBound: low + bucketWidth(ofBucket: index) - 1, count: value))
            return true
        }
        return buckets
    }

    // Most buckets are empty; a plain pointer loop keeps scans fast even in debug builds.
    func forEachNonEmptyBucket(_ body: (Int, UInt64) throws -> Bool) rethrows {
        try counts.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] != 0, try !body(index, buffer[index]) { return }
                index += 1
            }
        }
    }

    // Values below 2^bits are their own index. Above, a value whose top set bit
    // is `e` lands in block `e - bits + 1`, at offset `(v >> (e - bits)) - 2^bits`,
    // so every block spans one power of two in 2^bits equal steps.
    func bucketIndex(of value: Int64) -> Int {
        let subBuckets = 1 << significantBits
        guard value >= subBuckets else { return Int(value) }
        let topBit = 63 - value.leadingZeroBitCount
        let shift = topBit - significantBits
        return (shift + 1) << significantBits + Int(value >> shift) - subBuckets
    }

    func lowerBound(ofBucket index: Int) -> Int64 {
        let subBuckets = 1 << significantBits
        guard index >= subBuckets else { return Int64(index) }
        let shift = (index >> significantBits) - 1
        let offset = index & (subBuckets - 1)
        return Int64(subBuckets + offset) << shift
    }

    func bucketWidth(ofBucket index: Int) -> Int64 {
        let block = index >> significantBits
        return block == 0 ? 1 : Int64(1) << (block - 1)
    }

    // The middle of a bucket, so that the error is at most half a bucket width.
    func representativeValue(ofBucket index: Int) -> Int64 {
        lowerBound(ofBucket: index) + (bucketWidth(ofBucket: index) - 1) / 2
    }
}
