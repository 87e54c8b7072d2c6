// SPDX-License-Identifier: Apache-2.0

/// A response head as an upstream server sent it.
public struct HTTPClientResponseHead: Sendable {
    /// The final status (never 1xx here).
    public var status: Int
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var versionMinor: Int
    /// Fields in the order received.
    public var headers: HTTPHeaders

    /// A head assembled by hand (for fakes in tests).
    public init(status: Int, versionMinor: Int = 1, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.versionMinor = versionMinor
        self.headers = headers
    }
}

/// Why an upstream exchange failed.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case connectFailed = "connect_failed"
        case connectionClosed = "connection_closed"
        case connectionReset = "connection_reset"
        case malformedResponse = "malformed_response"
        case timedOut = "timed_out"
        case cancelled
        case busy
        case invalidURL = "invalid_url"
    }

    private let code: Code

    /// The TCP connection could not be established.
    public static let connectFailed = HTTPClientError(code: .connectFailed)
    /// The server closed before the response was complete.
    public static let connectionClosed = HTTPClientError(code: .connectionClosed)
    /// The socket failed (reset, broken pipe).
    public static let connectionReset = HTTPClientError(code: .connectionReset)
    /// The response could not be parsed, or its framing was invalid.
    public static let malformedResponse = HTTPClientError(code: .malformedResponse)
    /// Nothing arrived for the configured response timeout.
    public static let timedOut = HTTPClientError(code: .timedOut)
    /// `close()` was called while the exchange was in progress.
    public static let cancelled = HTTPClientError(code: .cancelled)
    /// A request was started while another was still in progress.
    public static let busy = HTTPClientError(code: .busy)
    /// The URL was not `http://host[:port]/path` with a numeric host or `localhost`.
    public static let invalidURL = HTTPClientError(code: .invalidURL)

    /// A short label, safe in CSV files and metric names.
    public var description: String { code.rawValue }
}

/// Receives one exchange's response from an `HTTPClientConnection`. Every
/// call arrives on the connection's event loop; after `didFinish` or
/// `didFail` nothing more arrives.
public protocol HTTPClientDelegate: AnyObject {
    /// An interim response (for example `100 Continue`: the request body may follow now).
    func clientConnection(_ connection: HTTPClientConnection, didReceiveInformational status: Int)

    func clientConnection(_ connection: HTTPClientConnection, didReceiveHead head: HTTPClientResponseHead)

    /// Response body bytes, de-chunked. `bytes` is valid only during the call.
    func clientConnection(_ connection: HTTPClientConnection, didReceiveBody bytes: UnsafeRawBufferPointer)

    /// The response is complete. The connection may already serve another request.
    func clientConnection(_ connection: HTTPClientConnection, didFinishWithTrailers trailers: HTTPHeaders)

    /// The exchange failed; the connection is closed.
    func clientConnection(_ connection: HTTPClientConnection, didFail error: HTTPClientError)

    /// Unsent request bytes dropped to the low-water mark after `writeBody` returned false.
    func clientConnectionBecameWritable(_ connection: HTTPClientConnection)
}

extension HTTPClientDelegate {
    /// Ignores interim responses by default.
    public func clientConnection(_ connection: HTTPClientConnection, didReceiveInformational status: Int) {}
    /// Does nothing by default (for delegates that never see `writeBody` return false).
    public func clientConnectionBecameWritable(_ connection: HTTPClientConnection) {}
}
