// SPDX-License-Identifier: Apache-2.0

/// Deterministic object bodies, generated on the fly (never read from disk).
///
/// A 64 KiB pseudo-random block made from the seed is repeated; each 8-byte
/// word is XOR-ed with a value made from the upload index and the 64 KiB
/// chunk number, so objects differ from each other and no 64 KiB chunk of one
/// object repeats. The byte at any offset can be made without the ones before
/// it, which is what parts and retries need.
public struct BodyGenerator: Sendable {
    /// Words in the repeated block (64 KiB).
    static let blockWords = 8192
    private static let blockShift = 13

    /// The seed the block was made from.
    public let seed: UInt64
    private let block: [UInt64]

    /// Makes the block for `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        var state = seed
        var block = [UInt64](repeating: 0, count: Self.blockWords)
        for index in block.indices {
            block[index] = SplitMix64.next(&state)
        }
        self.block = block
    }

    /// The value every word of upload `index` is XOR-ed with, before the chunk number is added.
    static func salt(seed: UInt64, index: Int) -> UInt64 {
        var state = seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15)
        return SplitMix64.next(&state)
    }

    /// Fills `buffer` with the bytes of upload `index` starting at `offset`.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer, index: Int, offset: Int) {
        fill(buffer, salt: Self.salt(seed: seed, index: index), offset: offset)
    }

    /// Fills `buffer` with bytes at `offset` of the upload whose salt is `salt`.
    func fill(_ buffer: UnsafeMutableRawBufferPointer, salt: UInt64, offset: Int) {
        guard buffer.count > 0 else { return }
        block.withUnsafeBufferPointer { words in
            var position = offset
            var written = 0
            // Leading bytes up to the next word boundary.
            while position & 7 != 0, written < buffer.count {
                buffer[written] = byte(words, salt: salt, position: position)
                position += 1
                written += 1
            }
            // Whole words, a run at a time: within one 64 KiB chunk every word of the
            // block is XOR-ed with the same value, a loop the compiler vectorises.
            let target = buffer.baseAddress!
            while buffer.count - written >= 8 {
                let wordIndex = position >> 3
                let first = wordIndex & (Self.blockWords - 1)
                let run = min((buffer.count - written) >> 3, Self.blockWords - first)
                let mask = salt &+ UInt64(truncatingIfNeeded: wordIndex >> Self.blockShift)
                let start = target + written
                for index in 0..<run {
                    start.storeBytes(of: (words[first + index] ^ mask).littleEndian, toByteOffset: index << 3, as: UInt64.self)
                }
                position += run << 3
                written += run << 3
            }
            while written < buffer.count {
                buffer[written] = byte(words, salt: salt, position: position)
                position += 1
                written += 1
            }
        }
    }

    /// All bytes of a range, for tests and small bodies.
    public func bytes(index: Int, offset: Int = 0, count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer), index: index, offset: offset)
            initialized = count
        }
    }

    @inline(__always)
    private func wordValue(_ words: UnsafeBufferPointer<UInt64>, salt: UInt64, wordIndex: Int) -> UInt64 {
        words[wordIndex & (Self.blockWords - 1)] ^ (salt &+ UInt64(truncatingIfNeeded: wordIndex >> Self.blockShift))
    }

    @inline(__always)
    private func byte(_ words: UnsafeBufferPointer<UInt64>, salt: UInt64, position: Int) -> UInt8 {
        let word = wordValue(words, salt: salt, wordIndex: position >> 3)
        return UInt8(truncatingIfNeeded: word >> UInt64((position & 7) * 8))
    }
}

/// Sebastiano Vigna's SplitMix64 step: cheap, and good enough for test data and schedules.
enum SplitMix64 {
    static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    static func unit(_ state: inout UInt64) -> Double {
        Double(next(&state) >> 11) * 0x1.0p-53
    }
}
