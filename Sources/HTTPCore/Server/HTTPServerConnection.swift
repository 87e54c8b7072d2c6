// SPDX-License-Identifier: Apache-2.0

internal import CSystem
import Glibc

/// One accepted connection: parses request heads, delivers bodies, writes
/// responses in order, enforces timeouts. Loop-bound.
///
/// Reads go into the loop's shared scratch buffer; only bytes that cannot be
/// used yet (a partial head, a partial chunk-size line, a pipelined request
/// waiting for the previous response) are copied into `stash`. Body bytes are
/// always handed to the handler straight from the scratch buffer.
///
/// Handler calls never close the connection or read input synchronously:
/// they change state and schedule `settle()`, which runs at the end of the
/// current input pass or after the current batch of events. That keeps the
/// scratch buffer and the handler free of reentrant calls.
final class HTTPServerConnection: EventLoopSelectable {
    enum Input {
        /// Waiting for (or reading) the next head.
        case head
        /// Delivering the body to the handler.
        case body
        /// Reading and dropping the rest of a body the handler no longer wants.
        case discard
        /// The request is fully read; waiting for its response to finish.
        case complete
        /// No more input will be used; the connection closes after the response.
        case stopped
        /// Output is shut down; reading and dropping until the peer closes.
        case lingering
    }

    enum Response {
        case none
        case pending(HTTPResponseHead)
        case streaming
        case finished
    }

    /// An emptied stash keeps storage up to this size (partial heads are common
    /// with small packets); larger ones are freed so idle connections stay small.
    private static let keptStashCapacity = 16 * 1024

    let fd: Int32
    unowned let owner: ServerLoop
    var token: UInt64 = 0
    /// Index in the owner's connection list.
    var slot = 0
    private let peer: sockaddr_storage
    private var peerDescription: String?

    private(set) var request: ServerRequestContext?
    private var handler: (any HTTPRequestHandler)?
    private(set) var input = Input.head
    private var response = Response.none
    private var stash = ByteBuffer()
    private var output = OutputQueue()
    private var headScanned = 0
    private var stashBlocked = false

    private var bodyRemaining: Int64 = 0
    private var chunked = false
    private var decoder = ChunkedDecoder()
    private var keepAlive = true
    private var isHeadRequest = false
    private var requestMinor = 1
    private var paused = false
    private var expectsContinue = false
    private var continueSent = false
    private var drainBudget = 0
    private var closeAfter = false
    /// Inside `handler(for:)`: a response started now means the body is refused.
    private var choosingHandler = false

    private var responseChunked = false
    /// Declared response length still to write; -1 when none was declared.
    private var responseRemaining: Int64 = -1
    private var responseBodyless = false
    private var waitingForWritable = false

    private(set) var closed = false
    private var processing = 0
    private var settleScheduled = false
    private var pendingAbort: HTTPRequestError?
    private var interest: UInt32 = 0
    private var reportedBuffered = 0

    private var headStartedAt: UInt64 = 0
    private var idleSince: UInt64
    private var fresh = true
    private var lastBodyAt: UInt64 = 0
    private var lingerUntil: UInt64 = 0
    private var lingerBudget = 0

    init(fd: Int32, peer: sockaddr_storage, owner: ServerLoop, now: UInt64) {
        self.fd = fd
        self.peer = peer
        self.owner = owner
        self.idleSince = now
    }

    var eventLoop: EventLoop { owner.eventLoop }

    var remoteAddress: String {
        if let peerDescription { return peerDescription }
        let description = Socket.describe(peer)
        peerDescription = description
        return description
    }

    private var configuration: HTTPServerConfiguration { owner.configuration }

    // MARK: Events

    func handleEvents(_ events: UInt32) {
        guard !closed else { return }
        if events & UB_EPOLLOUT != 0 {
            writable()
        }
        if !closed && events & (UB_EPOLLIN | UB_EPOLLERR | UB_EPOLLHUP) != 0 {
            readable(hangup: events & (UB_EPOLLERR | UB_EPOLLHUP) != 0)
        }
    }

    private var wantsInput: Bool {
        switch input {
        case .head: return request == nil && !stashBlocked
        case .body, .discard: return !paused
        case .lingering: return true
        case .complete, .stopped: return false
        }
    }

