// SPDX-License-Identifier: Apache-2.0

internal import CSystem
import Glibc

/// One upstream HTTP/1.1 connection, bound to an event loop: sends a request
/// head, streams the body with backpressure, and hands the response to a
/// delegate as it arrives. One exchange at a time; the connection is reused
/// when both sides allow keep-alive.
///
/// Create it, and call every method, on its event loop's thread. Hosts are
/// numeric addresses or `localhost` (the harness only talks to loopback, and
/// a blocking name lookup has no place on an event loop).
public final class HTTPClientConnection: EventLoopSelectable {
    /// Timeouts and buffer marks for client connections.
    public struct Configuration: Sendable {
        /// Longest time to establish the TCP connection.
        public var connectTimeout: Duration
        /// Longest silence while an exchange is in progress (no byte sent or received).
        public var responseTimeout: Duration
        /// `writeBody` returns false above this many unsent bytes.
        public var outputHighWaterMark: Int
        /// `clientConnectionBecameWritable` is called at or below this many unsent bytes.
        public var outputLowWaterMark: Int
        /// Limits for response heads (431-style overruns fail the exchange).
        public var limits: HTTPHeadLimits

        /// Defaults suit loopback tests and the proxy; see each property.
        public init(
            connectTimeout: Duration = .seconds(10),
            responseTimeout: Duration = .seconds(60),
            outputHighWaterMark: Int = 256 * 1024,
            outputLowWaterMark: Int = 64 * 1024,
            limits: HTTPHeadLimits = HTTPHeadLimits(maxHeadBytes: 64 * 1024, maxHeaderCount: 200)
        ) {
            self.connectTimeout = connectTimeout
            self.responseTimeout = responseTimeout
            self.outputHighWaterMark = outputHighWaterMark
            self.outputLowWaterMark = outputLowWaterMark
            self.limits = limits
        }
    }

    private enum Phase {
        case connecting, open, closed
    }

    private enum ResponseState {
        case head
        case body
        case chunked
        case untilClose
    }

    /// The loop every call and callback runs on.
    public let eventLoop: EventLoop
    /// Where the connection goes, as given to `init`.
    public let host: String
    public let port: Int
    /// Timeouts and buffer marks this connection was made with.
    public let configuration: Configuration
    private let fd: Int32
    private var token: UInt64 = 0
    private var phase = Phase.connecting
    private var delegate: (any HTTPClientDelegate)?
    private var interest: UInt32 = 0

    private var requestChunked = false
    private var requestRemaining: Int64 = 0
    private var requestDone = true
    private var isHeadRequest = false

    private var responseState = ResponseState.head
    private var responseRemaining: Int64 = 0
    private var decoder = ChunkedDecoder()
    private var responseKeepAlive = true
    private var stash = ByteBuffer()
    private var output = OutputQueue()
    private var paused = false
    private var waitingForWritable = false
    private var processing = 0
    private var pendingFailure: HTTPClientError?
    /// The peer refused more of the request (EPIPE, ECONNRESET). Nothing more is
    /// sent, but its answer may already wait in the receive queue: a server that
    /// refuses an upload early answers and closes while the body is on its way.
    private var sendRefused = false
    private var failureScheduled = false
    private var lastActivity: UInt64 = 0
    private var timer: UInt64?

    /// Whether an exchange is in progress (from `execute` to `didFinish`/`didFail`).
    public private(set) var isBusy = false
    /// Exchanges started on this connection, for reuse accounting.
    public private(set) var exchanges = 0
    /// Bytes sent and received on this connection (heads and bodies, on the wire).
    public private(set) var bytesSent = 0
    /// Bytes received, heads and bodies as on the wire.
    public private(set) var bytesReceived = 0
    /// The part of `bytesSent` that was request heads.
    public private(set) var headBytesSent = 0
    /// The part of `bytesReceived` that was response heads (interim ones included).
    public private(set) var headBytesReceived = 0

    /// Called when an exchange finished and the connection can take another (set by a pool).
    var onReusable: ((HTTPClientConnection) -> Void)?
    /// Called once when the connection closes (set by a pool).
    var onClose: ((HTTPClientConnection) -> Void)?

