// SPDX-License-Identifier: Apache-2.0

import Dispatch
import Glibc
import Metrics
import Synchronization

/// An HTTP/1.1 server: one event loop per thread, each with its own
/// `SO_REUSEPORT` listener on the same port, so the kernel spreads
/// connections over the loops and a connection stays on one thread.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(threadCount: 2, threadNamePrefix: "s3"), responder: s3)
/// let port = try server.start()
/// ...
/// server.shutdown(gracePeriod: .seconds(5))
/// ```
///
/// What the server answers itself, before any handler sees a request:
/// 400 for malformed or ambiguous heads (bare CR or LF, obs-fold, bad field
/// names, whitespace before a colon, `Content-Length` with
/// `Transfer-Encoding`, differing or invalid `Content-Length`, a missing
/// `Host` in HTTP/1.1, `Transfer-Encoding` whose last coding is not chunked)
/// and for malformed chunked bodies; 501 for other transfer codings before
/// chunked; 414 for a long request line; 431 for a large head or too many
/// fields; 417 for an `Expect` other than `100-continue`; 505 for versions
/// other than HTTP/1.x; 408 for slow heads and stalled bodies. Each of these
/// closes the connection.
public final class HTTPServer: Sendable {
    private struct State {
        // Each loop is used only on its own thread (through `onEachLoop`);
        // other threads touch only its Sendable `counters` and `eventLoop`.
        var loops: [UncheckedBox<ServerLoop>] = []
        var eventLoops: [EventLoop] = []
        var port = 0
        var started = false
        var stopped = false
    }

    /// The configuration the server was made with.
    public let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let openConnections = PeakGauge()
    private let state = Mutex(State())

    /// A stopped server; `start()` binds and runs it. `responder` is shared by all loops.
    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// Binds the listeners and starts the loops.
    /// - Returns: the bound port (the chosen one when the configuration says 0).
    /// - Throws: `SystemError` when a socket cannot be bound (also when another
    ///   socket already listens on a fixed port) or a thread cannot start.
    @discardableResult
    public func start() throws -> Int {
        precondition(configuration.threadCount >= 1, "threadCount must be at least 1")
        precondition(state.withLock { !$0.started }, "start() called twice")
        var descriptors: [Int32] = []
        var port = configuration.port
        if port != 0 { try Socket.checkPortFree(host: configuration.host, port: port) }
        do {
            for _ in 0..<configuration.threadCount {
                let fd = try Socket.listen(host: configuration.host, port: port)
                descriptors.append(fd)
                // Port 0: the first bind picks the port, the others join it.
                if port == 0 { port = Socket.localPort(fd) }
            }
        } catch {
            descriptors.forEach { _ = close($0) }
            throw error
        }

        var loops: [ServerLoop] = []
        var eventLoops: [EventLoop] = []
        for (index, fd) in descriptors.enumerated() {
            let eventLoop = try EventLoop(
                name: "\(configuration.threadNamePrefix)-\(index)",
                onThreadStart: configuration.onThreadStart,
                onThreadExit: configuration.onThreadExit
            )
            let loop = ServerLoop(
                eventLoop: eventLoop, listenFD: fd, configuration: configuration,
                responder: responder, openConnections: openConnections
            )
            loops.append(loop)
            eventLoops.append(eventLoop)
        }
        let failures = Mutex<[any Error]>([])
        Self.onEachLoop(loops.map(UncheckedBox.init)) { loop in
            do {
                try loop.start()
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        state.withLock {
            $0.loops = loops.map(UncheckedBox.init)
            $0.eventLoops = eventLoops
            $0.port = port
            $0.started = true
        }
        if let failure = failures.withLock({ $0.first }) {
            shutdown(gracePeriod: .zero)
            throw failure
        }
        return port
    }

    /// The bound port (0 before `start()`).
    public var port: Int { state.withLock { $0.port } }

    /// The server's loops, for work that must share a connection's thread
    /// (an upstream `HTTPClientConnection` for a proxied request belongs on
    /// the loop of the request's context).
    public var eventLoops: [EventLoop] { state.withLock { $0.eventLoops } }

    /// Counters summed over the loops. Cheap enough to call once a second.
    public func statistics() -> HTTPServerStatistics {
        var total = HTTPServerStatistics()
        for loop in state.withLock({ $0.loops }) {
            loop.value.counters.add(to: &total)
        }
        total.openConnections = openConnections.value
        total.peakOpenConnections = openConnections.peakValue
        total.bufferedBytes = configuration.bufferedBytes.value
        total.peakBufferedBytes = configuration.bufferedBytes.peakValue
        return total
    }

    /// Stops accepting, lets requests in progress finish for up to
    /// `gracePeriod`, then closes what is left (their handlers get
    /// `receiveError(.serverShutdown)`) and stops the loop threads.
    /// Call from outside the server's loops; calling twice is harmless.
    public func shutdown(gracePeriod: Duration = .seconds(5)) {
        let loops = state.withLock { state -> [UncheckedBox<ServerLoop>] in
            guard state.started, !state.stopped else { return [] }
            state.stopped = true
            return state.loops
        }
        guard !loops.isEmpty else { return }
        precondition(!loops.contains { $0.value.eventLoop.inEventLoop }, "shutdown() called on a server loop")
        Self.onEachLoop(loops) { $0.beginDrain() }
        let deadline = MonotonicClock.nanoseconds + gracePeriod.nanoseconds
        while openConnections.value > 0 && MonotonicClock.nanoseconds < deadline {
            usleep(2_000)
        }
        Self.onEachLoop(loops) { $0.abortAll() }
        for loop in loops {
            loop.value.eventLoop.shutdown()
        }
    }

    /// Runs `work` on every loop's thread and waits for all of them.
    private static func onEachLoop(
        _ loops: [UncheckedBox<ServerLoop>],
        _ work: @escaping @Sendable (ServerLoop) -> Void
    ) {
        let group = DispatchGroup()
        for box in loops {
            group.enter()
            box.value.eventLoop.execute {
                work(box.value)
                group.leave()
            }
        }
        group.wait()
    }
}

/// Carries a loop-bound object to its own loop through `execute`.
// @unchecked: the value is only used on the loop thread it belongs to.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
