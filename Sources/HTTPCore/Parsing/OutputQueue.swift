// SPDX-License-Identifier: Apache-2.0

import Glibc

/// Bytes waiting to be sent on one socket, with the send calls that drain
/// it. Shared by server and client connections.
///
/// Large writes go straight from the caller's buffer: one sendmsg carries
/// the queued bytes and the new ones, and only what the socket refuses is
/// copied into the queue.
struct OutputQueue: ~Copyable {
    enum Outcome {
        /// Everything queued was sent.
        case drained
        /// The socket is full; wait for EPOLLOUT.
        case blocked
        /// The peer is gone (reset, broken pipe).
        case failed
    }

    /// Writes at least this large skip the queue when it can be skipped.
    static let directThreshold = 16 * 1024
    /// A queue this large is sent without waiting for the end of the pass.
    static let flushThreshold = 64 * 1024

    private(set) var bytes = ByteBuffer()
    /// Monotonic time since when the queue has made no progress; 0 when not blocked.
    private(set) var blockedSince: UInt64 = 0

    init() {}

    var count: Int { bytes.count }
    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ data: UnsafeRawBufferPointer) {
        bytes.append(data)
    }

    mutating func append(_ literal: StaticString) {
        bytes.append(literal)
    }

    /// Runs `body` with the underlying buffer, for formatting heads in place.
    mutating func withBuffer<R>(_ body: (inout ByteBuffer) -> R) -> R {
        body(&bytes)
    }

    /// Queues `data`, sending it at once (with what is queued before it) when it is large.
    /// - Returns: bytes sent to the socket, or nil if the peer is gone.
    mutating func write(_ data: UnsafeRawBufferPointer, fd: Int32) -> Int? {
        guard data.count >= Self.directThreshold, blockedSince == 0 else {
            bytes.append(data)
            return 0
        }
        let sent = Socket.send(fd, bytes.readable, data)
        if sent < 0 && errno != EAGAIN && errno != EINTR { return nil }
        let total = max(sent, 0)
        let fromQueue = min(total, bytes.count)
        bytes.consume(fromQueue)
        let fromData = total - fromQueue
        if fromData < data.count {
            bytes.append(UnsafeRawBufferPointer(rebasing: data[fromData...]))
            blockedSince = MonotonicClock.nanoseconds
        }
        return total
    }

    /// Sends queued bytes until the socket refuses more.
    /// - Parameter sent: increased by the bytes sent.
    mutating func flush(fd: Int32, sent: inout Int) -> Outcome {
        var progressed = false
        while !bytes.isEmpty {
            let count = Socket.send(fd, bytes.readable)
            if count > 0 {
                bytes.consume(count)
                sent += count
                progressed = true
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && errno == EAGAIN { break }
            return .failed
        }
        if bytes.isEmpty {
            blockedSince = 0
            // Keep a small buffer for the next message; give back large ones.
            bytes.releaseIfLarger(than: Self.flushThreshold)
            return .drained
        }
        if progressed || blockedSince == 0 { blockedSince = MonotonicClock.nanoseconds }
        return .blocked
    }

    /// Drops everything and frees the storage.
    mutating func release() {
        bytes.release()
        blockedSince = 0
    }
}
