// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A whole response, for callers that do not stream.
public struct HTTPClientResponse: Sendable {
    /// Final status (interim 1xx responses are skipped).
    public var status: Int
    /// Response fields as received.
    public var headers: HTTPHeaders
    /// The de-chunked body.
    public var body: [UInt8]
    /// Trailer fields of a chunked response.
    public var trailers: HTTPHeaders

    /// A response assembled by hand (for fakes in tests).
    public init(status: Int, headers: HTTPHeaders, body: [UInt8], trailers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.headers = headers
        self.body = body
        self.trailers = trailers
    }
}

/// One-shot requests for tests and tools: each call opens a connection on a
/// shared client loop (thread `http-client`), sends the whole body, collects
/// the whole response, and closes.
public enum HTTPClient {
    private static let sharedLoop = Mutex<EventLoop?>(nil)

    /// The loop one-shot requests run on, started on first use.
    public static func loop() throws -> EventLoop {
        try sharedLoop.withLock { loop in
            if let loop { return loop }
            let created = try EventLoop(name: "http-client")
            loop = created
            return created
        }
    }

    /// Sends one request and returns the complete response.
    /// - Parameters:
    ///   - url: `http://host[:port]/path?query`; the host is numeric or `localhost`.
    ///   - headers: sent as given; `Host` and `Content-Length` are added when missing.
    ///   - body: sent with `Content-Length` (also for an empty body on PUT and POST).
    /// - Throws: `HTTPClientError` (or `SystemError` when no socket can be made).
    public static func send(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        configuration: HTTPClientConnection.Configuration = .init()
    ) async throws -> HTTPClientResponse {
        try await withCheckedThrowingContinuation { continuation in
            send(method: method, url: url, headers: headers, body: body, configuration: configuration) {
                continuation.resume(with: $0)
            }
        }
    }

    /// Sends one request and calls `completion` once, on the client loop's
    /// thread, with the complete response or the error. Needs no Swift
    /// concurrency thread, so synchronous callers may block on it even when
    /// every cooperative thread is busy.
    /// - Parameters: as for the async form.
    public static func send(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        configuration: HTTPClientConnection.Configuration = .init(),
        completion: @escaping @Sendable (Result<HTTPClientResponse, any Error>) -> Void
    ) {
        guard let (host, port, target) = parse(url) else {
            completion(.failure(HTTPClientError.invalidURL))
            return
        }
        let loop: EventLoop
        do {
            loop = try self.loop()
        } catch {
            completion(.failure(error))
            return
        }
        let head = HTTPRequestHead(method: method, target: target, headers: headers)
        loop.execute {
            do {
                let connection = try HTTPClientConnection(
                    eventLoop: loop, host: host, port: port, configuration: configuration
                )
                let collector = ResponseCollector(completion)
                let framing: HTTPBodyFraming = body.isEmpty ? .none : .contentLength(Int64(body.count))
                connection.execute(head, body: framing, delegate: collector)
                if !body.isEmpty {
                    collector.pending = body
                    collector.sendPending(on: connection)
                }
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// Splits `http://host[:port]/target`.
    static func parse(_ url: String) -> (host: String, port: Int, target: String)? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<slash]
        var target = String(rest[slash...])
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        var host = String(authority)
        var port = 80
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let parsed = Int(authority[authority.index(after: colon)...]), parsed > 0, parsed < 65536 else {
                return nil
            }
            port = parsed
            host = String(authority[..<colon])
        }
        guard !host.isEmpty else { return nil }
        return (host, port, target)
    }
}

/// Collects one response for `HTTPClient.send`, and feeds the request body
/// as the connection accepts it. Loop-bound.
private final class ResponseCollector: HTTPClientDelegate {
    private let completion: @Sendable (Result<HTTPClientResponse, any Error>) -> Void
    private var response = HTTPClientResponse(status: 0, headers: HTTPHeaders(), body: [])
    var pending: [UInt8] = []
    private var offset = 0

    init(_ completion: @escaping @Sendable (Result<HTTPClientResponse, any Error>) -> Void) {
        self.completion = completion
    }

    func sendPending(on connection: HTTPClientConnection) {
        while offset < pending.count {
            let end = min(offset + 256 * 1024, pending.count)
            let accepted = pending[offset..<end].withUnsafeBytes { connection.writeBody($0) }
            offset = end
            if !accepted { return }
        }
        if offset == pending.count && !pending.isEmpty {
            pending = []
            connection.finishRequest()
        }
    }

    func clientConnectionBecameWritable(_ connection: HTTPClientConnection) {
        sendPending(on: connection)
    }

    func clientConnection(_ connection: HTTPClientConnection, didReceiveHead head: HTTPClientResponseHead) {
        response.status = head.status
        response.headers = head.headers
    }

    func clientConnection(_ connection: HTTPClientConnection, didReceiveBody bytes: UnsafeRawBufferPointer) {
        response.body.append(contentsOf: bytes)
    }

    func clientConnection(_ connection: HTTPClientConnection, didFinishWithTrailers trailers: HTTPHeaders) {
        response.trailers = trailers
        connection.close()
        completion(.success(response))
    }

    func clientConnection(_ connection: HTTPClientConnection, didFail error: HTTPClientError) {
        completion(.failure(error))
    }
}
