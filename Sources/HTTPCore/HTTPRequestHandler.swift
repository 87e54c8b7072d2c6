// SPDX-License-Identifier: Apache-2.0

/// Chooses a handler for each request. Implementations are shared by every
/// event loop of a server, so they must be `Sendable`.
public protocol HTTPResponder: Sendable {
    /// Called on the connection's event loop once a request head is complete
    /// and its framing is valid (malformed and ambiguous heads never get here:
    /// the server answers them itself).
    ///
    /// The handler may answer at once through `context` (for example a
    /// rejection after an authorisation check); the server then sends no
    /// `100 Continue` and does not pass the body on. Otherwise the server
    /// sends `100 Continue` when the client asked for it and reading is not
    /// paused, and streams the body to the handler.
    func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler
}

/// Receives one request's body and produces its response. Every call arrives
/// on the event loop of the request's connection, one at a time.
public protocol HTTPRequestHandler: AnyObject {
    /// Body bytes, already de-chunked. `bytes` is valid only during the call.
    func receiveBody(_ bytes: UnsafeRawBufferPointer, context: any HTTPRequestContext)

    /// The body is complete. `trailers` holds chunked trailer fields, if any.
    func receiveEnd(trailers: HTTPHeaders, context: any HTTPRequestContext)

    /// The request failed before its response was finished; nothing more will
    /// arrive and writes are ignored. Release upstream resources here.
    func receiveError(_ error: HTTPRequestError, context: any HTTPRequestContext)

    /// The response's output buffer drained below its low-water mark after a
    /// `writeBody` call returned false.
    func writabilityChanged(context: any HTTPRequestContext)

    /// The body of the answer the server sends itself when it ends the request
    /// for `error` before any response started (`status` is 408 for a stalled
    /// body, 400 for malformed chunked framing or a body the client ended early,
    /// `.connectionClosed`), so an application can answer
    /// in its own error format. Called just before `receiveError`. Nil (the
    /// default) sends an empty body.
    func failureBody(for error: HTTPRequestError, status: Int) -> HTTPFailureBody?
}

/// A body for an answer the server sends on a handler's behalf.
public struct HTTPFailureBody: Sendable, Hashable {
    public var contentType: String
    public var bytes: [UInt8]

    public init(contentType: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.bytes = bytes
    }
}

extension HTTPRequestHandler {
    public func writabilityChanged(context: any HTTPRequestContext) {}

    public func failureBody(for error: HTTPRequestError, status: Int) -> HTTPFailureBody? { nil }
}

/// One request's view of its connection. Loop-bound: use it only on
/// `eventLoop`, and not after the response finished or `receiveError`.
public protocol HTTPRequestContext: AnyObject {
    var head: HTTPRequestHead { get }
    var framing: HTTPBodyFraming { get }
    var eventLoop: EventLoop { get }
    /// Monotonic nanoseconds when the first byte of this request's head arrived.
    var receivedAtNanoseconds: UInt64 { get }
    /// The peer's address, as `host:port`.
    var remoteAddress: String { get }

    /// Stops reading the socket (backpressure); bytes already read are still delivered.
    func pauseReading()
    func resumeReading()

    /// Starts the response. Call once.
    func writeResponseHead(_ head: HTTPResponseHead)
    /// Queues body bytes; returns false once the output buffer is above its
    /// high-water mark (wait for `writabilityChanged`).
    @discardableResult
    func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool
    /// Ends the response. If the request body was not fully read, the
    /// connection closes after the response instead of being reused.
    func finishResponse()
    /// Closes the connection once the response is sent, even if it could be kept alive.
    func closeAfterResponse()
    /// Drops the connection at once with a TCP reset and no response (fault injection:
    /// a store that fails part-way through a body). The handler then gets `receiveError`.
    func resetConnection()
}

extension HTTPRequestContext {
    /// Writes a complete response with a `Content-Length` body.
    public func respond(status: Int, headers: consuming HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        // Consuming: a caller's last use hands over its fields, so adding one does not copy them all.
        headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        writeResponseHead(HTTPResponseHead(status: status, headers: headers))
        if !body.isEmpty {
            body.withUnsafeBytes { _ = writeBody($0) }
        }
        finishResponse()
    }

    @discardableResult
    public func writeBody(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeBody($0) }
    }
}
