// SPDX-License-Identifier: Apache-2.0

/// The context one request's handler talks to. Every call is forwarded to the
/// connection only while this request is the connection's current one, so a
/// handler that keeps its context past the end of its response cannot touch
/// the next request.
final class ServerRequestContext: HTTPRequestContext {
    let head: HTTPRequestHead
    let framing: HTTPBodyFraming
    let receivedAtNanoseconds: UInt64
    private let connection: HTTPServerConnection

    init(head: HTTPRequestHead, framing: HTTPBodyFraming, receivedAt: UInt64, connection: HTTPServerConnection) {
        self.head = head
        self.framing = framing
        self.receivedAtNanoseconds = receivedAt
        self.connection = connection
    }

    var eventLoop: EventLoop { connection.eventLoop }
    var remoteAddress: String { connection.remoteAddress }

    private var isCurrent: Bool { connection.request === self }

    func pauseReading() {
        if isCurrent { connection.pauseReading() }
    }

    func resumeReading() {
        if isCurrent { connection.resumeReading() }
    }

    func writeResponseHead(_ head: HTTPResponseHead) {
        if isCurrent { connection.writeResponseHead(head) }
    }

    @discardableResult
    func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        isCurrent ? connection.writeBody(bytes) : false
    }

    func finishResponse() {
        if isCurrent { connection.finishResponse() }
    }

    func closeAfterResponse() {
        if isCurrent { connection.closeAfterResponse() }
    }

    func resetConnection() {
        if isCurrent { connection.reset() }
    }
}

@available(*, unavailable)
extension ServerRequestContext: Sendable {}