    private func readable(hangup: Bool) {
        guard wantsInput else {
            // Level-triggered epoll reports errors and hang-ups even without
            // EPOLLIN; without reading they would be reported forever.
            if hangup { abort(.connectionReset) }
            return
        }
        let scratch = owner.eventLoop.scratchBuffer
        let kept = stash.count
        if kept > 0 {
            scratch.baseAddress!.copyMemory(from: stash.readable.baseAddress!, byteCount: kept)
        }
        guard kept < scratch.count else {
            stash.consume(kept)
            process(UnsafeRawBufferPointer(start: scratch.baseAddress, count: kept))
            return
        }
        let received = recv(fd, scratch.baseAddress! + kept, scratch.count - kept, 0)
        if received > 0 {
            stash.consume(kept)
            stash.releaseIfLarger(than: Self.keptStashCapacity)
            LoopCounters.bump(owner.counters.bytesIn, by: received)
            let now = MonotonicClock.nanoseconds
            fresh = false
            if input == .body || input == .discard { lastBodyAt = now }
            if input == .head && headStartedAt == 0 { headStartedAt = now }
            if input == .lingering {
                lingerBudget -= received
                if lingerBudget < 0 { closeSocket() }
                return
            }
            process(UnsafeRawBufferPointer(start: scratch.baseAddress, count: kept + received))
        } else if received == 0 {
            peerClosed()
        } else if errno != EAGAIN && errno != EINTR {
            abort(.connectionReset)
        }
    }

    private func writable() {
        flush()
        guard !closed else { return }
        if waitingForWritable && output.count <= configuration.outputLowWaterMark {
            waitingForWritable = false
            if case .streaming = response, let handler, let request {
                handler.writabilityChanged(context: request)
            }
        }
        if stashBlocked && output.count <= configuration.outputHighWaterMark {
            stashBlocked = false
            if input == .head && request == nil && processing == 0 {
                processStash()
                return
            }
        }
        settle()
    }

    private func peerClosed() {
        switch input {
        case .body:
            // The body ended early. The peer may only have shut down its sending side and
            // still read, so it is answered 400 as S3 answers IncompleteBody, then closed.
            failRequest(.connectionClosed, status: 400)
            settle()
        case .discard, .complete:
            if case .finished = response {
                closeAfter = true
                input = .stopped
                settle()
            } else {
                abort(.connectionClosed)
            }
        case .head, .stopped, .lingering:
            closeSocket()
        }
    }

    // MARK: Input

    private func processStash() {
        let scratch = owner.eventLoop.scratchBuffer
        let count = min(stash.count, scratch.count)
        scratch.baseAddress!.copyMemory(from: stash.readable.baseAddress!, byteCount: count)
        stash.consume(count)
        stash.releaseIfLarger(than: Self.keptStashCapacity)
        process(UnsafeRawBufferPointer(start: scratch.baseAddress, count: count))
    }

    private func process(_ bytes: UnsafeRawBufferPointer) {
        processing += 1
        let used = consume(bytes)
        processing -= 1
        if !closed && used < bytes.count && input != .stopped && input != .lingering {
            stash.append(UnsafeRawBufferPointer(rebasing: bytes[used...]))
        }
        settle()
    }

