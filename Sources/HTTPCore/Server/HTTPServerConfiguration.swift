// SPDX-License-Identifier: Apache-2.0

public import Metrics

/// Limits on request heads. A head over `maxHeadBytes` or with more than
/// `maxHeaderCount` fields gets 431; a request line over `maxRequestLineBytes`
/// gets 414.
public struct HTTPHeadLimits: Sendable, Hashable {
    /// Request line plus fields plus the final empty line.
    public var maxHeadBytes: Int
    /// Header fields, not counting the request line.
    public var maxHeaderCount: Int
    /// Method, target and version, without the CRLF.
    public var maxRequestLineBytes: Int

    /// Defaults: 16 KiB head, 100 fields, 8 KiB request line.
    public init(maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxRequestLineBytes: Int = 8 * 1024) {
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxRequestLineBytes = maxRequestLineBytes
    }
}

/// Everything an `HTTPServer` is told before it starts.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind: an IPv4 or IPv6 literal, or `localhost`.
    public var host: String
    /// Port to bind; 0 picks a free one (every loop then binds that same port).
    public var port: Int
    /// Event loops, one thread and one `SO_REUSEPORT` listener each.
    public var threadCount: Int
    /// Threads are named `<prefix>-<index>` (for example `s3-0`), which is how
    /// per-component CPU is told apart. The kernel keeps 15 bytes of a name.
    public var threadNamePrefix: String
    /// Head size limits (431 and 414 answers).
    public var limits: HTTPHeadLimits
    /// From the first byte of a head to its end; a slower head gets 408 and a
    /// close. A new connection that sends nothing at all is closed silently.
    public var headerTimeout: Duration
    /// Longest gap between two body reads while the handler reads the body;
    /// the handler then gets `receiveError(.timedOut)` and the connection closes.
    public var bodyIdleTimeout: Duration
    /// How long a kept-alive connection may wait for its next request.
    public var keepAliveIdleTimeout: Duration
    /// Longest time a response may make no write progress (a peer that stops reading).
    public var sendTimeout: Duration
    /// Connections over this many (over all loops) are closed as they are accepted.
    public var maxConnections: Int
    /// `writeBody` returns false once a connection holds more unsent bytes than this.
    public var outputHighWaterMark: Int
    /// `writabilityChanged` is called once unsent bytes drop to this level.
    public var outputLowWaterMark: Int
    /// When a handler finishes its response before the request body ended,
    /// up to this many remaining body bytes are read and dropped to keep the
    /// connection; with more, the connection closes after the response.
    public var maxDrainBytes: Int
    /// Adds a `Date` field to responses that lack one.
    public var sendsDate: Bool
    /// Value of a `Server` field added to every response, if set.
    public var serverName: String?
    /// Receives the bytes held in connection buffers (unread input and unsent
    /// output); hand in a shared gauge to watch them, or read them in `statistics()`.
    public var bufferedBytes: PeakGauge
    /// Called on each new loop thread with its kernel thread id, before any
    /// work runs (for example `{ cpu.register(component: "s3", threadID: $0) }`).
    public var onThreadStart: @Sendable (Int32) -> Void
    /// Called on each loop thread just before it exits (for `ComponentCPU.recordExit`).
    public var onThreadExit: @Sendable (Int32) -> Void

    /// Defaults suit a loopback benchmark server; see each property.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        threadCount: Int = 1,
        threadNamePrefix: String = "http",
        limits: HTTPHeadLimits = HTTPHeadLimits(),
        headerTimeout: Duration = .seconds(10),
        bodyIdleTimeout: Duration = .seconds(30),
        keepAliveIdleTimeout: Duration = .seconds(60),
        sendTimeout: Duration = .seconds(60),
        maxConnections: Int = 16_384,
        outputHighWaterMark: Int = 256 * 1024,
        outputLowWaterMark: Int = 64 * 1024,
        maxDrainBytes: Int = 64 * 1024,
        sendsDate: Bool = true,
        serverName: String? = nil,
        bufferedBytes: PeakGauge = PeakGauge(),
        onThreadStart: @escaping @Sendable (Int32) -> Void = { _ in },
        onThreadExit: @escaping @Sendable (Int32) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.threadCount = threadCount
        self.threadNamePrefix = threadNamePrefix
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.bodyIdleTimeout = bodyIdleTimeout
        self.keepAliveIdleTimeout = keepAliveIdleTimeout
        self.sendTimeout = sendTimeout
        self.maxConnections = maxConnections
        self.outputHighWaterMark = outputHighWaterMark
        self.outputLowWaterMark = outputLowWaterMark
        self.maxDrainBytes = maxDrainBytes
        self.sendsDate = sendsDate
        self.serverName = serverName
        self.bufferedBytes = bufferedBytes
        self.onThreadStart = onThreadStart
        self.onThreadExit = onThreadExit
    }
}
