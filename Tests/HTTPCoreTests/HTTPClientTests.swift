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

    @Test("the completion form of send finishes while every cooperative thread is blocked waiting for it")
    func completionWithoutCooperativeThreads() async throws {
        let server = HTTPServer(configuration: .init(threadNamePrefix: "ct"), responder: EchoResponder())
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .zero) }
        // More blocked callers than cooperative threads: a form that needed one to
        // deliver its answer would never finish (the bound only ends a failing run).
        let callers = ProcessInfo.processInfo.activeProcessorCount + 2
        let answered = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<callers {
                group.addTask {
                    let done = DispatchSemaphore(value: 0)
                    let ok = Atomic<Bool>(false)
                    HTTPClient.send(url: "http://127.0.0.1:\(port)/\(index)") { result in
                        ok.store((try? result.get().status) == 200, ordering: .relaxed)
                        done.signal()
                    }
                    return done.wait(timeout: .now() + 120) == .success && ok.load(ordering: .relaxed)
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(answered == callers)
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
        // Reuse is the point here, not idle expiry: on a loaded machine the awaits
        // between exchanges can outlast the default idle timeouts (30 s in the pool,
        // 60 s in the server), which rightly closes the kept-alive connection and opens
        // a second one. Idle expiry has its own tests below.
        let recorder = Recorder()
        let server = HTTPServer(
            configuration: .init(threadNamePrefix: "ct", keepAliveIdleTimeout: .seconds(3600)),
            responder: EchoResponder(recorder: recorder)
        )
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .zero) }
        let harness = try PoolHarness(port: port, idleTimeout: .seconds(3600))
        defer { harness.loop.shutdown() }
        let exchange = harness.exchange

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

        #expect(await harness.counts() == [1, 2])
        #expect(server.statistics().connectionsAccepted == 1)
    }

    @Test("a pooled connection idle past the pool's idleTimeout is closed; the next exchange opens a new one")
    func poolIdleExpiry() async throws {
        let server = HTTPServer(configuration: .init(threadNamePrefix: "ct"), responder: EchoResponder())
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .zero) }
        let harness = try PoolHarness(port: port, idleTimeout: .milliseconds(100))
        defer { harness.loop.shutdown() }

        try await harness.get("/a")
        #expect(await harness.waitUntilNoIdle())
        try await harness.get("/b")
        #expect(await harness.counts() == [2, 0])
        #expect(server.statistics().connectionsAccepted == 2)
    }

    @Test("a pooled connection the server closed for idleness leaves the pool; the next exchange opens a new one")
    func poolServerIdleClose() async throws {
        let server = HTTPServer(
            configuration: .init(threadNamePrefix: "ct", keepAliveIdleTimeout: .milliseconds(100)),
            responder: EchoResponder()
        )
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .zero) }
        let harness = try PoolHarness(port: port, idleTimeout: .seconds(3600))
        defer { harness.loop.shutdown() }

        try await harness.get("/a")
        #expect(await harness.waitUntilNoIdle())
        try await harness.get("/b")
        #expect(await harness.counts() == [2, 0])
        #expect(server.statistics().connectionsAccepted == 2)
    }
}

/// One event loop and one `HTTPClientPool` on it, for pool tests driven from async code.
struct PoolHarness {
    typealias Outcome = Result<(HTTPClientResponseHead, [UInt8], HTTPHeaders, [Int]), HTTPClientError>

    let loop: EventLoop
    let port: Int
    let pool = LoopBox<HTTPClientPool>()

    init(port: Int, idleTimeout: Duration) throws {
        loop = try EventLoop(name: "pool-test")
        self.port = port
        let pool = self.pool
        loop.execute { [loop] in pool.value = HTTPClientPool(eventLoop: loop, idleTimeout: idleTimeout) }
    }

    /// Takes a connection from the pool on the loop and lets `start` run one exchange on it.
    func exchange(_ start: @escaping @Sendable (HTTPClientConnection, CollectingDelegate) -> Void) async throws -> Outcome {
        let (loop, pool, port) = (self.loop, self.pool, self.port)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outcome, any Error>) in
            loop.execute {
                do {
                    let connection = try pool.value!.connection(host: "127.0.0.1", port: port)
                    let delegate = CollectingDelegate { continuation.resume(returning: $0) }
                    start(connection, delegate)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// One GET that must succeed.
    func get(_ target: String) async throws {
        let outcome = try await exchange { connection, delegate in
            connection.execute(HTTPRequestHead(method: "GET", target: target, headers: [:]), body: .none, delegate: delegate)
        }
        #expect(try outcome.get().0.status == 200)
    }

    /// `[opened, reused]` of the pool.
    func counts() async -> [Int] {
        await onLoop { [$0.opened, $0.reused] }
    }

    /// Waits (up to a minute, for loaded machines) until the pool holds no idle connection.
    /// - Returns: whether it emptied.
    func waitUntilNoIdle() async -> Bool {
        for _ in 0..<6000 {
            if await onLoop({ $0.idleCount }) == 0 { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    private func onLoop<T: Sendable>(_ read: @escaping @Sendable (HTTPClientPool) -> T) async -> T {
        let (loop, pool) = (self.loop, self.pool)
        return await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: read(pool.value!)) }
        }
    }
}
