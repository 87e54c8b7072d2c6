// SPDX-License-Identifier: Apache-2.0

/// The bottleneck of one direction of a link for one sender: a chunk occupies
/// it for `size / bandwidth` after the chunk before it left, whichever of the
/// sender's connections either chunk came from. Loop-bound.
///
/// Several `DelayLine`s share one serialiser when their connections leave from
/// the same source address, so a client's parallel connections split its
/// access link instead of each getting the whole of it.
final class LinkSerialiser {
    /// Bits per second; nil means the link adds no serialisation time.
    let bitsPerSecond: UInt64?
    private var freeAt: UInt64 = 0

    init(bitsPerSecond: UInt64?) {
        self.bitsPerSecond = bitsPerSecond
    }

    /// Puts `count` bytes on the link no earlier than `start`.
    /// - Returns: when their last bit has left the sender.
    func occupy(_ count: Int, from start: UInt64) -> UInt64 {
        let serialisation = bitsPerSecond.map { UInt64(count) * 8 * 1_000_000_000 / max($0, 1) } ?? 0
        freeAt = max(start, freeAt) + serialisation
        return freeAt
    }
}

@available(*, unavailable)
extension LinkSerialiser: Sendable {}
