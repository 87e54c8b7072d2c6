// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import HTTPCore
import Synchronization
import Testing

@Suite("HTTP server: bodies, 100-continue, chunked")
struct HTTPServerBodyTests {
    @Test("Expect: 100-continue accepted: 100 first, then the final response")
    func continueAccepted() throws {
        try withServer(EchoResponder()) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try #require(client.readResponse())
            #expect(interim.status == 100)
            client.send("hello")
            let final = try #require(client.readResponse())
            #expect(final.status == 200)
            #expect(final.text == "hello")
        }
    }

    /// Rejects every request from handler(for:), and records whether a body ever arrived.
    struct RejectingResponder: HTTPResponder {
        let recorder: Recorder

        func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
            context.respond(status: 403, body: bytes("denied"))
            let handler = TestHandler()
            let recorder = self.recorder
            handler.onBody = { bytes, _ in recorder.bodies.withLock { $0.append(Array(bytes)) } }
            handler.onEnd = { _, _ in recorder.bodies.withLock { $0.append([]) } }
            return handler
        }
    }

    @Test("Expect: 100-continue rejected in handler(for:): final status, no 100, body never delivered")
    func continueRejected() throws {
        let recorder = Recorder()
        try withServer(RejectingResponder(recorder: recorder)) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 403)
            #expect(response.text == "denied")
            #expect(response.headers["Connection"] == "close")
            client.send("hello")
            #expect(client.isClosedByPeer())
        }
        #expect(recorder.bodies.withLock { $0.isEmpty })
    }

    @Test("a small body rejected early without Expect is drained and the connection kept")
    func earlyAnswerDrainsSmallBody() throws {
        let recorder = Recorder()
        try withServer(RejectingResponder(recorder: recorder)) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(client.readResponse()?.status == 403)
            let second = try #require(client.readResponse())
            #expect(second.status == 403)
            #expect(second.headers["Connection"] == nil)
        }
        #expect(recorder.bodies.withLock { $0.isEmpty })
    }

    @Test("a large body rejected early closes the connection after the response")
    func earlyAnswerClosesOnLargeBody() throws {
        try withServer(RejectingResponder(recorder: Recorder())) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 10000000\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 403)
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByPeer())
        }
    }

    static let chunkedRequest = "PUT /ch HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\n1 ; ext\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"

    @Test("chunked bodies are de-chunked, extensions ignored, trailers delivered")
    func chunkedBody() throws {
        let recorder = Recorder()
        try withServer(EchoResponder(recorder: recorder)) { _, port in
            let client = try RawClient(port: port)
            client.send(Self.chunkedRequest)
            let response = try #require(client.readResponse())
            #expect(response.text == "hello 0123456789")
            #expect(response.headers["x-trailers"] == "2")
        }
        let trailers = try #require(recorder.trailers.withLock { $0.first })
        #expect(trailers["x-checksum"] == "abc")
    }

    @Test("a chunked request split at every byte still parses, followed by a pipelined request")
    func chunkedSplitAtEveryByte() throws {
        let recorder = Recorder()
        try withServer(EchoResponder(recorder: recorder)) { _, port in
            let client = try RawClient(port: port)
            let request = Array((Self.chunkedRequest + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n").utf8)
            var flag: Int32 = 1
            setsockopt(client.fd, Int32(IPPROTO_TCP), TCP_NODELAY, &flag, socklen_t(MemoryLayout<Int32>.size))
            for byte in request {
                client.send([byte])
                usleep(200)
            }
            #expect(client.readResponse()?.text == "hello 0123456789")
            #expect(client.readResponse()?.headers["x-target"] == "/next")
        }
        #expect(recorder.trailers.withLock { $0.first?.count } == 2)
    }

    @Test("a client disconnecting mid-body gives the handler receiveError")
    func disconnectMidBody() throws {
        let recorder = Recorder()
        try withServer(EchoResponder(recorder: recorder)) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /d HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\npartial")
            usleep(20_000)
            client.shutdownWrite()
            #expect(recorder.waitForError() == .connectionClosed)
        }
    }

    @Test("a body that stops arriving times out: receiveError(.timedOut), 408, close")
    func bodyIdleTimeout() throws {
        let recorder = Recorder()
        try withServer(EchoResponder(recorder: recorder), configure: { $0.bodyIdleTimeout = .milliseconds(200) }) { server, port in
            let client = try RawClient(port: port)
            client.send("PUT /d HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nsome")
            #expect(client.readResponse()?.status == 408)
            #expect(client.isClosedByPeer())
            #expect(server.statistics().timeouts == 1)
        }
        #expect(recorder.errors.withLock { $0 } == [.timedOut])
    }

    @Test("a slow head gets 408 and a close")
    func slowHead() throws {
        try withServer(EchoResponder(), configure: { $0.headerTimeout = .milliseconds(200) }) { _, port in
            let client = try RawClient(port: port)
            client.send("GET / HTTP/1.1\r\nHost: h\r\n")
            #expect(client.readResponse()?.status == 408)
            #expect(client.isClosedByPeer())
        }
    }

    @Test("idle kept-alive connections are closed after the keep-alive timeout")
    func keepAliveTimeout() throws {
        try withServer(EchoResponder(), configure: { $0.keepAliveIdleTimeout = .milliseconds(200) }) { _, port in
            let client = try RawClient(port: port)
            client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
            #expect(client.isClosedByPeer())
        }
    }

    /// Pauses in handler(for:) and answers 403 a little later, like an authorisation check that takes time.
    struct DelayedRejectResponder: HTTPResponder {
        func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
            context.pauseReading()
            context.eventLoop.scheduleTimer(after: .milliseconds(30)) {
                context.respond(status: 403, body: bytes("late no"))
            }
            return TestHandler()
        }
    }

    @Test("a paused request answered later: no 100 Continue, small body drained, connection kept")
    func pausedThenAnswered() throws {
        try withServer(DelayedRejectResponder()) { _, port in
            let client = try RawClient(port: port)
            client.send("PUT /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello")
            let first = try #require(client.readResponse())
            #expect(first.status == 403)
            #expect(first.headers["Connection"] == nil)
            client.send("PUT /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let second = try #require(client.readResponse())
            #expect(second.status == 403)
            #expect(second.headers["Connection"] == "close")
        }
    }

    /// Answers 400 on the first body bytes, like a handler that found a bad checksum early.
    struct MidBodyResponder: HTTPResponder {
        func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
            let handler = TestHandler()
            var answered = false
            handler.onBody = { _, context in
                if !answered { context.respond(status: 400, body: bytes("stop")) }
                answered = true
            }
            handler.onEnd = { _, context in
                if !answered { context.respond(status: 200) }
            }
            return handler
        }
    }

    @Test("a response finished mid-body: small rests are drained (kept alive), large ones close")
    func finishedMidBody() throws {
        try withServer(MidBodyResponder()) { _, port in
            let small = try RawClient(port: port)
            small.send("PUT /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n\r\nabc")
            let first = try #require(small.readResponse())
            #expect(first.status == 400)
            #expect(first.headers["Connection"] == nil)
            small.send(String(repeating: "x", count: 1997) + "GET /n HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(small.readResponse()?.status == 200)

            let large = try RawClient(port: port)
            large.send("PUT /l HTTP/1.1\r\nHost: h\r\nContent-Length: 100000000\r\n\r\nabc")
            let response = try #require(large.readResponse())
            #expect(response.status == 400)
            #expect(response.headers["Connection"] == "close")
            #expect(large.isClosedByPeer())
        }
    }
}
