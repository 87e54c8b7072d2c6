// SPDX-License-Identifier: Apache-2.0

import Dispatch
import Glibc
import HTTPCore
public import Metrics
import Synchronization
internal import CSystem

/// An in-process emulated link: a loopback TCP relay in front of `target`
/// that delays and paces bytes as `profile` says.
///
/// Every connection made to `port` is relayed to the target through two
/// `DelayLine`s, one per direction. Pacing is per source address: all open
/// connections from one address share one serialiser each way, the way a
/// client's connections share its access link (the load generator binds each
/// simulated client to its own loopback address for this). Connections from
/// the app server, all from 127.0.0.1, likewise share the server's link, as
/// they would share a real server's network interface. Delay and jitter stay
/// per chunk. Connection set-up pays one round trip: the first bytes towards
/// the target leave no earlier than one RTT after the connection was accepted.
/// The relay runs on its own event loop thread, registered as component
/// `network` so its CPU counts as the harness's, not the app server's.
public final class LinkEmulator: Sendable {
    /// The component name the emulator's threads are registered under.
    public static let cpuComponent = "network"

    public let name: String
    public let profile: LinkProfile
    private let loop: EventLoop
    private let listener: Listener

    /// The loopback port that clients of the link connect to.
    public var port: Int { listener.port }

    /// Starts the relay.
    /// - Parameters:
    ///   - name: a short label, used in the thread name (`link-NAME`).
    ///   - targetHost: numeric IPv4 address of what the link leads to.
    ///   - targetPort: its port.
    ///   - profile: the link's bandwidth and delay.
    ///   - cpu: where the relay thread's CPU time is accounted.
    ///   - seed: seeds the jitter.
    public init(
        name: String,
        targetHost: String,
        targetPort: Int,
        profile: LinkProfile,
        cpu: ComponentCPU? = nil,
        seed: UInt64 = 1
    ) throws {
        self.name = name
        self.profile = profile
        let loop = try EventLoop(name: "link-\(name)") { threadID in
            cpu?.register(component: Self.cpuComponent, threadID: threadID)
        }
        self.loop = loop
        let target = try SocketAddress(host: targetHost, port: targetPort)
        let listenFD = try Socket.listen(host: "127.0.0.1", port: 0)
        let port = try Socket.localPort(listenFD)
        listener = Listener(fd: listenFD, port: port, target: target, profile: profile, seed: seed, loop: loop)
        let listener = self.listener
        let started = StartSignal()
        loop.execute {
            started.set(Result { try listener.start() })
        }
        try started.wait()
    }

    /// Stops accepting, closes every relayed connection and ends the thread.
    public func shutdown() {
        let listener = self.listener
        loop.execute { listener.stop() }
        loop.shutdown()
    }
}

/// Accepts connections and starts a relay for each. Loop-bound.
private final class Listener: EventLoopSelectable, @unchecked Sendable {
    // Sendable only to be handed to its loop once; every method runs on `loop`.
    let fd: Int32
    let port: Int
    private let target: SocketAddress
    private let profile: LinkProfile
    private let links: SourceAddressLinks
    private var seed: UInt64
    private let loop: EventLoop
    private var token: UInt64 = 0
    private var connections: [ObjectIdentifier: RelayedConnection] = [:]

    init(fd: Int32, port: Int, target: SocketAddress, profile: LinkProfile, seed: UInt64, loop: EventLoop) {
        self.fd = fd
        self.port = port
        self.target = target
        self.profile = profile
        links = SourceAddressLinks(profile: profile)
        self.seed = seed
        self.loop = loop
    }

    func start() throws {
        token = try loop.register(fd: fd, events: UB_EPOLLIN, self)
    }

    func stop() {
        loop.deregister(fd: fd, token: token)
        close(fd)
        for connection in connections.values {
            connection.closeBoth()
        }
        connections.removeAll()
    }

    func handleEvents(_ events: UInt32) {
        while true {
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let clientFD = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ub_accept_nonblocking(fd, $0, &length) }
            }
            guard clientFD >= 0 else { return }
            seed &+= 1
            let address = peer.sin_addr.s_addr
            do {
                let connection = try RelayedConnection(
                    clientFD: clientFD, target: target, profile: profile, links: links.acquire(address),
                    seed: seed, loop: loop
                ) { [weak self] closed in
                    self?.connections[ObjectIdentifier(closed)] = nil
                    self?.links.release(address)
                }
                connections[ObjectIdentifier(connection)] = connection
            } catch {
                links.release(address)
                close(clientFD)
            }
        }
    }
}

/// Hands one result from the loop thread to a waiting caller.
private final class StartSignal: Sendable {
    private let result = Mutex<Result<Void, any Error>?>(nil)
    private let semaphore = DispatchSemaphore(value: 0)

    func set(_ value: Result<Void, any Error>) {
        result.withLock { $0 = value }
        semaphore.signal()
    }

    func wait() throws {
        semaphore.wait()
        try result.withLock { $0 }?.get()
    }
}
