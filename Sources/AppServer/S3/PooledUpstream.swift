// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// Starts S3 exchanges on keep-alive connections from one event loop's
/// `HTTPClientPool`, the loop the client connection lives on, so a full
/// upstream queue pauses the client directly.
final class PooledUpstreamConnector: UpstreamConnector {
    private let pool: HTTPClientPool
    private let endpoint: S3Endpoint

    /// - Parameter idleTimeout: an exchange that sends and receives nothing for this long fails.
    init(loop: EventLoop, endpoint: S3Endpoint, idleTimeout: Duration) {
        self.endpoint = endpoint
        let configuration = HTTPClientConnection.Configuration(responseTimeout: idleTimeout)
        pool = HTTPClientPool(eventLoop: loop, configuration: configuration)
    }

    func start(
        _ head: HTTPRequestHead,
        contentLength: Int64,
        delegate: UpstreamExchangeDelegate
    ) -> (exchange: UpstreamExchange, headBytes: Int) {
        let exchange = PooledExchange(delegate: delegate)
        let hasBody = head.method == "PUT" || head.method == "POST" || contentLength > 0
        let framing: HTTPBodyFraming = hasBody ? .contentLength(contentLength) : .none
        let headBytes = Self.headSize(head, framing: framing)
        do {
            let connection = try pool.connection(host: endpoint.host, port: endpoint.port)
            exchange.attach(connection, headBytes: headBytes)
            connection.execute(head, body: framing, delegate: exchange)
        } catch {
            exchange.failSoon(on: pool.eventLoop)
        }
        return (exchange, headBytes)
    }

    /// The request head's size as `HTTPClientConnection` writes it (it sets
    /// the framing field itself).
    static func headSize(_ head: HTTPRequestHead, framing: HTTPBodyFraming) -> Int {
        var size = head.method.utf8.count + 1 + head.target.utf8.count + 11 + 2
        for field in head.headers {
            let name = field.name.lowercased()
            if name == "content-length" || name == "transfer-encoding" { continue }
            size += field.name.utf8.count + 2 + field.value.utf8.count + 2
        }
        if case .contentLength(let length) = framing {
            size += "Content-Length: \(length)\r\n".utf8.count
        }
        return size
    }
}

/// One S3 request on a pooled connection, translated for `S3Call`. Loop-bound.
///
/// Bytes queued and response head sizes come from the connection's own
/// counters: what was handed to it minus what it sent, and what it received
/// minus the body bytes delivered.
final class PooledExchange: UpstreamExchange, HTTPClientDelegate {
    private var delegate: UpstreamExchangeDelegate?
    private var connection: HTTPClientConnection?
    private var sentBefore = 0
    private var receivedBefore = 0
    private var handedOver = 0
    private var bodyReceived = 0
    /// The connection served an earlier exchange, and whether S3 answered anything on this one.
    private var reused = false
    private var answered = false

    init(delegate: UpstreamExchangeDelegate) {
        self.delegate = delegate
    }

    fileprivate func attach(_ connection: HTTPClientConnection, headBytes: Int) {
        self.connection = connection
        reused = connection.exchanges > 0
        sentBefore = connection.bytesSent
        receivedBefore = connection.bytesReceived
        handedOver = headBytes
    }

    var bufferedBytes: Int {
        guard let connection else { return 0 }
        return max(0, handedOver - (connection.bytesSent - sentBefore))
    }

    func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let connection else { return false }
        handedOver += bytes.count
        return connection.writeBody(bytes)
    }

    func finishBody() {
        connection?.finishRequest()
    }

    /// Closes the connection mid-request, so S3 stores nothing; the delegate hears no more.
    func abort() {
        delegate = nil
        let connection = self.connection
        self.connection = nil
        connection?.close()
    }

    fileprivate func failSoon(on loop: EventLoop) {
        let exchange = LoopBound(self)
        loop.execute { exchange.value.report(.upstreamUnavailable("no connection could be opened")) }
    }

    private func report(_ error: APIError, retryable: Bool = false) {
        let delegate = self.delegate
        self.delegate = nil
        connection = nil
        delegate?.upstreamFailed(error, retryable: retryable)
    }

    // MARK: - HTTPClientDelegate

    func clientConnection(_ connection: HTTPClientConnection, didReceiveInformational status: Int) {
        answered = true
    }

    func clientConnection(_ connection: HTTPClientConnection, didReceiveHead head: HTTPClientResponseHead) {
        answered = true
        delegate?.upstreamResponseHead(status: head.status, headers: head.headers)
    }

    func clientConnection(_ connection: HTTPClientConnection, didReceiveBody bytes: UnsafeRawBufferPointer) {
        bodyReceived += bytes.count
        delegate?.upstreamResponseBody(bytes)
    }

    func clientConnection(_ connection: HTTPClientConnection, didFinishWithTrailers trailers: HTTPHeaders) {
        let delegate = self.delegate
        self.delegate = nil
        self.connection = nil
        let headBytes = connection.bytesReceived - receivedBefore - bodyReceived
        delegate?.upstreamResponseEnd(headBytes: max(0, headBytes))
    }

    func clientConnection(_ connection: HTTPClientConnection, didFail error: HTTPClientError) {
        let stale = reused && !answered && (error == .connectionClosed || error == .connectionReset)
        report(error == .timedOut ? .upstreamTimeout : .upstreamUnavailable(error.description), retryable: stale)
    }

    func clientConnectionBecameWritable(_ connection: HTTPClientConnection) {
        delegate?.upstreamWritable()
    }
}

@available(*, unavailable)
extension PooledExchange: Sendable {}

@available(*, unavailable)
extension PooledUpstreamConnector: Sendable {}
