// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// Watches one request body: refuses it with `RequestTimeout` when no byte
/// arrives for the idle timeout, and caps its read rate by pausing the socket.
final class BodyPacer {
    private let exchange: S3Exchange
    private let timeout: UInt64
    private let bytesPerSecond: Int64?
    private let started = MonotonicClock.nanoseconds
    private var lastActivity = MonotonicClock.nanoseconds
    private var received: Int64 = 0
    private var idleTimer: UInt64?
    private var resumeTimer: UInt64?
    /// Called when the idle timeout fired, after the error was sent.
    var onTimeout: () -> Void = {}

    init(_ exchange: S3Exchange) {
        self.exchange = exchange
        timeout = exchange.decision.requestTimeout.nanoseconds
        bytesPerSecond = exchange.decision.bandwidth
        armIdleTimer(after: timeout)
    }

    /// Notes `count` body bytes; pauses reading when ahead of the bandwidth cap.
    func received(_ count: Int) {
        lastActivity = MonotonicClock.nanoseconds
        received += Int64(count)
        guard let bytesPerSecond, bytesPerSecond > 0, resumeTimer == nil else { return }
        let due = started + UInt64(Double(received) / Double(bytesPerSecond) * 1e9)
        let now = MonotonicClock.nanoseconds
        guard due > now + 1_000_000 else { return }
        exchange.context.pauseReading()
        resumeTimer = exchange.context.eventLoop.scheduleTimer(after: .nanoseconds(Int64(due - now))) { [self] in
            resumeTimer = nil
            lastActivity = MonotonicClock.nanoseconds
            guard !exchange.isAnswered else { return }
            exchange.context.resumeReading()
        }
    }

    /// Stops watching a body that arrived whole, and holds its answer until the cap
    /// would have let the last byte in: a body that fits in the socket buffers arrives
    /// in one read, and answering it at once would let it pass uncapped.
    func finish() {
        stop()
        guard let bytesPerSecond, bytesPerSecond > 0 else { return }
        let due = started + UInt64(Double(received) / Double(bytesPerSecond) * 1e9)
        let now = MonotonicClock.nanoseconds
        if due > now { exchange.delayAnswer(by: .nanoseconds(Int64(due - now))) }
    }

    /// Cancels the timers; call when the body failed (or from `finish`).
    func stop() {
        if let idleTimer { exchange.context.eventLoop.cancelTimer(idleTimer) }
        if let resumeTimer { exchange.context.eventLoop.cancelTimer(resumeTimer) }
        idleTimer = nil
        resumeTimer = nil
    }

    private func armIdleTimer(after delay: UInt64) {
        idleTimer = exchange.context.eventLoop.scheduleTimer(after: .nanoseconds(Int64(delay))) { [self] in
            idleTimer = nil
            guard !exchange.isAnswered else { return }
            let idle = MonotonicClock.nanoseconds - lastActivity
            if idle + 1_000_000 >= timeout && resumeTimer == nil {
                stop()
                exchange.entry.fault = "RequestTimeout"
                exchange.fail(.requestTimeout)
                onTimeout()
            } else {
                armIdleTimer(after: max(timeout - min(idle, timeout), 1_000_000))
            }
        }
    }
}
