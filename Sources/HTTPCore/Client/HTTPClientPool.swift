// SPDX-License-Identifier: Apache-2.0

/// Idle upstream connections of one event loop, keyed by `host:port`.
///
/// Create one per loop (a connection belongs to the loop it was made on).
/// `connection(host:port:)` hands out an idle connection or opens a new one;
/// a connection returns to the pool by itself when an exchange ends with
/// keep-alive, and leaves it when the server closes it or it stays idle
/// longer than `idleTimeout`. Loop-bound.
public final class HTTPClientPool {
    /// The loop whose connections this pool holds.
    public let eventLoop: EventLoop
    /// Used for every connection the pool opens.
    public let configuration: HTTPClientConnection.Configuration
    /// Idle connections kept per `host:port`; more are closed as they come back.
    public let maxIdlePerHost: Int
    /// Idle connections older than this are closed.
    public let idleTimeout: Duration
    private var idle: [String: [(connection: HTTPClientConnection, since: UInt64)]] = [:]
    private var sweepArmed = false
    /// Connections opened by this pool, and exchanges that reused an idle one.
    public private(set) var opened = 0
    /// Hand-outs of an idle connection instead of a new one.
    public private(set) var reused = 0

    /// An empty pool; connections open on demand. Any thread.
    public init(
        eventLoop: EventLoop,
        configuration: HTTPClientConnection.Configuration = .init(),
        maxIdlePerHost: Int = 64,
        idleTimeout: Duration = .seconds(30)
    ) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.maxIdlePerHost = maxIdlePerHost
        self.idleTimeout = idleTimeout
    }

    /// An idle connection to `host:port`, or a new one. Loop thread only.
    /// - Throws: `SystemError` when a new connection cannot be started.
    public func connection(host: String, port: Int) throws -> HTTPClientConnection {
        precondition(eventLoop.inEventLoop)
        let key = "\(host):\(port)"
        while let entry = idle[key]?.popLast() {
            if entry.connection.isReusable {
                reused += 1
                return entry.connection
            }
        }
        let connection = try HTTPClientConnection(
            eventLoop: eventLoop, host: host, port: port, configuration: configuration
        )
        opened += 1
        connection.onReusable = { [unowned self] in self.checkIn($0, key: key) }
        return connection
    }

    /// Idle connections now held.
    public var idleCount: Int { idle.values.reduce(0) { $0 + $1.count } }

    /// Closes every idle connection.
    public func closeAll() {
        let all = idle.values.flatMap { $0 }
        idle.removeAll()
        for entry in all { entry.connection.close() }
    }

    private func checkIn(_ connection: HTTPClientConnection, key: String) {
        var list = idle[key, default: []]
        guard list.count < maxIdlePerHost else {
            connection.close()
            return
        }
        list.append((connection, MonotonicClock.nanoseconds))
        idle[key] = list
        connection.onClose = { [unowned self] closed in
            idle[key]?.removeAll { $0.connection === closed }
        }
        armSweep()
    }

    private func armSweep() {
        guard !sweepArmed else { return }
        sweepArmed = true
        eventLoop.scheduleTimer(after: idleTimeout / 2) { [weak self] in
            guard let self else { return }
            sweepArmed = false
            let cutoff = MonotonicClock.nanoseconds &- idleTimeout.nanoseconds
            var stale: [HTTPClientConnection] = []
            for key in idle.keys {
                idle[key]?.removeAll { entry in
                    let old = entry.since < cutoff
                    if old { stale.append(entry.connection) }
                    return old
                }
            }
            stale.forEach { $0.close() }
            if idleCount > 0 { armSweep() }
        }
    }
}

@available(*, unavailable)
extension HTTPClientPool: Sendable {}
