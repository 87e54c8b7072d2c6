// SPDX-License-Identifier: Apache-2.0

import Metrics

/// One direction of an emulated link: bytes enter at the sender's pace and
/// leave when a real link would have delivered them.
///
/// The model is a serialising link followed by propagation: a chunk occupies
/// the link (`serialiser`, which other connections of the same sender may
/// share) for `size / bandwidth` after the previous chunk left it, then
/// arrives `oneWayDelay` (plus jitter) later. Arrival times never decrease, so
/// bytes are never reordered. Pure bookkeeping: the caller owns the sockets
/// and the clock, which keeps this testable without sockets.
struct DelayLine {
    private let serialiser: LinkSerialiser
    private let delayNanoseconds: UInt64
    private let jitterNanoseconds: UInt64
    private var random: SeededGenerator
    private var lastArrival: UInt64 = 0
    private var chunks: [(arrival: UInt64, bytes: [UInt8])] = []
    private var headOffset = 0
    private var firstChunk = 0

    /// Bytes accepted but not yet taken out.
    private(set) var queuedBytes = 0

    init(serialiser: LinkSerialiser, delayNanoseconds: UInt64, jitterNanoseconds: UInt64, seed: UInt64) {
        self.serialiser = serialiser
        self.delayNanoseconds = delayNanoseconds
        self.jitterNanoseconds = jitterNanoseconds
        self.random = SeededGenerator(seed: seed)
    }

    /// Accepts `bytes` that the sender handed over at `now`.
    mutating func enqueue(_ bytes: [UInt8], now: UInt64) {
        var arrival = serialiser.occupy(bytes.count, from: now) + delayNanoseconds
        if jitterNanoseconds > 0 {
            let offset = random.next() % (2 * jitterNanoseconds + 1)
            arrival = arrival + offset >= jitterNanoseconds ? arrival + offset - jitterNanoseconds : 0
        }
        arrival = max(arrival, lastArrival)
        lastArrival = arrival
        chunks.append((arrival, bytes))
        queuedBytes += bytes.count
    }

    /// When the next byte is due, or nil when nothing is queued.
    var nextArrival: UInt64? {
        firstChunk < chunks.count ? chunks[firstChunk].arrival : nil
    }

    /// Hands the bytes that have arrived by `now` to `write`, which returns how
    /// many it took (fewer when the receiver's socket is full).
    /// - Returns: false when `write` stopped early.
    mutating func deliver(now: UInt64, write: (UnsafeRawBufferPointer) -> Int) -> Bool {
        while firstChunk < chunks.count, chunks[firstChunk].arrival <= now {
            let written = chunks[firstChunk].bytes.withUnsafeBytes { buffer in
                write(UnsafeRawBufferPointer(rebasing: buffer[headOffset...]))
            }
            headOffset += written
            queuedBytes -= written
            if headOffset < chunks[firstChunk].bytes.count { return false }
            headOffset = 0
            firstChunk += 1
        }
        // Drop delivered chunks in batches so removal stays amortised O(1).
        if firstChunk > 64 || firstChunk == chunks.count {
            chunks.removeFirst(firstChunk)
            firstChunk = 0
        }
        return true
    }

    /// How many bytes to read per socket read: about a millisecond of the link,
    /// so pacing stays smooth on slow links and cheap on fast ones.
    var readChunkSize: Int {
        guard let bitsPerSecond = serialiser.bitsPerSecond else { return 256 * 1024 }
        return Int(min(max(bitsPerSecond / 8 / 1000, 4096), 256 * 1024))
    }

    /// The most bytes to hold before pausing the sender, like a TCP window:
    /// twice the bandwidth-delay product, at least 256 KiB.
    var window: Int {
        guard let bitsPerSecond = serialiser.bitsPerSecond else { return 4 * 1024 * 1024 }
        let product = bitsPerSecond / 8 * (delayNanoseconds * 2 + jitterNanoseconds) / 1_000_000_000
        return Int(max(product * 2, 256 * 1024))
    }
}