    /// Starts connecting (non-blocking); requests may be started at once and
    /// are sent when the connection is up. Loop thread only.
    /// - Throws: `SystemError` for an invalid address or a failed socket call.
    public init(
        eventLoop: EventLoop,
        host: String,
        port: Int,
        configuration: Configuration = Configuration()
    ) throws {
        precondition(eventLoop.inEventLoop, "HTTPClientConnection must be created on its event loop")
        self.eventLoop = eventLoop
        self.host = host
        self.port = port
        self.configuration = configuration
        var (address, length) = try Socket.address(host: host, port: port)
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        fd = socket(Int32(address.ss_family), flags, 0)
        guard fd >= 0 else { throw SystemError.last("socket") }
        Socket.setNoDelay(fd)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        if status != 0 && errno != EINPROGRESS {
            let error = SystemError.last("connect(\(host):\(port))")
            Glibc.close(fd)
            throw error
        }
        phase = status == 0 ? .open : .connecting
        interest = status == 0 ? UB_EPOLLIN : UB_EPOLLOUT
        do {
            token = try eventLoop.register(fd: fd, events: interest, self)
        } catch {
            Glibc.close(fd)
            throw error
        }
        lastActivity = MonotonicClock.nanoseconds
        armTimer(after: configuration.connectTimeout)
    }

    /// Whether the connection is open (or opening) and idle.
    public var isReusable: Bool { phase != .closed && !isBusy }

    /// Whether the socket is closed (by either side, or after a failure).
    public var isClosed: Bool { phase == .closed }

    // MARK: Requests

    /// Sends a request head. The framing fields follow `body`: `Content-Length`
    /// for `.contentLength`, `Transfer-Encoding: chunked` for `.chunked`
    /// (unless `head` already has them); `Host` is added when missing.
    /// With `.none` the request is complete at once; otherwise stream the
    /// body with `writeBody` and end it with `finishRequest`.
    ///
    /// With `Expect: 100-continue` in `head`, wait for
    /// `didReceiveInformational(100)` (or a final response) before writing the body.
    public func execute(_ head: HTTPRequestHead, body: HTTPBodyFraming, delegate: any HTTPClientDelegate) {
        guard phase != .closed, !isBusy else {
            let error: HTTPClientError = isBusy ? .busy : .connectionClosed
            eventLoop.executeSoon { delegate.clientConnection(self, didFail: error) }
            return
        }
        self.delegate = delegate
        isBusy = true
        exchanges += 1
        isHeadRequest = head.method == "HEAD"
        responseState = .head
        requestDone = body == .none
        requestChunked = body == .chunked
        if case .contentLength(let length) = body { requestRemaining = length } else { requestRemaining = 0 }
        let queued = output.count
        output.withBuffer { appendRequestHead(head, body: body, to: &$0) }
        headBytesSent += output.count - queued
        lastActivity = MonotonicClock.nanoseconds
        if phase == .open {
            armTimer(after: configuration.responseTimeout)
            flush()
        }
        updateInterest()
    }

    private func appendRequestHead(_ head: HTTPRequestHead, body: HTTPBodyFraming, to buffer: inout ByteBuffer) {
        buffer.append(string: head.method)
        buffer.append(byte: HTTPBytes.space)
        buffer.append(string: head.target)
        buffer.append(" HTTP/1.1\r\n")
        var hasHost = false
        for field in head.headers {
            let lower = field.name.lowercased()
            if lower == "host" { hasHost = true }
            // Framing is the connection's business: it must match what is written.
            if lower == "content-length" || lower == "transfer-encoding" { continue }
            buffer.appendField(name: field.name, value: field.value)
        }
        if !hasHost {
            buffer.appendField(name: "Host", value: port == 80 ? host : "\(host):\(port)")
        }
        switch body {
        case .none where head.method == "PUT" || head.method == "POST":
            buffer.append("Content-Length: 0\r\n")
        case .none:
            break
        case .contentLength(let length):
            buffer.append("Content-Length: ")
            buffer.append(decimal: Int(length))
            buffer.append("\r\n")
        case .chunked:
            buffer.append("Transfer-Encoding: chunked\r\n")
        }
        buffer.append("\r\n")
    }