    /// Uses as much of `bytes` as the current state allows.
    /// - Returns: how many bytes were used (the rest is kept for later).
    private func consume(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while !closed {
            switch input {
            case .head:
                guard offset < bytes.count else { return offset }
                // Pipelined requests wait while earlier responses are stuck in the output buffer.
                guard output.count <= configuration.outputHighWaterMark else {
                    stashBlocked = true
                    return offset
                }
                if headStartedAt == 0 { headStartedAt = MonotonicClock.nanoseconds }
                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                switch HTTPHeadParser.parseRequest(rest, limits: configuration.limits, scanned: &headScanned) {
                case .incomplete:
                    return offset
                case .failed(let error):
                    reject(status: error.status)
                    return bytes.count
                case .complete(let parsed, let used):
                    offset += used
                    headScanned = 0
                    LoopCounters.bump(owner.counters.headBytesIn, by: used)
                    begin(parsed)
                }
            case .body, .discard:
                guard offset < bytes.count else { return offset }
                if chunked {
                    let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                    let step: ChunkedDecoder.Step
                    do {
                        step = try decoder.next(rest)
                    } catch {
                        malformedBody()
                        return bytes.count
                    }
                    switch step {
                    case .data(let range):
                        let slice = UnsafeRawBufferPointer(rebasing: rest[range])
                        offset += range.upperBound
                        deliver(slice)
                    case .needMore(let used):
                        return offset + used
                    case .end(let trailers, let used):
                        offset += used
                        endBody(trailers: trailers)
                    }
                } else {
                    let taken = Int(min(Int64(bytes.count - offset), bodyRemaining))
                    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + taken)])
                    offset += taken
                    bodyRemaining -= Int64(taken)
                    deliver(slice)
                    if bodyRemaining == 0 { endBody(trailers: HTTPHeaders()) }
                }
            case .complete:
                guard case .finished = response, canKeepAlive else { return offset }
                resetForNextRequest()
            case .stopped, .lingering:
                return bytes.count
            }
        }
        return bytes.count
    }

    private var canKeepAlive: Bool {
        !closeAfter && keepAlive && !owner.draining
    }

    private func begin(_ parsed: ParsedRequest) {
        LoopCounters.bump(owner.counters.requests)
        let context = ServerRequestContext(
            head: parsed.head, framing: parsed.framing, receivedAt: headStartedAt, connection: self
        )
        request = context
        response = .none
        keepAlive = parsed.keepAlive
        isHeadRequest = parsed.head.method == "HEAD"
        requestMinor = parsed.head.versionMinor
        expectsContinue = parsed.expectsContinue
        continueSent = false
        headStartedAt = 0
        lastBodyAt = MonotonicClock.nanoseconds
        switch parsed.framing {
        case .none:
            chunked = false
            bodyRemaining = 0
        case .contentLength(let length):
            chunked = false
            bodyRemaining = length
        case .chunked:
            chunked = true
            decoder = ChunkedDecoder(
                maxTrailerBytes: configuration.limits.maxHeadBytes,
                maxTrailerCount: configuration.limits.maxHeaderCount
            )
        }

        // The input state is set first: a handler answering from handler(for:)
        // finishes its response against it (and learns whether the connection closes).
        input = parsed.framing == .none ? .complete : .body
        choosingHandler = true
        let handler = owner.responder.handler(for: parsed.head, context: context)
        choosingHandler = false
        guard !closed, request === context else { return }
        self.handler = handler
        guard case .none = response else {
            // Answered from handler(for:): no 100 Continue, and the body is not passed on.
            if input == .body { stopDelivering() }
            return
        }
        if input == .complete {
            handler.receiveEnd(trailers: HTTPHeaders(), context: context)
        } else if expectsContinue && !paused {
            sendContinue()
        }
    }

    private func deliver(_ slice: UnsafeRawBufferPointer) {
        guard slice.count > 0 else { return }
        if input == .discard {
            drainBudget -= slice.count
            if drainBudget < 0 {
                closeAfter = true
                input = .stopped
            }
            return
        }
        if let handler, let request {
            handler.receiveBody(slice, context: request)
        }
    }

    private func endBody(trailers: HTTPHeaders) {
        switch input {
        case .body:
            input = .complete
            if let handler, let request {
                handler.receiveEnd(trailers: trailers, context: request)
            }
        case .discard:
            input = .complete
        default:
            break
        }
    }

    /// The handler no longer wants the body: drop what is small enough to
    /// drop, otherwise close once the response is out.
    private func stopDelivering() {
        input = .discard
        // The handler's pause was about bytes it no longer receives.
        paused = false
        drainBudget = configuration.maxDrainBytes
        let tooLong = !chunked && bodyRemaining > Int64(drainBudget)
        // A client waiting for 100 Continue may never send the body.
        if tooLong || (expectsContinue && !continueSent) {
            closeAfter = true
            input = .stopped
        }
    }

    private func sendContinue() {
        guard !continueSent else { return }
        continueSent = true
        let before = output.count
        output.append("HTTP/1.1 100 Continue\r\n\r\n")
        LoopCounters.bump(owner.counters.headBytesOut, by: output.count - before)
        scheduleSettle()
    }

    private func resetForNextRequest() {
        request = nil
        handler = nil
        response = .none
        input = .head
        paused = false
        chunked = false
        responseChunked = false
        responseRemaining = -1
        waitingForWritable = false
        headScanned = 0
        headStartedAt = 0
        idleSince = MonotonicClock.nanoseconds
    }

    // MARK: Handler calls (through ServerRequestContext)

    func pauseReading() {
        paused = true
        updateInterest()
    }

    func resumeReading() {
        guard paused else { return }
        paused = false
        lastBodyAt = MonotonicClock.nanoseconds
        if expectsContinue && input == .body, case .none = response { sendContinue() }
        updateInterest()
        scheduleSettle()
    }

    func closeAfterResponse() {
        closeAfter = true
    }

    func writeResponseHead(_ head: HTTPResponseHead) {
        guard !closed, case .none = response else { return }
        response = .pending(head)
        owner.counters.recordStatus(head.status)
        // A final response before 100 Continue means the client will not send
        // the body (RFC 9110, section 10.1.1); one from handler(for:) refuses it.
        if input == .body && (choosingHandler || (expectsContinue && !continueSent)) { stopDelivering() }
    }

    func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !closed else { return false }
        switch response {
        case .none, .finished:
            return false
        case .pending(let head):
            serializeHead(head, finishing: false)
        case .streaming:
            break
        }
        if !responseBodyless && bytes.count > 0 {
            appendBody(bytes)
        }
        let belowMark = output.count <= configuration.outputHighWaterMark
        if !belowMark { waitingForWritable = true }
        return belowMark
    }

    func finishResponse() {
        guard !closed else { return }
        switch response {
        case .finished:
            return
        case .none:
            // A handler that finishes without a head gets a 500 rather than a hung client.
            writeResponseHead(HTTPResponseHead(status: 500))
        default:
            break
        }
        if input == .body { stopDelivering() }
        if case .pending(let head) = response { serializeHead(head, finishing: true) }
        if responseChunked { output.append("0\r\n\r\n") }
        if responseRemaining > 0 { closeAfter = true }
        response = .finished
        scheduleSettle()
    }

    // MARK: Settling, closing

    private func scheduleSettle() {
        guard processing == 0, !settleScheduled, !closed else { return }
        settleScheduled = true
        owner.eventLoop.executeSoon { [self] in
            settleScheduled = false
            settle()
        }
    }

    /// Moves the connection on after input or handler calls: flushes output,
    /// starts the next pipelined request, or closes.
    private func settle() {
        guard !closed else { return }
        if let reason = pendingAbort {
            abort(reason)
            return
        }
        if !output.isEmpty { flush() }
        guard !closed else { return }
        if case .finished = response {
            switch input {
            case .complete where canKeepAlive:
                if processing == 0 {
                    resetForNextRequest()
                    if !stash.isEmpty {
                        processStash()
                        return
                    }
                }
            case .complete, .stopped:
                closeAfter = true
                input = .stopped
                if output.isEmpty { startLingering() }
            default:
                break
            }
        }
        updateInterest()
        noteBuffered()
    }

    private func startLingering() {
        guard !closed else { return }
        // Closing with unread input makes the kernel send a reset, which can
        // destroy the response before the client reads it; so stop writing,
        // read and drop for a while, and close when the peer does.
        shutdown(fd, Int32(SHUT_WR))
        request = nil
        handler = nil
        input = .lingering
        stash.release()
        output.release()
        lingerUntil = MonotonicClock.nanoseconds + 2_000_000_000
        lingerBudget = 4 * 1024 * 1024
        updateInterest()
        noteBuffered()
    }

    /// Closes at once; a handler whose response was not finished gets `reason`.
    func abort(_ reason: HTTPRequestError) {
        guard !closed else { return }
        var active = true
        if case .finished = response { active = false }
        let handler = self.handler
        let request = self.request
        closeSocket()
        if active, let handler, let request {
            handler.receiveError(reason, context: request)
        }
    }

    /// Closes with a TCP reset (SO_LINGER 0) instead of a FIN; the handler gets
    /// `.connectionReset` once its current call returns (never from inside it).
    func reset() {
        guard !closed else { return }
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        input = .stopped
        pendingAbort = .connectionReset
        scheduleSettle()
    }

    func closeSocket() {
        guard !closed else { return }
        closed = true
        owner.eventLoop.deregister(fd: fd, token: token)
        Glibc.close(fd)
        stash.release()
        output.release()
        noteBuffered()
        request = nil
        handler = nil
        owner.connectionClosed(self)
    }

    /// Answers a head the server refuses itself, then closes.
    private func reject(status: Int) {
        owner.counters.recordStatus(status)
        appendErrorResponse(status: status)
        closeAfter = true
        input = .stopped
        response = .finished
    }

    private func appendErrorResponse(status: Int, body: HTTPFailureBody? = nil) {
        let before = output.count
        output.withBuffer { buffer in
            buffer.appendStatusLine(status)
            if let body {
                buffer.appendField(name: "Content-Type", value: body.contentType)
                buffer.append("Content-Length: ")
                buffer.append(decimal: body.bytes.count)
                buffer.append("\r\n")
            } else {
                buffer.append("Content-Length: 0\r\n")
            }
            buffer.append("Connection: close\r\n\r\n")
        }
        LoopCounters.bump(owner.counters.headBytesOut, by: output.count - before)
        if let body, !body.bytes.isEmpty {
            body.bytes.withUnsafeBytes { output.append($0) }
        }
    }

    private func malformedBody() {
        failRequest(.malformedBody, status: 400)
    }

    /// Ends the current request for a reason found while reading its body:
    /// answers `status` if no response was started, tells the handler, closes.
    private func failRequest(_ error: HTTPRequestError, status: Int) {
        let handler = self.handler
        let request = self.request
        let previous = response
        // From here on the handler's writes are ignored.
        self.request = nil
        self.handler = nil
        closeAfter = true
        input = .stopped
        response = .finished
        switch previous {
        case .none, .pending:
            owner.counters.recordStatus(status)
            appendErrorResponse(status: status, body: handler?.failureBody(for: error, status: status))
        case .streaming:
            // A response was half written: the client can only learn of the failure from the close.
            pendingAbort = error
        case .finished:
            return
        }
        if let handler, let request {
            handler.receiveError(error, context: request)
        }
    }

    // MARK: Timeouts

    /// Called by the loop's sweep with the current time.
    func checkTimeouts(now: UInt64, limits: ServerLoop.Timeouts) {
        switch input {
        case .head where request == nil:
            if headStartedAt != 0 {
                if now &- headStartedAt >= limits.header {
                    LoopCounters.bump(owner.counters.timeouts)
                    reject(status: 408)
                    settle()
                    return
                }
            } else if stash.isEmpty && now &- idleSince >= (fresh ? limits.header : limits.keepAlive) {
                closeSocket()
                return
            }
        case .body, .discard:
            if !paused && now &- lastBodyAt >= limits.bodyIdle {
                LoopCounters.bump(owner.counters.timeouts)
                failRequest(.timedOut, status: 408)
                settle()
                return
            }
        case .lingering:
            if now >= lingerUntil {
                closeSocket()
                return
            }
        default:
            break
        }
        if output.blockedSince != 0 && now &- output.blockedSince >= limits.send {
            LoopCounters.bump(owner.counters.timeouts)
            abort(.timedOut)
        }
    }

    /// Graceful shutdown: an idle connection closes now; a busy one closes after its response.
    func beginDrain() {
        if input == .head && request == nil {
            closeSocket()
        } else {
            closeAfter = true
        }
    }

    // MARK: Interest and accounting

    func updateInterest() {
        guard !closed else { return }
        var wanted: UInt32 = wantsInput ? UB_EPOLLIN : 0
        // A handler told to wait (writeBody returned false) must hear back even when
        // a flush already emptied the buffer: keep watching for writability until
        // `writable()` has told it, or a streamed response stalls forever.
        if !output.isEmpty || waitingForWritable { wanted |= UB_EPOLLOUT }
        if wanted != interest {
            interest = wanted
            owner.eventLoop.modify(fd: fd, token: token, events: wanted)
        }
    }

    func registered(token: UInt64) {
        self.token = token
        interest = UB_EPOLLIN
    }

    private func noteBuffered() {
        let held = stash.count + output.count
        if held != reportedBuffered {
            configuration.bufferedBytes.add(held - reportedBuffered)
            reportedBuffered = held
        }
    }
}

