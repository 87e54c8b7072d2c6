// SPDX-License-Identifier: Apache-2.0

import Glibc
import HTTPCore
internal import CSystem

/// One connection through an emulated link: the accepted client socket, the
/// socket to the target, and a delay line each way, serialised through the
/// sender's shared `links` pair. Loop-bound.
final class RelayedConnection {
    private enum Side {
        case client
        case server
    }

    /// Forwards one socket's readiness to its connection.
    private final class Endpoint: EventLoopSelectable {
        let fd: Int32
        let side: Side
        weak var owner: RelayedConnection?
        var token: UInt64 = 0
        var events: UInt32 = 0
        var readClosed = false
        var writeShut = false
        /// The peer reset or fully closed the socket: it is out of epoll and takes no more bytes.
        var hungUp = false

        init(fd: Int32, side: Side) {
            self.fd = fd
            self.side = side
        }

        func handleEvents(_ events: UInt32) {
            owner?.handle(events, on: side)
        }
    }

    private let loop: EventLoop
    private let client: Endpoint
    private let server: Endpoint
    private var up: DelayLine
    private var down: DelayLine
    private let openAt: UInt64
    private var connected = false
    private var closed = false
    private var timer: (id: UInt64, deadline: UInt64)?
    private var readBuffer: [UInt8]
    private let onClose: (RelayedConnection) -> Void

    init(
        clientFD: Int32,
        target: SocketAddress,
        profile: LinkProfile,
        links: SourceAddressLinks.Pair,
        seed: UInt64,
        loop: EventLoop,
        onClose: @escaping (RelayedConnection) -> Void
    ) throws {
        self.loop = loop
        self.onClose = onClose
        Socket.setNoDelay(clientFD)
        let serverFD = try Socket.connect(to: target)
        client = Endpoint(fd: clientFD, side: .client)
        server = Endpoint(fd: serverFD, side: .server)
        up = DelayLine(
            serialiser: links.up,
            delayNanoseconds: profile.oneWayDelayNanoseconds,
            jitterNanoseconds: profile.jitterNanoseconds,
            seed: seed
        )
        down = DelayLine(
            serialiser: links.down,
            delayNanoseconds: profile.oneWayDelayNanoseconds,
            jitterNanoseconds: profile.jitterNanoseconds,
            seed: seed ^ 0x5555
        )
        // The kernel completed the client's handshake at once; a real link
        // would have taken a round trip, so no byte is taken from the client sooner.
        openAt = MonotonicClock.nanoseconds + profile.roundTripNanoseconds
        readBuffer = [UInt8](repeating: 0, count: max(up.readChunkSize, down.readChunkSize))
        client.owner = self
        server.owner = self
        client.token = try loop.register(fd: clientFD, events: UB_EPOLLIN, client)
        client.events = UB_EPOLLIN
        server.token = try loop.register(fd: serverFD, events: UB_EPOLLOUT, server)
        server.events = UB_EPOLLOUT
    }

    private func handle(_ events: UInt32, on side: Side) {
        guard !closed else { return }
        if side == .server && !connected {
            guard events & (UB_EPOLLOUT | UB_EPOLLERR | UB_EPOLLHUP) != 0 else { return }
            guard Socket.pendingError(server.fd) == 0 else { return closeBoth() }
            connected = true
        }
        if events & (UB_EPOLLIN | UB_EPOLLHUP | UB_EPOLLERR) != 0 {
            switch side {
            // A hang-up is reported whatever the interest, so it is read at once rather than spun on.
            case .client where isOpen(MonotonicClock.nanoseconds) || events & (UB_EPOLLHUP | UB_EPOLLERR) != 0:
                readAvailable(from: client, into: &up)
            case .client: break
            case .server: readAvailable(from: server, into: &down)
            }
        }
        if events & (UB_EPOLLHUP | UB_EPOLLERR) != 0 {
            hangUp(side == .client ? client : server)
        }
        pump()
    }

    /// Takes a reset or fully closed socket out of epoll, which reports a
    /// hang-up whatever the interest and would otherwise wake the loop for it
    /// without end while the other side is still busy.
    private func hangUp(_ endpoint: Endpoint) {
        guard !endpoint.hungUp else { return }
        endpoint.hungUp = true
        endpoint.readClosed = true
        loop.deregister(fd: endpoint.fd, token: endpoint.token)
        endpoint.events = 0
    }

