// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// One HTTP exchange with S3 on the calling event loop: the request head is
/// sent when it starts, the body is written with backpressure, the response
/// arrives through `UpstreamExchangeDelegate`.
protocol UpstreamExchange: AnyObject {
    /// Queues body bytes; false once the output buffer is above its high-water mark.
    func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool
    /// The body is complete.
    func finishBody()
    /// Closes the connection at once. Before the body completed, S3 stores nothing.
    func abort()
    /// Bytes queued for the socket and not yet sent.
    var bufferedBytes: Int { get }
}

/// Receives one exchange's response, on the event loop that started it.
protocol UpstreamExchangeDelegate: AnyObject {
    /// The output buffer drained after `writeBody` returned false.
    func upstreamWritable()
    func upstreamResponseHead(status: Int, headers: HTTPHeaders)
    func upstreamResponseBody(_ bytes: UnsafeRawBufferPointer)
    /// The response is complete; `headBytes` counts its head (and any interim heads) on the wire.
    func upstreamResponseEnd(headBytes: Int)
    /// The connection failed, timed out or closed before the response completed.
    /// `retryable`: a reused keep-alive connection failed before any answer
    /// (S3 had closed it while idle), so the request may be sent again.
    func upstreamFailed(_ error: APIError, retryable: Bool)
}

/// Opens exchanges with S3 on one event loop (reusing idle connections).
protocol UpstreamConnector: AnyObject {
    /// Starts a request; `contentLength` is the body length on the wire.
    /// - Returns: the exchange, and the size of the request head as sent.
    func start(
        _ head: HTTPRequestHead,
        contentLength: Int64,
        delegate: UpstreamExchangeDelegate
    ) -> (exchange: UpstreamExchange, headBytes: Int)
}