// MARK: Output

extension HTTPServerConnection {
    /// Writes the status line and fields, adding the framing, `Connection`,
    /// `Date` and `Server` fields the handler left out.
    private func serializeHead(_ head: HTTPResponseHead, finishing: Bool) {
        let before = output.count
        output.withBuffer { appendHead(head, finishing: finishing, to: &$0) }
        LoopCounters.bump(owner.counters.headBytesOut, by: output.count - before)
        response = .streaming
    }

    private func appendHead(_ head: HTTPResponseHead, finishing: Bool, to output: inout ByteBuffer) {
        output.appendStatusLine(head.status)
        var hasLength = false
        var hasChunked = false
        var hasDate = false
        responseRemaining = -1
        for field in head.headers {
            var name = field.name
            let kind = name.withUTF8 { ResponseField(UnsafeRawBufferPointer($0)) }
            switch kind {
            case .contentLength:
                guard let length = Int64(field.value), length >= 0, !hasLength else { continue }
                hasLength = true
                responseRemaining = length
            case .transferEncoding:
                // The server does the chunking; a handler only says it wants it.
                hasChunked = true
                continue
            case .connection:
                if field.value.lowercased().contains("close") { closeAfter = true }
                continue
            case .date:
                hasDate = true
            case .other:
                break
            }
            output.appendField(name: field.name, value: field.value)
        }
        responseBodyless = isHeadRequest || HTTPStatus.hasNoBody(head.status)
        responseChunked = false
        if isHeadRequest || HTTPStatus.hasNoBody(head.status) {
            responseRemaining = -1
        } else if hasChunked || !hasLength {
            responseRemaining = -1
            if finishing && !hasChunked {
                output.append("Content-Length: 0\r\n")
            } else if requestMinor >= 1 {
                output.append("Transfer-Encoding: chunked\r\n")
                responseChunked = true
            } else {
                // HTTP/1.0 has no chunking: the close delimits the body.
                closeAfter = true
            }
        }
        if configuration.sendsDate && !hasDate {
            owner.date.refresh()
            output.append("Date: ")
            owner.date.bytes.withUnsafeBytes { output.append($0) }
            output.append("\r\n")
        }
        if let server = configuration.serverName {
            output.appendField(name: "Server", value: server)
        }
        // A response that starts while a large body is still arriving most
        // likely ends before it (an early error): say now that the connection closes.
        let bodyTooLargeToDrain = chunked || bodyRemaining > Int64(configuration.maxDrainBytes)
        if input == .body && bodyTooLargeToDrain { closeAfter = true }
        if input == .stopped || !canKeepAlive {
            closeAfter = true
            output.append("Connection: close\r\n")
        } else if requestMinor == 0 {
            output.append("Connection: keep-alive\r\n")
        }
        output.append("\r\n")
    }

