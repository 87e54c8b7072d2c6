// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
@testable import HTTPCore
import TestSupport
import Testing

/// A server that refuses an upload early: it reads the request head, answers,
/// and resets the connection while the body is still on its way (S3's 503
/// SlowDown to a PUT, closing with unread body bytes).
private final class RefusingPeer: @unchecked Sendable {
    let port: Int
    let headRead = DispatchSemaphore(value: 0)
    let go = DispatchSemaphore(value: 0)
    let reset = DispatchSemaphore(value: 0)
    private let listener: Int32

    init(answer: String) throws {
        (listener, port) = try LoopbackSockets.listen(backlog: 1)
        Thread.detachNewThread { [self] in serve(answer) }
    }

    deinit { close(listener) }

    private func serve(_ answer: String) {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.suffix(4).elementsEqual("\r\n\r\n".utf8), recv(connection, &byte, 1, 0) == 1 {
            head.append(byte)
        }
        headRead.signal()
        go.wait()
        _ = answer.utf8CString.withUnsafeBytes { send(connection, $0.baseAddress, $0.count - 1, 0) }
        // Linger 0: close with a reset, as a server that drops unread body bytes does.
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(connection)
        reset.signal()
    }
}

@Suite("HTTP client: an answer that comes before the request body is sent")
struct EarlyAnswerTests {
    @Test("a write refused by a reset is followed by reading the answer the server sent before it")
    func answerBeforeReset() async throws {
        let body = "<Error><Code>SlowDown</Code></Error>"
        let peer = try RefusingPeer(answer: "HTTP/1.1 503 Service Unavailable\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)")
        let loop = try EventLoop(name: "early-answer")
        defer { loop.shutdown() }
        let connection = LoopBox<HTTPClientConnection>()
        let outcome: PoolHarness.Outcome = try await withCheckedThrowingContinuation { continuation in
            loop.execute {
                let delegate = CollectingDelegate { continuation.resume(returning: $0) }
                do {
                    connection.value = try HTTPClientConnection(eventLoop: loop, host: "127.0.0.1", port: peer.port)
                    connection.value!.execute(
                        HTTPRequestHead(method: "PUT", target: "/bucket/key", headers: [:]),
                        body: .contentLength(8 << 20), delegate: delegate
                    )
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            Thread.detachNewThread {
                peer.headRead.wait()
                // Hold the loop while the answer and the reset arrive, then write: the
                // write fails before the loop has looked at the socket again.
                loop.execute {
                    peer.go.signal()
                    peer.reset.wait()
                    Thread.sleep(forTimeInterval: 0.1)
                    let chunk = [UInt8](repeating: 7, count: 1 << 20)
                    connection.value!.writeBody(chunk)
                }
            }
        }
        let (head, received, _, _) = try outcome.get()
        #expect(head.status == 503)
        #expect(String(decoding: received, as: UTF8.self) == body)
    }
}