    /// Whether the emulated handshake is over. Until then the client's bytes
    /// stay in its socket: taking them earlier would book the sender's shared
    /// link for the future and leave it idle for its other connections meanwhile.
    private func isOpen(_ now: UInt64) -> Bool {
        now >= openAt
    }

    private func readAvailable(from endpoint: Endpoint, into line: inout DelayLine) {
        let now = MonotonicClock.nanoseconds
        while !endpoint.readClosed && line.queuedBytes < line.window {
            let wanted = min(line.readChunkSize, readBuffer.count)
            let count = readBuffer.withUnsafeMutableBytes { read(endpoint.fd, $0.baseAddress, wanted) }
            if count > 0 {
                line.enqueue(Array(readBuffer[0..<count]), now: now)
            } else if count == 0 {
                endpoint.readClosed = true
            } else if errno == EAGAIN || errno == EINTR {
                return
            } else {
                endpoint.readClosed = true
            }
        }
    }

    /// Delivers what is due, propagates half-closes, and re-arms interest and the timer.
    private func pump() {
        guard !closed else { return }
        let now = MonotonicClock.nanoseconds
        var upBlocked = false
        if connected && !server.hungUp {
            upBlocked = !up.deliver(now: now) { writeSome(server.fd, $0) }
        }
        var downBlocked = false
        if !client.hungUp {
            downBlocked = !down.deliver(now: now) { writeSome(client.fd, $0) }
        }
        guard !closed else { return }

        // Bytes sent before a hang-up were already on the wire: deliver them,
        // then the link breaks both ways, as a real one would.
        if (client.hungUp && (up.queuedBytes == 0 || server.hungUp)) || (server.hungUp && down.queuedBytes == 0) {
            return closeBoth()
        }

        if connected && client.readClosed && up.queuedBytes == 0 && !server.writeShut {
            shutdown(server.fd, Int32(SHUT_WR))
            server.writeShut = true
        }
        if server.readClosed && down.queuedBytes == 0 && !client.writeShut {
            shutdown(client.fd, Int32(SHUT_WR))
            client.writeShut = true
        }
        if client.writeShut && server.writeShut {
            return closeBoth()
        }

        setInterest(client, read: isOpen(now) && !client.readClosed && up.queuedBytes < up.window, write: downBlocked)
        setInterest(
            server,
            read: connected && !server.readClosed && down.queuedBytes < down.window,
            write: !connected || upBlocked
        )
        armTimer(now: now)
    }

    private func writeSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count >= 0 { return count }
        if errno != EAGAIN && errno != EINTR {
            // The peer went away: the link breaks both ways, as a real one would.
            closeBoth()
        }
        return 0
    }

    private func setInterest(_ endpoint: Endpoint, read: Bool, write: Bool) {
        guard !endpoint.hungUp else { return }
        let events = (read ? UB_EPOLLIN : 0) | (write ? UB_EPOLLOUT : 0)
        guard events != endpoint.events else { return }
        endpoint.events = events
        loop.modify(fd: endpoint.fd, token: endpoint.token, events: events)
    }

    private func armTimer(now: UInt64) {
        let next = [up.nextArrival, down.nextArrival, isOpen(now) ? nil : openAt].compactMap { $0 }.min()
        if let current = timer, next == current.deadline { return }
        if let current = timer {
            loop.cancelTimer(current.id)
            timer = nil
        }
        // Bytes already due but not delivered wait for writability, not a timer.
        guard let next, next > now else { return }
        let id = loop.scheduleTimer(after: .nanoseconds(Int64(next - now))) { [weak self] in
            self?.timer = nil
            self?.pump()
        }
        timer = (id, next)
    }

    /// Closes both sockets at once.
    func closeBoth() {
        guard !closed else { return }
        closed = true
        if let current = timer {
            loop.cancelTimer(current.id)
        }
        for endpoint in [client, server] {
            if !endpoint.hungUp { loop.deregister(fd: endpoint.fd, token: endpoint.token) }
            close(endpoint.fd)
        }
        onClose(self)
    }
}
