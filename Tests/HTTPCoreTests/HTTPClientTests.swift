// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import HTTPCore
import Synchronization
import Testing

/// Collects one exchange on a client connection and reports it through a continuation.
final class CollectingDelegate: HTTPClientDelegate {
    var informational: [Int] = []
    var head: HTTPClientResponseHead?
    var body: [UInt8] = []
    let done: (Result<(HTTPClientResponseHead, [UInt8], HTTPHeaders, [Int]), HTTPClientError>) -> Void

    init(done: @escaping (Result<(HTTPClientResponseHead, [UInt8], HTTPHeaders, [Int]), HTTPClientError>) -> Void) {
        self.done = done
    }

    func clientConnection(_ connection: HTTPClientConnection, didReceiveInformational status: Int) {
        informational.append(status)
    }

    func clientConnection(_ connection: HTTPClientConnection, didReceiveHead head: HTTPClientResponseHead) {
        self.head = head
    }

    func clientConnection(_ connection: HTTPClientConnection, didReceiveBody bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }

    func clientConnection(_ connection: HTTPClientConnection, didFinishWithTrailers trailers: HTTPHeaders) {
        done(.success((head!, body, trailers, informational)))
    }

    func clientConnection(_ connection: HTTPClientConnection, didFail error: HTTPClientError) {
        done(.failure(error))
    }
}

@Suite("HTTP client against the server")
struct HTTPClientTests {
    @Test("one-shot GET and PUT with a 3 MB body")
    func oneShot() async throws {
        let server = HTTPServer(configuration: .init(threadNamePrefix: "ct"), responder: EchoResponder())
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .zero) }

        let get = try await HTTPClient.send(url: "http://127.0.0.1:\(port)/g?q=1")
        #expect(get.status == 200)
        #expect(get.headers["x-target"] == "/g?q=1")

        let payload = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let put = try await HTTPClient.send(method: "PUT", url: "http://localhost:\(port)/p", body: payload)
        #expect(put.status == 200)
        #expect(put.body == payload)
    }

    @Test("a refused connection fails with connectFailed")
    func refused() async throws {
        let server = HTTPServer(configuration: .init(), responder: EchoResponder())
        let port = try server.start()
        server.shutdown(gracePeriod: .zero)
        await #expect(throws: HTTPClientError.connectFailed) {
            _ = try await HTTPClient.send(url: "http://127.0.0.1:\(port)/")
        }
    }

    @Test("invalid URLs are refused")
    func invalidURL() async throws {
        await #expect(throws: HTTPClientError.invalidURL) {
            _ = try await HTTPClient.send(url: "https://example.com/")
        }
        #expect(HTTPClient.parse("http://[::1]:81/x")?.port == 81)
        #expect(HTTPClient.parse("http://h?x")?.target == "/?x")
    }

    @Test("a pool reuses a kept-alive connection; chunked upload with trailers; 100-continue")
    func poolAndStreaming() async throws {
        let recorder = Recorder()
        let server = HTTPServer(configuration: .init(threadNamePrefix: "ct"), responder: EchoResponder(recorder: recorder))
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .zero) }
        let loop = try EventLoop(name: "pool-test")
        defer { loop.shutdown() }
        let pool = LoopBox<HTTPClientPool>()
        typealias Outcome = Result<(HTTPClientResponseHead, [UInt8], HTTPHeaders, [Int]), HTTPClientError>

        func exchange(_ start: @escaping @Sendable (HTTPClientConnection, CollectingDelegate) -> Void) async throws -> Outcome {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outcome, any Error>) in
                loop.execute {
                    do {
                        if pool.value == nil { pool.value = HTTPClientPool(eventLoop: loop) }
                        let connection = try pool.value!.connection(host: "127.0.0.1", port: port)
                        let delegate = CollectingDelegate { continuation.resume(returning: $0) }
                        start(connection, delegate)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }

        let first = try await exchange { connection, delegate in
            connection.execute(HTTPRequestHead(method: "GET", target: "/one", headers: [:]), body: .none, delegate: delegate)
        }
        #expect(try first.get().0.headers["x-target"] == "/one")

        let chunked = try await exchange { connection, delegate in
            connection.execute(HTTPRequestHead(method: "PUT", target: "/two", headers: [:]), body: .chunked, delegate: delegate)
            connection.writeBody(bytes("hello "))
            connection.writeBody(bytes("world"))
            connection.finishRequest(trailers: ["x-amz-checksum-crc32": "AAAAAA=="])
        }
        let (head, body, _, _) = try chunked.get()
        #expect(head.headers["x-trailers"] == "1")
        #expect(String(decoding: body, as: UTF8.self) == "hello world")

        final class ContinueDelegate: HTTPClientDelegate {
            let inner: CollectingDelegate
            init(_ inner: CollectingDelegate) { self.inner = inner }
            func clientConnection(_ connection: HTTPClientConnection, didReceiveInformational status: Int) {
                inner.clientConnection(connection, didReceiveInformational: status)
                connection.writeBody(bytes("late"))
                connection.finishRequest()
            }
            func clientConnection(_ connection: HTTPClientConnection, didReceiveHead head: HTTPClientResponseHead) {
                inner.clientConnection(connection, didReceiveHead: head)
            }
            func clientConnection(_ connection: HTTPClientConnection, didReceiveBody bytes: UnsafeRawBufferPointer) {
                inner.clientConnection(connection, didReceiveBody: bytes)
            }
            func clientConnection(_ connection: HTTPClientConnection, didFinishWithTrailers trailers: HTTPHeaders) {
                inner.clientConnection(connection, didFinishWithTrailers: trailers)
            }
            func clientConnection(_ connection: HTTPClientConnection, didFail error: HTTPClientError) {
                inner.clientConnection(connection, didFail: error)
            }
        }
        let continued = try await exchange { connection, delegate in
            let wrapper = ContinueDelegate(delegate)
            connection.execute(
                HTTPRequestHead(method: "PUT", target: "/three", headers: ["Expect": "100-continue"]),
                body: .contentLength(4), delegate: wrapper
            )
        }
        let (_, late, _, informational) = try continued.get()
        #expect(informational == [100])
        #expect(String(decoding: late, as: UTF8.self) == "late")

        let counts = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Int], any Error>) in
            loop.execute {
                continuation.resume(returning: [pool.value!.opened, pool.value!.reused])
            }
        }
        #expect(counts == [1, 2])
        #expect(server.statistics().connectionsAccepted == 1)
    }
}
