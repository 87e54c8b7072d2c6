// SPDX-License-Identifier: Apache-2.0

internal import CSystem
import Glibc
import Metrics

/// One event loop's share of a server: its listening socket, its
/// connections, its counters and its timeout sweep. Loop-bound.
///
/// Epoll is used level-triggered: each readiness event gets exactly one
/// read of up to 256 KiB, and a connection that stops reading (paused by its
/// handler, or waiting for its response) simply drops EPOLLIN from its
/// interest. Edge-triggered mode would need a read until EAGAIN on every
/// event (an extra syscall per event) and explicit re-arming after a pause.
final class ServerLoop: EventLoopSelectable {
    /// Timeouts in nanoseconds, for the sweep.
    struct Timeouts {
        var header: UInt64
        var bodyIdle: UInt64
        var keepAlive: UInt64
        var send: UInt64
    }

    let eventLoop: EventLoop
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let counters = LoopCounters()
    let openConnections: PeakGauge
    var date = HTTPDateCache()
    private(set) var draining = false
    private var listenFD: Int32
    private var listenToken: UInt64 = 0
    private var listening = false
    private var connections: [HTTPServerConnection] = []
    private let timeouts: Timeouts
    private let sweepInterval: Duration
    private var expired: [HTTPServerConnection] = []

    init(
        eventLoop: EventLoop,
        listenFD: Int32,
        configuration: HTTPServerConfiguration,
        responder: any HTTPResponder,
        openConnections: PeakGauge
    ) {
        self.eventLoop = eventLoop
        self.listenFD = listenFD
        self.configuration = configuration
        self.responder = responder
        self.openConnections = openConnections
        timeouts = Timeouts(
            header: configuration.headerTimeout.nanoseconds,
            bodyIdle: configuration.bodyIdleTimeout.nanoseconds,
            keepAlive: configuration.keepAliveIdleTimeout.nanoseconds,
            send: configuration.sendTimeout.nanoseconds
        )
        // A timeout fires at most a quarter of itself late (at least 5 ms apart, at most 250 ms).
        let shortest = [timeouts.header, timeouts.bodyIdle, timeouts.keepAlive, timeouts.send].min()!
        sweepInterval = .nanoseconds(Int64(min(max(shortest / 4, 5_000_000), 250_000_000)))
    }

    /// Registers the listener and starts the sweep. Loop thread only.
    func start() throws {
        listenToken = try eventLoop.register(fd: listenFD, events: UB_EPOLLIN, self)
        listening = true
        scheduleSweep()
    }

    func handleEvents(_ events: UInt32) {
        guard listening else { return }
        for _ in 0..<64 {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ub_accept_nonblocking(listenFD, $0, &length) }
            }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM: pauseAccepting()
                default: break
                }
                return
            }
            guard openConnections.value < configuration.maxConnections, !draining else {
                // Count before closing: the peer sees the close at once, and the
                // statistics must not lag what the peer already observed.
                LoopCounters.bump(counters.refused)
                close(fd)
                continue
            }
            Socket.setNoDelay(fd)
            let connection = HTTPServerConnection(fd: fd, peer: address, owner: self, now: MonotonicClock.nanoseconds)
            guard let token = try? eventLoop.register(fd: fd, events: UB_EPOLLIN, connection) else {
                close(fd)
                continue
            }
            connection.registered(token: token)
            connection.slot = connections.count
            connections.append(connection)
            openConnections.add(1)
            LoopCounters.bump(counters.accepted)
        }
    }

    // Out of descriptors: a level-triggered listener would report the same
    // pending connection forever, so stop watching it for a moment.
    private func pauseAccepting() {
        eventLoop.modify(fd: listenFD, token: listenToken, events: 0)
        eventLoop.scheduleTimer(after: .milliseconds(100)) { [self] in
            if listening { eventLoop.modify(fd: listenFD, token: listenToken, events: UB_EPOLLIN) }
        }
    }

    /// Removes a closed connection (swap with the last, so removal is O(1)).
    func connectionClosed(_ connection: HTTPServerConnection) {
        let slot = connection.slot
        guard slot < connections.count, connections[slot] === connection else { return }
        let last = connections.removeLast()
        if slot < connections.count {
            connections[slot] = last
            last.slot = slot
        }
        openConnections.add(-1)
    }

    private func scheduleSweep() {
        eventLoop.scheduleTimer(after: sweepInterval) { [self] in
            sweep()
            if !connections.isEmpty || listening { scheduleSweep() }
        }
    }

    private func sweep() {
        let now = MonotonicClock.nanoseconds
        if configuration.sendsDate { date.refresh() }
        // Checking may close connections, which reorders the list: work on a copy.
        expired.append(contentsOf: connections)
        for connection in expired where !connection.closed {
            connection.checkTimeouts(now: now, limits: timeouts)
        }
        expired.removeAll(keepingCapacity: true)
    }

    /// Stops accepting and closes idle connections; busy ones close after their response.
    func beginDrain() {
        draining = true
        stopListening()
        for connection in connections {
            connection.beginDrain()
        }
    }

    /// Closes every remaining connection; unfinished requests get `.serverShutdown`.
    func abortAll() {
        stopListening()
        while let connection = connections.last {
            connection.abort(.serverShutdown)
            if connections.last === connection { connection.closeSocket() }
        }
    }

    private func stopListening() {
        guard listening else { return }
        listening = false
        eventLoop.deregister(fd: listenFD, token: listenToken)
        close(listenFD)
    }

    var connectionCount: Int { connections.count }
}

@available(*, unavailable)
extension ServerLoop: Sendable {}
