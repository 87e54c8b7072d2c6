// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
@testable import HTTPCore
import Metrics
import Synchronization
import Testing

@Suite("HTTP server: backpressure, many connections, shutdown")
struct HTTPServerRobustnessTests {
    /// Pauses reading on the first body bytes and resumes when told to.
    final class PausingResponder: HTTPResponder, Sendable {
        let received = Atomic<Int>(0)
        let resume = Atomic<Bool>(false)

        func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
            let handler = TestHandler()
            handler.onBody = { [self] bytes, context in
                received.add(bytes.count, ordering: .relaxed)
                context.pauseReading()
                poll(context)
            }
            handler.onEnd = { _, context in
                context.respond(status: 200, body: bytes("done"))
            }
            return handler
        }

        private func poll(_ context: any HTTPRequestContext) {
            context.eventLoop.scheduleTimer(after: .milliseconds(10)) { [self] in
                if resume.load(ordering: .relaxed) { context.resumeReading() } else { poll(context) }
            }
        }
    }

    @Test("a handler that pauses reading stops the server reading: memory stays bounded")
    func pausedReading() throws {
        let responder = PausingResponder()
        let gauge = PeakGauge()
        try withServer(responder, configure: { $0.bufferedBytes = gauge }) { server, port in
            let client = try RawClient(port: port)
            let size = 48 * 1024 * 1024
            client.send("PUT /big HTTP/1.1\r\nHost: h\r\nContent-Length: \(size)\r\n\r\n")
            // The client can only push what the socket buffers hold, then sends would block.
            let chunk = [UInt8](repeating: 7, count: 1024 * 1024)
            var sent = 0
            var stalls = 0
            while sent < size && stalls < 20 {
                let count = chunk.withUnsafeBytes { Glibc.send(client.fd, $0.baseAddress, min($0.count, size - sent), Int32(MSG_DONTWAIT)) }
                if count > 0 {
                    sent += count
                } else {
                    stalls += 1
                    usleep(10_000)
                }
            }
            #expect(sent < size)
            let receivedWhilePaused = responder.received.load(ordering: .relaxed)
            #expect(receivedWhilePaused <= 2 * EventLoop.scratchSize)
            #expect(gauge.peakValue <= 64 * 1024)

            responder.resume.store(true, ordering: .relaxed)
            var tail = [UInt8](repeating: 7, count: size - sent)
            #expect(client.send(tail))
            tail = []
            let response = try #require(client.readResponse())
            #expect(response.text == "done")
            #expect(responder.received.load(ordering: .relaxed) == size)
            #expect(server.statistics().bodyBytesIn == size)
        }
    }

    /// Streams `total` bytes and counts writabilityChanged calls.
    final class StreamingResponder: HTTPResponder, Sendable {
        let total: Int
        let writableCalls = Atomic<Int>(0)

        init(total: Int) {
            self.total = total
        }

        func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
            let handler = TestHandler()
            var written = 0
            let piece = [UInt8](repeating: 65, count: 100_000)
            let total = self.total
            func pump(_ context: any HTTPRequestContext) {
                while written < total {
                    let count = min(piece.count, total - written)
                    written += count
                    if !piece[0..<count].withUnsafeBytes({ context.writeBody($0) }) { return }
                }
                context.finishResponse()
            }
            handler.onEnd = { _, context in
                context.writeResponseHead(HTTPResponseHead(status: 200, headers: ["Content-Length": String(total)]))
                pump(context)
            }
            handler.onWritable = { [self] context in
                writableCalls.add(1, ordering: .relaxed)
                pump(context)
            }
            return handler
        }
    }

    @Test("a slow reader drives writeBody to false and writabilityChanged brings it back")
    func responseBackpressure() throws {
        let total = 32 * 1024 * 1024
        let responder = StreamingResponder(total: total)
        let gauge = PeakGauge()
        try withServer(responder, configure: { $0.bufferedBytes = gauge }) { _, port in
            let client = try RawClient(port: port)
            client.send("GET /stream HTTP/1.1\r\nHost: h\r\n\r\n")
            usleep(100_000)
            let response = try #require(client.readResponse())
            #expect(response.body.count == total)
        }
        #expect(responder.writableCalls.load(ordering: .relaxed) > 0)
        // High-water mark plus one write of slack.
        #expect(gauge.peakValue <= 256 * 1024 + 100_000 + 1024)
    }

    @Test("1,000 idle connections do not stop a well-behaved client")
    func manyIdleConnections() throws {
        // The header timeout would close the first idle connections when opening
        // a thousand takes longer than it (seen: 73 closed on a loaded machine);
        // holding them is the point here, timeouts have their own tests.
        try withServer(EchoResponder(), configure: {
            $0.threadCount = 2
            $0.headerTimeout = .seconds(3600)
        }) { server, port in
            var idle: [RawClient] = []
            for index in 0..<1000 {
                let client = try RawClient(port: port)
                // Some say nothing, some leave a head unfinished.
                if index % 2 == 0 { client.send("GET /slow HTTP/1.1\r\nHost: h\r\n") }
                idle.append(client)
            }
            let good = try RawClient(port: port)
            for index in 0..<20 {
                good.send("PUT /ok HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n\(index % 10)!")
                #expect(good.readResponse()?.text == "\(index % 10)!")
            }
            #expect(server.statistics().openConnections == 1001)
            idle.removeAll()
        }
    }

    @Test("connections over maxConnections are closed at once")
    func connectionLimit() throws {
        try withServer(EchoResponder(), configure: { $0.maxConnections = 2 }) { server, port in
            let first = try RawClient(port: port)
            let second = try RawClient(port: port)
            first.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(first.readResponse()?.status == 200)
            second.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(second.readResponse()?.status == 200)
            let third = try RawClient(port: port)
            #expect(third.isClosedByPeer())
            #expect(server.statistics().connectionsRefused == 1)
        }
    }

    /// Answers after `delay`, recording errors.
    /// Answers "late" once `released` is set (never, unless a test sets it),
    /// so a request is provably in flight for as long as a test needs.
    final class GatedResponder: HTTPResponder {
        let recorder: Recorder
        let released = Atomic<Bool>(false)

        init(recorder: Recorder) {
            self.recorder = recorder
        }

        func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
            recorder.heads.withLock { $0.append("\(head.method) \(head.target)") }
            let handler = TestHandler()
            handler.onEnd = { [self] _, context in poll(context) }
            let recorder = self.recorder
            handler.onError = { error, _ in recorder.errors.withLock { $0.append(error) } }
            return handler
        }

        private func poll(_ context: any HTTPRequestContext) {
            context.eventLoop.scheduleTimer(after: .milliseconds(10)) { [self] in
                if released.load(ordering: .relaxed) {
                    context.respond(status: 200, body: bytes("late"))
                } else {
                    poll(context)
                }
            }
        }
    }

    @Test("graceful shutdown lets in-flight responses finish and closes idle connections")
    func gracefulShutdown() throws {
        let recorder = Recorder()
        let responder = GatedResponder(recorder: recorder)
        let server = HTTPServer(configuration: .init(), responder: responder)
        let port = try server.start()
        let idle = try RawClient(port: port)
        let busy = try RawClient(port: port)
        busy.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        // Fixed sleeps lose on a loaded machine: wait for the request to be in
        // flight, and answer it only once the drain has visibly begun.
        #expect(recorder.waitForHeads(1))
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            server.shutdown(gracePeriod: .seconds(60))
            stopped.signal()
        }
        #expect(idle.isClosedByPeer())
        responder.released.store(true, ordering: .relaxed)
        let response = try #require(busy.readResponse())
        #expect(response.text == "late")
        #expect(response.headers["Connection"] == "close")
        stopped.wait()
        #expect(recorder.errors.withLock { $0.isEmpty })
        #expect(throws: (any Error).self) { _ = try RawClient(port: port) }
    }

    @Test("requests still running after the grace period get receiveError(.serverShutdown)")
    func abandonedRequests() throws {
        let recorder = Recorder()
        let server = HTTPServer(configuration: .init(), responder: GatedResponder(recorder: recorder))
        let port = try server.start()
        let busy = try RawClient(port: port)
        busy.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(recorder.waitForHeads(1))
        server.shutdown(gracePeriod: .milliseconds(50))
        #expect(recorder.errors.withLock { $0 } == [.serverShutdown])
        #expect(busy.isClosedByPeer())
    }

    @Test("threads are named from the prefix and reported to onThreadStart and onThreadExit")
    func threadNames() throws {
        let started = Mutex<[Int32]>([])
        let exited = Mutex<[Int32]>([])
        let server = HTTPServer(
            configuration: .init(
                threadCount: 2, threadNamePrefix: "named",
                onThreadStart: { id in started.withLock { $0.append(id) } },
                onThreadExit: { id in exited.withLock { $0.append(id) } }
            ),
            responder: EchoResponder()
        )
        _ = try server.start()
        #expect(server.eventLoops.map(\.name) == ["named-0", "named-1"])
        let ids = started.withLock { $0 }
        #expect(ids.count == 2)
        let names = ids.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
        #expect(Set(names.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }) == ["named-0", "named-1"])
        server.shutdown(gracePeriod: .zero)
        #expect(Set(exited.withLock { $0 }) == Set(ids))
    }

    @Test("a fixed port that something already listens on is refused, not shared")
    func portInUse() throws {
        try withServer(EchoResponder()) { _, port in
            let second = HTTPServer(configuration: .init(port: port, threadCount: 2), responder: EchoResponder())
            #expect(throws: SystemError.self) { try second.start() }
        }
    }
}
