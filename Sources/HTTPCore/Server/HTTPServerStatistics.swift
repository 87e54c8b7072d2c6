// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Totals since the server started, summed over its loops.
public struct HTTPServerStatistics: Sendable, Hashable {
    /// Request heads parsed (including those the handler rejected).
    public var requests = 0
    /// Bytes of request heads (request line, fields, empty line).
    public var headBytesIn = 0
    /// Every other byte read: bodies with their chunk framing, and bytes dropped.
    public var bodyBytesIn = 0
    /// Bytes of response heads, including `100 Continue`.
    public var headBytesOut = 0
    /// Response body bytes, including chunk framing.
    public var bodyBytesOut = 0
    public var connectionsAccepted = 0
    /// Connections closed at once because `maxConnections` were open.
    public var connectionsRefused = 0
    public var openConnections = 0
    public var peakOpenConnections = 0
    /// Bytes held in connection buffers now, and at most.
    public var bufferedBytes = 0
    public var peakBufferedBytes = 0
    /// Responses with status 400 and above, whether the handler or the server
    /// (malformed heads, timeouts) sent them, by status.
    public var errorsByStatus: [Int: Int] = [:]
    /// Connections closed by a header, body, keep-alive or send timeout.
    public var timeouts = 0

    public init() {}
}

/// One loop's counters. Each is written only by its loop's thread, so a
/// relaxed load and store (no read-modify-write) is enough; other threads
/// only read them for snapshots.
final class LoopCounters: Sendable {
    let requests = Atomic<Int>(0)
    let headBytesIn = Atomic<Int>(0)
    let bytesIn = Atomic<Int>(0)
    let headBytesOut = Atomic<Int>(0)
    let bytesOut = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let timeouts = Atomic<Int>(0)
    private let errors = Mutex<[Int: Int]>([:])

    @inline(__always)
    static func bump(_ counter: borrowing Atomic<Int>, by amount: Int = 1) {
        counter.store(counter.load(ordering: .relaxed) &+ amount, ordering: .relaxed)
    }

    func recordStatus(_ status: Int) {
        guard status >= 400 else { return }
        errors.withLock { $0[status, default: 0] += 1 }
    }

    func add(to total: inout HTTPServerStatistics) {
        total.requests += requests.load(ordering: .relaxed)
        let headIn = headBytesIn.load(ordering: .relaxed)
        total.headBytesIn += headIn
        total.bodyBytesIn += bytesIn.load(ordering: .relaxed) - headIn
        let headOut = headBytesOut.load(ordering: .relaxed)
        total.headBytesOut += headOut
        total.bodyBytesOut += bytesOut.load(ordering: .relaxed) - headOut
        total.connectionsAccepted += accepted.load(ordering: .relaxed)
        total.connectionsRefused += refused.load(ordering: .relaxed)
        total.timeouts += timeouts.load(ordering: .relaxed)
        for (status, count) in errors.withLock({ $0 }) {
            total.errorsByStatus[status, default: 0] += count
        }
    }
}