    /// Queues request body bytes.
    /// - Returns: false once unsent bytes exceed the high-water mark (wait for
    ///   `clientConnectionBecameWritable`), or when the exchange is over.
    @discardableResult
    public func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isBusy, !requestDone, phase != .closed, pendingFailure == nil, !sendRefused else { return false }
        var data = bytes
        if !requestChunked {
            // Never send more than declared: the excess would be read as another request.
            data = UnsafeRawBufferPointer(rebasing: data[0..<Int(min(Int64(data.count), requestRemaining))])
            requestRemaining -= Int64(data.count)
        }
        guard !data.isEmpty else { return output.count <= configuration.outputHighWaterMark }
        if requestChunked {
            output.withBuffer {
                $0.append(hex: data.count)
                $0.append("\r\n")
            }
        }
        if phase == .open {
            guard let sent = output.write(data, fd: fd) else {
                refuseSending()
                return false
            }
            noteSent(sent)
        } else {
            output.append(data)
        }
        if requestChunked { output.append("\r\n") }
        if phase == .open && output.count >= OutputQueue.flushThreshold { flush() }
        updateInterest()
        let belowMark = output.count <= configuration.outputHighWaterMark
        if !belowMark { waitingForWritable = true }
        return belowMark
    }

    /// Queues request body bytes from an array; see `writeBody(_:)`.
    @discardableResult
    public func writeBody(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeBody($0) }
    }

    /// Ends the request body (`trailers` only with chunked framing).
    public func finishRequest(trailers: HTTPHeaders = HTTPHeaders()) {
        guard isBusy, !requestDone, phase != .closed, !sendRefused else { return }
        requestDone = true
        if requestChunked {
            output.withBuffer { buffer in
                buffer.append("0\r\n")
                for field in trailers { buffer.appendField(name: field.name, value: field.value) }
                buffer.append("\r\n")
            }
        } else if requestRemaining > 0 {
            // Fewer bytes than declared: the server would wait forever.
            scheduleFailure(.cancelled)
            return
        }
        if phase == .open { flush() }
        updateInterest()
    }

    /// Stops reading the response (backpressure); bytes already read are still delivered.
    public func pauseReading() {
        paused = true
        updateInterest()
    }

    /// Undoes `pauseReading()`.
    public func resumeReading() {
        paused = false
        lastActivity = MonotonicClock.nanoseconds
        updateInterest()
    }

    /// Closes the connection; an exchange in progress fails with `.cancelled`
    /// (reported after the current call returns).
    public func close() {
        guard phase != .closed else { return }
        if isBusy {
            scheduleFailure(.cancelled)
        } else {
            closeSocket()
        }
    }

    // MARK: Events

    /// Readiness from the event loop; not for callers.
    public func handleEvents(_ events: UInt32) {
        guard phase != .closed else { return }
        if phase == .connecting {
            guard events & (UB_EPOLLOUT | UB_EPOLLERR | UB_EPOLLHUP) != 0 else { return }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                fail(.connectFailed)
                return
            }
            phase = .open
            lastActivity = MonotonicClock.nanoseconds
            if isBusy {
                armTimer(after: configuration.responseTimeout)
            } else {
                cancelTimer()
            }
        }
        if events & UB_EPOLLOUT != 0 {
            flush()
            guard phase != .closed else { return }
            if waitingForWritable && output.count <= configuration.outputLowWaterMark {
                waitingForWritable = false
                delegate?.clientConnectionBecameWritable(self)
            }
        }
        if phase != .closed && events & (UB_EPOLLIN | UB_EPOLLERR | UB_EPOLLHUP) != 0 {
            readable(hangup: events & (UB_EPOLLERR | UB_EPOLLHUP) != 0)
        }
        updateInterest()
    }

    private func readable(hangup: Bool) {
        guard !paused else {
            if hangup { fail(.connectionReset) }
            return
        }
        let scratch = eventLoop.scratchBuffer
        let kept = min(stash.count, scratch.count - 1)
        if kept > 0 {
            scratch.baseAddress!.copyMemory(from: stash.readable.baseAddress!, byteCount: kept)
        }
        let received = recv(fd, scratch.baseAddress! + kept, scratch.count - kept, 0)
        if received > 0 {
            stash.consume(kept)
            bytesReceived += received
            lastActivity = MonotonicClock.nanoseconds
            process(UnsafeRawBufferPointer(start: scratch.baseAddress, count: kept + received))
        } else if received == 0 {
            peerClosed()
        } else if errno != EAGAIN && errno != EINTR {
            fail(.connectionReset)
        }
    }

    private func peerClosed() {
        if isBusy && responseState == .untilClose {
            responseKeepAlive = false
            finishResponse(trailers: HTTPHeaders())
            closeSocket()
        } else if isBusy {
            fail(.connectionClosed)
        } else {
            closeSocket()
        }
    }

    private func process(_ bytes: UnsafeRawBufferPointer) {
        processing += 1
        let used = consume(bytes)
        processing -= 1
        if phase != .closed && used < bytes.count {
            stash.append(UnsafeRawBufferPointer(rebasing: bytes[used...]))
        }
        if let failure = pendingFailure { fail(failure) }
    }

    private func consume(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while phase != .closed && offset < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            guard isBusy else {
                // Bytes nobody asked for: the connection is out of step.
                fail(.malformedResponse)
                return bytes.count
            }
            switch responseState {
            case .head:
                switch HTTPHeadParser.parseResponse(rest, limits: configuration.limits) {
                case .incomplete:
                    return offset
                case .failed:
                    fail(.malformedResponse)
                    return bytes.count
                case .complete(let parsed, let used):
                    offset += used
                    headBytesReceived += used
                    beginResponse(parsed)
                }
            case .body:
                let taken = Int(min(Int64(rest.count), responseRemaining))
                responseRemaining -= Int64(taken)
                offset += taken
                delegate?.clientConnection(self, didReceiveBody: UnsafeRawBufferPointer(rebasing: rest[0..<taken]))
                if responseRemaining == 0 { finishResponse(trailers: HTTPHeaders()) }
            case .chunked:
                let step: ChunkedDecoder.Step
                do {
                    step = try decoder.next(rest)
                } catch {
                    fail(.malformedResponse)
                    return bytes.count
                }
                switch step {
                case .data(let range):
                    offset += range.upperBound
                    delegate?.clientConnection(self, didReceiveBody: UnsafeRawBufferPointer(rebasing: rest[range]))
                case .needMore(let used):
                    return offset + used
                case .end(let trailers, let used):
                    offset += used
                    finishResponse(trailers: trailers)
                }
            case .untilClose:
                offset = bytes.count
                delegate?.clientConnection(self, didReceiveBody: rest)
            }
        }
        return offset
    }

    private func beginResponse(_ parsed: ParsedResponse) {
        if parsed.status >= 100 && parsed.status < 200 {
            // 101 would switch protocols, which this client never asks for.
            guard parsed.status != 101 else {
                fail(.malformedResponse)
                return
            }
            delegate?.clientConnection(self, didReceiveInformational: parsed.status)
            return
        }
        let scan = parsed.scan
        responseKeepAlive = parsed.versionMinor >= 1 ? !scan.connectionClose : scan.connectionKeepAlive && !scan.connectionClose
        let head = HTTPClientResponseHead(status: parsed.status, versionMinor: parsed.versionMinor, headers: parsed.headers)
        var bodyless = isHeadRequest || HTTPStatus.hasNoBody(parsed.status)
        if !bodyless {
            if scan.transferEncodingSeen {
                guard scan.contentLength == nil else {
                    fail(.malformedResponse)
                    return
                }
                if scan.chunkedIsFinal && scan.otherCodings == 0 {
                    responseState = .chunked
                    decoder = ChunkedDecoder(maxTrailerBytes: configuration.limits.maxHeadBytes)
                } else {
                    responseState = .untilClose
                    responseKeepAlive = false
                }
            } else if let length = scan.contentLength {
                responseState = .body
                responseRemaining = length
                bodyless = length == 0
            } else {
                responseState = .untilClose
                responseKeepAlive = false
            }
        }
        delegate?.clientConnection(self, didReceiveHead: head)
        if bodyless && phase != .closed && isBusy { finishResponse(trailers: HTTPHeaders()) }
    }

    private func finishResponse(trailers: HTTPHeaders) {
        let delegate = self.delegate
        // A response that ended before its request was fully sent leaves the
        // connection out of step: it cannot be reused.
        let reusable = responseKeepAlive && requestDone && pendingFailure == nil && !sendRefused
        isBusy = false
        self.delegate = nil
        responseState = .head
        waitingForWritable = false
        cancelTimer()
        if !reusable { closeSocket() }
        delegate?.clientConnection(self, didFinishWithTrailers: trailers)
        if reusable && !isBusy && phase != .closed {
            onReusable?(self)
        }
    }

    // MARK: Output, failure, timers

    private func flush() {
        guard phase == .open, !sendRefused else { return }
        var sent = 0
        let outcome = output.flush(fd: fd, sent: &sent)
        noteSent(sent)
        if case .failed = outcome { refuseSending() }
    }

    /// Stops sending after the peer refused a write, and reads what it answered:
    /// the answer ends the exchange, or the reset does (`connectionReset`).
    private func refuseSending() {
        guard !sendRefused else { return }
        sendRefused = true
        output.release()
        waitingForWritable = false
        updateInterest()
        // The error state keeps the socket readable in epoll, but the caller may
        // be waiting for writability, so look once without waiting for the loop.
        eventLoop.executeSoon { [self] in
            if phase == .open && isBusy { readable(hangup: false) }
        }
    }

    private func noteSent(_ count: Int) {
        guard count > 0 else { return }
        bytesSent += count
        lastActivity = MonotonicClock.nanoseconds
    }

    private func updateInterest() {
        guard phase != .closed else { return }
        var wanted: UInt32
        if phase == .connecting {
            wanted = UB_EPOLLOUT
        } else {
            wanted = paused ? 0 : UB_EPOLLIN
            if !output.isEmpty { wanted |= UB_EPOLLOUT }
        }
        if wanted != interest {
            interest = wanted
            eventLoop.modify(fd: fd, token: token, events: wanted)
        }
    }

    // Failures found inside a caller's own call are reported after it
    // returns, so a delegate never hears of one from inside its own call.
    private func scheduleFailure(_ error: HTTPClientError) {
        if pendingFailure == nil { pendingFailure = error }
        guard processing == 0, !failureScheduled else { return }
        failureScheduled = true
        eventLoop.executeSoon { [self] in
            failureScheduled = false
            if let failure = pendingFailure { fail(failure) }
        }
    }

    private func fail(_ error: HTTPClientError) {
        let delegate = isBusy ? self.delegate : nil
        isBusy = false
        self.delegate = nil
        closeSocket()
        delegate?.clientConnection(self, didFail: error)
    }

    private func closeSocket() {
        guard phase != .closed else { return }
        phase = .closed
        cancelTimer()
        eventLoop.deregister(fd: fd, token: token)
        Glibc.close(fd)
        stash.release()
        output.release()
        pendingFailure = nil
        let onClose = self.onClose
        self.onClose = nil
        onReusable = nil
        onClose?(self)
    }

    /// One timer per connection, re-armed for the remainder when there was
    /// activity since it was set, instead of one timer per read or write.
    private func armTimer(after limit: Duration) {
        armTimer(in: limit.nanoseconds, limit: limit.nanoseconds)
    }

    private func armTimer(in delay: UInt64, limit: UInt64) {
        cancelTimer()
        timer = eventLoop.scheduleTimer(after: .nanoseconds(Int64(delay))) { [weak self] in
            self?.timerFired(limit: limit)
        }
    }

    private func timerFired(limit: UInt64) {
        timer = nil
        guard phase != .closed, isBusy || phase == .connecting else { return }
        let idle = MonotonicClock.nanoseconds &- lastActivity
        if idle >= limit {
            fail(phase == .connecting ? .connectFailed : .timedOut)
        } else {
            armTimer(in: limit - idle, limit: limit)
        }
    }

    private func cancelTimer() {
        if let timer { eventLoop.cancelTimer(timer) }
        timer = nil
    }
}

@available(*, unavailable)
extension HTTPClientConnection: Sendable {}