    private func appendBody(_ bytes: UnsafeRawBufferPointer) {
        var data = bytes
        if responseRemaining >= 0 {
            if Int64(data.count) > responseRemaining {
                // More than declared: the extra bytes would be read as the next response.
                data = UnsafeRawBufferPointer(rebasing: data[0..<Int(responseRemaining)])
                closeAfter = true
            }
            responseRemaining -= Int64(data.count)
            if data.isEmpty { return }
        }
        if responseChunked {
            output.withBuffer {
                $0.append(hex: data.count)
                $0.append("\r\n")
            }
        }
        guard pendingAbort == nil, let sent = output.write(data, fd: fd) else {
            failWrite()
            return
        }
        LoopCounters.bump(owner.counters.bytesOut, by: sent)
        if responseChunked { output.append("\r\n") }
        if output.count >= OutputQueue.flushThreshold { flush() }
        updateInterest()
        noteBuffered()
    }

    /// Sends queued output until the socket refuses more.
    private func flush() {
        guard !closed, pendingAbort == nil else { return }
        var sent = 0
        let outcome = output.flush(fd: fd, sent: &sent)
        LoopCounters.bump(owner.counters.bytesOut, by: sent)
        if case .failed = outcome {
            failWrite()
            return
        }
        updateInterest()
        noteBuffered()
    }

    /// The peer is gone; handlers hear about it from `settle()`, never from inside their own call.
    private func failWrite() {
        pendingAbort = .connectionReset
        input = .stopped
        output.release()
        scheduleSettle()
    }
}

/// Response fields the server looks at, classified without allocating.
private enum ResponseField {
    case contentLength, transferEncoding, connection, date, other

    init(_ name: UnsafeRawBufferPointer) {
        switch name.count {
        case 4 where HTTPBytes.equalsLowercase(name, "date"): self = .date
        case 10 where HTTPBytes.equalsLowercase(name, "connection"): self = .connection
        case 14 where HTTPBytes.equalsLowercase(name, "content-length"): self = .contentLength
        case 17 where HTTPBytes.equalsLowercase(name, "transfer-encoding"): self = .transferEncoding
        default: self = .other
        }
    }
}

@available(*, unavailable)
extension HTTPServerConnection: Sendable {}
